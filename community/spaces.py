"""community's panels of the college spaces (portal/spaces.py): the college's partners, its training
courses and its coming events. Three queries whatever the college's size (lists are cut at LIMIT)."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.spaces import COLLEGE, SpacePanel

from . import queries

LIMIT = 30


def panels(space, user):
    if space.kind != COLLEGE:
        return []
    organisations = list(queries.college_organisations(space.code)[: LIMIT + 1])
    language = get_language()
    courses = list(queries.training_courses(space.code, language)[:LIMIT])
    events = list(queries.upcoming_events(language, timezone.now(), college=space.code)[:10])
    return [
        SpacePanel(
            _("Partners of the college"),
            "community/panels/organisations.html",
            {"organisations": organisations[:LIMIT], "more": len(organisations) > LIMIT, "college": space.code},
            position=10,
        ),
        SpacePanel(
            _("Training courses for the college"), "community/panels/courses.html", {"courses": courses}, position=20
        ),
        SpacePanel(_("Coming events of the college"), "community/panels/events.html", {"events": events}, position=30),
    ]
