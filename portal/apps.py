from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    # What the app holds about a person: the download and the erasure (portal.privacy).
    personal_data = "portal.privacy"
    verbose_name = _("Portal")
    # seed_demo loads the demo_module of every app that declares one, each after its demo_after apps.
    # Portal's comes first: the demo accounts and the home pages.
    demo_module = "portal.demo"
    demo_after = ()

    def ready(self):
        from wagtail.signals import page_published

        # tasks: registers the Celery tasks that services queue by name; auth, security: their signal
        # receivers (login stamps, session ends).
        from . import auth, security, securitylog, tasks  # noqa: F401
        from .pages import EventPage
        from .signals import (
            admin_language_follows_portal_language,
            event_published,
            sync_locale_trees,
            sync_role_permissions,
        )

        page_published.connect(event_published, sender=EventPage, dispatch_uid="portal.event_published")
        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="portal.sync_role_permissions")
        post_migrate.connect(sync_locale_trees, sender=self, dispatch_uid="portal.sync_locale_trees")
        post_save.connect(
            admin_language_follows_portal_language,
            sender=self.get_model("User"),
            dispatch_uid="portal.admin_language_follows_portal_language",
        )
        from wagtail.models import PageLogEntry

        from .localisation import translation_starts_as_draft

        post_save.connect(translation_starts_as_draft, sender=PageLogEntry, dispatch_uid="portal.translation_draft")
        self._connect_navigation()

    def _connect_navigation(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from . import navigation

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(navigation.clear, dispatch_uid=f"portal.navigation.{id(signal)}")
        post_delete.connect(navigation.clear, sender=Page, dispatch_uid="portal.navigation.delete")
