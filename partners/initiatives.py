"""The inventory of initiatives: who does what and where, and where little is done.

Queries, views and exports of ``Initiative`` live here (partners/views.py is about organisations).
"""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods
from django_countries import countries

from portal import languages
from portal.models import Region, Theme
from portal.permissions import object_or_404, permission_required

from .models import Initiative, InitiativeRole, Organisation
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
    # By title, then by id: initiatives of the same title keep one order from one request to the next
    # (in the list's pages and in the exports).
    return Initiative.objects.filter(published=True).order_by("title", "pk")


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


# How long the whole initiatives CSV is kept at most (a change drops it at once: partners/cache.py).
EXPORT_CACHE_SECONDS = 3600
# Initiatives read at a time by the exports, each chunk with one query for its roles and one for its themes.
EXPORT_CHUNK = 1000
_SLUG = "slug-of-the-initiative"


def _export_chunks(queryset):
    """The exports' initiatives as plain values, ``EXPORT_CHUNK`` at a time, each with ``roles``
    ({role: [organisation names]}, published organisations only, by name) and ``themes`` (codes in the
    vocabulary's order). At 2,000 initiatives, model instances and three prefetches took seconds."""
    # The places as GeoJSON text, parsed by ``json`` (C): GEOS objects per place and per coordinate
    # cost more than the rest of a row. 15 decimals: the stored doubles exactly. Each country's own place
    # was found when the initiative was saved (``country_places``).
    rows = queryset.values(
        "id", "slug", "title", "countries", "country_places", "planned_start", "planned_end",
        "actual_start", "actual_end", "status", places=AsGeoJSON("locations", precision=15),
    )  # fmt: skip
    chunk = []
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            yield _with_links(chunk)
            chunk = []
    if chunk:
        yield _with_links(chunk)


def _with_links(chunk):
    by_id = {row["id"]: {**row, "roles": {}, "themes": []} for row in chunk}
    for row in by_id.values():
        places = row.pop("places")
        row["points"] = [tuple(xy) for xy in json.loads(places)["coordinates"]] if places else []
    from .queries import name_in_language

    # Two index reads instead of a join: joined, the planner read every organisation (a hash join over
    # the 10,000 of the Initiative's size, 15 ms a chunk) for the chunk's 2,000 roles. The names, in the
    # page's language (name_in_language: modeltranslation does not rewrite names read through a join),
    # come sorted by the database, so a role's organisations are in the database's collation order as
    # before; organisations of the same name keep the roles' order.
    links = list(
        InitiativeRole.objects.filter(initiative_id__in=by_id)
        .order_by("pk")
        .values_list("initiative_id", "role", "organisation_id")
    )
    names = (
        Organisation.objects.filter(pk__in={organisation for _i, _r, organisation in links}, published=True)
        .annotate(name_shown=name_in_language())
        .order_by("name_shown")
        .values_list("pk", "name_shown")
    )
    rank, by_organisation, previous = -1, {}, None
    for pk, name in names:
        if name != previous:
            rank, previous = rank + 1, name
        by_organisation[pk] = (rank, name)
    for initiative_id, role, organisation in sorted(
        (link for link in links if link[2] in by_organisation), key=lambda link: (link[1], by_organisation[link[2]][0])
    ):
        by_id[initiative_id]["roles"].setdefault(role, []).append(by_organisation[organisation][1])
    themes = (
        Initiative.themes.through.objects.filter(initiative_id__in=by_id)
        .order_by("theme__position", "theme__code")
        .values_list("initiative_id", "theme__code")
    )
    for initiative_id, code in themes:
        by_id[initiative_id]["themes"].append(code)
    return list(by_id.values())


def hxl_rows(request, queryset):
    url = request.build_absolute_uri(reverse("partners:initiative", kwargs={"slug": _SLUG}))
    # Labels and codes translated once, not once a row.
    status_labels = {value: str(label) for value, label in Initiative._meta.get_field("status").flatchoices}
    alpha3 = {}
    for chunk in _export_chunks(queryset):
        for initiative in chunk:
            roles = initiative["roles"]
            points = initiative["points"]
            codes = [c for c in (initiative["countries"] or "").split(",") if c]
            for code in codes:
                if code not in alpha3:
                    alpha3[code] = countries.alpha3(code)
            # Each country's own place (one of the initiative's places inside it), never another country's.
            in_country = initiative["country_places"] or {}
            start = initiative["actual_start"] or initiative["planned_start"]
            end = initiative["actual_end"] or initiative["planned_end"]
            base = {
                "title": initiative["title"],
                "lead": "; ".join(roles.get("lead", [])),
                "implementing": "; ".join(roles.get("implementing", [])),
                "funding": "; ".join(roles.get("funding", [])),
                "theme": "; ".join(initiative["themes"]),
                "start": start.isoformat() if start else "",
                "end": end.isoformat() if end else "",
                "status": status_labels.get(initiative["status"], initiative["status"]),
                "url": url.replace(_SLUG, initiative["slug"]),
            }
            # One row per country: HXL tools expect one value in a #country cell.
            for code in codes or [None]:
                point = in_country.get(code) if code else (points[0] if points else None)
                yield {
                    **base,
                    "country": alpha3[code] if code else "",
                    "latitude": round(point[1], 5) if point else "",
                    "longitude": round(point[0], 5) if point else "",
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
    from portal.exports import cached_csv_response, csv_streaming_response, kept_while_sent

    from .cache import initiatives_version

    language = languages.known(request.GET.get("lang"))
    # The whole inventory (no filter) is the download people and tools fetch again and again: it is
    # kept in the cache per language and host (its links are absolute) until an initiative, a role or
    # an organisation changes (partners/signals.py). A filtered export is smaller and made each time.
    whole = not any(request.GET.get(key) for key in [*FILTERS, "country"])
    key = f"partners:initiatives.csv:{initiatives_version()}:{language}:{request.build_absolute_uri('/')}"
    if whole and (body := cache.get(key)) is not None:
        return cached_csv_response("initiatives.csv", body)
    # Streamed: rows are read and written while the file is sent (portal/exports.py).
    with translation.override(language):
        response = csv_streaming_response("initiatives.csv", hxl_table(request, filtered(request.GET)))
    return kept_while_sent(response, key, EXPORT_CACHE_SECONDS) if whole else response


def geojson_body(queryset):
    """The initiatives of ``queryset`` that have places, one feature per place, as GeoJSON text."""
    features = [
        {"geometry": {"coordinates": [round(point.x, 5), round(point.y, 5)]}, "properties": initiative}
        for initiative in queryset.exclude(locations__isnull=True)
        for point in initiative.locations
    ]
    return InitiativeCollection.model_validate({"features": features}).model_dump_json()
