"""A person's data, contributed by the apps: the download (``/my/data.json``) and the erasure of an account.

portal imports no domain app: an app that holds personal data names a module in its AppConfig
(``personal_data = "forum.privacy"``, like ``work_queues``). The module has two functions:

- ``export(user) -> dict``: what the app holds about the person, JSON-serialisable (ISO dates, no secrets,
  no other person's personal data), under the app's label in the download;
- ``erase(user, *, by) -> None``: called inside the erasure's transaction before the account is deleted;
  it deletes what is only about the person and anonymises what must stay (forum posts, reviews).

The registry is ``modules()``; the service that builds the download and erases an account uses it.
"""

from django.apps import apps
from django.utils.module_loading import import_module


def modules():
    """(app label, module) of every installed app that declares ``personal_data``, in INSTALLED_APPS order."""
    return [
        (config.label, import_module(config.personal_data))
        for config in apps.get_app_configs()
        if getattr(config, "personal_data", None)
    ]
