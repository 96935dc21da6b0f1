"""The practices page, a sheet, its PDF and the comparison, as a visitor sees them."""

import pytest
from django.contrib.staticfiles import finders

from .factories import make_practice


def names(response):
    return [p.name for p in response.context["page"].object_list]


@pytest.fixture
def catalogue(db):
    return [
        make_practice(
            name_en="Shea parkland",
            climate_zones=["tropical-dry"],
            countries=["BF"],
            evidence="both",
            regions=["sub-saharan-africa"],
        ),
        make_practice(
            name_en="Cover crops",
            category="cover-crops",
            climate_zones=["warm-temperate-moist"],
            soil_groups=["lv"],
            countries=["FR"],
            evidence="scientific",
            measurements=[
                {"site": "Toulouse", "rate": "1.5", "duration_years": 10, "depth_to_cm": 30, "method": "paired"}
            ],
        ),
        make_practice(
            name_en="Peat rewetting",
            category="peatland-wetland",
            climate_zones=["tropical-wet"],
            land_uses=["wetlands"],
            countries=["ID"],
            measurements=[],
        ),
    ]


def test_filters_are_a_get_form_with_counts_and_a_shareable_url(client, catalogue):
    response = client.get("/en/practices/", {"climate": "warm-temperate-moist"})
    html = response.content.decode()
    assert names(response) == ["Cover crops"]
    assert '<form method="get"' in html
    # A facet's own counts ignore its own choice (the other zones say what they would add); the other
    # facets count the current results.
    facets = dict((term.code, n) for term, n in response.context["facets"]["climate"])
    assert facets["warm-temperate-moist"] == 1
    assert facets["tropical-dry"] == 1
    assert dict((t.code, n) for t, n in response.context["facets"]["category"])["agroforestry"] == 0
    assert 'value="warm-temperate-moist" checked' in html
    # Counts group by term, whatever the sheets' names.
    everything = client.get("/en/practices/")
    assert dict((t.code, n) for t, n in everything.context["facets"]["category"])["agroforestry"] == 1
    make = make_practice(name_en="Another agroforestry sheet")
    assert make.category.code == "agroforestry"
    everything = client.get("/en/practices/")
    assert dict((t.code, n) for t, n in everything.context["facets"]["category"])["agroforestry"] == 2


def test_every_facet_filters(client, catalogue):
    assert names(client.get("/en/practices/", {"category": "peatland-wetland"})) == ["Peat rewetting"]
    assert names(client.get("/en/practices/", {"soil": "lv"})) == ["Cover crops"]
    assert names(client.get("/en/practices/", {"landuse": "wetlands"})) == ["Peat rewetting"]
    assert names(client.get("/en/practices/", {"country": "BF"})) == ["Shea parkland"]
    assert names(client.get("/en/practices/", {"region": "sub-saharan-africa"})) == ["Shea parkland"]
    assert names(client.get("/en/practices/", {"evidence": "scientific"})) == ["Cover crops"]
    assert names(client.get("/en/practices/", {"rate": "1-2"})) == ["Cover crops"]
    assert names(client.get("/en/practices/", {"rate": "lt05"})) == []
    assert names(client.get("/en/practices/", {"climate": ["tropical-dry", "tropical-wet"]})) == [
        "Peat rewetting",
        "Shea parkland",
    ]


def test_sorting_by_rate_puts_unmeasured_sheets_last(client, catalogue):
    assert names(client.get("/en/practices/", {"sort": "rate"})) == ["Cover crops", "Shea parkland", "Peat rewetting"]


def test_pagination_keeps_the_filters(client, db):
    for n in range(23):
        make_practice(name_en=f"Sheet {n:02d}")
    response = client.get("/en/practices/", {"category": "agroforestry"})
    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert "?category=agroforestry&amp;page=2" in html
    assert len(names(client.get("/en/practices/", {"category": "agroforestry", "page": 2}))) == 3


def test_sheet_shows_its_results_and_sources(client, catalogue):
    response = client.get(catalogue[1].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cover crops</h1>" in html
    assert "Toulouse" in html and "1.50" in html
    assert "CC BY-SA 4.0" in html
    assert "Version 1, published on" in html


def test_sheet_falls_back_to_english_where_untranslated(client, db):
    practice = make_practice(name_en="Biochar in rice fields", name_fr="", name_es="")
    html = client.get(f"/es/practices/{practice.slug}/").content.decode()
    assert "<h1>Biochar in rice fields</h1>" in html


def test_sheet_page_weighs_under_100_kb_with_its_css(client, catalogue):
    response = client.get(catalogue[0].get_absolute_url())
    css = open(finders.find("css/portal.css"), "rb").read()
    total = len(response.content) + len(css)
    assert total < 100 * 1024, total


def test_unpublished_sheet_is_not_found(client, db):
    practice = make_practice(published=False, name_en="Hidden mulching trial")
    for url in (practice.get_absolute_url(), f"/en/practices/{practice.slug}/sheet.pdf"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "Page not found" in page and "Hidden mulching trial" not in page


def test_compare_shows_two_to_four_sheets_side_by_side(client, catalogue):
    ids = ",".join(str(p.pk) for p in catalogue[:3])
    html = client.get("/en/practices/compare/", {"ids": ids}).content.decode()
    for practice in catalogue:
        assert f">{practice.name}</a></th>" in html
    assert "Highest sequestration rate" in html
    # The list's checkboxes send ids=1&ids=2.
    response = client.get("/en/practices/compare/", {"ids": [catalogue[0].pk, catalogue[1].pk]})
    assert len(response.context["practices"]) == 2


def test_compare_refuses_one_or_unpublished_sheets(client, catalogue):
    hidden = make_practice(published=False)
    response = client.get("/en/practices/compare/", {"ids": f"{catalogue[0].pk},{hidden.pk}"})
    assert "Choose two to four published practices to compare." in response.content.decode()
    assert hidden.name not in response.content.decode()


def _image(title, size=(1600, 1000)):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", size, (60, 120, 40)).save(buffer, "JPEG", quality=95)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def test_photos_are_resized_renditions_without_extra_queries_per_photo(client, db, settings, tmp_path):
    from practices.models import Photo

    settings.MEDIA_ROOT = tmp_path
    one = make_practice(name_en="One photo")
    Photo.objects.create(practice=one, image=_image("a"), caption_en="Shea trees in a millet field")
    many = make_practice(name_en="Many photos")
    for n in range(5):
        Photo.objects.create(practice=many, image=_image(f"b{n}"), caption_en=f"Step {n}")
    # First views create the renditions; afterwards the page reads them with the sheet.
    client.get(one.get_absolute_url())
    client.get(many.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few_queries:
        html = client.get(one.get_absolute_url()).content.decode()
    with CaptureQueriesContext(connection) as many_queries:
        client.get(many.get_absolute_url())
    assert len(many_queries) == len(few_queries)
    assert 'alt="Shea trees in a millet field"' in html
    assert 'height="400"' in html and 'width="640"' in html
    assert ".webp" in html and "a.jpg" not in html.split("<main")[1]
