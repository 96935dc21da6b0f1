"""The one way a view asks whether the person may go on. Every decision is a django-rules permission
declared in an app's rules.py; these helpers only turn a refusal into the answer the portal gives.

- ``require(request, perm, obj=None)``: a 404 unless ``request.user.has_perm(perm, obj)``. A denied
  object does not exist for that person (DESIGN.md, Permissions). With ``visible=True`` the person is
  known to see ``obj`` already (checked just before), so nothing is hidden by a 404 and the refusal is
  a 403 ("you see it but may not do this").
- ``object_or_404(request, perm, queryset, **lookup)``: ``get_object_or_404`` followed by ``require``.

Every refusal is written to the security log (portal.securitylog: the permission's name, the path, the
account id).
- ``@permission_required(perm)``: for views without an object. Anonymous and refused: to the login
  page (as ``login_required`` does; they may be allowed once signed in). Signed in and refused: 404.

django-rules' own ``permission_required`` answers a refusal with a redirect to the login page, or a
403 with ``raise_exception``, never a 404; hence this thin layer over ``has_perm``. Signing in stays
Django's ``login_required`` on views that need an account before they look an object up.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def _log_denial(request, perm):
    """A refusal is a line of the security log (permission, path, account id; portal.securitylog)."""
    from . import securitylog

    securitylog.denied(request, perm)


def require(request, perm, obj=None, *, visible=False):
    """Return ``obj`` when ``request.user`` has ``perm`` on it; else raise Http404 (PermissionDenied
    when ``visible``: the person already sees ``obj``)."""
    if request.user.has_perm(perm, obj):
        return obj
    _log_denial(request, perm)
    if visible:
        raise PermissionDenied
    raise Http404


def object_or_404(request, perm, queryset, **lookup):
    """The object of ``queryset`` (a model or a queryset) matching ``lookup`` if ``request.user`` has
    ``perm`` on it; a 404 when it is missing or denied, so the two cannot be told apart."""
    return require(request, perm, get_object_or_404(queryset, **lookup))


def permission_required(perm):
    """Decorate a view without an object: anonymous people who lack ``perm`` go to the login page,
    signed-in people who lack it get a 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                _log_denial(request, perm)
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
