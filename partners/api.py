"""The partners part of the public read API: the partner map, initiatives and hotspots (no language prefix).

What each endpoint answers is declared in partners/schemas.py; what it contains is written by the
views and modules named below, which the pages share.
"""

from ninja import Query, Router

from portal.api import CSV, GEOJSON, endpoint, typed_response

from . import hotspots, initiatives, views
from .schemas import (
    HotspotCollection,
    InitiativeCollection,
    InitiativeExportFilters,
    InitiativeFilters,
    PartnerCollection,
    PartnerFilters,
)

router = Router(tags=["partners"])


@endpoint(
    router,
    "partners.geojson",
    name="partners_geojson",
    perm="partners.view_directory",
    response=PartnerCollection,
    media_type=GEOJSON,
    summary="Offices of the published partners (GeoJSON FeatureCollection, EPSG:4326)",
    description="One feature per office. A filter value the directory does not offer is refused (400).",
)
def partners_geojson(request, filters: Query[PartnerFilters]):
    return views.geojson(request)


@endpoint(
    router,
    "initiatives.geojson",
    name="initiatives_geojson",
    perm="partners.view_initiatives",
    response=InitiativeCollection,
    media_type=GEOJSON,
    summary="Places of the published initiatives (GeoJSON FeatureCollection, EPSG:4326)",
)
def initiatives_geojson(request, filters: Query[InitiativeFilters]):
    return typed_response(initiatives.geojson_body(initiatives.filtered(request.GET)), GEOJSON)


@endpoint(
    router,
    "initiatives.csv",
    name="initiatives_csv",
    perm="partners.view_initiatives",
    response=str,
    media_type=CSV,
    summary="Published initiatives as CSV (HXL)",
    description="Column names, then a row of HXL hashtags (https://hxlstandard.org), then one row per "
    "initiative and country.",
)
def initiatives_csv(request, filters: Query[InitiativeExportFilters]):
    return initiatives.initiatives_csv(request)


@endpoint(
    router,
    "hotspots.geojson",
    name="hotspots_geojson",
    perm="partners.view_hotspots",
    response=HotspotCollection,
    media_type=GEOJSON,
    summary="Hotspots: soil carbon sequestration potential and risk of loss (GeoJSON, EPSG:4326)",
)
def hotspots_geojson(request):
    return typed_response(hotspots.geojson_body(), GEOJSON)
