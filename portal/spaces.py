"""The panels of the college and region spaces (``/colleges/<code>/``, ``/regions/<code>/``).

A space shows what several apps hold about one college or one world region: its members and partners,
initiatives, events, forum categories, knowledge-bank pages, documents. portal imports no domain app, so
an app that has something to show names a provider in its AppConfig
(``space_panels = "forum.spaces.panels"``, like ``work_queues``). A provider takes the space and the
signed-in person (already allowed into the space) and returns a list of ``SpacePanel``, in a bounded number
of queries whatever the amount of data, showing only what that person may see.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string

COLLEGE = "college"
REGION = "region"


@dataclass(frozen=True)
class Space:
    kind: str  # COLLEGE or REGION
    code: str  # a portal.choices.College value, or a portal.Region code
    label: str  # translated name of the college or region
    region: object = None  # the portal.Region of a region space, None for a college

    @property
    def scope(self):
        """The membership scope (portal.membership) of the space's members."""
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class SpacePanel:
    title: str  # translated heading
    template: str  # included with the panel's context
    context: dict = field(default_factory=dict)
    position: int = 100  # lower first


def providers():
    return [
        import_string(config.space_panels) for config in apps.get_app_configs() if getattr(config, "space_panels", None)
    ]


def panels(space, user):
    found = []
    for provider in providers():
        found.extend(provider(space, user))
    return sorted(found, key=lambda panel: panel.position)
