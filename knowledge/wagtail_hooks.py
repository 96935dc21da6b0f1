"""The knowledge bank in the Wagtail admin: a page filed under a scope stays out of the reach of the
writers outside it (the explorer and the choosers leave it out, its editor answers 404), as on the site."""

from django.http import Http404
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


@hooks.register("before_edit_page")
def refuse_unreadable_editor(request, page):
    if isinstance(page.specific, KnowledgePage) and not access.can_read(request.user, page.specific):
        raise Http404
