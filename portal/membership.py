"""Who belongs where: the scopes of a signed-in person, contributed by the apps.

A scope is a short string that private content is filed under:

- ``"member"``: any signed-in, active account;
- ``"friend"``: a Friend of the 4 per 1000 (the Friend group);
- ``"secretariat"``: the Secretariat group (and staff accounts);
- ``"college:<code>"``: a member of a college (``portal.choices.College``), e.g. ``"college:farmers"``;
- ``"region:<code>"``: a member of a world region (``portal.Region.code``), e.g. ``"region:africa"``;
- ``"correspondent:<code>"``: a regional correspondent of that region.

portal imports no domain app: an app that knows memberships names a provider in its AppConfig
(``memberships = "partners.membership.scopes"``, like ``work_queues``). A provider takes an active,
signed-in user and returns an iterable of scope strings in a bounded number of queries. The forum's
categories, the knowledge bank and the college and region spaces all ask ``scopes(user)`` and nothing
else, so a new kind of membership is added in one place.
"""

from django.apps import apps
from django.utils.module_loading import import_string

from portal import roles

MEMBER = "member"
FRIEND = "friend"
SECRETARIAT = "secretariat"


def college(code):
    return f"college:{code}"


def region(code):
    return f"region:{code}"


def correspondent(code):
    return f"correspondent:{code}"


def providers():
    """The provider functions of the installed apps, in INSTALLED_APPS order."""
    return [
        import_string(config.memberships) for config in apps.get_app_configs() if getattr(config, "memberships", None)
    ]


def scopes(user):
    """The scopes of ``user`` (an empty set for a visitor or an inactive account), cached on the user object
    for the request like ``roles.group_names``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_scopes", None)
    if cached is not None:
        return cached
    names = roles.group_names(user)
    found = {MEMBER}
    if roles.FRIEND in names:
        found.add(FRIEND)
    if roles.SECRETARIAT in names or user.is_staff:
        found.add(SECRETARIAT)
    for provider in providers():
        found.update(provider(user))
    user._portal_scopes = frozenset(found)
    return user._portal_scopes


def forget(user):
    """Drop the cached scopes (after a change of membership within the same request)."""
    for attribute in ("_portal_scopes", "_portal_group_names"):
        if hasattr(user, attribute):
            delattr(user, attribute)
