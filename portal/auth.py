"""Who may log in: django-axes' lockouts wired to allauth, and no demo account outside demo mode.

Every login path of the portal (allauth's form, the Django admin and Wagtail, which both send people
to it) ends in ``django.contrib.auth.authenticate(request, email=..., password=...)``. The backends
listed first in AUTHENTICATION_BACKENDS refuse before any password is checked: django-axes when the
account or the client address has failed too often, ``DemoGuardBackend`` for the demo accounts and
the demo password when the portal is not in demo mode.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext

from .net import client_ip

DEMO_DOMAIN = "@demo.test"  # seed_demo's accounts; .test is a reserved name that no real address has


def is_demo_address(address):
    return bool(address) and address.strip().lower().endswith(DEMO_DOMAIN)


class DemoGuardBackend:
    """Outside demo mode (settings.DEMO_MODE), refuses the demo accounts and the demo password. It
    never logs anybody in: raising PermissionDenied stops ``authenticate`` before the other backends."""

    def authenticate(self, request, password=None, **credentials):
        if getattr(settings, "DEMO_MODE", False):
            return None
        address = credentials.get("email") or credentials.get("username") or ""
        if is_demo_address(address) or (password and password == settings.DEMO_PASSWORD):
            raise PermissionDenied("demo accounts and the demo password only work in demo mode")
        return None

    # No get_user: a session is never tied to this backend (Django's force_login and login() pick
    # the first backend that has one).


# --- django-axes ----------------------------------------------------------------------------------
def login_identifier(request, credentials):
    """The account a login attempt is for: allauth passes ``email=`` (the form field is ``login``)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower() or None


def login_client_ip(request):
    """The client address behind TRUSTED_PROXIES (the same one the API's rate limit uses)."""
    return client_ip(request)


def lockout_message():
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return ngettext(
        "Too many failed logins for this account or from this network. Please try again in %(minutes)d minute.",
        "Too many failed logins for this account or from this network. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def refuse_if_locked_out(request):
    """Called by the account adapter when a login failed: a refusal by django-axes (now, or because
    this failure reached the limit) becomes the form's message instead of "wrong password"."""
    if getattr(request, "axes_locked_out", False):
        raise ValidationError(lockout_message(), code="locked_out")


def lockout_response(request, original_response=None, credentials=None):
    """AxesMiddleware's answer to a refused login: the login form, already showing why
    (refuse_if_locked_out), with the status 429 Too Many Requests."""
    if original_response is not None:
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    from django.http import HttpResponse

    return HttpResponse(lockout_message(), status=settings.AXES_HTTP_RESPONSE_CODE, content_type="text/plain")


# --- Sessions end with the account ----------------------------------------------------------------
@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="portal.end_sessions_on_deactivation")
def _end_sessions_of_deactivated_accounts(sender, instance, raw=False, **kwargs):
    """An account switched off loses every session at once (Django would also refuse it at its next
    request; deleting the rows leaves nothing behind to revive)."""
    if raw or instance.pk is None or instance.is_active:
        return
    was_active = sender.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        end_sessions(instance)


def end_sessions(user):
    """Delete every database session of ``user``. Returns how many."""
    from django.contrib.sessions.models import Session

    ended = 0
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()
            ended += 1
    return ended
