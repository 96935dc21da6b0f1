from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge bank")
    # seed_demo: the knowledge bank of each language, a public page in three languages, one left as an
    # alias, a page of the farmers' college; after portal's home pages and partners' organisations.
    demo_module = "knowledge.demo"
    demo_after = ("portal", "partners")
    # /colleges/<code>/: the college's knowledge pages (portal.spaces).
    space_panels = "knowledge.spaces.panels"
    # The data download and the erasure of an account (portal.privacy).
    personal_data = "knowledge.privacy"
    # portal.localisation.listed: pages filed under a scope are never in public lists, the sitemap, feeds
    # or the site search.
    unlisted_pages = "knowledge.queries.private_page_ids"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import task_submitted

        from . import notifications, signals

        post_migrate.connect(signals.sync_bank_rights, sender=self, dispatch_uid="knowledge.sync_bank_rights")
        post_save.connect(
            signals.index_page_saved, sender=self.get_model("KnowledgeIndexPage"), dispatch_uid="knowledge.index"
        )
        # An editor of a member organisation is a knowledge member (partners.OrganisationEditor).
        editor = self.apps.get_model("partners", "OrganisationEditor")
        post_save.connect(signals.editor_changed, sender=editor, dispatch_uid="knowledge.editor_saved")
        post_delete.connect(signals.editor_changed, sender=editor, dispatch_uid="knowledge.editor_deleted")
        moderator = self.get_model("CollegeModerator")
        post_save.connect(signals.moderator_changed, sender=moderator, dispatch_uid="knowledge.moderator_saved")
        post_delete.connect(signals.moderator_changed, sender=moderator, dispatch_uid="knowledge.moderator_deleted")
        task_submitted.connect(
            notifications.college_moderators_notifier,
            sender=self.apps.get_model("wagtailcore", "TaskState"),
            dispatch_uid="knowledge.college_moderators_notified",
        )
