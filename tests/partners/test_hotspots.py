"""Hotspots: an all-or-nothing GeoJSON import with errors that name the feature and field, and the map layer."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Hotspot

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def test_import_reads_polygons_and_gsocseq_attributes():
    out = StringIO()
    call_command(
        "import_hotspots", str(DATA / "hotspots.geojson"), "--source", "GSOCseq", "--layer-version", "1.1", stdout=out
    )
    assert "Imported 2 hotspots (GSOCseq 1.1)." in out.getvalue()
    sahel = Hotspot.objects.get(name="Sahel croplands")
    assert sahel.kind == "potential" and sahel.area.geom_type == "MultiPolygon"
    assert (sahel.initial_stock, sahel.rate_ssm3, sahel.relative_ssm2, sahel.uncertainty) == (21.4, 0.52, 0.29, 35)
    peat = Hotspot.objects.get(name="Drained peat of Kalimantan")
    assert peat.kind == "loss" and peat.rate_bau == -2.1 and peat.depth_cm == 100 and peat.uncertainty is None


def test_reimporting_a_layer_replaces_it():
    call_command("import_hotspots", str(DATA / "hotspots.geojson"), stdout=StringIO())
    call_command("import_hotspots", str(DATA / "hotspots.geojson"), stdout=StringIO())
    assert Hotspot.objects.count() == 2
    call_command("import_hotspots", str(DATA / "hotspots.geojson"), "--layer-version", "2.0", stdout=StringIO())
    assert Hotspot.objects.count() == 4


def test_a_bad_file_names_feature_and_field_and_changes_nothing():
    call_command("import_hotspots", str(DATA / "hotspots.geojson"), stdout=StringIO())
    with pytest.raises(CommandError) as error:
        call_command("import_hotspots", str(DATA / "hotspots_bad.geojson"), stdout=StringIO())
    message = str(error.value)
    assert "Nothing was imported" in message
    assert "feature 2 (“Pampas”): field rate_ssm1 is not a number ('high')" in message
    assert "feature 3 (“Outside the world”): field geometry:" in message
    assert Hotspot.objects.count() == 2 and not Hotspot.objects.filter(name="Good one").exists()


def test_another_crs_is_refused(tmp_path):
    collection = json.loads((DATA / "hotspots.geojson").read_text())
    collection["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    path = tmp_path / "mercator.geojson"
    path.write_text(json.dumps(collection))
    with pytest.raises(CommandError, match="only EPSG:4326"):
        call_command("import_hotspots", str(path), stdout=StringIO())
    assert not Hotspot.objects.exists()


def test_map_layer_is_served_from_cache_after_the_first_request(client):
    call_command("import_hotspots", str(DATA / "hotspots.geojson"), stdout=StringIO())
    first = client.get("/api/v1/hotspots.geojson")
    assert first["Content-Type"] == "application/geo+json"
    names = sorted(f["properties"]["name"] for f in first.json()["features"])
    assert names == ["Drained peat of Kalimantan", "Sahel croplands"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/hotspots.geojson")
    assert len(queries) == 0 and second.content == first.content
