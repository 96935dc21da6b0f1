from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import privacy
from .forms import StaffEraseForm
from .models import AuditEvent, Objective, Region, SecurityEvent, SentMail, Theme, User


@admin.action(description=_("Erase the selected accounts (personal data)"))
def erase_accounts(modeladmin, request, queryset):
    """The secretariat erases accounts on a person's request: a page lists them and what happens,
    a ticked confirmation erases (portal.privacy.erase_account, each in its own transaction)."""
    if not request.user.has_perm("portal.erase_account"):
        messages.error(request, _("Only the secretariat erases accounts."))
        return None
    accounts = list(queryset.filter(erased_at__isnull=True).exclude(is_superuser=True))
    form = StaffEraseForm(request.POST if "confirm_erase" in request.POST else None)
    if form.is_bound and form.is_valid():
        for account in accounts:
            privacy.erase_account(account, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d account erased.", "%(count)d accounts erased.", len(accounts))
            % {"count": len(accounts)},
        )
        return None
    return TemplateResponse(
        request,
        "admin/portal/user/erase_accounts.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase accounts"),
            "accounts": accounts,
            "skipped": queryset.count() - len(accounts),
            "form": form,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


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
    actions = [erase_accounts]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("portal.erase_account"):
            actions.pop("erase_accounts", None)
        return actions


@admin.register(Theme, Region, Objective)
class VocabularyAdmin(TranslationAdmin):
    list_display = ["code", "label", "position"]
    search_fields = ["code", "label"]


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    """What the portal mailed, to whom and when: read-only, the record is the proof that a reminder
    or decision went out (and why it will not go out again)."""

    list_display = ["queued_at", "to", "subject", "language", "sent_at", "attempts", "pruned_at"]
    list_filter = [
        "template",
        "language",
        ("sent_at", admin.EmptyFieldListFilter),
        ("pruned_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["to", "key", "subject", "recipient"]
    date_hierarchy = "queued_at"
    readonly_fields = [
        "key",
        "to",
        "recipient",
        "template",
        "language",
        "subject",
        "payload",
        "queued_at",
        "sending_since",
        "attempts",
        "error",
        "sent_at",
        "pruned_at",
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


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log (portal.securitylog), read-only, for the secretariat: filter by kind and date,
    search by account id, path or IP. Staff decisions are in the audit trail (link in the changelist)."""

    list_display = ["created_at", "kind", "user_id", "path", "ip", "detail"]
    list_filter = ["kind", "created_at"]
    search_fields = ["=user_id", "path", "ip"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "kind", "user_id", "path", "ip", "detail"]
    change_list_template = "admin/portal/securityevent/change_list.html"

    @property
    def retention_days(self):  # shown on the changelist (cl.model_admin.retention_days)
        from django.conf import settings

        return settings.SECURITY_LOG_RETENTION_DAYS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
