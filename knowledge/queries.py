"""Reusable querysets of the knowledge bank."""

from portal import localisation

from . import access
from .models import KnowledgePage


def private_page_ids():
    """The knowledge pages filed under a scope: out of every public list, sitemap, feed and the site search
    (portal.localisation.listed, AppConfig.unlisted_pages)."""
    return KnowledgePage.objects.exclude(scope=access.PUBLIC).values("pk")


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
