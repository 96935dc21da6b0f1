"""The desk of /my/: each person's work queues, contributed by the apps.

portal imports no domain app: an app that has queues names a provider function in its AppConfig
(``work_queues = "partners.desk.work_queues"``, like ``demo_module``). A provider takes the signed-in
user and returns the WorkQueue items that person acts on (none for the others), in a bounded number of
queries whatever the amount of data (tests/portal/test_desk.py counts them at two sizes)."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class WorkQueue:
    label: str  # what waits, e.g. "Sheet revisions waiting"
    url: str  # the page where it is done
    count: int | None = None  # None: a link without a count (a partner editor's sheet editor)


def providers():
    """The provider functions of the installed apps, in INSTALLED_APPS order."""
    return [
        import_string(config.work_queues) for config in apps.get_app_configs() if getattr(config, "work_queues", None)
    ]


def work_queues(user):
    queues = []
    for provider in providers():
        queues.extend(provider(user))
    return queues
