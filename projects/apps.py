from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    # What the app holds about a person: the download and the erasure (portal.privacy).
    personal_data = "projects.privacy"
    verbose_name = _("Projects")
    # seed_demo: calls and proposals of the demo applicant, reviewer and chair.
    demo_module = "projects.demo"
    demo_after = ("portal",)
    # /my/: the work queues this app adds to the desk (portal.desk).
    work_queues = "projects.desk.work_queues"

    def ready(self):
        from .aggregates import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="projects_sqlite_median")
