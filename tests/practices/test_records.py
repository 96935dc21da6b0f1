"""The API's records are built from plain values (practices/records.py): they must be exactly what the
schema (``PracticeRecord``) describes and what the sheet holds, in a fixed number of queries."""

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from practices.api import PracticePage, PracticeRecord
from practices.models import Practice

from .factories import make_practice


@pytest.fixture
def two_sheets(db):
    make_practice(
        name_en="Shea parkland",
        name_fr="Parc à karité",
        name_es="",  # not translated: the Spanish record falls back to English
        evidence="both",
        countries=["SN", "ML"],
        climate_zones=["tropical-dry", "tropical-montane"],
        soil_groups=["lv", "ar"],
        land_uses=["cropland", "forest-land"],
        regions=["sub-saharan-africa"],
        location=[[-17.4, 14.7], [-16.9, 14.1]],
    )
    make_practice(
        name_en="Cover crops",
        category="cover-crops",
        evidence="",
        countries=[],
        climate_zones=[],
        soil_groups=[],
        land_uses=[],
        location=[],
    )


def test_a_page_of_records_is_what_the_schema_describes_and_the_sheet_holds(client, two_sheets):
    body = client.get("/api/v1/practices/?lang=es&sort=name").json()
    # What pydantic makes of the answer is the answer itself: no key missing, extra or of another type
    # (the JSON renderer writes times to the millisecond, pydantic to the microsecond).
    page = PracticePage.model_validate(body).model_dump(mode="json")
    assert {key: page[key] for key in ("count", "page", "pages", "next")} == {
        "count": 2,
        "page": 1,
        "pages": 1,
        "next": None,
    }
    for record, validated in zip(body["results"], page["results"], strict=True):
        assert validated == {**record, "published_at": validated["published_at"]}
        sheet = Practice.objects.get(pk=record["id"])
        assert abs(datetime.fromisoformat(record["published_at"]) - sheet.published_at) < timedelta(milliseconds=1)
    by_category = {record["category"]: record for record in body["results"]}
    shea, cover = by_category["agroforestry"], by_category["cover-crops"]
    assert shea["name"] == "Shea parkland"  # modeltranslation's fallback to English
    with translation.override("es"):
        assert shea["url"] == "http://testserver" + reverse("practices:detail", kwargs={"slug": shea["slug"]})
    # Codes in the vocabularies' order (position), whatever order they were given in.
    assert shea["climate_zones"] == ["tropical-montane", "tropical-dry"]
    assert shea["soil_groups"] == ["LV", "AR"]
    assert shea["land_uses"] == ["forest-land", "cropland"]
    assert shea["regions"] == ["sub-saharan-africa"]
    assert sorted(shea["countries"]) == ["ML", "SN"]
    assert shea["evidence"] == "both"
    assert shea["category"] == "agroforestry"
    assert cover["evidence"] is None and cover["countries"] == [] and cover["climate_zones"] == []
    assert cover["wocat_code"] is None


def test_french_record_reads_french_texts_and_labels(client, two_sheets):
    record = client.get("/api/v1/practices/?lang=fr&q=karité").json()["results"][0]
    assert record["name"] == "Parc à karité"
    assert record["category_label"] == "Agroforesterie"


def test_geojson_and_csv_carry_the_same_record(client, two_sheets):
    record = client.get("/api/v1/practices/?lang=en&q=shea").json()["results"][0]
    features = json.loads(client.get("/api/v1/practices.geojson?lang=en&q=shea").getvalue())["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[-17.4, 14.7], [-16.9, 14.1]]
    properties = features[0]["properties"]
    assert PracticeRecord.model_validate(properties).model_dump(mode="json") == properties
    assert {k: v for k, v in properties.items() if k != "published_at"} == {
        k: v for k, v in record.items() if k != "published_at"
    }
    rows = list(csv.reader(io.StringIO(client.get("/api/v1/practices.csv?lang=en&q=shea").content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][list(PracticeRecord.model_fields).index("soil_groups")] == "LV;AR"


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries if "practices_" in q["sql"]]


@pytest.mark.parametrize("url", ["/api/v1/practices/?page_size=50", "/api/v1/practices/?lang=fr&q=pratique"])
def test_a_page_reads_its_rows_and_their_codes_in_two_queries_at_two_sizes(client, db, url):
    for _ in range(3):
        make_practice(regions=["europe"])
    client.get(url)  # counts cached, as on a live site
    small = _queries(client, url)
    for _ in range(40):
        make_practice(regions=["europe"], climate_zones=["tropical-dry", "boreal-dry"])
    client.get(url)
    large = _queries(client, url)
    assert len(small) == len(large) == 2
    assert "UNION ALL" in large[1]  # the four links' codes in one statement
