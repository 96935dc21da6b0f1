"""The inventory of initiatives: who does what and where, and where little is done.

Queries, views and exports of ``Initiative`` live here (partners/views.py is about organisations).
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from portal import languages
from portal.models import Region, Theme
from portal.permissions import object_or_404, permission_required

from .models import Initiative, InitiativeRole
from .schemas import InitiativeCollection

PAGE_SIZE = 24
FILTERS = {"theme": "themes__code", "region": "regions__code", "kind": "kind", "status": "status"}
# HXL hashtags (https://hxlstandard.org): IATI and humanitarian tools read the second row.
HXL_COLUMNS = [
    ("title", "#activity+name"),
    ("lead", "#org+lead"),
    ("implementing", "#org+impl"),
    ("funding", "#org+funder"),
    ("theme", "#sector"),
    ("country", "#country+code"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("start", "#date+start"),
    ("end", "#date+end"),
    ("status", "#status"),
    ("url", "#meta+url"),
]


def published():
    return Initiative.objects.filter(published=True)


def filtered(params):
    queryset = published()
    for key, lookup in FILTERS.items():
        value = params.get(key)
        if value:
            queryset = queryset.filter(**{lookup: value})
    if params.get("country"):
        queryset = queryset.filter(countries__contains=params["country"].upper()[:2])
    return queryset.distinct()


def with_relations(queryset):
    return queryset.prefetch_related(
        "themes",
        "regions",
        Prefetch(
            "roles",
            queryset=InitiativeRole.objects.filter(organisation__published=True).select_related("organisation"),
        ),
    )


def counts(queryset):
    """Published initiatives per region and per theme, over ``queryset`` (two queries)."""
    ids = queryset.values("pk")
    by_region = dict(
        Initiative.objects.filter(pk__in=ids)
        .order_by()
        .values_list("regions__code")
        .annotate(n=Count("pk", distinct=True))
        .values_list("regions__code", "n")
    )
    by_theme = dict(
        Initiative.objects.filter(pk__in=ids)
        .order_by()
        .values_list("themes__code")
        .annotate(n=Count("pk", distinct=True))
        .values_list("themes__code", "n")
    )
    return by_region, by_theme


@permission_required("partners.view_initiatives")
def initiative_list(request):
    queryset = filtered(request.GET)
    page = Paginator(with_relations(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    by_region, by_theme = counts(queryset)
    regions, themes = list(Region.objects.all()), list(Theme.objects.all())
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "partners/initiatives.html",
        {
            "page": page,
            "regions": [(r, by_region.get(r.code, 0)) for r in regions],
            "themes": [(t, by_theme.get(t.code, 0)) for t in themes],
            "kinds": Initiative.Kind.choices,
            "statuses": Initiative.Status.choices,
            "get": request.GET,
            "params": params.urlencode(),
        },
    )


def initiative_detail(request, slug):
    # The practices it uses come from practices' own template tag (partners does not import practices).
    initiative = object_or_404(
        request, "partners.view_initiative", with_relations(published()).prefetch_related("outputs"), slug=slug
    )
    return render(request, "partners/initiative.html", {"initiative": initiative})


@permission_required("partners.view_initiatives")
def gaps(request):
    """Theme × region table of published initiatives: the empty cells are the research gaps."""
    cells = {
        (theme, region): n
        for theme, region, n in published()
        .order_by()
        .values_list("themes__code", "regions__code")
        .annotate(n=Count("pk", distinct=True))
        .values_list("themes__code", "regions__code", "n")
        if theme and region
    }
    regions, themes = list(Region.objects.all()), list(Theme.objects.all())
    rows = [(theme, [(region, cells.get((theme.code, region.code), 0)) for region in regions]) for theme in themes]
    return render(request, "partners/initiative_gaps.html", {"regions": regions, "rows": rows})


def hxl_rows(request, queryset):
    from .country_shapes import points_by_country

    for initiative in queryset:
        roles = {}
        for role in initiative.roles.all():
            roles.setdefault(role.role, []).append(role.organisation.name)
        points = list(initiative.locations or [])
        codes = [country.code for country in initiative.countries or []]
        # Each country's own place (one of the initiative's places inside it), never another country's.
        in_country = points_by_country(points, codes) if codes else {}
        base = {
            "title": initiative.title,
            "lead": "; ".join(roles.get("lead", [])),
            "implementing": "; ".join(roles.get("implementing", [])),
            "funding": "; ".join(roles.get("funding", [])),
            "theme": "; ".join(t.code for t in initiative.themes.all()),
            "start": initiative.start.isoformat() if initiative.start else "",
            "end": initiative.end.isoformat() if initiative.end else "",
            "status": initiative.get_status_display(),
            "url": request.build_absolute_uri(initiative.get_absolute_url()),
        }
        # One row per country: HXL tools expect one value in a #country cell.
        for country in initiative.countries or [None]:
            point = in_country.get(country.code) if country else (points[0] if points else None)
            yield {
                **base,
                "country": country.alpha3 if country else "",
                "latitude": round(point.y, 5) if point else "",
                "longitude": round(point.x, 5) if point else "",
            }


def hxl_table(request, queryset):
    """The rows of every initiatives export (CSV and XLSX): column labels in the active language, HXL
    hashtags (the machine-readable header, the same in every language), then the data."""
    from django.utils.translation import gettext as _

    labels = {
        "title": _("Title"),
        "lead": _("Lead organisation"),
        "implementing": _("Implementing organisations"),
        "funding": _("Funders"),
        "theme": _("Themes"),
        "country": _("Country"),
        "latitude": _("Latitude"),
        "longitude": _("Longitude"),
        "start": _("Start"),
        "end": _("End"),
        "status": _("Status"),
        "url": _("Web address"),
    }
    yield [labels[name] for name, _tag in HXL_COLUMNS]
    yield [tag for _name, tag in HXL_COLUMNS]
    for row in hxl_rows(request, with_relations(queryset)):
        yield [row[name] for name, _tag in HXL_COLUMNS]


@require_http_methods(["GET", "HEAD"])
@permission_required("partners.view_initiatives")
def initiatives_csv(request):
    """Public API: published initiatives as CSV with an HXL hashtag row under the header."""
    from portal.exports import csv_response

    with translation.override(languages.known(request.GET.get("lang"))):
        return csv_response("initiatives.csv", hxl_table(request, filtered(request.GET)))


def geojson_body(queryset):
    """The initiatives of ``queryset`` that have places, one feature per place, as GeoJSON text."""
    features = [
        {"geometry": {"coordinates": [round(point.x, 5), round(point.y, 5)]}, "properties": initiative}
        for initiative in queryset.exclude(locations__isnull=True)
        for point in initiative.locations
    ]
    return InitiativeCollection.model_validate({"features": features}).model_dump_json()
