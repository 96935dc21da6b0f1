"""Reusable querysets of the knowledge bank."""

from portal import localisation

from . import access
from .models import KnowledgePage


def private_page_ids(user=None):
    """The knowledge pages filed under a scope: out of every public list, sitemap and feed
    (portal.localisation.listed, AppConfig.unlisted_pages). With ``user``: only those ``user`` may not read,
    which the site search leaves out (portal.localisation.viewable_by): a member finds their college's pages
    there, nobody else does."""
    pages = KnowledgePage.objects.exclude(scope=access.PUBLIC)
    if user is not None:
        readable = access.readable_q(user)
        if not readable:  # an empty Q: the secretariat reads every page (and exclude(Q()) would keep them all)
            return KnowledgePage.objects.none().values("pk")
        pages = pages.exclude(readable)
    return pages.values("pk")


def readable_pages(user, language=None):
    """The listed knowledge pages ``user`` may read (of one language when given)."""
    pages = localisation.listed(KnowledgePage.objects.all(), private=True).filter(access.readable_q(user))
    if language:
        pages = pages.filter(locale__language_code=language)
    return pages


def scoped_pages(scope, language, user):
    """The listed pages filed under ``scope`` in ``language`` that ``user`` may read, newest first."""
    return readable_pages(user, language).filter(scope=scope).order_by("-last_published_at", "-pk")


def authored_revisions(user):
    """The revisions of knowledge pages (any state, any language) written by ``user``, oldest first."""
    from wagtail.models import Revision

    ids = [str(pk) for pk in KnowledgePage.objects.values_list("pk", flat=True)]
    return Revision.page_revisions.filter(user=user, object_id__in=ids).order_by("created_at", "pk")
