"""Receivers connected in apps.py: the rights of the "Knowledge members" group and the "Knowledge review"
workflow follow the knowledge banks that exist, and membership follows who edits a member organisation."""

from . import services


def sync_bank_rights(sender=None, **kwargs):
    services.sync_bank_rights()


def index_page_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        services.sync_bank_rights()


def editor_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.sync_membership(instance.user, by=None)


def moderator_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.sync_membership(instance.user, by=None)
