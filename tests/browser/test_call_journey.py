"""One whole call in the browser: self-assessment, draft and submission with the location placed on
the map, assignment, conflict declaration, two reviews (one first submitted incomplete: the error
summary), decision, reviewing closed by the chair, the publish summary confirmed, funder interest;
axe-core on the applicant's, reviewer's and chair's pages."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from portal import roles
from projects.models import FunderInterest, Proposal, Review
from tests.browser.test_journeys import assert_accessible
from tests.conftest import wait_until
from tests.factories import UserFactory
from tests.projects.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login_as(page, user):
    """Sign ``user`` in by giving the browser a session made by the test client (the login and
    TOTP pages have their own journey in test_journeys.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.base}])


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ANDES = (-72.5, -13.5)  # longitude, latitude


def place_on_map(page, lon, lat):
    """Click the proposal form's map where (lon, lat) is drawn; return the longitude and latitude
    Leaflet gives for the pixel actually clicked."""
    wait_until(page, "() => document.querySelector('[data-location-map]').leafletMap !== undefined")
    x, y = page.evaluate(
        """([lon, lat]) => { const p = document.querySelector('[data-location-map]').leafletMap
            .latLngToContainerPoint([lat, lon]); return [Math.round(p.x), Math.round(p.y)]; }""",
        [lon, lat],
    )
    clicked = page.evaluate(
        """([x, y]) => { const ll = document.querySelector('[data-location-map]').leafletMap
            .containerPointToLatLng([x, y]).wrap(); return [ll.lng, ll.lat]; }""",
        [x, y],
    )
    page.locator("[data-location-map]").click(position={"x": x, "y": y})
    return clicked


def test_one_whole_call(browser_page):
    page = browser_page
    # No network here: map tiles are refused at once (the maps work on a grey background).
    page.route(re.compile(r"tile\.openstreetmap\.org"), lambda route: route.abort())
    call = CallFactory()
    applicant = UserFactory(email="holder@example.org")
    first = UserFactory(email="first@example.org", role=roles.STC_REVIEWER)
    second = UserFactory(email="second@example.org", role=roles.STC_REVIEWER)
    chair = UserFactory(email="chair@example.org", role=roles.STC_CHAIR)
    funder = UserFactory(email="funder@example.org", role=roles.FUNDER)

    # A visitor self-assesses without an account.
    page.goto(f"{page.base}/en/calls/{call.year}/self-assessment/")
    page.get_by_role("group", name="Carbon stock").get_by_label("5 – top").check()
    page.get_by_role("group", name="Team readiness").get_by_label("0", exact=True).check()
    page.get_by_role("button", name="See my result").click()
    assert "Your weighted result: 75.0 %" in page.locator("main").inner_text()
    assert_accessible(page)

    # The applicant drafts, leaves, comes back and submits.
    login_as(page, applicant)
    page.goto(f"{page.base}/en/my/proposals/new/{call.year}/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Terraces of the Andes")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/en/my/proposals/\d+/$"))
    assert "Your draft was saved" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{page.base}/en/my/proposals/")
    assert_accessible(page)
    page.get_by_role("link", name="Terraces of the Andes").click()
    page.get_by_label("Organisation").fill("Andes Soil Network")
    page.get_by_label("Summary").fill("Stone terraces and cover crops.")
    page.get_by_label("Country").select_option("PE")
    page.get_by_label("Duration (months)").fill("24")
    page.get_by_label("Expected soil organic carbon outcome").fill("+0.2 t C/ha/yr")
    page.get_by_label("Measurement, reporting and verification plan").fill("Yearly sampling")
    page.get_by_label("Requested amount").fill("900")
    page.get_by_label("Declaration of consent").check()
    page.get_by_label("Budget item").first.fill("Seeds")
    page.get_by_label("Amount", exact=True).first.fill("1000")
    # The applicant clicks on the Andes; the map writes the point into the GeoJSON field.
    clicked = place_on_map(page, *ANDES)
    field = page.get_by_label("Location (GeoJSON point, longitude and latitude)")
    written = json.loads(field.input_value())
    assert written["type"] == "Point"
    # Within one screen pixel of the place clicked (about 0.7° at the world view; the element sits
    # on a fractional pixel, so the browser's click can land half a pixel away).
    assert written["coordinates"] == pytest.approx(clicked, abs=0.75)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-location-map]").screenshot(path=ARTIFACTS / "proposal-location-map.png")
    page.get_by_role("button", name="Submit the proposal").click()
    assert "Your proposal was submitted" in page.locator("main").inner_text()
    proposal = Proposal.objects.get(title="Terraces of the Andes", status="submitted")
    # Stored in EPSG:4326 exactly as the map wrote it, in the Andes where the person clicked.
    assert proposal.location.srid == 4326
    assert [proposal.location.x, proposal.location.y] == pytest.approx(written["coordinates"], abs=1e-9)
    assert (proposal.location.x, proposal.location.y) == pytest.approx(ANDES, abs=1.0)

    # The chair assigns two reviewers.
    login_as(page, chair)
    page.goto(f"{page.base}/en/review/calls/{call.year}/")
    assert_accessible(page)
    for reviewer in (first, second):
        page.get_by_label("Add a reviewer").select_option(label=f"{reviewer.email} (English)")
        page.get_by_role("button", name="Assign", exact=True).click()
        assert f"{reviewer} was assigned." in page.locator("main").inner_text()

    # Each reviewer declares no conflict, then reviews.
    for reviewer, value in ((first, "4"), (second, "2")):
        login_as(page, reviewer)
        page.goto(f"{page.base}/en/review/")
        assert_accessible(page)
        assert "Stone terraces" not in page.locator("main").inner_text()
        assert "1 review is due by" in page.locator("main").inner_text()
        page.get_by_role("button", name="No conflict").click()
        page.wait_for_url(re.compile(r"/en/review/\d+/$"))
        # The reviewer sees the project's place on a small map.
        page.locator(".location-map .leaflet-marker-icon").wait_for()
        assert_accessible(page)
        page.get_by_label(re.compile(r"^Carbon stock:?$")).select_option(value)
        page.get_by_label(re.compile(r"^MRV plan:?$")).select_option(value)
        if reviewer == first:
            # Submitted too early: the draft is kept and a summary at the top links to what is missing.
            page.get_by_role("button", name="Submit my review").click()
            summary = page.locator(".error-summary")
            assert "Recommendation: Choose a recommendation before you submit." in summary.inner_text()
            page.screenshot(path=ARTIFACTS / "review-error-summary.png")
            summary.get_by_role("link", name=re.compile("^Recommendation")).click()
            assert page.url.endswith("#id_recommendation")
            assert page.get_by_label(re.compile(r"^Carbon stock:?$")).input_value() == value
            assert Review.objects.get(assignment__reviewer=first).status == "draft"
        page.get_by_label("Recommendation").select_option("fund")
        page.get_by_label("Feedback to the applicant").fill(f"Feedback {value}")
        page.get_by_role("button", name="Submit my review").click()
        assert "Your review was submitted." in page.locator("main").inner_text()
    assert Review.objects.filter(assignment__proposal=proposal, status="submitted").count() == 2
    assert "Feedback 4" in page.locator("main").inner_text()  # the second reviewer now sees the first review

    # The chair stages a positive decision and publishes.
    login_as(page, chair)
    page.goto(f"{page.base}/en/review/calls/{call.year}/")
    assert "3.00" in page.locator("table.ranking").inner_text()
    page.get_by_role("link", name="Terraces of the Andes").click()
    page.wait_for_url(re.compile(r"/en/review/proposals/\d+/$"))
    assert_accessible(page)
    page.get_by_label("Decision").select_option("positive")
    page.get_by_label("Feedback to the applicant").fill("A promising project.")
    page.get_by_role("button", name="Stage the decision").click()
    page.goto(f"{page.base}/en/review/calls/{call.year}/")
    # The call is still open: the chair closes reviewing first, confirming on its own page.
    page.get_by_role("link", name="Publish the decisions").click()
    assert "Reviewing is still open" in page.locator("main").inner_text()
    page.get_by_role("link", name="Close reviewing now").click()
    page.wait_for_url(re.compile(r"/close-reviewing/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: close reviewing").click()
    # The publish page says what will happen before anything does.
    main = page.locator("main").inner_text()
    assert "Reviewing is closed" in main
    assert "1 positive decision is published." in main and "1 person is mailed" in main
    assert "Every proposal has all the reviews asked." in main
    assert not Proposal.objects.filter(pk=proposal.pk, status="decided").exists()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "publish-summary.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: publish the decisions and mail the applicants").click()
    assert "1 decisions were published and mailed." in page.locator("main").inner_text()

    # The applicant sees the decision and feedback, and no reviewer.
    login_as(page, applicant)
    page.goto(f"{page.base}/en/my/proposals/{proposal.pk}/")
    main = page.locator("main").inner_text()
    assert "A promising project." in main and "first@example.org" not in main
    page.locator(".location-map .leaflet-marker-icon").wait_for()

    # A funder finds it and offers a feasibility study.
    login_as(page, funder)
    page.goto(f"{page.base}/en/funders/")
    assert_accessible(page)
    page.get_by_role("link", name="Terraces of the Andes").click()
    page.locator(".location-map .leaflet-marker-icon").wait_for()
    assert_accessible(page)  # with the map open
    assert f"{proposal.location.y:.4f}, {proposal.location.x:.4f}" in page.locator("dd.location").inner_text()
    page.get_by_label("Your interest").select_option("feasibility")
    page.get_by_role("button", name="Express interest").click()
    assert "You expressed interest" in page.locator("main").inner_text()
    assert FunderInterest.objects.filter(proposal=proposal, funder=funder, kind="feasibility").exists()
