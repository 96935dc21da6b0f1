"""The Content-Security-Policy in a real browser: the maps and scripts of the public site work under the
strict policy, and Chromium reports no violation (it logs each refused script, style or connection in
the console); the Wagtail admin works under its own relaxed policy."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.test import Client

from portal import roles
from tests.conftest import wait_until
from tests.factories import UserFactory
from tests.partners.factories import OfficeFactory, OrganisationFactory
from tests.practices.factories import make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIOLATION = re.compile(r"Content Security Policy|Refused to (load|execute|apply|connect|frame)", re.I)


def _watch(page):
    """Every console message and page error of a tab, kept for the test to read."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def _violations(messages):
    return [m for m in messages if VIOLATION.search(m)]


def test_public_maps_work_under_the_strict_policy_without_a_violation(browser_page):
    data = Path(__file__).resolve().parents[1] / "partners" / "data" / "hotspots.geojson"
    call_command("import_hotspots", str(data), stdout=StringIO())
    org = OrganisationFactory(name="Mapped Lab", slug="mapped")
    OfficeFactory(organisation=org, location=Point(10.5, -3.25, srid=4326))
    practice = make_practice(name_en="Shea parkland", location=[[-1.5, 12.3]])
    page = browser_page
    messages = _watch(page)

    # The partner map: Leaflet, the grid clusters and the hotspot layer, all from our static files.
    response = page.goto(page.base + "/en/partners/map/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    page.locator("#partner-map.leaflet-container").wait_for()
    wait_until(page, "document.getElementById('map-count').textContent.startsWith('1 ')")
    assert page.locator("#partner-map .leaflet-marker-icon").count() == 1  # the office's marker
    page.get_by_label(re.compile("Hotspots")).check()
    wait_until(page, "document.querySelectorAll('path.leaflet-interactive').length === 2")  # the 2 hotspots
    # Our stylesheet (not an inline <style>) sizes the map.
    assert page.evaluate("document.getElementById('partner-map').getBoundingClientRect().height") > 300

    # A practice sheet's map, loaded only when opened (static/js/map_loader.js).
    page.goto(page.base + f"/en/practices/{practice.slug}/")
    page.locator("details.map-results summary").click()
    page.locator("details.map-results .leaflet-container").wait_for()
    wait_until(page, "document.querySelectorAll('.leaflet-marker-icon').length === 1")

    # The list of practices and the home page.
    page.goto(page.base + "/en/practices/")
    page.locator("details.map-results summary").click()
    page.locator("details.map-results .leaflet-container").wait_for()
    page.goto(page.base + "/en/")
    assert _violations(messages) == [], messages


def test_the_cms_works_under_its_relaxed_policy(browser_page):
    staff = UserFactory(email="cms@example.org", role=roles.SECRETARIAT)
    client = Client()
    client.force_login(staff)
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base}]
    )
    messages = _watch(page)
    response = page.goto(page.base + "/cms/pages/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.get_by_role("heading", name=re.compile("Pages|Root|Welcome")).first.wait_for()
    page.goto(page.base + "/cms/")
    page.get_by_role("heading", level=1).first.wait_for()
    # The page editor (Draftail, StreamField, the preview panel's frame).
    from wagtail.models import Page

    home = Page.objects.get(depth=2, locale__language_code="en")
    page.goto(page.base + f"/cms/pages/{home.pk}/edit/")
    page.locator("form#page-edit-form").wait_for()
    page.wait_for_load_state("networkidle")
    assert _violations(messages) == [], messages
