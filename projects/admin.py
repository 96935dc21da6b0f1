from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
from .models import Call, Criterion, CriterionGroup, Proposal, ProposalMember


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ("group", "code", "name", "weight", "use", "scale_min", "scale_max", "position")


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ("year", "title", "opens_at", "submission_deadline", "decision_date")
    inlines = [CriterionInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Copy to the next year (criteria, texts, dates)"))
    def copy_to_next_year(self, request, queryset):
        for call in queryset:
            if Call.objects.filter(year=call.year + 1).exists():
                self.message_user(
                    request, _("A call for %(year)s exists already.") % {"year": call.year + 1}, messages.ERROR
                )
                continue
            new = services.copy_call(call, call.year + 1, by=request.user)
            self.message_user(request, _("%(call)s was created; adjust its dates and texts.") % {"call": new})


@admin.register(CriterionGroup)
class CriterionGroupAdmin(TranslationAdmin):
    list_display = ("name", "call", "position")
    list_filter = ("call",)


class ProposalMemberInline(admin.TabularInline):
    """The proposal's co-applicants, read-only: the owner manages them from the proposal's page."""

    model = ProposalMember
    extra = 0
    fields = ("email", "access", "invited_by", "invited_at", "user", "accepted_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "owner", "language", "status", "decision")
    list_filter = ("call", "status", "decision", "language")
    raw_id_fields = ("owner", "self_assessment")
    inlines = [ProposalMemberInline]
