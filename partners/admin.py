from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin
from modeltranslation.admin import TranslationAdmin

from portal import exports
from portal.exports import Column

from .models import (
    ConsortiumDocument,
    Hotspot,
    Initiative,
    InitiativeOutput,
    InitiativeRole,
    MembershipApplication,
    Organisation,
    OrganisationEditor,
    OrganisationOffice,
    RegionalCorrespondent,
    SheetRevision,
)

EXPORT_FIELDS = ["name", "acronym", "slug", "status", "college", "country", "region", "website", "year_joined"]


def export_columns():
    """Header of the organisations exports: the fields' own (translated) names, then themes and place."""
    fields = [Column(name, Organisation._meta.get_field(name).verbose_name) for name in EXPORT_FIELDS]
    places = [Column("latitude", _("latitude")), Column("longitude", _("longitude"))]
    return [*fields, Column("themes", _("themes")), *places]


def export_rows(queryset):
    """One row per organisation (no contact address), the same for CSV and XLSX; status, college,
    region and themes as labels of the active language."""
    for org in queryset.select_related("region").prefetch_related("themes", "offices"):
        office = next(iter(org.offices.all()), None)
        yield [
            org.name,
            org.acronym,
            org.slug,
            org.get_status_display(),
            org.get_college_display(),
            org.country.code,
            org.region.label,
            org.website,
            org.year_joined,
            "; ".join(t.label for t in org.themes.all()),
            office.location.y if office else None,
            office.location.x if office else None,
        ]


@admin.action(description=_("Export the selected organisations (CSV)"))
def export_csv(modeladmin, request, queryset):
    return exports.csv_response("organisations.csv", export_rows(queryset), header=export_columns())


@admin.action(description=_("Export the selected organisations (XLSX)"))
def export_xlsx(modeladmin, request, queryset):
    return exports.xlsx_response(
        "organisations.xlsx", export_rows(queryset), header=export_columns(), title=_("organisations")
    )


class OfficeInline(LeafletGeoAdminMixin, admin.TabularInline):
    model = OrganisationOffice
    extra = 0


class EditorInline(admin.TabularInline):
    model = OrganisationEditor
    extra = 0
    autocomplete_fields = ["user"]


class DocumentInline(admin.TabularInline):
    model = ConsortiumDocument
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "status", "college", "country", "region", "published"]
    list_filter = ["published", "status", "college", "region"]
    search_fields = ["name_en", "name_fr", "name_es", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["themes"]
    raw_id_fields = ["logo"]
    inlines = [OfficeInline, EditorInline, DocumentInline]
    actions = [export_csv, export_xlsx]


@admin.register(SheetRevision)
class SheetRevisionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "author", "created", "decided_by", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["organisation", "author", "data", "created", "decided_by", "decided_at", "status"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "college", "country", "applicant", "created"]
    list_filter = ["state", "college"]
    readonly_fields = ["applicant", "state", "organisation", "decided_by", "decided_at"]


class InitiativeRoleInline(admin.TabularInline):
    model = InitiativeRole
    extra = 1
    autocomplete_fields = ["organisation"]


class InitiativeOutputInline(admin.TabularInline):
    model = InitiativeOutput
    extra = 0


@admin.action(description=_("Export the selected initiatives (CSV with HXL tags)"))
def export_initiatives_csv(modeladmin, request, queryset):
    from .initiatives import hxl_table

    return exports.csv_response("initiatives.csv", hxl_table(request, queryset))


@admin.action(description=_("Export the selected initiatives (XLSX)"))
def export_initiatives_xlsx(modeladmin, request, queryset):
    from .initiatives import hxl_table

    return exports.xlsx_response("initiatives.xlsx", hxl_table(request, queryset), title=_("initiatives"))


@admin.register(Initiative)
class InitiativeAdmin(LeafletGeoAdminMixin, TranslationAdmin):
    list_display = ["title", "kind", "status", "published"]
    list_filter = ["published", "kind", "status", "regions"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions"]
    inlines = [InitiativeRoleInline, InitiativeOutputInline]
    actions = [export_initiatives_csv, export_initiatives_xlsx]


@admin.register(Hotspot)
class HotspotAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    """Layers come from `manage.py import_hotspots`; the admin shows them and can delete them."""

    list_display = ["name", "kind", "source", "version", "rate_ssm1", "imported"]
    list_filter = ["kind", "source", "version"]
    search_fields = ["name"]


@admin.register(RegionalCorrespondent)
class RegionalCorrespondentAdmin(admin.ModelAdmin):
    list_display = ["user", "region"]
    list_filter = ["region"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "region"]
