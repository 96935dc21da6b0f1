"""One whole call in the browser: self-assessment, draft (a budget line added with the button, a
document and a co-applicant before the first save, the document removed and another uploaded) and
submission confirmed with the location placed on the map, reopened and submitted again as version 2
(also on a 360 px phone), assignment, conflict declaration, two reviews (one first submitted incomplete: the error
summary), decision, reviewing closed by the chair, the publish summary confirmed, funder interest;
axe-core on the applicant's, reviewer's and chair's pages."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from portal import roles
from projects.models import FunderInterest, Proposal, ProposalDocument, Review
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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def see(page, text):
    """Wait until the page's main part shows ``text`` (the next page after a click), and return it."""
    page.locator("main", has_text=text).wait_for()
    return page.locator("main").inner_text()


def applicant_steps(page, call, applicant, *, with_map=False, shots="desktop"):
    """The applicant's steps as a person takes them: a new proposal with a budget line added by the
    button, a document and a co-applicant given before the first save, the document removed and
    another uploaded, the submission confirmed, reopened, changed and submitted again (version 2).
    Screenshots go to test-artifacts/call-<shots>-*.png. Returns the proposal."""
    ARTIFACTS.mkdir(exist_ok=True)
    login_as(page, applicant)
    page.goto(f"{page.base}/en/my/proposals/new/{call.year}/")
    assert_accessible(page)
    main = page.locator("main")
    assert "Europe/Paris (" in main.inner_text() and "UTC)" in main.inner_text()
    page.get_by_label(re.compile(r"^Title:?$")).fill("Terraces of the Andes")
    # Two empty lines to start with; the button adds a third without leaving the page.
    assert page.get_by_label("Budget item").count() == 2
    page.get_by_role("button", name="Add a line").click()
    assert page.get_by_label("Budget item").count() == 3
    assert page.locator("input[name='budget-TOTAL_FORMS']").input_value() == "3"
    page.get_by_label("Budget item").nth(0).fill("Seeds")
    page.get_by_label("Amount", exact=True).nth(0).fill("600")
    page.get_by_label("Budget item").nth(1).fill("Soil analyses")
    page.get_by_label("Amount", exact=True).nth(1).fill("300")
    page.get_by_label("Budget item").nth(2).fill("Fences")
    page.get_by_label("Amount", exact=True).nth(2).fill("100")
    # A document and a co-applicant before the first save: the draft is saved first.
    page.get_by_label("Document title").fill("Work plan")
    page.get_by_label("PDF file (10 MB at most)").set_input_files(_pdf("work-plan.pdf"))
    page.get_by_label("Co-applicant's e-mail address").fill("colleague@example.org")
    page.screenshot(path=ARTIFACTS / f"call-{shots}-new-proposal.png", full_page=True)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/en/my/proposals/\d+/$"))
    text = see(page, "Your draft was saved first")
    assert "Your draft was saved first" in text
    assert "The document “Work plan” was attached." in text
    assert "An invitation was sent to colleague@example.org." in text
    proposal = Proposal.objects.get(title="Terraces of the Andes")
    assert list(proposal.budget_lines.values_list("label", flat=True)) == ["Seeds", "Soil analyses", "Fences"]
    assert "not accepted yet" in page.locator("#team").inner_text()
    assert_accessible(page)
    # The applicant removes the document (asked first), then uploads the right one.
    page.get_by_role("link", name="Remove (Work plan)").click()
    see(page, "Remove this document?")
    assert_accessible(page)
    page.get_by_role("button", name="Remove the document").click()
    see(page, "The document “Work plan” was removed.")
    assert not ProposalDocument.objects.filter(proposal=proposal).exists()
    page.get_by_label("Document title").fill("Budget annex")
    page.get_by_label("PDF file (10 MB at most)").set_input_files(_pdf("annex.pdf"))
    page.get_by_label("Summary").fill("Stone terraces.")
    page.get_by_role("button", name="Add the document").click()
    see(page, "The document “Budget annex” was attached.")
    # The summary typed before attaching was saved with the document, not lost.
    assert page.get_by_label("Summary").input_value() == "Stone terraces."
    page.screenshot(path=ARTIFACTS / f"call-{shots}-saved-draft.png", full_page=True)
    # Leaves, comes back, completes the draft.
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
    written = None
    if with_map:
        # The applicant clicks on the Andes; the map writes the point into the GeoJSON field.
        clicked = place_on_map(page, *ANDES)
        field = page.get_by_label("Location (GeoJSON point, longitude and latitude)")
        written = json.loads(field.input_value())
        assert written["type"] == "Point"
        # Within one screen pixel of the place clicked (about 0.7° at the world view; the element sits
        # on a fractional pixel, so the browser's click can land half a pixel away).
        assert written["coordinates"] == pytest.approx(clicked, abs=0.75)
        page.locator("[data-location-map]").screenshot(path=ARTIFACTS / "proposal-location-map.png")
    # Submitting asks first, showing what will be submitted.
    page.get_by_role("button", name="Submit the proposal").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    text = see(page, "This will be version 1")
    assert "This will be version 1 of your proposal." in text
    assert "Budget annex" in text and "Fences" in text and "1000.00 EUR" in text and applicant.email in text
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / f"call-{shots}-confirm-submission.png", full_page=True)
    page.get_by_role("button", name="Confirm: submit the proposal").click()
    see(page, "Your proposal was submitted (version 1)")
    assert "Version 1 was received on" in page.locator(".receipt").inner_text()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("submitted", 1)
    if written is not None:
        # Stored in EPSG:4326 exactly as the map wrote it, in the Andes where the person clicked.
        assert proposal.location.srid == 4326
        assert [proposal.location.x, proposal.location.y] == pytest.approx(written["coordinates"], abs=1e-9)
        assert (proposal.location.x, proposal.location.y) == pytest.approx(ANDES, abs=1.0)
    # Reopened before the deadline (asked first), changed, submitted again: version 2.
    page.get_by_role("link", name="Reopen for changes").click()
    see(page, "It is reviewed only if you submit it again before")
    assert "Europe/Paris" in main.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Reopen the proposal").click()
    see(page, "Your proposal is a draft again.")
    page.get_by_label("Summary").fill("Stone terraces, hedges and cover crops.")
    page.get_by_role("button", name="Submit the proposal").click()
    text = see(page, "This will be version 2")
    assert "This will be version 2 of your proposal." in text and "It replaces version 1." in text
    page.get_by_role("button", name="Confirm: submit the proposal").click()
    see(page, "Your proposal was submitted (version 2)")
    receipt = page.locator(".receipt").inner_text()
    assert "Version 2 was received on" in receipt and "Version 1:" in receipt
    page.screenshot(path=ARTIFACTS / f"call-{shots}-receipt.png", full_page=True)
    subjects = [m.subject for m in mail.outbox if m.to == [applicant.email]]
    assert subjects[-2:] == [
        "Proposal received (version 1): Terraces of the Andes",
        "Proposal received (version 2): Terraces of the Andes",
    ]
    proposal.refresh_from_db()
    assert proposal.summary == "Stone terraces, hedges and cover crops."
    return proposal


def test_the_applicants_steps_on_a_phone(phone_page):
    page = phone_page
    call = CallFactory()
    applicant = UserFactory(email="holder@example.org")
    proposal = applicant_steps(page, call, applicant, shots="phone")
    assert proposal.documents.get().title == "Budget annex"
    # Nothing is wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


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

    proposal = applicant_steps(page, call, applicant, with_map=True)
    assert proposal.version == 2

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
