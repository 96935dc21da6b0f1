"""Public read API of the practices database (no token): JSON, GeoJSON, CSV and an OpenAPI schema.

Same filters as the /practices/ page (q, category, climate, soil, landuse, country, evidence, rate,
sort), published sheets only, a licence and attribution in every record, rate limited per IP address.
"""

import functools
import time

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import path
from django.utils import translation
from django.views.decorators.http import require_GET

from portal import counters
from portal.net import client_ip

from . import queries

ATTRIBUTION = "4 per 1000 Initiative practices database"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def rate_limited(view):
    """At most API_RATE_LIMIT requests a minute per client IP (shared through the cache)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = getattr(settings, "API_RATE_LIMIT", 120)
        window = int(time.time() // 60)
        ip = client_ip(request) or "unknown"
        if counters.hit(f"api-rate:{ip}:{window}", timeout=120) > limit:
            response = JsonResponse({"error": f"Too many requests: at most {limit} a minute."}, status=429)
            response["Retry-After"] = str(60 - int(time.time()) % 60)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _language(request):
    language = request.GET.get("lang") or "en"
    return language if language in ("en", "fr", "es") else "en"


def _record(practice, request):
    return {
        "id": practice.pk,
        "slug": practice.slug,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "name": practice.name,
        "definition": practice.definition,
        "category": practice.category.code,
        "category_label": practice.category.label,
        "measure_type": practice.measure_type,
        "evidence": practice.evidence or None,
        "countries": [c.code for c in practice.countries],
        "climate_zones": [z.code for z in practice.climate_zones.all()],
        "soil_groups": [s.code.upper() for s in practice.soil_groups.all()],
        "land_uses": [u.code for u in practice.land_uses.all()],
        "regions": [r.code for r in practice.regions.all()],
        "max_sequestration_rate_t_c_ha_yr": float(practice.max_rate) if practice.max_rate is not None else None,
        "wocat_code": practice.wocat_code or None,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "licence": practice.licence,
        "attribution": ATTRIBUTION,
    }


def _queryset(request):
    queryset, _sort = queries.filtered(request.GET, translation.get_language())
    if request.GET.get("slug"):
        queryset = queryset.filter(slug=request.GET["slug"])
    return queryset.select_related("category").prefetch_related("climate_zones", "soil_groups", "land_uses", "regions")


@require_GET
@rate_limited
def practices_json(request):
    with translation.override(_language(request)):
        try:
            size = min(max(int(request.GET.get("page_size", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
        except ValueError:
            size = PAGE_SIZE
        page = Paginator(_queryset(request), size).get_page(request.GET.get("page"))
        params = request.GET.copy()
        body = {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages}
        if page.has_next():
            params["page"] = page.next_page_number()
            body["next"] = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        body["results"] = [_record(p, request) for p in page.object_list]
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
@rate_limited
def practices_geojson(request):
    features = []
    with translation.override(_language(request) if "lang" in request.GET else translation.get_language()):
        for practice in _queryset(request).exclude(location__isnull=True):
            properties = _record(practice, request)
            properties["url"] = practice.get_absolute_url()
            for point in practice.location:
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [round(point.x, 5), round(point.y, 5)]},
                        "properties": properties,
                    }
                )
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
@rate_limited
def practices_csv(request):
    """Published sheets as CSV: the JSON record's fields, headers in ``lang`` (lists joined by ";")."""
    from django.utils.translation import gettext_lazy as _

    from portal.exports import Column, csv_response

    columns = [
        Column("id", _("Identifier")),
        Column("slug", _("Slug")),
        Column("url", _("Web address")),
        Column("name", _("Name")),
        Column("definition", _("Definition")),
        Column("category", _("Category")),
        Column("measure_type", _("Measure type")),
        Column("evidence", _("Evidence")),
        Column("countries", _("Countries")),
        Column("climate_zones", _("Climate zones")),
        Column("soil_groups", _("Soil groups")),
        Column("land_uses", _("Land uses")),
        Column("regions", _("World regions")),
        Column("max_sequestration_rate_t_c_ha_yr", _("Highest sequestration rate (t C/ha/yr)")),
        Column("wocat_code", _("WOCAT code")),
        Column("published_at", _("Published on")),
        Column("licence", _("Licence")),
        Column("attribution", _("Attribution")),
    ]

    def rows():
        for practice in _queryset(request):
            record = _record(practice, request)
            yield [
                ";".join(map(str, record[c.key])) if isinstance(record[c.key], list) else record[c.key] for c in columns
            ]

    with translation.override(_language(request)):
        return csv_response("practices.csv", rows(), header=columns)


FILTER_PARAMETERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Full-text search in `lang`."},
    {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["en", "fr", "es"]}},
    {"name": "category", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": True},
    {"name": "climate", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": True},
    {"name": "soil", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": True},
    {"name": "landuse", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": True},
    {"name": "region", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": True},
    {"name": "country", "in": "query", "schema": {"type": "string", "description": "ISO 3166-1 alpha-2"}},
    {"name": "evidence", "in": "query", "schema": {"type": "string", "enum": ["field", "scientific", "both"]}},
    {"name": "rate", "in": "query", "schema": {"type": "string", "enum": list(queries.RATE_RANGES)}},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(queries.SORTS)}},
]


@require_GET
def openapi(request):
    practice = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "name": {"type": "string"},
            "definition": {"type": "string"},
            "category": {"type": "string"},
            "measure_type": {"type": "string"},
            "countries": {"type": "array", "items": {"type": "string"}},
            "climate_zones": {"type": "array", "items": {"type": "string"}},
            "soil_groups": {"type": "array", "items": {"type": "string"}},
            "land_uses": {"type": "array", "items": {"type": "string"}},
            "max_sequestration_rate_t_c_ha_yr": {"type": ["number", "null"]},
            "licence": {"type": "string"},
            "attribution": {"type": "string"},
        },
        "required": ["id", "slug", "name", "licence", "attribution"],
    }
    too_many = {"429": {"description": "Rate limit reached; see Retry-After."}}
    schema = {
        "openapi": "3.1.0",
        "info": {
            "title": "4 per 1000 open data API",
            "version": "1",
            "description": "Published practices of the 4 per 1000 database. No token; rate limited per IP.",
            "license": {"name": "CC BY-SA 4.0 (per record: see licence)"},
        },
        "paths": {
            "/api/v1/practices/": {
                "get": {
                    "summary": "Practices (JSON, paginated)",
                    "parameters": [
                        *FILTER_PARAMETERS,
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {"name": "page_size", "in": "query", "schema": {"type": "integer", "maximum": MAX_PAGE_SIZE}},
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of practices",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "next": {"type": "string"},
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Practice"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        **too_many,
                    },
                }
            },
            "/api/v1/practices.geojson": {
                "get": {
                    "summary": "Places of the practices (GeoJSON FeatureCollection, EPSG:4326)",
                    "parameters": FILTER_PARAMETERS,
                    "responses": {"200": {"description": "FeatureCollection"}, **too_many},
                }
            },
            "/api/v1/practices.csv": {
                "get": {
                    "summary": "Practices as CSV",
                    "parameters": FILTER_PARAMETERS,
                    "responses": {"200": {"description": "CSV, one practice per row"}, **too_many},
                }
            },
        },
        "components": {"schemas": {"Practice": practice}},
    }
    return JsonResponse(schema)


urlpatterns = [
    path("practices/", practices_json, name="practices"),
    path("practices.geojson", practices_geojson, name="practices_geojson"),
    path("practices.csv", practices_csv, name="practices_csv"),
    path("openapi.json", openapi, name="openapi"),
]
