"""Practices in the browser: a farmer on a phone, a friend who proposes, the secretariat who publishes."""

import re

import pytest

from portal import roles
from tests.browser.test_journeys import assert_accessible
from tests.factories import PASSWORD, UserFactory, totp_code_to_type
from tests.practices.factories import make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_farmer_on_a_phone_searches_in_spanish_filters_opens_and_downloads(phone_page):
    make_practice(
        slug="cultivos-de-cobertura",
        category="cover-crops",
        name_en="Cover crops after maize",
        name_es="Cultivos de cobertura después del maíz",
        definition_es="Una mezcla de leguminosas cubre el suelo entre dos cosechas.",
        climate_zones=["tropical-moist"],
    )
    make_practice(
        category="cover-crops",
        name_es="Cultivos de cobertura en zonas secas",
        climate_zones=["tropical-dry"],
    )
    make_practice(name_es="Pastoreo rotativo", category="grazing-management")
    page = phone_page
    page.goto(page.base + "/es/practices/")
    assert_accessible(page)
    page.get_by_label("Buscar prácticas").fill("cultivos de cobertura")
    page.get_by_role("button", name="Buscar", exact=True).click()
    page.wait_for_url(re.compile(r"q=cultivos"))
    assert "2 prácticas encontradas" in page.locator(".result-count").inner_text()

    page.get_by_text("Filtros", exact=True).click()
    assert "Cultivos de cobertura (2)" in page.locator("details.filters").inner_text()
    page.get_by_label(re.compile(r"Tropical húmedo")).check()
    page.get_by_role("button", name=re.compile(r"^Aplicar")).click()
    page.wait_for_url(re.compile(r"climate=tropical-moist"))
    assert "1 práctica encontrada" in page.locator(".result-count").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.get_by_role("link", name="Cultivos de cobertura después del maíz").click()
    page.wait_for_url(re.compile(r"/es/practices/cultivos-de-cobertura/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cultivos de cobertura después del maíz"
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar la ficha (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "cultivos-de-cobertura.pdf"
    assert open(download.path(), "rb").read(8) == b"%PDF-1.7"


def test_friend_proposes_and_the_secretariat_publishes(browser_page):
    UserFactory(email="amie@example.org", role=roles.FRIEND, first_name="Amie")
    UserFactory(email="staff@example.org", role=roles.SECRETARIAT)
    page = browser_page

    page.goto(page.base + "/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill("amie@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/en/my/$"))
    assert_accessible(page)
    page.goto(page.base + "/en/practices/")
    assert_accessible(page)
    page.get_by_role("link", name="Propose a practice").click()
    assert_accessible(page)
    page.get_by_label("Name (English)").fill("Mulching with banana leaves")
    page.get_by_role("button", name="Send to the secretariat").click()
    # Incomplete: the draft is kept and the missing fields are named.
    assert "Choose a category." in page.locator("main").inner_text()
    assert page.get_by_label("Name (English)").input_value() == "Mulching with banana leaves"
    page.get_by_label("Definition in one sentence (English)").fill("Banana leaves cover the soil under coffee.")
    page.get_by_label("Category").select_option(label="Crop residue management")
    page.get_by_label("Measure type").select_option(label="Agronomic")
    page.get_by_role("button", name="Send to the secretariat").click()
    page.wait_for_url(re.compile(r"/en/practices/mine/$"))
    assert "Submitted" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.goto(page.base + "/en/accounts/login/")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code_to_type())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/en/my/$"))
    page.goto(page.base + "/en/practices/review/")
    assert_accessible(page)
    page.get_by_role("link", name="Mulching with banana leaves").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/en/practices/mulching-with-banana-leaves/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mulching with banana leaves"
    assert "Version 1, published on" in page.locator("main").inner_text()
    assert_accessible(page)
