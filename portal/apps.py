from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import auth, security  # noqa: F401 - their signal receivers (login stamps, session ends)
        from .signals import sync_locale_trees, sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="portal.sync_role_permissions")
        post_migrate.connect(sync_locale_trees, sender=self, dispatch_uid="portal.sync_locale_trees")
