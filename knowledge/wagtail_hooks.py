"""The knowledge bank in the Wagtail admin: a page filed under a scope stays out of sight of the writers
outside it (the explorer and the page chooser leave it out), as on the site; they have no right on it
either (KnowledgePage.permissions_for_user)."""

from wagtail import hooks

from . import access
from .models import KnowledgePage


def _hidden_ids(user):
    return KnowledgePage.objects.exclude(access.readable_q(user)).values("pk")


@hooks.register("construct_explorer_page_queryset")
def hide_unreadable_in_explorer(parent_page, pages, request):
    return pages.exclude(pk__in=_hidden_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_unreadable_in_chooser(pages, request):
    return pages.exclude(pk__in=_hidden_ids(request.user))
