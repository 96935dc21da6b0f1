"""Hotspots: import from GeoJSON (EPSG:4326 only) and the public map layer.

An import checks every feature first and writes nothing unless all are valid; errors name the feature
and the field. A second import of the same source and version replaces that layer.
"""

import json

from django.contrib.gis.geos import MultiPolygon
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.geo import parse_geojson_4326

from .models import Hotspot
from .schemas import HotspotCollection

NUMBERS = [
    "initial_stock",
    "rate_bau",
    "rate_ssm1",
    "rate_ssm2",
    "rate_ssm3",
    "relative_ssm1",
    "relative_ssm2",
    "relative_ssm3",
]
OPTIONAL_NUMBERS = ["uncertainty"]
CRS_4326 = {"EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84"}
CACHE_KEY = "partners:hotspots:geojson"


class HotspotImportError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def _number(properties, field, problems, where, required=True):
    value = properties.get(field)
    if value in (None, ""):
        if required:
            problems.append(f"{where}: field {field} is missing")
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: field {field} is not a number ({value!r})")
        return None


def parse(text, *, source, version):
    """The Hotspot objects of a GeoJSON FeatureCollection, unsaved; raises HotspotImportError."""
    try:
        collection = json.loads(text)
    except ValueError as error:
        raise HotspotImportError([f"the file is not JSON: {error}"]) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise HotspotImportError(["the file is not a GeoJSON FeatureCollection"])
    crs = ((collection.get("crs") or {}).get("properties") or {}).get("name")
    if crs is not None and crs not in CRS_4326:
        raise HotspotImportError([f"the file names the CRS {crs}; only EPSG:4326 (longitude, latitude) is accepted"])
    problems, hotspots, names = [], [], set()
    for index, feature in enumerate(collection.get("features") or [], start=1):
        properties = (feature or {}).get("properties") or {}
        name = str(properties.get("name") or "").strip()
        where = f"feature {index}" + (f" (“{name}”)" if name else "")
        if not name:
            problems.append(f"{where}: field name is missing")
        elif name in names:
            problems.append(f"{where}: field name repeats another feature")
        names.add(name)
        kind = properties.get("kind")
        if kind not in Hotspot.Kind.values:
            problems.append(f"{where}: field kind must be one of {', '.join(Hotspot.Kind.values)} ({kind!r})")
        values = {field: _number(properties, field, problems, where) for field in NUMBERS}
        values["uncertainty"] = _number(properties, "uncertainty", problems, where, required=False)
        depth = _number(properties, "depth_cm", problems, where, required=False)
        if depth is not None and depth <= 0:
            problems.append(f"{where}: field depth_cm must be above 0")
        if values["initial_stock"] is not None and values["initial_stock"] < 0:
            problems.append(f"{where}: field initial_stock must not be negative")
        try:
            geometry = parse_geojson_4326((feature or {}).get("geometry"))
        except ValidationError as error:
            problems.append(f"{where}: field geometry: {' '.join(error.messages)}")
            continue
        if geometry.geom_type == "Polygon":
            geometry = MultiPolygon(geometry, srid=4326)
        elif geometry.geom_type != "MultiPolygon":
            problems.append(f"{where}: field geometry must be a Polygon or MultiPolygon ({geometry.geom_type})")
            continue
        hotspots.append(
            Hotspot(
                name=name,
                kind=kind,
                area=geometry,
                depth_cm=int(depth or 30),
                source=source,
                version=version,
                **values,
            )
        )
    if not hotspots and not problems:
        problems.append("the file has no features")
    if problems:
        raise HotspotImportError(problems)
    return hotspots


@transaction.atomic
def import_hotspots(text, *, source, version):
    """Replace the layer (source, version) with the file's hotspots; all or nothing."""
    hotspots = parse(text, source=source, version=version)
    Hotspot.objects.filter(source=source, version=version).delete()
    Hotspot.objects.bulk_create(hotspots)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return hotspots


def geojson_body():
    """The hotspot layer (simplified outlines) as GeoJSON text, cached until the next import."""
    body = cache.get(CACHE_KEY)
    if body is None:
        features = [
            {"geometry": json.loads(hotspot.area.simplify(0.01, preserve_topology=True).geojson), "properties": hotspot}
            for hotspot in Hotspot.objects.all()
        ]
        body = HotspotCollection.model_validate({"features": features}).model_dump_json()
        cache.set(CACHE_KEY, body, 3600)
    return body
