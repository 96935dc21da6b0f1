from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from .rules import must_use_mfa

# Paths a person without a second factor may still reach: the account pages (to set one up or
# log out), static files and the health check.
_OPEN_PREFIXES = ("/static/", "/media/", "/health/", "/i18n/")


class RequireMFAMiddleware:
    """Staff and STC accounts must activate TOTP before they use the rest of the portal,
    the Django admin and the Wagtail admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_use_mfa(user) and not self._is_open(request):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _("Your role requires two-factor authentication. Please set up an authenticator app."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_open(request):
        path = request.path_info
        if path.startswith(_OPEN_PREFIXES):
            return True
        # /<lang>/accounts/... is allauth: logging in and out and setting up the second factor.
        language = get_language_from_path(path)
        rest = path[len(language) + 1 :] if language else path
        return rest.startswith("/accounts/")
