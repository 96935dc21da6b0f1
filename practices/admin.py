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
