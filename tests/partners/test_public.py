"""The public directory, sheets and map data: what a visitor sees, what never leaks, query counts."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import College
from portal.models import Region, Theme

from .factories import OfficeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_published_organisations_and_filters_them(client):
    agro = Theme.objects.get(code="agroforestry")
    africa = Region.objects.get(code="sub-saharan-africa")
    OrganisationFactory(name="Dakar Agroforestry Network", country="SN", region=africa, themes=[agro])
    OrganisationFactory(name="Paris Soil Club", college=College.CIVIL_SOCIETY)
    OrganisationFactory(name="Hidden Draft Org", published=False)

    page = client.get("/en/partners/").content.decode()
    assert "Dakar Agroforestry Network" in page and "Paris Soil Club" in page
    assert "Hidden Draft Org" not in page

    page = client.get("/en/partners/", {"theme": "agroforestry"}).content.decode()
    assert "Dakar Agroforestry Network" in page and "Paris Soil Club" not in page
    page = client.get("/en/partners/", {"college": "civil-society"}).content.decode()
    assert "Paris Soil Club" in page and "Dakar Agroforestry Network" not in page
    page = client.get("/en/partners/", {"region": "sub-saharan-africa", "country": "SN"}).content.decode()
    assert "Dakar Agroforestry Network" in page and "Paris Soil Club" not in page
    page = client.get("/en/partners/", {"q": "soil club"}).content.decode()
    assert "Paris Soil Club" in page and "Dakar Agroforestry Network" not in page


def test_directory_speaks_french(client):
    OrganisationFactory(name="Réseau sol", college=College.FARMERS)
    page = client.get("/fr/partners/").content.decode()
    assert "Partenaires de l&#x27;Initiative" in page or "Partenaires de l'Initiative" in page
    assert "Organisations d&#x27;agriculteurs et de forestiers" in page


def test_directory_is_paginated(client):
    for i in range(30):
        OrganisationFactory(name=f"Org {i:02d}")
    first = client.get("/en/partners/").content.decode()
    assert "Org 00" in first and "Org 29" not in first and "Page 1 of 2" in first
    second = client.get("/en/partners/", {"page": 2}).content.decode()
    assert "Org 29" in second and "Org 00" not in second


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/en/partners/", "/en/partners/?theme=agroforestry", "/api/v1/partners.geojson"])
def test_query_count_does_not_grow_with_the_number_of_organisations(client, url):
    agro = Theme.objects.get(code="agroforestry")
    for _i in range(3):
        OfficeFactory(organisation=OrganisationFactory(themes=[agro]))
    client.get(url)  # warm the per-process caches
    from django.core.cache import cache

    cache.clear()
    small = _count_queries(client, url)
    for _i in range(27):
        OfficeFactory(organisation=OrganisationFactory(themes=[agro]))
    cache.clear()
    large = _count_queries(client, url)
    assert small == large
    assert large <= 6


def test_sheet_query_count_is_constant(client):
    org = OrganisationFactory(slug="centre", themes=list(Theme.objects.all()[:3]))
    OfficeFactory(organisation=org)
    for i in range(3):
        OfficeFactory(location=Point(2 + i, 48, srid=4326))
    _count_queries(client, "/en/partners/centre/")  # warm the per-process caches
    small = _count_queries(client, "/en/partners/centre/")
    for i in range(27):
        OfficeFactory(location=Point(3 + i / 10, 47, srid=4326))
    assert _count_queries(client, "/en/partners/centre/") == small
    assert small <= 6


def test_sheet_shows_the_description_in_the_visitors_language(client):
    org = OrganisationFactory(slug="lab", description_en="We study soils.", description_fr="Nous étudions les sols.")
    assert "We study soils." in client.get(org.get_absolute_url()).content.decode()
    assert "Nous étudions les sols." in client.get("/fr/partners/lab/").content.decode()


def test_unpublished_sheet_is_not_found(client):
    OrganisationFactory(slug="draft", published=False)
    response = client.get("/en/partners/draft/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_sheet_lists_the_nearest_partners_with_their_distance(client):
    paris = OrganisationFactory(slug="paris", name="Paris Lab")
    OfficeFactory(organisation=paris, location=Point(2.3522, 48.8566, srid=4326))
    OfficeFactory(organisation=OrganisationFactory(name="London Lab"), location=Point(-0.1276, 51.5072, srid=4326))
    OfficeFactory(organisation=OrganisationFactory(name="Rome Lab"), location=Point(12.4964, 41.9028, srid=4326))
    OfficeFactory(
        organisation=OrganisationFactory(name="Hidden Brussels Lab", published=False),
        location=Point(4.35, 50.85, srid=4326),
    )
    page = client.get("/en/partners/paris/").content.decode()
    assert "Hidden Brussels Lab" not in page
    london, rome = page.index("London Lab"), page.index("Rome Lab")
    assert london < rome  # nearest first
    # Paris–London is ~344 km, Paris–Rome ~1,106 km (sphere or ellipsoid, depending on the database).
    distances = [int(km.replace(",", "")) for km in re.findall(r"([\d,]+) km away", page)]
    assert len(distances) == 2
    assert 340 <= distances[0] <= 348 and 1095 <= distances[1] <= 1115


def test_contact_address_never_appears_in_public_pages_or_the_api(client):
    org = OrganisationFactory(slug="secretive", contact_email="do-not-show@hidden.example")
    OfficeFactory(organisation=org)
    for url in [
        "/en/partners/",
        "/en/partners/secretive/",
        "/fr/partners/secretive/",
        "/en/partners/map/",
        "/api/v1/partners.geojson",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "do-not-show" not in response.content.decode(), url


def test_geojson_has_every_published_office_and_is_cached(client, django_capture_on_commit_callbacks):
    org = OrganisationFactory(name="Mapped Lab", slug="mapped", college=College.PRIVATE)
    OfficeFactory(organisation=org, location=Point(10.5, -3.25, srid=4326), label="Field station")
    OfficeFactory(organisation=OrganisationFactory(published=False, name="Ghost Lab"))
    response = client.get("/api/v1/partners.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Mapped Lab"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [10.5, -3.25]}
    assert data["features"][0]["properties"]["slug"] == "mapped"

    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/api/v1/partners.geojson")
    assert again.content == response.content and len(ctx.captured_queries) == 0

    # A change to an organisation drops the cached data.
    with django_capture_on_commit_callbacks(execute=True):
        org.name = "Renamed Lab"
        org.save()
    assert "Renamed Lab" in client.get("/api/v1/partners.geojson").content.decode()
    filtered = json.loads(client.get("/api/v1/partners.geojson", {"college": "research"}).content)
    assert filtered["features"] == []


def test_geojson_refuses_an_unknown_filter_value(client):
    response = client.get("/api/v1/partners.geojson", {"college": "aliens"})
    assert response.status_code == 400
    assert "college" in json.loads(response.content)["errors"]


def test_map_page_loads_leaflet_from_the_portal_not_a_cdn(client):
    page = client.get("/en/partners/map/").content.decode()
    assert "/static/leaflet/leaflet.js" in page and "/static/partners/map.js" in page
    assert 'data-geojson="/api/v1/partners.geojson"' in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_a_warm_filtered_geojson_answer_needs_no_query(client):
    OfficeFactory(organisation=OrganisationFactory(themes=[Theme.objects.get(code="water")]))
    first = client.get("/api/v1/partners.geojson", {"theme": "water"})
    assert len(json.loads(first.content)["features"]) == 1
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/api/v1/partners.geojson", {"theme": "water"})
    assert again.content == first.content and len(ctx.captured_queries) == 0


def test_geojson_is_compressed_when_the_client_asks(client):
    import gzip

    import brotli

    for n in range(40):  # enough offices for compression to pay
        OfficeFactory(organisation=OrganisationFactory(name=f"Compressed Lab {n}"), label=f"Station {n}")
    plain = client.get("/api/v1/partners.geojson")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    zipped = client.get("/api/v1/partners.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    assert int(zipped["Content-Length"]) == len(zipped.content)
    squeezed = client.get("/api/v1/partners.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert squeezed["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.content) == plain.content
    # A client that refuses brotli gets gzip; one that refuses both gets the plain text.
    assert client.get("/api/v1/partners.geojson", HTTP_ACCEPT_ENCODING="br;q=0, gzip")["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/api/v1/partners.geojson", HTTP_ACCEPT_ENCODING="identity")


def test_geojson_rounds_coordinates_and_carries_what_the_map_reads(client):
    org = OrganisationFactory(name="Precise Lab", acronym="PL", slug="precise")
    OfficeFactory(organisation=org, location=Point(10.123456789, -3.987654321, srid=4326), label="HQ")
    feature = json.loads(client.get("/api/v1/partners.geojson").content)["features"][0]
    assert feature["geometry"]["coordinates"] == [10.1235, -3.9877]
    # Every property the map's script reads is there, and nothing else.
    script = (Path(__file__).resolve().parents[2] / "partners/static/partners/map.js").read_text()
    used = set(re.findall(r"\bp\.(\w+)", script))
    assert used == {"name", "acronym", "office", "slug"}
    assert feature["properties"] == {"slug": "precise", "name": "Precise Lab", "acronym": "PL", "office": "HQ"}
