"""The knowledge bank's panel of a college space (portal.spaces): the college's pages in the reader's
language. One query whatever the college's size (the list is cut at LIMIT)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.spaces import COLLEGE, SpacePanel

from . import queries

LIMIT = 20


def panels(space, user):
    if space.kind != COLLEGE:
        return []
    pages = list(queries.scoped_pages(space.scope, get_language(), user)[: LIMIT + 1])
    return [
        SpacePanel(
            _("Knowledge pages of the college"),
            "knowledge/space_panel.html",
            {"pages": pages[:LIMIT], "more": len(pages) > LIMIT},
            position=35,
        )
    ]
