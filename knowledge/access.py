"""Who reads a knowledge page: decided from portal.membership.scopes only (like the forum's access.py).

A page's ``scope`` is "" (public) or a membership scope ("member", "friend", "college:farmers"...). A
person reads it when their scopes contain it; the secretariat reads every page. Everyone else gets a 404
(the page does not exist for them) and never meets it in a list, the sitemap, a feed or the search."""

from django.db.models import Q

from portal import membership

PUBLIC = ""
KNOWLEDGE_MEMBERS = "Knowledge members"


def can_read(user, page):
    if page.scope == PUBLIC:
        return True
    found = membership.scopes(user)
    return membership.SECRETARIAT in found or page.scope in found


def readable_q(user, prefix=""):
    """A Q on KnowledgePage (``prefix`` "knowledgepage__" from Page) of what ``user`` may read."""
    found = membership.scopes(user)
    if membership.SECRETARIAT in found:
        return Q()
    return Q(**{f"{prefix}scope": PUBLIC}) | Q(**{f"{prefix}scope__in": sorted(found)})


def college_of(scope):
    """The college code of a "college:<code>" scope, else None."""
    kind, _, code = (scope or "").partition(":")
    return code if kind == "college" and code else None
