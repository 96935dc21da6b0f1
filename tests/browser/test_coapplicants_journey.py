"""Co-applicants in the browser: the owner invites (a typo first), the invitee follows the mailed link,
accepts and edits the draft, the owner submits; axe-core on the team section and the invitation page."""

import re

import pytest
from django.core import mail

from projects.models import Proposal, ProposalMember
from tests.browser.test_call_journey import login_as
from tests.browser.test_journeys import assert_accessible
from tests.factories import UserFactory
from tests.projects.factories import BudgetLineFactory, CallFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_owner_invites_a_co_applicant_who_accepts_and_edits(browser_page):
    page = browser_page
    call = CallFactory()
    owner = UserFactory(email="holder@example.org")
    colleague = UserFactory(email="colleague@example.org")
    proposal = ProposalFactory(call=call, owner=owner, title="Terraces of the Andes", consent=False)
    BudgetLineFactory(proposal=proposal)

    login_as(page, owner)
    page.goto(f"{page.base}/en/my/proposals/{proposal.pk}/")
    page.get_by_label("Co-applicant's e-mail address").fill("colleague@example")
    page.get_by_label(re.compile(r"^Access:?$")).select_option("write")
    page.get_by_role("button", name="Send the invitation").click()
    main = page.locator("main").inner_text()
    assert "nothing was saved" in main and "Enter a valid email address." in main
    assert page.get_by_label("Co-applicant's e-mail address").input_value() == "colleague@example"
    assert page.get_by_label(re.compile(r"^Access:?$")).input_value() == "write"
    assert_accessible(page)  # the refused invitation, with its message next to the field
    page.get_by_label("Co-applicant's e-mail address").fill("colleague@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    assert "An invitation was sent to colleague@example.org." in page.locator("main").inner_text()
    assert "not accepted yet" in page.locator("#team").inner_text()
    # Each row's buttons say whose access they change or revoke.
    assert page.get_by_role("button", name="Revoke (colleague@example.org)").count() == 1
    assert_accessible(page)

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/en/", 1)[1]
    login_as(page, colleague)
    page.goto(f"{page.base}/en/{path}")
    assert "Terraces of the Andes" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_url(re.compile(rf"/en/my/proposals/{proposal.pk}/$"))
    assert "you are now a co-applicant" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Submit the proposal").count() == 0
    page.get_by_label(re.compile(r"^Title:?$")).fill("Terraces of the high Andes")
    page.get_by_role("button", name="Save draft").click()
    assert "Your draft was saved" in page.locator("main").inner_text()
    page.goto(f"{page.base}/en/my/proposals/")
    assert "co-applicant (can edit)" in page.locator("main").inner_text()
    assert_accessible(page)

    login_as(page, owner)
    page.goto(f"{page.base}/en/my/proposals/{proposal.pk}/")
    assert page.get_by_label(re.compile(r"^Title:?$")).input_value() == "Terraces of the high Andes"
    page.get_by_label("Declaration of consent").check()
    page.get_by_role("button", name="Submit the proposal").click()
    # Submitting asks first, on its own page.
    page.wait_for_url(re.compile(r"/submit/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: submit the proposal").click()
    assert "Your proposal was submitted" in page.locator("main").inner_text()
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    assert ProposalMember.objects.get(proposal=proposal).user == colleague
    assert {m.to[0] for m in mail.outbox if "Proposal received" in m.subject} == {
        "holder@example.org",
        "colleague@example.org",
    }
