import pytest
from django.core.exceptions import ValidationError

from portal.geo import parse_geojson_4326


def test_a_point_in_longitude_latitude_becomes_a_4326_geometry():
    geometry = parse_geojson_4326('{"type": "Point", "coordinates": [-17.45, 14.69]}')
    assert geometry.srid == 4326
    assert (geometry.x, geometry.y) == (-17.45, 14.69)


def test_a_feature_is_unwrapped():
    geometry = parse_geojson_4326(
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}}
    )
    assert geometry.geom_type == "Point"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not json", "This is not valid GeoJSON."),
        (
            {
                "type": "Point",
                "coordinates": [500000, 6000000],
                "crs": {"type": "name", "properties": {"name": "EPSG:2154"}},
            },
            "Only longitude/latitude coordinates (EPSG:4326) are accepted.",
        ),
        ({"type": "Point", "coordinates": [200, 10]}, "outside longitude"),
        ({"type": "GeometryCollection", "geometries": []}, "Geometry type GeometryCollection is not accepted"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 1], [1, 0], [0, 0]]]}, "The geometry is not valid"),
    ],
)
def test_bad_geometry_gets_a_message_a_person_can_act_on(value, message):
    with pytest.raises(ValidationError) as error:
        parse_geojson_4326(value)
    assert message in " ".join(error.value.messages)


def test_allowed_types_are_enforced():
    with pytest.raises(ValidationError, match="expected: Point"):
        parse_geojson_4326(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}, allowed_types=["Point"]
        )
