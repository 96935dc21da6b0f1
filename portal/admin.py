from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import AuditEvent, Objective, Region, SentMail, Theme, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "language", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(Theme, Region, Objective)
class VocabularyAdmin(TranslationAdmin):
    list_display = ["code", "label", "position"]
    search_fields = ["code", "label"]


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    """What the portal mailed, to whom and when: read-only, the record is the proof that a reminder
    or decision went out (and why it will not go out again)."""

    list_display = ["queued_at", "to", "subject", "language", "sent_at", "attempts"]
    list_filter = ["template", "language", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "key", "subject"]
    date_hierarchy = "queued_at"
    readonly_fields = [
        "key",
        "to",
        "template",
        "language",
        "subject",
        "payload",
        "queued_at",
        "sending_since",
        "attempts",
        "error",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail of every app, read-only, for the secretariat."""

    list_display = ["created_at", "actor", "verb", "content_type", "object_repr"]
    list_filter = [
        "verb",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "actor__email", "verb"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "actor", "verb", "content_type", "object_id", "object_repr", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
