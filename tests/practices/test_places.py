"""The places the portal's maps read (/api/v1/practice-places.geojson): each practice's places with its
name and sheet only, the list's filters, kept in the cache per filter set and compressed once."""

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_practice

URL = "/api/v1/practice-places.geojson"


@pytest.fixture
def catalogue(db):
    return [
        make_practice(name_en="Shea parkland", name_fr="Parc à karité", location=[[-1.52345678, 12.3], [-5, 12.6]]),
        make_practice(name_en="Cover crops", category="cover-crops", location=[[2.35, 48.85]]),
        make_practice(published=False, name_en="Unpublished draft sheet"),
    ]


def _features(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    return response.json()["features"]


def test_each_place_carries_the_name_and_the_sheet_only(client, catalogue):
    shea = catalogue[0]
    features = [f for f in _features(client, lang="fr") if f["properties"]["name"] == "Parc à karité"]
    assert [f["geometry"]["coordinates"] for f in features] == [[-1.5235, 12.3], [-5, 12.6]]  # 4 decimals
    assert features[0]["properties"] == {"name": "Parc à karité", "url": f"http://testserver/fr/practices/{shea.slug}/"}
    names = {f["properties"]["name"] for f in _features(client)}
    assert names == {"Shea parkland", "Cover crops"}  # never a draft


def test_the_lists_filters_apply(client, catalogue):
    assert {f["properties"]["name"] for f in _features(client, category="cover-crops")} == {"Cover crops"}
    assert len(_features(client, slug=catalogue[0].slug)) == 2


def test_the_places_cost_the_same_queries_at_two_sizes(client, catalogue):
    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            _features(client)
        return len(queries)

    small = count()
    for n in range(15):
        make_practice(name_en=f"More {n}", location=[[n, n], [n + 0.5, n]])
    assert count() == small
    assert len(_features(client)) == 3 + 30


def test_kept_until_a_sheet_changes_and_an_unknown_parameter_makes_no_new_copy(
    client, catalogue, django_capture_on_commit_callbacks
):
    _features(client)
    with CaptureQueriesContext(connection) as queries:
        again = _features(client, junk="1")
    assert len(queries) == 0 and len(again) == 3
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(name_en="Fresh sheet", location=[[30, 0]])
    assert "Fresh sheet" in {f["properties"]["name"] for f in _features(client)}


def test_compressed_once_for_clients_that_ask(client, catalogue):
    plain = client.get(URL).content
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "br" and "Accept-Encoding" in response["Vary"]
    assert brotli.decompress(response.content) == plain
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, HTTP_ACCEPT_ENCODING="br").content == response.content
    assert len(queries) == 0


def test_the_maps_of_the_list_the_sheet_and_the_cms_read_the_places(client, catalogue):
    assert f'data-geojson="{URL}?' in client.get("/en/practices/").content.decode()
    sheet = client.get(f"/en/practices/{catalogue[0].slug}/").content.decode()
    assert f'data-geojson="{URL}?slug={catalogue[0].slug}"' in sheet
    assert "leaflet.markercluster.js" in sheet  # thousands of places are drawn as clusters
