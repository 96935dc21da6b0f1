"""The security log (``portal.models.SecurityEvent``): sign-ins and failures, lockouts, sign-outs,
permission denials, downloads and erasures, for the secretariat (Django admin, "Security log").

What a line holds: the kind, the account id (never a name or an address: a failed sign-in keeps no
typed address, since it may be a password typed in the wrong field), the path without its query
string, the client IP, a few named details (the permission refused, the account id erased), a UTC time.
Never a password, token, session key, message body or query string. Staff decisions are the audit
trail's (portal.audit); lines older than SECURITY_LOG_RETENTION_DAYS go with the daily privacy task
(portal.privacy.prune).
"""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .models import SecurityEvent
from .net import client_ip

logger = logging.getLogger("portal.security")
Kind = SecurityEvent.Kind


def record(kind, *, request=None, user=None, path=None, **detail):
    """Write one line. ``user`` defaults to the request's signed-in person; ``path`` to the request's
    path (never its query string, which may carry a token)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    if path is None:
        path = request.path if request is not None else ""
    ip = None
    if request is not None:
        try:
            ip = str(ipaddress.ip_address(client_ip(request) or ""))
        except ValueError:  # no address, or a malformed header: no reason to lose the line
            ip = None
    event = SecurityEvent.objects.create(kind=kind, user_id=user_id, path=path[:300], ip=ip, detail=detail)
    logger.info("%s user=%s path=%s", kind, user_id, path[:300])
    return event


def denied(request, perm):
    """A permission refused (portal.permissions): the permission's name, the path, the account."""
    if request is None:
        return None
    return record(Kind.DENIED, request=request, permission=perm)


@receiver(user_logged_in, dispatch_uid="portal.securitylog.login")
def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="portal.securitylog.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="portal.securitylog.login_failed")
def _login_failed(sender, credentials=None, request=None, **kwargs):
    # The account the address names, if any (its id only); the typed text itself is not kept.
    from .auth import login_identifier
    from .models import User

    typed = login_identifier(request, credentials)
    account = User.objects.filter(email__iexact=typed).only("pk").first() if typed else None
    record(Kind.LOGIN_FAILED, request=request, user=account)


def _connect_axes():
    from axes.signals import user_locked_out

    @receiver(user_locked_out, dispatch_uid="portal.securitylog.locked_out")
    def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        from .models import User

        account = User.objects.filter(email__iexact=username).only("pk").first() if username else None
        record(Kind.LOCKED_OUT, request=request, user=account)


_connect_axes()


class DownloadLogMiddleware:
    """Every download by a signed-in person (a response sent as an attachment: the admins' exports, a
    person's data, proposal documents) is a line of the security log, with the file's name. Anonymous
    downloads are public data (the initiatives' CSV of the open API): not logged, or a crawler would
    fill the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and response.status_code == 200 and disposition.startswith("attachment"):
            filename = disposition.partition("filename=")[2].strip('"')[:120]
            record(Kind.EXPORT, request=request, file=filename)
        return response


def prune(now=None, batch=5000):
    """Delete the lines older than SECURITY_LOG_RETENTION_DAYS, ``batch`` at a time. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    removed = 0
    while True:
        ids = list(SecurityEvent.objects.filter(created_at__lt=cutoff).order_by().values_list("pk", flat=True)[:batch])
        if not ids:
            return removed
        removed += SecurityEvent.objects.filter(pk__in=ids).delete()[0]
