"""The forum's panel of a college or region space (portal.spaces): the space's categories the person
may read, with their number of topics."""

from django.utils.translation import gettext as _

from portal.spaces import SpacePanel

from . import queries


def panels(space, user):
    categories = [c for c in queries.categories_for(user).filter(space=space.scope)]
    if not categories:
        return []
    return [
        SpacePanel(title=_("Forum"), template="forum/space_panel.html", context={"categories": categories}, position=40)
    ]
