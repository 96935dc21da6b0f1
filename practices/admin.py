from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
from .models import (
    Category,
    ClimateZone,
    LandUse,
    Photo,
    Practice,
    PracticeDraft,
    PracticeVersion,
    QcatMapping,
    SoilClass,
    SoilGroup,
    Synonym,
    SynonymGroup,
)


@admin.register(Category, ClimateZone, SoilGroup, SoilClass, LandUse)
class VocabularyAdmin(TranslationAdmin):
    list_display = ["code", "label", "position"]
    search_fields = ["code", "label"]


class PhotoInline(TranslationTabularInline):
    model = Photo
    extra = 1
    raw_id_fields = ["image"]


@admin.register(Practice)
class PracticeAdmin(TranslationAdmin):
    """Data administration only: publication goes through the review pages (services.publish_draft);
    unpublishing is an action here (services.unpublish_practice)."""

    list_display = ["name", "category", "published", "published_at", "wocat_code"]
    list_filter = ["published", "category"]
    search_fields = ["name", "wocat_code"]
    readonly_fields = ["published", "published_at", "max_rate", "search_text"]
    list_select_related = ["category"]
    inlines = [PhotoInline]
    actions = ["unpublish"]

    @admin.action(description=_("Unpublish the selected practices"), permissions=["change"])
    def unpublish(self, request, queryset):
        practices = list(queryset.filter(published=True))
        for practice in practices:
            services.unpublish_practice(practice, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d practice unpublished.", "%(count)d practices unpublished.", len(practices))
            % {"count": len(practices)},
            messages.SUCCESS,
        )


@admin.register(PracticeDraft)
class PracticeDraftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "status", "updated"]
    list_filter = ["status"]
    readonly_fields = ["data", "status", "decided_by", "decided_at"]
    list_select_related = ["author"]


@admin.register(PracticeVersion)
class PracticeVersionAdmin(admin.ModelAdmin):
    list_display = ["practice", "number", "published_at", "published_by"]
    readonly_fields = ["practice", "number", "data", "published_at", "published_by"]
    list_select_related = ["practice", "published_by"]


class QcatMappingForm(forms.ModelForm):
    """Also the form of the list's editable cells: a target must name a term of its vocabulary."""

    def clean(self):
        from .qcat import target_label

        data = super().clean()
        target, kind = data.get("target"), data.get("kind", getattr(self.instance, "kind", ""))
        if target and target_label(kind, target) is None:
            self.add_error("target", _("“%(target)s” is not a term of this vocabulary.") % {"target": target})
        return data


@admin.register(QcatMapping)
class QcatMappingAdmin(admin.ModelAdmin):
    """What each QCAT value becomes on import (docs/import.md). The secretariat fills an empty target
    when the portal gets an equivalent, or adds a row for a value the import reported as unknown."""

    list_display = ["key", "value", "label_en", "kind", "target", "portal_term", "position", "editions"]
    list_display_links = ["value"]
    list_editable = ["target", "position"]
    list_filter = ["kind", "editions", "key"]
    search_fields = ["key", "value", "label_en", "target", "note"]
    fields = ["questiongroup", "key", "value", "label_en", "kind", "target", "position", "editions", "note"]
    list_per_page = 100
    form = QcatMappingForm

    def get_changelist(self, request, **kwargs):
        from .qcat import attach_target_labels

        base = super().get_changelist(request, **kwargs)

        class WithLabels(base):  # the labels of a page in one query per vocabulary table
            def get_results(self, request):
                super().get_results(request)
                attach_target_labels(self.result_list)

        return WithLabels

    @admin.display(description=_("portal term (label)"))
    def portal_term(self, mapping):
        from .qcat import target_label

        label = getattr(mapping, "target_label_cached", None) or target_label(mapping.kind, mapping.target)
        return label or "—"


class SynonymInline(admin.TabularInline):
    model = Synonym
    extra = 3


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """Words that mean the same practice in the portal's languages: a search for one finds the others."""

    list_display = ["label", "terms"]
    search_fields = ["label", "terms__term"]
    inlines = [SynonymInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms")

    @admin.display(description=_("synonyms"))
    def terms(self, group):
        return ", ".join(term.term for term in group.terms.all())
