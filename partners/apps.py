from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    # What the app holds about a person: the download and the erasure (portal.privacy).
    personal_data = "partners.privacy"
    verbose_name = _("Partners")
    # seed_demo: organisations and initiatives, once the demo accounts exist (editor, correspondent).
    demo_module = "partners.demo"
    demo_after = ("portal",)
    # /my/: the work queues this app adds to the desk (portal.desk).
    work_queues = "partners.desk.work_queues"
    # portal.membership: editors belong to their organisations' college and region, correspondents to theirs.
    memberships = "partners.membership.scopes"

    def ready(self):
        from portal import sitesearch

        from . import queries, signals  # noqa: F401

        sitesearch.register("partners", _("Partners"), queries.site_search_organisations)
        sitesearch.register("initiatives", _("Initiatives"), queries.site_search_initiatives)
