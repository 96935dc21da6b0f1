"""manage.py import_practices: WOCAT QCAT (2015 and 2018 editions) and CSV."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from practices.models import Practice

from .factories import make_practice

DATA = Path(__file__).parent / "data"


def run(name):
    out = StringIO()
    call_command("import_practices", str(DATA / name), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_qcat_import_maps_both_editions_and_reports_what_it_skipped():
    output = run("qcat_technologies.json")
    assert "Created: 2" in output and "Updated: 0" in output and "Skipped: 3" in output
    assert "technologies_4000: status is draft, only public sheets are imported" in output
    assert "technologies_4001: location_map is not valid GeoJSON" in output
    assert "technologies_4002: no SLM group that maps to a practice category" in output

    grevillea = Practice.objects.get(wocat_code="technologies_1501")
    assert grevillea.published
    assert (grevillea.name_en, grevillea.name_fr) == (
        "Grevillea agroforestry on coffee farms",
        "Agroforesterie à Grevillea dans les caféières",
    )
    assert grevillea.local_name == "Miti ya kivuli"
    assert grevillea.category.code == "agroforestry"
    assert grevillea.measure_type == "vegetative"
    assert [c.code for c in grevillea.countries] == ["KE"]
    assert [(p.x, p.y) for p in grevillea.location] == [(37.45, -0.53)]
    assert sorted(grevillea.land_uses.values_list("code", flat=True)) == ["cropland"]
    assert grevillea.wocat_url == "https://qcat.wocat.net/en/wocat/technologies/view/technologies_1501/"
    assert str(grevillea.documented_on) == "2019-03-12"

    zai = Practice.objects.get(wocat_code="technologies_3702")  # 2018 edition: tech_landuse_2018
    assert zai.original_language == "fr"
    assert zai.category.code == "organic-amendments"
    assert sorted(c.code for c in zai.countries) == ["BF", "NE"]
    assert list(zai.land_uses.values_list("code", flat=True)) == ["cropland"]
    assert round(zai.location[0].x, 2) == -1.5 and round(zai.location[0].y, 2) == 13.1  # polygon → centre
    assert not Practice.objects.filter(name_en__in=["Unfinished sheet", "Broken map sheet"]).exists()


@pytest.mark.django_db
def test_second_import_of_the_same_codes_updates_instead_of_duplicating():
    run("qcat_technologies.json")
    Practice.objects.filter(wocat_code="technologies_1501").update(name_en="Edited locally")
    output = run("qcat_technologies.json")
    assert "Created: 0" in output and "Updated: 2" in output
    assert Practice.objects.filter(wocat_code="technologies_1501").get().name_en == (
        "Grevillea agroforestry on coffee farms"
    )
    assert Practice.objects.count() == 2


@pytest.mark.django_db
def test_likely_duplicates_are_reported_not_created():
    make_practice(name_en="Grevillea agroforestry on coffee farms", countries=["KE"])
    output = run("qcat_technologies.json")
    assert "technologies_1501: likely duplicate of “Grevillea agroforestry on coffee farms”" in output
    assert Practice.objects.filter(name_en="Grevillea agroforestry on coffee farms").count() == 1


@pytest.mark.django_db
def test_csv_import_creates_good_rows_and_skips_bad_ones_whole():
    output = run("practices.csv")
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
