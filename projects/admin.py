import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from portal import timezones

from . import services
from .models import Call, Criterion, CriterionGroup, Proposal, ProposalMember


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ("group", "code", "name", "weight", "use", "scale_min", "scale_max", "position")


class CallAdminForm(forms.ModelForm):
    """The secretariat types the dates as wall-clock times in the call's own zone (what the call
    announces), whatever the admin's time zone; they are stored as aware datetimes."""

    DATES = ("opens_at", "submission_deadline", "review_deadline", "decision_date")

    class Meta:
        model = Call
        fields = [
            "year",
            "title",
            "rules",
            "time_zone",
            "opens_at",
            "submission_deadline",
            "review_deadline",
            "decision_date",
            "currency",
            "decisions_published_at",
            "reviewing_closed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(self.instance.time_zone)
        for name in self.DATES:
            value = getattr(self.instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.make_naive(value, zone)
        for name in self.DATES:
            if name in self.fields:
                self.fields[name].help_text = _("Local time in the call's time zone.")

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        if timezones.known(name):
            zone = zoneinfo.ZoneInfo(name)
            for field in self.DATES:
                value = cleaned.get(field)
                if value is not None:
                    # The widget read the value in the admin's time zone: keep its wall-clock reading.
                    naive = timezone.make_naive(value, timezone.get_current_timezone())
                    cleaned[field] = timezone.make_aware(naive, zone)
        return cleaned


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    form = CallAdminForm
    list_display = ("year", "title", "time_zone", "opens_at", "submission_deadline", "decision_date")
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
