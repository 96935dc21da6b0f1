"""Geometry input: GeoJSON in EPSG:4326 only.

User-supplied spatial reference text never reaches GDAL (see SILENCED_SYSTEM_CHECKS in settings):
a GeoJSON object that names any other CRS is refused, and coordinates are checked to be longitudes
and latitudes before GEOS builds the geometry.
"""

import json

from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ALLOWED_CRS = {None, "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84"}
_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _walk_positions(coordinates):
    if isinstance(coordinates, (list, tuple)) and coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
    elif isinstance(coordinates, (list, tuple)):
        for item in coordinates:
            yield from _walk_positions(item)


def parse_geojson_4326(value, allowed_types=None):
    """Turn a GeoJSON geometry (str or dict) into a GEOS geometry with SRID 4326.

    Raises ValidationError with a message a person can act on.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(_("This is not valid GeoJSON.")) from exc
    if not isinstance(value, dict):
        raise ValidationError(_("This is not valid GeoJSON."))
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    crs = value.get("crs")
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if name not in _ALLOWED_CRS:
            raise ValidationError(_("Only longitude/latitude coordinates (EPSG:4326) are accepted."))
    geometry_type = value.get("type")
    allowed = set(allowed_types or _GEOMETRY_TYPES)
    if geometry_type not in allowed:
        raise ValidationError(
            _("Geometry type %(type)s is not accepted here (expected: %(allowed)s).")
            % {"type": geometry_type or "?", "allowed": ", ".join(sorted(allowed))}
        )
    positions = list(_walk_positions(value.get("coordinates")))
    if not positions:
        raise ValidationError(_("The geometry has no coordinates."))
    for position in positions:
        if len(position) < 2:
            raise ValidationError(_("Each position needs a longitude and a latitude."))
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                _("Coordinates %(lon)s, %(lat)s are outside longitude -180…180 and latitude -90…90.")
                % {"lon": lon, "lat": lat}
            )
    try:
        geometry = GEOSGeometry(json.dumps({"type": geometry_type, "coordinates": value["coordinates"]}), srid=4326)
    except (GEOSException, ValueError, TypeError) as exc:
        raise ValidationError(_("The geometry is not valid.")) from exc
    if not geometry.valid:
        raise ValidationError(_("The geometry is not valid: %(reason)s") % {"reason": geometry.valid_reason})
    return geometry
