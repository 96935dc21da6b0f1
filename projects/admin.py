from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import AuditEvent, Call, Criterion, CriterionGroup, Proposal


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ("group", "code", "name", "weight", "use", "scale_min", "scale_max", "position")


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ("year", "title", "opens_at", "submission_deadline", "decision_date")
    inlines = [CriterionInline]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(TranslationAdmin):
    list_display = ("name", "call", "position")
    list_filter = ("call",)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "owner", "status", "decision")
    list_filter = ("call", "status", "decision")
    raw_id_fields = ("owner", "self_assessment")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only, for the secretariat."""

    list_display = ("created_at", "actor", "verb", "object_repr")
    list_filter = ("verb",)
    search_fields = ("object_repr", "actor__email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
