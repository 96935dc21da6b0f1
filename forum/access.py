"""Who may read, post in and moderate a category: decided from portal.membership.scopes only.

A category is readable by a person whose scopes contain its read scope ("public": everybody), and by
the secretariat; posting needs the read scope and the post scope. Moderators: the secretariat everywhere, a region's
correspondents in the categories of that region's space."""

from django.db.models import Q

from portal import membership, roles

from .models import PUBLIC


def scopes(user):
    return membership.scopes(user)


def _secretariat(user):
    """The secretariat scope as portal.membership gives it (group or staff), read without asking the
    other apps' providers: the secretariat reads and moderates everything, so nothing else is needed."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_staff or roles.SECRETARIAT in roles.group_names(user))
    )


def can_read(user, category):
    """The secretariat moderates every category, so it reads them all (college spaces included)."""
    if category.read_scope == PUBLIC or _secretariat(user):
        return True
    return category.read_scope in scopes(user)


def can_post(user, category):
    found = scopes(user)
    return bool(found) and can_read(user, category) and category.post_scope in found


def moderates(user, category):
    if _secretariat(user):
        return True
    found = scopes(user)
    code = category.region_code
    return code is not None and membership.correspondent(code) in found


def readable_q(user, prefix=""):
    """A Q on Category (``prefix`` "category__" or "topic__category__" from other models) of what
    ``user`` may read."""
    if _secretariat(user):
        return Q()
    return Q(**{f"{prefix}read_scope": PUBLIC}) | Q(**{f"{prefix}read_scope__in": sorted(scopes(user))})


def moderated_q(user, prefix=""):
    """A Q on Category of the categories ``user`` moderates (matches nothing for others)."""
    if _secretariat(user):
        return Q()
    found = scopes(user)
    regions = sorted(s.split(":", 1)[1] for s in found if s.startswith("correspondent:"))
    return Q(**{f"{prefix}space__in": [membership.region(code) for code in regions]}) if regions else Q(pk__in=[])


def is_moderator_anywhere(user):
    if _secretariat(user):
        return True
    return any(s.startswith("correspondent:") for s in scopes(user))
