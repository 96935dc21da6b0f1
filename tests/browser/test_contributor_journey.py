"""A contributor on a phone, in Spanish, proposes a sheet: types it, places it on the map, saves it."""

import re
from pathlib import Path

import pytest

from portal import roles
from practices.models import PracticeDraft
from tests.browser.test_journeys import assert_accessible
from tests.factories import PASSWORD, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_contributor_on_a_phone_types_the_sheet_places_it_on_the_map_and_saves(phone_page):
    UserFactory(email="amiga@example.org", role=roles.FRIEND, first_name="Amiga")
    page = phone_page
    page.goto(page.base + "/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").press_sequentially("amiga@example.org")
    page.get_by_label("Password").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$|/profile|/my/"))
    assert_accessible(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(page.base + "/es/practices/propose/")
    # The page's language comes first: the Spanish fields are the first of the form.
    first = page.locator("#draft-form input[type=text], #draft-form textarea").first
    assert first.get_attribute("name") == "name_es"
    page.get_by_label("Nombre (español)").press_sequentially("Acolchado con hojas de plátano")
    page.get_by_label("Definición en una frase (español)").press_sequentially(
        "Las hojas de plátano cubren el suelo bajo el café."
    )
    page.get_by_label("Categoría").select_option(label="Manejo de residuos de cultivos")

    picker = page.locator(".place-picker-map")
    picker.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.place-picker-map').leafletMap !== undefined")
    box = picker.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 200  # a usable map on a 360 px screen
    picker.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.5})
    picker.click(position={"x": box["width"] * 0.7, "y": box["height"] * 0.4})
    markers = picker.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    field = page.get_by_label("Lugares en el mapa (GeoJSON, EPSG:4326)")
    assert field.is_visible()  # the fallback stays in sight, written by the map
    assert len(eval_points(field.input_value())) == 2
    page.screenshot(path=str(ARTIFACTS / "contributor-two-places.png"), full_page=False)
    markers.first.click()  # a click on a place removes it
    assert markers.count() == 1
    points = eval_points(field.input_value())
    assert len(points) == 1
    page.screenshot(path=str(ARTIFACTS / "contributor-one-place.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)  # with the map open

    page.get_by_role("button", name=re.compile(r"^Guardar")).click()
    page.wait_for_url(re.compile(r"/es/practices/drafts/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Acolchado con hojas de plátano"
    page.screenshot(path=str(ARTIFACTS / "contributor-draft-page.png"), full_page=True)
    [draft] = PracticeDraft.objects.all()
    assert draft.data["name_es"] == "Acolchado con hojas de plátano"
    assert draft.data["location"] == points
    assert draft.data["original_language"] == "es"
    assert_accessible(page)


def eval_points(text):
    import json

    return json.loads(text)["coordinates"] if text.strip() else []
