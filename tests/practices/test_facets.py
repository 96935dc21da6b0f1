"""Facets of the practices list: options of one facet add up (OR), facets narrow each other (AND);
an option's count is what ticking it would give, and options at 0 stay visible, greyed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_practice


@pytest.fixture
def sheets(db):
    make_practice(name_en="Dry agroforestry", climate_zones=["tropical-dry"], countries=["SN"])
    make_practice(name_en="Moist agroforestry", climate_zones=["tropical-moist"], countries=["KE"])
    make_practice(
        name_en="Moist cover crops", category="cover-crops", climate_zones=["tropical-moist"], countries=["KE"]
    )
    make_practice(name_en="Boreal grazing", category="grazing-management", climate_zones=["boreal-dry"])


def names(response):
    return sorted(p.name for p in response.context["page"].object_list)


def climate_counts(response):
    return {term.code: n for term, n in response.context["facets"]["climate"]}


def test_ticking_a_climate_zone_keeps_the_others_with_their_counts(client, sheets):
    response = client.get("/en/practices/", {"climate": "tropical-dry"})
    assert names(response) == ["Dry agroforestry"]
    counts = climate_counts(response)
    # The other zones still say what they would add.
    assert counts["tropical-dry"] == 1 and counts["tropical-moist"] == 2 and counts["boreal-dry"] == 1
    html = response.content.decode()
    assert 'value="tropical-moist"' in html and 'value="boreal-dry"' in html
    # A zone without any sheet is shown, greyed, not hidden.
    assert '<label class="check none"><input type="checkbox" name="climate" value="polar-dry"' in html


def test_options_of_one_facet_combine_with_or(client, sheets):
    response = client.get("/en/practices/", {"climate": ["tropical-dry", "tropical-moist"]})
    assert names(response) == ["Dry agroforestry", "Moist agroforestry", "Moist cover crops"]
    assert response.context["page"].paginator.count == 3


def test_facets_combine_with_and_and_count_with_the_other_facets_filters(client, sheets):
    response = client.get("/en/practices/", {"climate": "tropical-moist", "category": "agroforestry"})
    assert names(response) == ["Moist agroforestry"]
    category = {term.code: n for term, n in response.context["facets"]["category"]}
    # Categories are counted among the moist-zone sheets, ignoring the category ticked.
    assert category["agroforestry"] == 1 and category["cover-crops"] == 1 and category["grazing-management"] == 0
    # Climate zones are counted among the agroforestry sheets, ignoring the zone ticked.
    assert climate_counts(response) == {**climate_counts(response), "tropical-dry": 1, "tropical-moist": 1}
    assert climate_counts(response)["boreal-dry"] == 0


def test_countries_stay_listed_when_one_is_chosen_and_empty_ones_are_explained(client, sheets):
    response = client.get("/en/practices/", {"country": "KE"})
    assert names(response) == ["Moist agroforestry", "Moist cover crops"]
    countries = {code: n for code, _name, n in response.context["facets"]["country"]}
    assert countries == {"SN": 2, "KE": 2}  # the Boreal sheet has the factory's SN
    html = response.content.decode()
    assert "Only countries with practices are listed:" in html
    response = client.get("/es/practices/")
    assert "Solo se listan los países con prácticas:" in response.content.decode()


def test_climate_zones_and_soil_groups_are_explained(client, sheets):
    html = client.get("/fr/practices/").content.decode()
    assert "Les zones climatiques du GIEC" in html
    assert "Les types de sols de la Base de référence mondiale (WRB)" in html
    # Each zone and each soil group says in one line what it is, in the reader's language.
    assert "Tropiques recevant moins de 1 000 mm de pluie par an." in html
    assert "Argiles lourdes qui gonflent humides et se fendent sèches." in html


def _queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/practices/", params).status_code == 200
    return len(captured)


FILTERS = {"climate": ["tropical-dry", "tropical-moist"], "category": "agroforestry", "country": "SN", "q": "practice"}


def test_facet_counts_are_one_query_at_two_sizes_and_cached(client, db):
    for _ in range(3):
        make_practice()
    small = _queries(client, FILTERS)
    cached = _queries(client, FILTERS)
    for _ in range(30):
        make_practice(climate_zones=["tropical-moist"], countries=["SN", "KE"], category="cover-crops")
    assert _queries(client, {**FILTERS, "page": "1"}) == small  # the new sheets dropped the cache
    assert _queries(client, {**FILTERS, "page": "1"}) == cached < small
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/practices/", {**FILTERS, "sort": "new"})
    counting = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    assert len(counting) <= 1  # every facet, with and without its own filter, in one statement


def test_a_text_search_with_a_facet_reads_the_text_matches_first_and_lists_each_sheet_once(client, db):
    """Two climate zones ticked and a word: each matching sheet once, ranked, the sheets of other zones or
    without the word left out; on PostgreSQL the text's matches come from the text indexes first (an
    ``= ANY(ARRAY(...))`` of ids), and no ``DISTINCT`` sorts the rows (a sheet in both zones is not
    repeated: the zones are a semi-join)."""
    make_practice(name_en="Agroforestry in both zones", climate_zones=["tropical-dry", "tropical-moist"])
    make_practice(name_en="Agroforestry in the dry zone", climate_zones=["tropical-dry"])
    make_practice(name_en="Agroforestry of the boreal zone", climate_zones=["boreal-dry"])
    make_practice(name_en="Cover crops in the dry zone", climate_zones=["tropical-dry"])
    params = {"q": "agroforestry", "climate": ["tropical-dry", "tropical-moist"]}
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/practices/", params)
    assert names(response) == ["Agroforestry in both zones", "Agroforestry in the dry zone"]
    assert response.context["facets"]["total"] == 2
    listing = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"] and "practices_practice" in q["sql"]]
    assert listing and not any("DISTINCT" in sql for sql in listing)
    if connection.vendor == "postgresql":
        assert any("= ANY(ARRAY(SELECT" in sql for sql in listing)
