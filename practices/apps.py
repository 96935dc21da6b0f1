from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    # What the app holds about a person: the download and the erasure (portal.privacy).
    personal_data = "practices.privacy"
    verbose_name = _("Practices")
    # seed_demo: the sheets name demo organisations and initiatives.
    demo_module = "practices.demo"
    demo_after = ("partners",)
    # /my/: the work queues this app adds to the desk (portal.desk).
    work_queues = "practices.desk.work_queues"

    def ready(self):
        from portal import sitesearch

        from . import queries, signals  # noqa: F401

        sitesearch.register("practices", _("Practices"), queries.site_search)
