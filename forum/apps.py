from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")
    # seed_demo: categories per theme, college and region, and a few topics in three languages.
    demo_module = "forum.demo"
    demo_after = ("portal",)
    # /my/: the moderators' queue and the person's unread notifications (portal.desk).
    work_queues = "forum.desk.work_queues"
    # /colleges/<code>/, /regions/<code>/: the space's categories (portal.spaces).
    space_panels = "forum.spaces.panels"
    # The data download and the erasure of an account (portal.privacy).
    personal_data = "forum.privacy"

    def ready(self):
        from portal import sitesearch

        from . import queries, tasks  # noqa: F401 - tasks: registers the Celery tasks beat and services queue by name

        # /<lang>/search/: topics with a matching post, only in categories the searcher may read.
        sitesearch.register("topics", _("Forum topics"), queries.site_search, personal=True)
