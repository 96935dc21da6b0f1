"""Keeps the role groups' permissions in step with the code after every migrate."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions


def sync_role_permissions(sender=None, **kwargs):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # Domain apps come after portal in INSTALLED_APPS: make sure all permissions exist first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    secretariat.permissions.add(*access_admin)
    # Editorial work: pages, images, documents, snippets of the domain apps are added by their issues.
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"):
            permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=secretariat, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codenames in (
            ("wagtailimages", ("add_image", "change_image", "choose_image", "delete_image")),
            ("wagtaildocs", ("add_document", "change_document", "choose_document", "delete_document")),
        ):
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=secretariat, collection=collection, permission=permission
                )
    # The data of the domain apps in the Django admin (exports, vocabularies, hotspots, photos, GDPR
    # erasure...): the secretariat is the Initiative's editorial staff.
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["partners", "practices", "projects", "newsletter"]),
        *Permission.objects.filter(
            content_type__app_label="portal", content_type__model__in=["theme", "region", "objective"]
        ),
        # The record of what the portal mailed, the audit trail and the security log: read only (the admin
        # offers no change either). The accounts, read only: the secretariat erases one on request (the
        # admin's "erase" action, portal.erase_account).
        *Permission.objects.filter(
            content_type__app_label="portal",
            codename__in=["view_sentmail", "view_auditevent", "view_securityevent", "view_user"],
        ),
    )
    # The moderation workflow (portal/migrations/0013): the Secretariat approves, and opens the list of
    # workflows and their tasks to see and change who approves what.
    secretariat.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=["add_workflow", "change_workflow", "add_task", "change_task"],
        )
    )
    # Translations of pages through wagtail-localize: the Secretariat and Wagtail's Editors (who submit
    # their translations to moderation like any page).
    submit_translation = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    )
    secretariat.permissions.add(*submit_translation)
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*submit_translation)


def sync_locale_trees(sender=None, **kwargs):
    """Create the FR/ES aliases of English pages that have none yet (the home page of a fresh
    install, for instance). wagtail-localize keeps them in step afterwards."""
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(sync.sync_from, sync.locale)


def admin_language_follows_portal_language(sender, instance, created=False, update_fields=None, **kwargs):
    """Wagtail writes its workflow mails (submitted, approved, changes requested) in the recipient's
    admin language: keep it the portal's ``User.language``, the one preference a person sets."""
    if update_fields is not None and "language" not in update_fields:
        return
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(user=instance, defaults={"preferred_language": instance.language})


def event_published(sender, instance, revision=None, **kwargs):
    """wagtail's page_published for EventPage: keep the iCalendar SEQUENCE (portal.services)."""
    from .services import record_event_publication

    user = getattr(revision, "user", None) if revision is not None else None
    record_event_publication(instance, by=user)
