from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    # What the app holds about a person: the download and the erasure (portal.privacy).
    personal_data = "newsletter.privacy"
    verbose_name = _("Newsletter")
    # seed_demo: subscribers and editions; the CMS edition's pages need the locales of portal's demo.
    demo_module = "newsletter.demo"
    demo_after = ("portal",)
    # /my/: the work queues this app adds to the desk (portal.desk).
    work_queues = "newsletter.desk.work_queues"

    def ready(self):
        from anymail.signals import tracking

        from . import (
            checks,  # noqa: F401 - registers the system checks
            tasks,  # noqa: F401 - registers the Celery tasks that services queue by name
        )
        from .providers import record_tracking_event

        tracking.connect(record_tracking_event, dispatch_uid="newsletter.record_tracking_event")
