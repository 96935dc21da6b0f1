"""One whole call in the browser: self-assessment, draft and submission, assignment, conflict
declaration, two reviews, decision, funder interest; axe-core on the applicant's and reviewer's pages."""

import re

import pytest
from django.conf import settings
from django.test import Client

from portal import roles
from projects.models import FunderInterest, Proposal, Review
from tests.browser.test_journeys import assert_accessible
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


def test_one_whole_call(browser_page):
    page = browser_page
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
    page.goto(f"{page.base}/en/my/proposals/")
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
    page.get_by_role("button", name="Submit the proposal").click()
    assert "Your proposal was submitted" in page.locator("main").inner_text()
    proposal = Proposal.objects.get(title="Terraces of the Andes", status="submitted")

    # The chair assigns two reviewers.
    login_as(page, chair)
    page.goto(f"{page.base}/en/review/calls/{call.year}/")
    for reviewer in (first, second):
        page.get_by_label("Add a reviewer").select_option(reviewer.email)
        page.get_by_role("button", name="Assign", exact=True).click()
        assert f"{reviewer} was assigned." in page.locator("main").inner_text()

    # Each reviewer declares no conflict, then reviews.
    for reviewer, value in ((first, "4"), (second, "2")):
        login_as(page, reviewer)
        page.goto(f"{page.base}/en/review/")
        assert "Stone terraces" not in page.locator("main").inner_text()
        page.get_by_role("button", name="No conflict").click()
        page.wait_for_url(re.compile(r"/en/review/\d+/$"))
        assert_accessible(page)
        page.get_by_label(re.compile(r"^Carbon stock:?$")).select_option(value)
        page.get_by_label(re.compile(r"^MRV plan:?$")).select_option(value)
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
    page.get_by_label("Decision").select_option("positive")
    page.get_by_label("Feedback to the applicant").fill("A promising project.")
    page.get_by_role("button", name="Stage the decision").click()
    page.goto(f"{page.base}/en/review/calls/{call.year}/")
    page.get_by_role("button", name="Publish the decisions").click()
    assert "1 decisions were published and mailed." in page.locator("main").inner_text()

    # The applicant sees the decision and feedback, and no reviewer.
    login_as(page, applicant)
    page.goto(f"{page.base}/en/my/proposals/{proposal.pk}/")
    main = page.locator("main").inner_text()
    assert "A promising project." in main and "first@example.org" not in main

    # A funder finds it and offers a feasibility study.
    login_as(page, funder)
    page.goto(f"{page.base}/en/funders/")
    page.get_by_role("link", name="Terraces of the Andes").click()
    page.get_by_label("Your interest").select_option("feasibility")
    page.get_by_role("button", name="Express interest").click()
    assert "You expressed interest" in page.locator("main").inner_text()
    assert FunderInterest.objects.filter(proposal=proposal, funder=funder, kind="feasibility").exists()
