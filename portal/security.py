"""Response headers and session lifetimes that hold for every page (docs/security.md).

Set here, by URL prefix, rather than in each view, so that a new view gets them without doing
anything: the Content-Security-Policy (strict on the public site, relaxed under the admins),
Permissions-Policy, Cross-Origin-Resource-Policy, ``Cache-Control: no-store`` on private pages, and
the idle and absolute session timeouts.
"""

import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

# Pages that show one person's data or confidential work (accounts, proposals, reviews, the
# secretariat's queues, the admins): never kept by a browser or a proxy. Paths after the language
# prefix; the admins are not prefixed.
NO_STORE_PREFIXES = (
    "accounts/",
    "my/",
    "review/",
    "funders/",
    "partners/revisions/",
    "partners/applications/",
    "practices/review/",
    "practices/mine/",
    "practices/propose/",
    "newsletter/editions/",
    "newsletter/mine/",
)
NO_STORE_UNPREFIXED = ("/cms/", "/django-admin/")


def _without_language(path):
    language = get_language_from_path(path)
    return path[len(language) + 2 :] if language else path.lstrip("/")


def is_private_path(path):
    """True for the pages that must carry ``Cache-Control: no-store``."""
    return path.startswith(NO_STORE_UNPREFIXED) or _without_language(path).startswith(NO_STORE_PREFIXES)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response; no-store on private pages
    (Django's SecurityMiddleware already sets HSTS, nosniff, Referrer-Policy and COOP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        if is_private_path(request.path_info):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the relaxed admin policy under /cms/ and /django-admin/ (a view
    that sets its own policy with django-csp's decorators keeps it)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(
            settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        return parts


# --- Session lifetimes ----------------------------------------------------------------------------
LOGIN_AT = "_portal_login_at"
SEEN_AT = "_portal_seen_at"
# The last-seen time is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Logs out a session idle for more than SESSION_IDLE_TIMEOUT seconds, or older than
    SESSION_ABSOLUTE_TIMEOUT seconds since its login, and says so on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                # A session from before this middleware (or force_login in tests): starts counting now.
                session[LOGIN_AT] = login_at = now if login_at is None else login_at
                session[SEEN_AT] = seen_at = now
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
            elif now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)
