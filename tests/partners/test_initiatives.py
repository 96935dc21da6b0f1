"""Who does what, where: the inventory of initiatives, its counts, the research gaps and the HXL export."""

import codecs
import csv
import io

import pytest
from django.contrib.gis.geos import MultiPoint, Point
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from partners.models import Initiative, InitiativeRole
from portal.models import Region, Theme

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make_initiative(title, themes=("research",), regions=("europe",), countries=("FR",), published=True, **extra):
    initiative = Initiative.objects.create(
        slug=title.lower().replace(" ", "-"),
        title_en=title,
        title=title,
        kind=extra.pop("kind", "project"),
        countries=list(countries),
        published=published,
        locations=MultiPoint(Point(2.35, 48.85, srid=4326), srid=4326),
        **extra,
    )
    initiative.themes.set(Theme.objects.filter(code__in=themes))
    initiative.regions.set(Region.objects.filter(code__in=regions))
    return initiative


@pytest.fixture
def inventory():
    lead = OrganisationFactory(name="Soil Institute", slug="soil-institute")
    funder = OrganisationFactory(name="Green Fund", slug="green-fund")
    circasa = make_initiative(
        "CIRCASA",
        themes=("research", "measurement-mrv"),
        regions=("europe", "sub-saharan-africa"),
        countries=("FR", "KE"),
        actual_start="2017-11-01",
        actual_end="2020-10-31",
        status=4,
    )
    InitiativeRole.objects.create(initiative=circasa, organisation=lead, role="lead")
    InitiativeRole.objects.create(initiative=circasa, organisation=funder, role="funding")
    soca = make_initiative("SOCa", themes=("agroforestry",), regions=("sub-saharan-africa",), countries=("SN",))
    InitiativeRole.objects.create(initiative=soca, organisation=lead, role="implementing")
    make_initiative("Hidden draft initiative", published=False)
    return circasa, soca


def test_list_filters_and_counts_by_region_and_theme(client, inventory):
    response = client.get("/en/initiatives/")
    html = response.content.decode()
    assert "2 initiatives" in html
    assert "Hidden draft initiative" not in html
    regions = {region.code: n for region, n in response.context["regions"]}
    assert regions["sub-saharan-africa"] == 2 and regions["europe"] == 1 and regions["oceania"] == 0
    themes = {theme.code: n for theme, n in response.context["themes"]}
    assert themes["research"] == 1 and themes["agroforestry"] == 1

    response = client.get("/en/initiatives/", {"theme": "agroforestry"})
    assert [i.title for i in response.context["page"].object_list] == ["SOCa"]
    response = client.get("/fr/initiatives/", {"region": "europe"})
    assert [i.title for i in response.context["page"].object_list] == ["CIRCASA"]


def test_detail_names_the_organisations_and_their_roles(client, inventory):
    html = client.get("/en/initiatives/circasa/").content.decode()
    assert "<h1>CIRCASA</h1>" in html
    assert "Soil Institute</a> — Lead" in html and "Green Fund</a> — Funding" in html
    assert "Nov. 1, 2017 – Oct. 31, 2020" in html  # the locale's DATE_FORMAT, not ISO
    response = client.get("/en/initiatives/hidden-draft-initiative/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "Hidden draft initiative" not in response.content.decode()


def test_gaps_table_marks_theme_region_pairs_with_no_initiative(client, inventory):
    response = client.get("/en/initiatives/gaps/")
    rows = {theme.code: dict((region.code, n) for region, n in cells) for theme, cells in response.context["rows"]}
    assert rows["research"]["europe"] == 1
    assert rows["research"]["sub-saharan-africa"] == 1
    assert rows["agroforestry"]["europe"] == 0
    assert rows["agroforestry"]["sub-saharan-africa"] == 1
    assert 'class="gap">gap</td>' in response.content.decode()


def test_csv_export_carries_hxl_hashtags_one_row_per_country(client, inventory):
    response = client.get("/api/v1/initiatives.csv")
    assert response.streaming  # written while it is sent (portal.exports.csv_streaming_response)
    body = response.getvalue()
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, tags = rows[0], rows[1]
    assert header[:4] == ["Title", "Lead organisation", "Implementing organisations", "Funders"]
    for tag in ("#org+impl", "#sector", "#country+code", "#geo+lat", "#geo+lon", "#date+start", "#date+end", "#status"):
        assert tag in tags
    # The HXL row is the machine-readable header, the same in every language.
    names = dict(zip(tags, ["title", "lead", "implementing", "funding", "theme", "country", "latitude",
                            "longitude", "start", "end", "status", "url"], strict=True))  # fmt: skip
    data = [{names[tag]: value for tag, value in zip(tags, row, strict=True)} for row in rows[2:]]
    circasa = [row for row in data if row["title"] == "CIRCASA"]
    assert sorted(row["country"] for row in circasa) == ["FRA", "KEN"]
    assert circasa[0]["lead"] == "Soil Institute" and circasa[0]["funding"] == "Green Fund"
    assert circasa[0]["start"] == "2017-11-01" and circasa[0]["status"] == "Closed"  # a label, not IATI's code
    by_country = {row["country"]: (row["latitude"], row["longitude"]) for row in circasa}
    # CIRCASA's one place is in Paris: the French row has it, the Kenyan row has none (not Paris again).
    assert by_country == {"FRA": ("48.85", "2.35"), "KEN": ("", "")}
    soca = [row for row in data if row["title"] == "SOCa"]
    assert soca[0]["implementing"] == "Soil Institute" and soca[0]["theme"] == "agroforestry"
    assert not any(row["title"] == "Hidden draft initiative" for row in data)


def test_csv_export_headers_follow_lang_and_formulas_stay_text(client, inventory):
    hostile = make_initiative("Hostile soils")
    Initiative.objects.filter(pk=hostile.pk).update(title="=1+1 Soils", title_en="=1+1 Soils")
    response = client.get("/api/v1/initiatives.csv", {"lang": "fr"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Titre", "Organisation cheffe de file", "Organisations de mise en œuvre", "Bailleurs"]
    assert rows[1][0] == "#activity+name"
    assert ["'=1+1 Soils"] == [row[0] for row in rows[2:] if "1+1" in row[0]]


def test_csv_gives_each_country_row_its_own_place_in_the_pages_language(client, inventory):
    circasa, soca = inventory
    # Paris, Nairobi and Dakar (on the coast, just off the coarse outline of Senegal); Germany has none.
    circasa.countries = ["FR", "DE", "KE"]
    circasa.locations = MultiPoint(Point(2.35, 48.85), Point(36.8, -1.3), srid=4326)
    circasa.save()
    soca.countries = ["SN", "BF"]
    soca.locations = MultiPoint(Point(-17.45, 14.69), srid=4326)
    soca.save()
    page = client.get("/fr/initiatives/").content.decode()
    link = page.split('href="/api/v1/initiatives.csv?', 1)[1].split('"', 1)[0]
    assert link.startswith("lang=fr")
    response = client.get(f"/api/v1/initiatives.csv?{link.replace('&amp;', '&')}")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][5:8] == ["Pays", "Latitude", "Longitude"] and rows[1][5] == "#country+code"
    places = {(row[0], row[5]): (row[6], row[7], row[10]) for row in rows[2:]}
    assert places[("CIRCASA", "FRA")] == ("48.85", "2.35", "Clôturé")
    assert places[("CIRCASA", "DEU")] == ("", "", "Clôturé")
    assert places[("CIRCASA", "KEN")] == ("-1.3", "36.8", "Clôturé")
    assert places[("SOCa", "SEN")][:2] == ("14.69", "-17.45")
    assert places[("SOCa", "BFA")][:2] == ("", "")


def test_dates_out_of_order_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_initiative("Backwards", planned_start="2022-01-01", planned_end="2021-01-01")


# The whole CSV is kept in the cache once sent (tested below); a filtered one is made each time.
@pytest.mark.parametrize("url", ["/en/initiatives/", "/en/initiatives/gaps/", "/api/v1/initiatives.csv?kind=project"])
def test_inventory_pages_cost_the_same_at_two_sizes(client, url):
    organisation = OrganisationFactory()

    def add(n):
        for i in range(n):
            initiative = make_initiative(f"Initiative {Initiative.objects.count()} {i}")
            InitiativeRole.objects.create(initiative=initiative, organisation=organisation, role="partner")

    def get():
        response = client.get(url)
        assert response.status_code == 200
        response.getvalue()  # a streamed export reads its rows while it is sent: count those queries too

    add(3)
    with CaptureQueriesContext(connection) as small:
        get()
    add(20)
    with CaptureQueriesContext(connection) as large:
        get()
    assert len(large) == len(small)


def test_the_export_reads_initiatives_in_chunks_with_two_queries_each(client, inventory, monkeypatch):
    """Rows, then per chunk of initiatives one query for the roles and one for the themes, whatever the size."""
    from partners import initiatives

    monkeypatch.setattr(initiatives, "EXPORT_CHUNK", 2)
    organisation = OrganisationFactory()
    for i in range(3):  # 5 published initiatives: chunks of 2, 2 and 1
        initiative = make_initiative(f"Chunked {i}", countries=("FR", "SN"))
        InitiativeRole.objects.create(initiative=initiative, organisation=organisation, role="partner")
    with CaptureQueriesContext(connection) as queries:
        rows = list(csv.reader(io.StringIO(client.get("/api/v1/initiatives.csv").getvalue().decode("utf-8-sig"))))
    export = [q["sql"] for q in queries if "partners_initiative" in q["sql"]]
    assert len(export) == 1 + 3 * 2
    titles = [row[0] for row in rows[2:]]
    assert titles.count("Chunked 0") == 2 and titles.count("CIRCASA") == 2 and titles.count("SOCa") == 1


def _export(client, **params):
    response = client.get("/api/v1/initiatives.csv", params)
    assert response.status_code == 200
    return response.getvalue()


def test_the_whole_export_is_kept_until_an_initiative_a_role_or_an_organisation_changes(
    client, inventory, django_capture_on_commit_callbacks
):
    circasa, soca = inventory
    first = _export(client)
    with CaptureQueriesContext(connection) as queries:
        again = _export(client)
    assert again == first and len(queries) == 0  # from the cache: no database at all
    assert _export(client, lang="fr") != first  # each language has its own file
    # Each change reaches the next download once it is committed (the signals move the version).
    with django_capture_on_commit_callbacks(execute=True):
        circasa.title_en = circasa.title = "CIRCASA II"
        circasa.save()
    assert b'"CIRCASA II"' in _export(client)
    with django_capture_on_commit_callbacks(execute=True):
        lead = InitiativeRole.objects.get(initiative=circasa, role="lead").organisation
        lead.name_en = lead.name = "Soil Institute of Europe"
        lead.save()
    assert b'"Soil Institute of Europe"' in _export(client)
    with django_capture_on_commit_callbacks(execute=True):
        InitiativeRole.objects.create(
            initiative=soca, organisation=OrganisationFactory(name="Sahel Fund"), role="funding"
        )
    assert b'"Sahel Fund"' in _export(client)
    with django_capture_on_commit_callbacks(execute=True):
        soca.themes.add(Theme.objects.get(code="research"))
    assert b'"agroforestry; research"' in _export(client)
    with django_capture_on_commit_callbacks(execute=True):
        soca.delete()
    assert b'"SOCa"' not in _export(client)


def test_a_filtered_export_is_made_each_time(client, inventory):
    _export(client, kind="project")
    with CaptureQueriesContext(connection) as queries:
        _export(client, kind="project")
    assert len(queries) > 0


def test_an_initiative_keeps_its_place_in_each_country_when_saved(inventory):
    circasa, _soca = inventory
    assert Initiative.objects.get(pk=circasa.pk).country_places == {"FR": [2.35, 48.85]}
    circasa.countries = ["KE"]
    circasa.locations = MultiPoint(Point(36.8, -1.3), Point(2.35, 48.85), srid=4326)
    circasa.save(update_fields=["countries", "locations"])  # what update_or_create does
    assert Initiative.objects.get(pk=circasa.pk).country_places == {"KE": [36.8, -1.3]}


def test_the_migration_fills_the_places_of_existing_initiatives(inventory):
    import importlib

    from django.apps import apps

    circasa, _soca = inventory
    Initiative.objects.filter(pk=circasa.pk).update(country_places={})
    importlib.import_module("partners.migrations.0015_initiative_country_places").fill(apps, None)
    assert Initiative.objects.get(pk=circasa.pk).country_places == {"FR": [2.35, 48.85]}
