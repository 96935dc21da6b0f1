"""Every map of the portal in a real browser: nothing of /static/ answers 4xx (Leaflet's marker images
were guessed wrongly as /static/leafletmarker-icon.png), and the partner editor's office map is usable
on a phone and a desktop: tall enough, a click or a drag of the marker moves the office, the point lands
in the visible GeoJSON field and in the revision."""

import json

import pytest
from django.contrib.gis.geos import Point

from partners.models import SheetRevision
from portal import roles
from tests.browser.test_journeys import assert_accessible
from tests.browser.test_partners_journey import _log_in
from tests.conftest import wait_until
from tests.factories import UserFactory
from tests.partners.factories import EditorFactory, OfficeFactory, OrganisationFactory
from tests.practices.factories import make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _static_errors(page):
    errors = []
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    return errors


def _editor(slug="terra-lab"):
    org = OrganisationFactory(slug=slug, name="Terra Lab", description_en="Old English text.")
    OfficeFactory(organisation=org, location=Point(2.0, 48.0, srid=4326))
    editor = UserFactory(email="terra-editor@example.org", role=roles.PARTNER_EDITOR)
    EditorFactory(user=editor, organisation=org)
    return org


def test_no_map_page_asks_for_a_missing_static_file(browser_page):
    OfficeFactory(organisation=OrganisationFactory(name="Mapped Lab", slug="mapped"), location=Point(10.5, -3.25))
    practice = make_practice(name_en="Shea parkland", location=[[-1.5, 12.3]])
    page = browser_page
    errors = _static_errors(page)

    page.goto(page.base + "/en/partners/map/")
    wait_until(page, "document.getElementById('map-count').textContent.startsWith('1 ')")
    assert_accessible(page)

    for address in (f"/en/practices/{practice.slug}/", "/en/practices/"):
        page.goto(page.base + address)
        page.locator("details.map-results summary").click()
        page.locator("details.map-results .leaflet-marker-icon").first.wait_for()
        wait_until(page, "[...document.images].every(i => i.complete)")
        assert_accessible(page)  # with the map open

    _editor()
    _log_in(page, "terra-editor@example.org")
    page.goto(page.base + "/en/my/organisation/terra-lab/")
    page.locator(".location-map .leaflet-marker-icon").wait_for()
    wait_until(page, "[...document.images].every(i => i.complete)")
    assert_accessible(page)
    shadow = page.locator(".location-map .leaflet-marker-shadow")
    assert "/static/leaflet/images/marker-shadow.png" in shadow.get_attribute("src")
    assert errors == []


def _point(page):
    value = json.loads(page.get_by_label("Location of the head office").input_value())
    assert value["type"] == "Point"
    return value["coordinates"]


# The page fixtures are arguments, not request.getfixturevalue() calls: the first transactional test of
# a run that started the browser from inside its body left the next test a flushed database that was
# not restored (its migrations' rows missing).
def test_editor_places_the_office_on_the_map_and_the_revision_holds_it_on_a_phone(phone_page):
    _office_journey(phone_page, "phone")


def test_editor_places_the_office_on_the_map_and_the_revision_holds_it_on_a_desktop(browser_page):
    _office_journey(browser_page, "desktop")


def _office_journey(page, device):
    org = _editor()
    _log_in(page, "terra-editor@example.org")
    page.goto(page.base + "/en/my/organisation/terra-lab/")
    office_map = page.get_by_role("region", name="Map: click or drag the marker to place the head office")
    office_map.locator(".leaflet-marker-icon").wait_for()
    box = office_map.bounding_box()
    assert box["height"] >= 250 and box["width"] >= 300
    assert _point(page) == [2.0, 48.0]
    assert_accessible(page)

    # Down and left of the office, then up and right of it: the field follows each click.
    office_map.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.75})
    west_south = _point(page)
    assert west_south[0] < 2.0 and west_south[1] < 48.0
    office_map.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.3})
    east_north = _point(page)
    assert east_north[0] > 2.0 and east_north[1] > 48.0
    marker = office_map.locator(".leaflet-marker-icon")
    page.screenshot(path=f"/tmp/office-map-{device}.png", full_page=False)
    if device == "desktop":
        # Dragging the marker to the left moves the office west.
        page.wait_for_timeout(600)  # past Leaflet's double-click window of the last click
        marker_box = marker.bounding_box()
        x, y = marker_box["x"] + marker_box["width"] / 2, marker_box["y"] + marker_box["height"] - 8
        page.mouse.move(x, y)
        page.mouse.down()
        page.wait_for_timeout(100)
        page.mouse.move(x - 40, y, steps=5)
        page.mouse.move(x - 80, y, steps=5)
        page.mouse.up()
        dragged = _point(page)
        assert dragged[0] < east_north[0] and abs(dragged[1] - east_north[1]) < 1
        east_north = dragged

    page.get_by_role("button", name="Submit for review").click()
    assert "waiting for the secretariat" in page.locator("main").inner_text()
    assert_accessible(page)
    revision = SheetRevision.objects.get(organisation=org, status=SheetRevision.Status.PENDING)
    assert revision.data["location"] == east_north


def _focused(page):
    return page.evaluate("document.activeElement.getAttribute('title') || document.activeElement.textContent")


def test_keyboard_reaches_clusters_and_offices_and_spreads_offices_at_one_point(browser_page):
    for name in ("Soil Lab", "Carbon Farm"):  # two organisations with offices at the same address
        OfficeFactory(organisation=OrganisationFactory(name=name), location=Point(3.0, 45.0), label="Clermont")
    OfficeFactory(organisation=OrganisationFactory(name="Far Away"), location=Point(120.0, -30.0), label="Perth")
    page = browser_page
    page.goto(page.base + "/en/partners/map/")
    wait_until(page, "document.getElementById('map-count').textContent.startsWith('3 ')")
    assert_accessible(page)

    # Zoom buttons and the layer control do not overlap.
    zoom = page.locator("#partner-map .leaflet-control-zoom").bounding_box()
    layers = page.locator("#partner-map .leaflet-control-layers").bounding_box()
    assert zoom["x"] + zoom["width"] <= layers["x"] or layers["y"] >= zoom["y"] + zoom["height"]

    # Tab through the map: the cluster of two, then the lone office, are reachable.
    cluster = page.locator("#partner-map .marker-cluster")
    cluster.wait_for()
    assert cluster.inner_text().strip() == "2"
    seen = []
    page.locator("#partner-map").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(_focused(page).strip())
        if seen[-1] == "2":
            break
    assert seen[-1] == "2", seen
    page.keyboard.press("Enter")  # the same point at any zoom: the offices spread out around it
    offices = page.locator("#partner-map .office-icon")
    wait_until(page, "document.querySelectorAll('#partner-map .office-icon').length >= 2")
    titles = sorted(offices.nth(i).get_attribute("title") for i in range(offices.count()))
    assert "Carbon Farm, Clermont" in titles and "Soil Lab, Clermont" in titles
    page.locator("#partner-map .office-icon[title='Soil Lab, Clermont']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Soil Lab" in popup.inner_text() and popup.get_by_role("link", name="Open the sheet").count() == 1
    page.screenshot(path="/tmp/partner-map-spider.png")


def _clusters_journey(page, size):
    """The list's map groups nearby places (50,000 at the Initiative's size would freeze a phone as
    single markers): the visitor opens the map, taps the cluster until the places part, taps one and
    follows its name to the sheet."""
    for n in range(25):
        make_practice(name_en=f"Zai pits {n:02d}", location=[[-1.5 + n * 0.01, 12.3 + n * 0.01]])
    errors = _static_errors(page)
    page.goto(page.base + "/en/practices/")
    page.locator("details.map-results summary").click()
    cluster = page.locator("details.map-results .marker-cluster").first
    cluster.wait_for()
    assert cluster.inner_text() == "25"
    box = page.locator("details.map-results .map").bounding_box()
    assert box["height"] >= 250 and box["width"] >= 300  # a map, not a strip
    page.locator("details.map-results .map").scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/practices-clusters-{size}.png", full_page=False)
    assert_accessible(page)  # with the clusters drawn
    single = page.locator("details.map-results .leaflet-marker-icon:not(.marker-cluster)")
    for _ in range(8):  # each tap zooms into the cluster, until single places show
        if single.count():
            break
        page.locator("details.map-results .marker-cluster").first.click()
        page.wait_for_timeout(600)  # the zoom animation
    single.first.click()
    link = page.locator(".leaflet-popup-content a")
    name = link.inner_text()
    assert name.startswith("Zai pits ")
    link.click()
    page.wait_for_url("**/en/practices/*/")
    assert page.locator("h1").inner_text() == name
    assert_accessible(page)
    assert errors == []


def test_many_practices_are_clusters_and_a_tap_leads_to_a_sheet_on_a_phone(phone_page):
    _clusters_journey(phone_page, "phone")


def test_many_practices_are_clusters_and_a_click_leads_to_a_sheet_on_a_desktop(browser_page):
    _clusters_journey(browser_page, "desktop")


def test_a_cms_map_block_of_practices_draws_clusters_from_the_places(browser_page):
    """A CMS page's map block (static/js/map_block.js) loads Leaflet and the clusters when opened and
    reads the places' light file."""
    from portal.models import HomePage, StandardPage

    for n in range(12):
        make_practice(name_en=f"Half-moon {n:02d}", location=[[2.1 + n * 0.01, 13.5]])
    home = HomePage.objects.get(locale__language_code="en")
    page = home.add_child(
        instance=StandardPage(
            title="Where it works",
            slug="where-it-works",
            body=[{"type": "map", "value": {"layer": "practices", "title": "Practices on a map"}}],
        )
    )
    page.save_revision().publish()
    tab = browser_page
    errors = _static_errors(tab)
    asked = []
    tab.on("request", lambda r: asked.append(r.url) if "/api/v1/" in r.url else None)
    tab.goto(tab.base + "/en/where-it-works/")
    tab.get_by_text("Practices on a map").click()
    cluster = tab.locator(".map-block .marker-cluster").first
    cluster.wait_for()
    assert cluster.inner_text() == "12"
    assert [url.split("/api/v1/")[1] for url in asked] == ["practice-places.geojson"]
    assert_accessible(tab)
    assert errors == []
