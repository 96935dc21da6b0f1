"""Which of an initiative's places lies in which of its countries, for the exports' one row per country.

The outlines are the countries' GeoJSON shipped by the countryinfo package (Natural Earth, 1:110 m): coarse,
so a place on a coast or a border may fall just outside its country's outline; a place within
COAST_TOLERANCE degrees (about 20 km) of the outline still counts, the nearest country winning.
"""

from functools import lru_cache

from django.contrib.gis.geos import GEOSGeometry, Point

COAST_TOLERANCE = 0.2


@lru_cache(maxsize=300)
def outline(alpha2):
    """The country's outline as a GEOS geometry (EPSG:4326), or None for a code countryinfo does not know."""
    import json

    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    try:
        collection = CountryInfo(alpha2).geo_json()
    except (CountryNotFoundError, KeyError, ValueError):
        return None
    shapes = [GEOSGeometry(json.dumps(feature["geometry"]), srid=4326) for feature in collection.get("features", [])]
    if not shapes:
        return None
    shape = shapes[0]
    for other in shapes[1:]:
        shape = shape.union(other)
    return shape


@lru_cache(maxsize=300)
def _prepared(alpha2):
    """(outline, its prepared form, its bounding box widened by COAST_TOLERANCE) or None. A prepared
    geometry indexes the outline's edges once, so testing a point against it does not walk every edge;
    a point outside the widened box is farther than the tolerance from the outline, which is not asked."""
    shape = outline(alpha2)
    if shape is None:
        return None
    xmin, ymin, xmax, ymax = shape.extent
    box = (xmin - COAST_TOLERANCE, ymin - COAST_TOLERANCE, xmax + COAST_TOLERANCE, ymax + COAST_TOLERANCE)
    return shape, shape.prepared, box


def points_by_country(points, countries):
    """{alpha-2 code: the first of ``points`` that lies in that country} for the codes in ``countries``;
    a country none of the points lies in is left out (its row has no point). ``points``: (longitude,
    latitude) pairs, as the exports read them (plain numbers: GEOS objects per place cost more than the
    rest of a row)."""
    found = {}
    for x, y in points:
        best, best_distance, point = None, None, None
        for code in countries:
            entry = _prepared(code)
            if entry is None:
                continue
            shape, prepared, (xmin, ymin, xmax, ymax) = entry
            if not (xmin <= x <= xmax and ymin <= y <= ymax):
                continue
            if point is None:
                point = Point(x, y, srid=4326)
            distance = 0 if prepared.intersects(point) else shape.distance(point)
            if distance <= COAST_TOLERANCE and (best_distance is None or distance < best_distance):
                best, best_distance = code, distance
        if best is not None and best not in found:
            found[best] = (x, y)
    return found


def places_by_country(points, countries):
    """``points_by_country`` as JSON-ready data ({alpha-2: [longitude, latitude]}), what
    ``Initiative.country_places`` stores; {} without countries or places."""
    if not points or not countries:
        return {}
    return {code: [x, y] for code, (x, y) in points_by_country(points, countries).items()}
