"""The partner map can show the hotspot layer."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.test_journeys import assert_accessible
from tests.conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_switches_on_the_hotspot_layer(browser_page):
    data = Path(__file__).resolve().parents[1] / "partners" / "data" / "hotspots.geojson"
    call_command("import_hotspots", str(data), stdout=StringIO())
    page = browser_page
    page.goto(page.base + "/fr/partners/map/")
    toggle = page.get_by_label(re.compile("Points chauds"))
    assert not toggle.is_checked()
    assert page.locator("path.leaflet-interactive").count() == 0
    toggle.check()
    wait_until(page, "document.querySelectorAll('path.leaflet-interactive').length === 2")
    assert_accessible(page)


def test_visitor_opens_the_initiatives_map_and_switches_on_the_hotspot_layer(browser_page):
    """The lazily loaded maps (initiatives, practices) use the same shared hotspot script."""
    data = Path(__file__).resolve().parents[1] / "partners" / "data" / "hotspots.geojson"
    call_command("import_hotspots", str(data), stdout=StringIO())
    page = browser_page
    page.goto(page.base + "/es/initiatives/")
    assert page.locator("script[src$='js/hotspots.js']").count() == 0  # nothing loaded before opening
    page.locator("details.map-results summary").click()
    toggle = page.get_by_label(re.compile("Puntos críticos"))
    toggle.wait_for()
    assert_accessible(page)  # with the map open
    assert page.locator("path.leaflet-interactive").count() == 0
    toggle.check()
    wait_until(page, "document.querySelectorAll('path.leaflet-interactive').length === 2")
    page.locator("path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    # The units in the page's language, the numbers written as Spanish writes them.
    assert "t C/ha/año" in popup.inner_text() and "t C/ha/yr" not in popup.inner_text()
    assert page.locator(".map-legend").get_by_text("Potencial de secuestro").is_visible()
