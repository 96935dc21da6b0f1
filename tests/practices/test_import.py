"""manage.py import_practices: WOCAT QCAT answers as QCAT writes them (every record built from QCAT's own
vocabulary, practices/data/qcat/), and CSV."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from practices import services
from practices.models import Practice, PracticeVersion, QcatMapping
from practices.qcat import Mapping, target_label
from scripts import qcat_mapping

from .factories import make_practice
from .qcat_records import keyword, point, raw_data, v1_list, v1_record, v2_detail, values

DATA = Path(__file__).parent / "data"
SLM = ("tech_qg_20", "tech_slm_group")
MEASURES = ("tech_qg_8", "tech_measures")
LAND_2015 = ("tech_qg_9", "tech_landuse")
MIXED_2015 = ("tech_qg_13", "tech_lu_mixed_sub")
LAND_2018 = ("tech_qg_9", "tech_landuse_2018")
LAND_BEFORE_2018 = ("tech_qg_239", "tech_landuse_2018")
AGRONOMIC = ("tech_qg_21", "tech_measures_agronomic_sub")
RESIDUES = ("tech_qg_21", "tech_residue_management")
ZONE = ("tech_qg_55", "tech_agroclimatic_zone")
RAIN = ("tech_qg_54", "tech_rainfall")
ALTITUDE = ("tech_qg_56", "tech_altitudinalzone")
WATER = ("tech_qg_19", "tech_watersupply")
COUNTRY = ("qg_location", "country")


def run(path, *options):
    out, err = StringIO(), StringIO()
    call_command("import_practices", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, payload, name="qcat.json"):
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def mapped(group, key, value):
    """The portal targets the migrated mapping table gives a QCAT value."""
    return sorted(m.target for m in QcatMapping.objects.filter(questiongroup=group, key=key, value=value))


# --- The mapping is data, in step with QCAT's vocabulary ------------------------------------------
def test_the_mapping_file_has_a_row_for_every_value_of_every_key_it_reads():
    rows = qcat_mapping.read_mapping()
    derived, added, _relabelled, gone = qcat_mapping.derive(rows)
    assert (added, gone) == ([], [])
    assert [{c: r[c] for c in qcat_mapping.COLUMNS} for r in rows] == derived
    for group, key, _kind, _editions in qcat_mapping.KEYS:
        assert {r["value"] for r in rows if (r["questiongroup"], r["key"]) == (group, key)} == set(values(group, key))


@pytest.mark.django_db
def test_the_migration_loaded_the_mapping_and_every_target_names_a_portal_term():
    assert QcatMapping.objects.count() == len(qcat_mapping.read_mapping())
    assert Mapping.load().problems == []
    country = QcatMapping.objects.get(key="country", value=keyword(*COUNTRY, "Viet Nam"))
    assert (country.target, target_label(country.kind, country.target)) == ("VN", "Vietnam")


# --- QCAT API v1 (list and detail) ------------------------------------------------------------------
@pytest.mark.django_db
def test_every_slm_group_of_qcat_imports_and_no_record_is_lost(tmp_path):
    groups = values(*SLM)
    records = [
        v1_record(5000 + n, {SLM: [group], MEASURES: [keyword(*MEASURES, "agronomic measures")]}, name={"en": group})
        for n, group in enumerate(groups)
    ]
    output, _ = run(write(tmp_path, v1_list(records)))
    assert f"Created: {len(groups)}" in output and "Skipped: 0" in output
    assert "Unknown QCAT values" not in output
    without_category = []
    for n, group in enumerate(groups):
        practice = Practice.objects.get(wocat_code=f"technologies_{5000 + n}")
        expected = [t for t in mapped(*SLM, group) if t] or ["other-practices"]
        assert [practice.category.code] == expected, group
        if expected == ["other-practices"]:
            without_category.append(f"technologies_{5000 + n}")
    assert without_category  # QCAT has groups the portal has no category for: they are kept all the same
    assert f"Under “other practices” (no value maps to a category): {len(without_category)}" in output


@pytest.mark.django_db
def test_a_2015_record_gets_every_field_the_portal_reads(tmp_path):
    record = v1_record(
        1501,
        {
            SLM: [keyword(*SLM, "agroforestry"), keyword(*SLM, "cross-slope measure")],
            MEASURES: [keyword(*MEASURES, "vegetative measures"), keyword(*MEASURES, "structural measures")],
            LAND_2015: [
                keyword(*LAND_2015, "Cropland"),
                keyword(*LAND_2015, "Mixed (crops/ grazing/ trees), incl. agroforestry"),
            ],
            MIXED_2015: [keyword(*MIXED_2015, "Agroforestry")],
            ZONE: [keyword(*ZONE, "semi-arid")],
            RAIN: [keyword(*RAIN, "251-500 mm"), keyword(*RAIN, "501-750 mm")],
            ALTITUDE: [keyword(*ALTITUDE, "1,001-1,500 m a.s.l.")],
            WATER: keyword(*WATER, "mixed rainfed-irrigated"),
            COUNTRY: keyword(*COUNTRY, "Kenya"),
        },
        name={"en": "Grevillea agroforestry on coffee farms", "fr": "Agroforesterie à Grevillea", "ru": "Гревиллея"},
        definition={"en": "Grevillea robusta trees planted along terraces shade coffee."},
        location=point(37.45, -0.53),
        original_locale="fr",
    )
    output, _ = run(write(tmp_path, record, "technologies_1501.json"))
    assert "Read: 1 × QCAT API v1 record" in output and "Created: 1" in output
    practice = Practice.objects.get(wocat_code="technologies_1501")
    assert practice.published and practice.versions.count() == 1
    assert practice.versions.get().data == services.sheet_data(practice)  # the published version is whole
    assert (practice.name_en, practice.name_fr, practice.name_es) == (
        "Grevillea agroforestry on coffee farms",
        "Agroforesterie à Grevillea",
        None,  # QCAT's Russian name has no field in the portal
    )
    assert practice.original_language == "fr"
    assert practice.category.code == "agroforestry"  # the first mapped SLM group wins
    assert practice.measure_type == "vegetative"
    assert sorted(practice.land_uses.values_list("code", flat=True)) == ["cropland", "forest-land"]
    assert practice.climate_zones.count() == 0  # a moisture class alone names no IPCC zone
    assert (practice.rainfall_min_mm, practice.rainfall_max_mm) == (251, 750)
    assert (practice.altitude_min_m, practice.altitude_max_m) == (1001, 1500)
    assert practice.water_supply == "mixed"
    assert [c.code for c in practice.countries] == ["KE"]
    assert [(p.x, p.y) for p in practice.location] == [(37.45, -0.53)]
    assert str(practice.documented_on) == "2019-03-12"
    assert practice.wocat_url == "https://qcat.wocat.net/en/wocat/technologies/view/technologies_1501/"
    assert "tech_agroclimatic_zone" not in output  # counted, shown with -v 2
    verbose, _ = run(tmp_path / "technologies_1501.json", "-v", "2")
    assert f"· tech_agroclimatic_zone {keyword(*ZONE, 'semi-arid')}: 1 record(s)" in verbose


@pytest.mark.django_db
def test_a_2018_record_reads_the_current_land_use_and_the_new_agronomic_answers(tmp_path):
    record = v1_record(
        3702,
        {
            # No SLM group the portal maps: the 2018 residue answers decide the category.
            SLM: [keyword(*SLM, "home gardens")],
            AGRONOMIC: [keyword(*AGRONOMIC, "A6: Residue management")],
            RESIDUES: keyword(*RESIDUES, "A 6.4: retained"),
            LAND_2018: [keyword(*LAND_2018, "Cropland")],
            LAND_BEFORE_2018: [keyword(*LAND_BEFORE_2018, "Forest/ woodlands")],  # before the technology
            COUNTRY: keyword(*COUNTRY, "Burkina Faso"),
        },
        name={"fr": "Paillage des résidus de sorgho"},
    )
    output, _ = run(write(tmp_path, v1_list([record])))
    assert "Created: 1" in output and "Unknown" not in output
    practice = Practice.objects.get(wocat_code="technologies_3702")
    assert practice.name == "Paillage des résidus de sorgho" and practice.original_language == "fr"
    assert practice.category.code == "residue-management"
    assert list(practice.land_uses.values_list("code", flat=True)) == ["cropland"]
    assert [c.code for c in practice.countries] == ["BF"]
    assert practice.measure_type == "management"
    assert "technologies_3702: no measure type maps: “management” assumed" in output


@pytest.mark.django_db
def test_values_qcat_does_not_have_are_reported_with_their_count_and_the_records_kept(tmp_path):
    # A land-use keyword given as an SLM group: a value QCAT never writes for this key.
    stray = keyword(*LAND_2015, "Cropland")
    records = [v1_record(7000 + n, {SLM: [stray]}, name={"en": f"Stray {n}"}) for n in range(3)]
    records.append(v1_record(7003, {SLM: [stray, keyword(*SLM, "water harvesting")]}, name={"en": "Stray 3"}))
    output, _ = run(write(tmp_path, records))
    assert "Created: 4" in output
    assert f"? tech_slm_group {stray}: 4 record(s)" in output
    assert "Under “other practices” (no value maps to a category): 3" in output
    assert set(Practice.objects.filter(name_en__startswith="Stray").values_list("category__code", flat=True)) == {
        "other-practices",
        "water-management",
    }


@pytest.mark.django_db
def test_only_public_technologies_are_imported(tmp_path):
    draft = v1_record(
        4000, {SLM: [keyword(*SLM, "agroforestry")]}, name={"en": "Unfinished"}, status=("draft", "Draft")
    )
    approach = v1_record(4001, {}, name={"en": "An approach"})
    approach["code"] = "approaches_4001"
    output, _ = run(write(tmp_path, v1_list([draft, approach])))
    assert "technologies_4000: status is draft, only public sheets are imported" in output
    assert "approaches_4001: not a technology (approaches)" in output
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_a_broken_map_or_an_overlong_definition_costs_a_warning_not_the_sheet(tmp_path):
    record = v1_record(
        4100,
        {SLM: [keyword(*SLM, "minimal soil disturbance")]},
        name={"en": "Direct seeding"},
        definition={"en": "Seeds go straight into the untilled soil. " * 20},
        location="{not json",
    )
    undefined = v1_record(
        4101,
        {SLM: [keyword(*SLM, "minimal soil disturbance")]},
        name={"es": "Siembra directa"},
        definition={},
        description={"es": "Las semillas entran en el suelo sin labrar. La cobertura queda en su sitio."},
    )
    output, _ = run(write(tmp_path, [record, undefined]))
    assert "Created: 2" in output
    assert "technologies_4101: no definition: the start of the description stands in" in output
    assert Practice.objects.get(wocat_code="technologies_4101").definition_es.startswith("Las semillas entran")
    assert "technologies_4100: location_map is not valid GeoJSON: imported without a place on the map" in output
    assert "technologies_4100: definition (en) shortened to 400 characters" in output
    practice = Practice.objects.get(wocat_code="technologies_4100")
    assert practice.location is None and len(practice.definition_en) == 400
    assert practice.category.code == "conservation-agriculture"


# --- QCAT's raw keyword JSON and API v2 -------------------------------------------------------------
@pytest.mark.django_db
def test_raw_keyword_json_takes_its_code_from_the_file_name(tmp_path):
    data = raw_data(
        {SLM: [keyword(*SLM, "integrated soil fertility management")]},
        name={"en": "Compost pits"},
        definition={"en": "Pits filled with compost hold water and organic matter."},
    )
    output, _ = run(write(tmp_path, data, "technologies_4534.json"))
    assert "Read: 1 × QCAT raw keyword JSON" in output and "Created: 1" in output
    assert Practice.objects.get(wocat_code="technologies_4534").category.code == "organic-amendments"
    fetched = {"status": "draft", "data": data}  # API v2 "fetch questionnaire data"
    output, _ = run(write(tmp_path, fetched, "technologies_4535.json"))
    assert "technologies_4535: status is draft" in output


@pytest.mark.django_db
def test_api_v2_detail_is_read_by_its_english_labels(tmp_path):
    answer = v2_detail(
        {
            SLM: [keyword(*SLM, "pastoralism and grazing land management")],
            MEASURES: [keyword(*MEASURES, "management measures")],
            LAND_2018: [keyword(*LAND_2018, "Grazing land")],
            RAIN: [keyword(*RAIN, "< 250 mm")],
            WATER: keyword(*WATER, "rainfed"),
            COUNTRY: keyword(*COUNTRY, "Tanzania, United Republic of"),
        },
        name="Rotational grazing of the rangelands",
        definition="Herds move between paddocks so that grasses recover.",
        location=point(35.7, -3.4),
    )
    output, _ = run(write(tmp_path, answer, "technologies_2210.json"))
    assert "Read: 1 × QCAT API v2 detail" in output and "Created: 1" in output
    practice = Practice.objects.get(wocat_code="technologies_2210")
    assert practice.name_en == "Rotational grazing of the rangelands"
    assert practice.category.code == "grazing-management" and practice.measure_type == "management"
    assert list(practice.land_uses.values_list("code", flat=True)) == ["grassland"]
    assert (practice.rainfall_min_mm, practice.rainfall_max_mm, practice.water_supply) == (0, 250, "rainfed")
    assert [c.code for c in practice.countries] == ["TZ"]


@pytest.mark.django_db
def test_api_v2_detail_in_another_language_reports_the_labels_it_cannot_read(tmp_path):
    answer = v2_detail({}, name="Pâturage tournant", definition="Les troupeaux changent de parcelle.")
    answer["section_general_information"]["children"]["tech__1"]["children"]["tech__1__1"]["children"]["tech_qg_20"] = {
        "label": "",
        "children": {"tech_slm_group": {"label": "Groupe GDT", "value": [{"values": ["gestion des pâturages"]}]}},
    }
    output, _ = run(write(tmp_path, answer, "technologies_2211.json"), "--language", "fr")
    assert "? tech_slm_group “gestion des pâturages”: 1 record(s)" in output
    practice = Practice.objects.get(wocat_code="technologies_2211")
    assert (practice.name_fr, practice.category.code) == ("Pâturage tournant", "other-practices")


@pytest.mark.django_db
def test_an_api_v2_list_says_where_the_data_is(tmp_path):
    listing = {
        "count": 1,
        "next": "",
        "previous": "",
        "results": [
            {
                "name": "Zaï",
                "updated": "2017-06-28T14:43:10Z",
                "code": "technologies_1371",
                "edition": "2015",
                "url": "/en/wocat/technologies/view/technologies_1371/",
                "translations": ["en"],
                "details": "/en/api/v2/questionnaires/technologies_1371/",
            }
        ],
    }
    output, _ = run(write(tmp_path, listing))
    assert (
        "technologies_1371: an API v2 list record carries no data: download its details "
        "(/en/api/v2/questionnaires/technologies_1371/)" in output
    )


# --- Updates, duplicates, dry run, progress ---------------------------------------------------------
@pytest.fixture
def two_technologies(tmp_path):
    kenya = keyword(*COUNTRY, "Kenya")
    records = [
        v1_record(
            1501, {SLM: [keyword(*SLM, "agroforestry")], COUNTRY: kenya}, name={"en": "Grevillea on coffee farms"}
        ),
        v1_record(1502, {SLM: [keyword(*SLM, "water harvesting")]}, name={"en": "Zaï pits"}),
    ]
    return write(tmp_path, v1_list(records))


@pytest.mark.django_db
def test_a_second_import_of_the_same_codes_updates_with_a_new_version(two_technologies):
    run(two_technologies)
    Practice.objects.filter(wocat_code="technologies_1501").update(name_en="Edited locally")
    output, _ = run(two_technologies)
    assert "Created: 0" in output and "Updated: 2" in output
    assert Practice.objects.get(wocat_code="technologies_1501").name_en == "Grevillea on coffee farms"
    assert Practice.objects.count() == 2
    versions = PracticeVersion.objects.filter(practice__wocat_code="technologies_1501")
    assert [v.data["name_en"] for v in versions] == ["Grevillea on coffee farms", "Grevillea on coffee farms"]
    assert [v.number for v in versions] == [2, 1]


@pytest.mark.django_db
def test_likely_duplicates_are_reported_not_created(two_technologies):
    make_practice(name_en="Grevillea on coffee farms", countries=["KE"])
    output, _ = run(two_technologies)
    assert "technologies_1501: likely duplicate of “Grevillea on coffee farms”" in output
    assert Practice.objects.filter(name_en="Grevillea on coffee farms").count() == 1


@pytest.mark.django_db
def test_dry_run_shows_what_would_change_and_writes_nothing(two_technologies):
    run(two_technologies)
    Practice.objects.get(wocat_code="technologies_1502").delete()
    before = (Practice.objects.count(), PracticeVersion.objects.count())
    output, _ = run(two_technologies, "--dry-run")
    assert output.startswith("Dry run: nothing was written.")
    assert "Would be Created: 1" in output and "Would be Updated: 1" in output
    assert "  + technologies_1502: Zaï pits" in output
    assert "  ~ technologies_1501: Grevillea on coffee farms" in output
    assert (Practice.objects.count(), PracticeVersion.objects.count()) == before
    assert not Practice.objects.filter(wocat_code="technologies_1502").exists()


@pytest.mark.django_db
def test_large_files_show_their_progress(tmp_path):
    from scripts.qcat_sample import answer

    output, progress = run(write(tmp_path, answer(260)))
    assert "Created: 260" in output and "Skipped: 0" in output
    assert progress.splitlines()[0].startswith("250/260 records, ")
    assert progress.splitlines()[-1].startswith("260/260 records, ")
    assert "Unknown" not in output
    assert Practice.objects.filter(published=True).count() == 260


@pytest.mark.django_db
def test_a_file_costs_a_few_queries_per_record_whatever_its_size(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scripts.qcat_sample import answer

    counts = []
    for size in (20, 80):
        Practice.objects.all().delete()
        path = write(tmp_path, answer(size))
        with CaptureQueriesContext(connection) as queries:
            output, _ = run(path)
        assert f"Created: {size}" in output
        counts.append(len(queries))
    # 60 more records in the same batch: each costs its savepoint and its row, nothing per relation.
    assert counts[1] - counts[0] <= 60 * 3


# --- CSV ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_csv_import_creates_good_rows_and_skips_bad_ones_whole():
    output, _ = run(DATA / "practices.csv")
    assert "Created: 1" in output and "Skipped: 2" in output
    assert "Hedgerows on contour lines: lon/lat are not numbers" in output
    assert "Trench of broken depth: measurements:" in output
    biochar = Practice.objects.get(name_en="Biochar in rice paddies")
    assert biochar.name_es == "Biocarbón en arrozales"
    assert sorted(c.code for c in biochar.countries) == ["KH", "VN"]
    assert str(biochar.max_rate) == "0.90"
    # Nothing half-written from the failed row.
    assert not Practice.objects.filter(name_en="Trench of broken depth").exists()


@pytest.mark.django_db
def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{oops")
    with pytest.raises(CommandError, match="neither CSV nor JSON"):
        call_command("import_practices", str(path))


# --- The secretariat reads and extends the mapping in the admin --------------------------------------
@pytest.mark.django_db
def test_the_secretariat_reads_the_mapping_and_cannot_save_a_target_that_names_nothing(client_for):
    secretariat = client_for("secretariat")
    page = secretariat.get("/django-admin/practices/qcatmapping/?kind__exact=category").content.decode()
    assert keyword(*SLM, "agroforestry") in page and "Agroforestry" in page
    row = QcatMapping.objects.get(key="tech_slm_group", value=keyword(*SLM, "home gardens"))
    form = {f: getattr(row, f) for f in ("questiongroup", "key", "value", "label_en", "kind", "editions", "note")}
    refused = secretariat.post(
        f"/django-admin/practices/qcatmapping/{row.pk}/change/", {**form, "target": "gardens", "position": 5}
    )
    assert "“gardens” is not a term of this vocabulary." in refused.content.decode()
    secretariat.post(
        f"/django-admin/practices/qcatmapping/{row.pk}/change/", {**form, "target": "agroforestry", "position": 5}
    )
    row.refresh_from_db()
    assert row.target == "agroforestry"
    assert client_for("partner").get("/django-admin/practices/qcatmapping/").status_code == 302
