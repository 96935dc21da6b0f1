"""Public read API of the practices database (no token): JSON, GeoJSON and CSV.

Same filters as the /practices/ page (q, category, climate, soil, landuse, country, evidence, rate,
sort), published sheets only, a licence and attribution in every record. ``PracticeRecord`` is the one
definition of a record: it serialises the JSON results, the GeoJSON properties and the CSV columns,
and the OpenAPI schema (/api/v1/openapi.json) is generated from it. Rate limit: portal/api.py.
"""

import json
from datetime import datetime
from enum import Enum
from typing import Literal

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from portal import exports
from portal.api import (
    CSV,
    GEOJSON,
    Blank,
    Code,
    CountryCode,
    Language,
    Point,
    Text,
    api_response,
    endpoint,
    typed_response,
)

from . import queries, records
from .models import Evidence, MeasureType

ATTRIBUTION = records.ATTRIBUTION
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

RateRange = Enum("RateRange", {key: key for key in queries.RATE_RANGES}, type=str)
Sort = Enum("Sort", {key: key for key in queries.SORTS}, type=str)

router = Router(tags=["practices"])


class PracticeFilters(Schema):
    """The filters of the /practices/ page. Repeat a list parameter for several values (any matches)."""

    q: Text = Field("", description="Full-text search in the language `lang`.")
    lang: Language | Blank = Field("", description="Language of the texts (and of the search). Default: en.")
    category: list[Code] = Field([], description="Category codes.")
    climate: list[Code] = Field([], description="Agro-climatic zone codes.")
    soil: list[Code] = Field([], description="Soil group codes (WRB).")
    landuse: list[Code] = Field([], description="Land-use codes.")
    region: list[Code] = Field([], description="World-region codes.")
    country: CountryCode = Field("", description="ISO 3166-1 alpha-2 country code.")
    evidence: Evidence | Blank = ""
    rate: RateRange | Blank = Field("", description="Range of the maximum sequestration rate (t C/ha/yr).")
    sort: Sort | Blank = Field("", description="Order; `relevance` applies to a search only.")
    slug: Text = Field("", description="Only the practice with this slug.")


class PracticeRecord(Schema):
    """One published practice."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    id: int
    slug: str
    url: str = Field(description="The practice's sheet on the portal.", json_schema_extra={"format": "uri"})
    name: str
    definition: str
    category: str = Field(description="Category code.")
    category_label: str
    measure_type: MeasureType
    evidence: Evidence | None
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes.")
    climate_zones: list[str]
    soil_groups: list[str]
    land_uses: list[str]
    regions: list[str]
    max_sequestration_rate_t_c_ha_yr: float | None
    wocat_code: str | None
    published_at: datetime | None
    licence: str
    attribution: str


class PracticePage(Schema):
    count: int = Field(description="Practices matching the filters.")
    page: int
    pages: int
    next: str | None = Field(None, description="URL of the next page; null on the last page.")
    results: list[PracticeRecord]


class PracticeFeature(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: PracticeRecord


class PracticeCollection(Schema):
    """One feature per place of a practice (a practice with several places has several features)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PracticeFeature]


def _language(filters, default="en"):
    return filters.lang.value if filters.lang else default


def _matching(request, filters):
    """The published practices matching ``filters``, in the order asked for (records: practices/records.py)."""
    queryset, _sort = queries.filtered(request.GET, translation.get_language())
    if filters.slug:
        queryset = queryset.filter(slug=filters.slug)
    return queryset


@endpoint(
    router,
    "practices/",
    name="practices",
    perm="practices.view_list",
    response=PracticePage,
    summary="Practices (JSON, paginated)",
)
def practices_json(
    request,
    filters: Query[PracticeFilters],
    page: int = Query(1, ge=1, description="Page number; past the last page, the last page."),
    page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    with translation.override(_language(filters)):
        language = translation.get_language()
        # Counts cached per filter set (practices/queries.py): 50,000 sheets are not recounted per page.
        shown = queries.paginator(_matching(request, filters), request.GET, language, page_size).get_page(page)
        body = {"count": shown.paginator.count, "page": shown.number, "pages": shown.paginator.num_pages}
        body["next"] = None
        if shown.has_next():
            params = request.GET.copy()
            params["page"] = shown.next_page_number()
            body["next"] = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        # Plain values in the schema's form (records.py; tests/practices/test_records.py checks them
        # against PracticePage): building the page with pydantic cost more than its queries.
        body["results"] = records.records(request, shown.object_list)
        return api_response(request, body)


# Features per piece of a streamed GeoJSON answer (about 400 KB).
STREAM_FEATURES = 500


def geojson_chunks(request, filters):
    """The FeatureCollection of the practices matching ``filters`` as UTF-8 pieces, written while they
    are sent (records read ``records.CHUNK`` at a time): every record of 50,000 sheets is 38 MB, which
    was built whole in the worker's memory before the first byte left."""
    language = translation.get_language()
    placed = _matching(request, filters).exclude(location__isnull=True)

    def chunks():
        # Read while the answer is sent, after the view has returned: in the language of the request.
        with translation.override(language):
            yield b'{"type":"FeatureCollection","features":['
            separator, parts = "", []
            for record, location in records.records_with_location(request, placed):
                for point in location:
                    feature = {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [round(point.x, 5), round(point.y, 5)]},
                        "properties": record,
                    }
                    parts.append(separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
                    separator = ","
                if len(parts) >= STREAM_FEATURES:
                    yield "".join(parts).encode()
                    parts = []
            parts.append("]}")
            yield "".join(parts).encode()

    return chunks()


@endpoint(
    router,
    "practices.geojson",
    name="practices_geojson",
    perm="practices.view_list",
    response=PracticeCollection,
    media_type=GEOJSON,
    summary="Places of the practices (GeoJSON FeatureCollection, EPSG:4326)",
    description="The texts are in `lang`, or else in the language the request asks for (Accept-Language).",
)
def practices_geojson(request, filters: Query[PracticeFilters]):
    from django.http import StreamingHttpResponse

    with translation.override(_language(filters, default=translation.get_language())):
        # Streamed; compressed on the way by portal.compression for clients that ask.
        return StreamingHttpResponse(geojson_chunks(request, filters), content_type=GEOJSON)


class PracticePlaceProperties(Schema):
    """What a map shows of a practice: its name, linked to its sheet."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    name: str
    url: str = Field(description="The practice's sheet on the portal.", json_schema_extra={"format": "uri"})


class PracticePlaceFeature(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: PracticePlaceProperties


class PracticePlaceCollection(Schema):
    """One feature per place of a practice, with only what a map shows."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PracticePlaceFeature]


# Decimals of the places' coordinates on the maps: 4 is about 11 m, more than a map of practices shows.
PLACE_DECIMALS = 4


def places_body(request, filters):
    """The places of the practices matching ``filters`` with their names and sheets, as UTF-8 JSON. At
    the Initiative's size the full records (practices.geojson) are 38 MB and 8 s for the 50,000 sheets;
    this is 7.7 MB, 770 KB with brotli, and kept in the cache per filter set (practices/cache.py)."""
    from django.contrib.gis.db.models.functions import AsGeoJSON

    url = records.sheet_url(request)
    rows = (
        _matching(request, filters)
        .exclude(location__isnull=True)
        .order_by()
        .values_list("slug", "name", AsGeoJSON("location", precision=PLACE_DECIMALS))
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coordinates},
            "properties": {"name": name, "url": url(slug)},
        }
        for slug, name, location in rows.iterator(chunk_size=2000)
        for coordinates in json.loads(location)["coordinates"]
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
    ).encode()


@endpoint(
    router,
    "practice-places.geojson",
    name="practice_places",
    perm="practices.view_list",
    response=PracticePlaceCollection,
    media_type=GEOJSON,
    summary="Places of the practices for a map: name and sheet only (GeoJSON, EPSG:4326)",
    description="The same filters as `practices.geojson`; each feature carries the practice's name (in "
    "`lang`, or else in the language the request asks for) and the address of its sheet. What the portal's "
    "maps read: use `practices.geojson` for the whole records.",
)
def practice_places(request, filters: Query[PracticeFilters]):
    from portal import compression

    from . import cache

    with translation.override(_language(filters, default=translation.get_language())):
        # The parsed filters name the cached copy: a parameter the API does not know makes no new copy.
        parts = ("places", translation.get_language(), request.get_host(), sorted(filters.dict().items()))

        def plain():
            return cache.remember("places", parts, lambda: places_body(request, filters))

        encoding = compression.accepted(request)
        if encoding is None:
            return typed_response(plain(), GEOJSON)
        # Its compressed copy is kept beside it, so a warm answer reads only that (815 KB rather than
        # 9 MB at the Initiative's size) and costs no compression.
        packed = cache.remember(f"places-{encoding}", parts, lambda: compression.compress(plain(), encoding, quality=9))
        return compression.encode(typed_response(b"", GEOJSON), encoding, packed)


# The CSV's columns: the fields of ``PracticeRecord`` (the API's one definition of a record), with
# headers in the language of the request (portal/exports.py writes them, formulas defused, with a BOM).
CSV_LABELS = {
    "id": _("Identifier"),
    "slug": _("Slug"),
    "url": _("Web address"),
    "name": _("Name"),
    "definition": _("Definition"),
    "category": _("Category"),
    "category_label": _("Category (label)"),
    "measure_type": _("Measure type"),
    "evidence": _("Evidence"),
    "countries": _("Countries"),
    "climate_zones": _("Climate zones"),
    "soil_groups": _("Soil groups"),
    "land_uses": _("Land uses"),
    "regions": _("World regions"),
    "max_sequestration_rate_t_c_ha_yr": _("Highest sequestration rate (t C/ha/yr)"),
    "wocat_code": _("WOCAT code"),
    "published_at": _("Published on"),
    "licence": _("Licence"),
    "attribution": _("Attribution"),
}


def csv_columns():
    return [exports.Column(name, CSV_LABELS[name]) for name in PracticeRecord.model_fields]


def csv_rows(request, filters):
    """One row per practice in ``csv_columns()`` order; lists are joined with ``;``."""
    columns = list(PracticeRecord.model_fields)
    for row, _location in records.records_with_location(request, _matching(request, filters)):
        yield [";".join(map(str, row[c])) if isinstance(row[c], list) else row[c] for c in columns]


@endpoint(
    router,
    "practices.csv",
    name="practices_csv",
    perm="practices.view_list",
    response=str,
    media_type=CSV,
    summary="Practices as CSV",
    description="One practice per row; the columns are the fields of a practice record.",
)
def practices_csv(request, filters: Query[PracticeFilters]):
    with translation.override(_language(filters)):
        return exports.csv_response("practices.csv", csv_rows(request, filters), header=csv_columns())
