"""A member improves a knowledge page in the restricted Wagtail admin and submits it; the secretariat
approves it; the page shows the change and its history lists two revisions with a compare link. axe-core
runs on every page of the portal the journey loads (the Wagtail admin is Wagtail's own)."""

import re
from pathlib import Path

import pytest

from portal import roles
from tests.browser.test_journeys import assert_accessible
from tests.browser.test_partners_journey import _log_in, _log_out
from tests.factories import UserFactory
from tests.partners.factories import EditorFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/knowledge-screenshots")


def test_member_edits_submits_secretariat_approves_history_shows_two_revisions(browser_page):
    from knowledge import services
    from knowledge.models import KnowledgeIndexPage, KnowledgePage
    from portal.models import HomePage

    secretariat = UserFactory(email="secretariat-k@example.org", role=roles.SECRETARIAT)
    member = UserFactory(email="member-k@example.org", role=roles.PARTNER_EDITOR, display_name="Rosa Research")
    EditorFactory(user=member, organisation=OrganisationFactory(college="research"))
    home = HomePage.objects.get(locale__language_code="en")
    bank = home.add_child(instance=KnowledgeIndexPage(title="Knowledge bank", slug="knowledge"))
    bank.save_revision().publish()
    services.sync_bank_rights()
    page_obj = bank.add_child(
        instance=KnowledgePage(
            title="Long-term trials", slug="long-term-trials", summary="Where the trials are.", scope="college:research"
        )
    )
    page_obj.save_revision(user=secretariat).publish(user=secretariat)
    SHOTS.mkdir(exist_ok=True)

    page = browser_page
    _log_in(page, "member-k@example.org")
    page.goto(page.base + "/en/knowledge/long-term-trials/")
    assert_accessible(page)
    page.get_by_role("link", name="Edit this page").click()
    page.wait_for_url(re.compile(rf"/cms/pages/{page_obj.pk}/edit/"))
    page.locator("#id_summary").fill("Where the trials are, and who keeps their records.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Knowledge review")).click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "submitted.png"), full_page=True)
    assert KnowledgePage.objects.get(pk=page_obj.pk).current_workflow_state is not None
    page.goto(page.base + "/en/my/")
    assert_accessible(page)
    _log_out(page)

    _log_in(page, "secretariat-k@example.org", totp=True)
    page.goto(page.base + f"/cms/pages/{page_obj.pk}/edit/")
    page.screenshot(path=str(SHOTS / "to-approve.png"), full_page=True)
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Approve and Publish$")).click()
    page.screenshot(path=str(SHOTS / "approved.png"), full_page=True)

    page.goto(page.base + "/en/knowledge/long-term-trials/")
    assert_accessible(page)
    assert "who keeps their records" in page.locator("main").inner_text()
    page.get_by_role("link", name="History of this page").click()
    page.wait_for_url(re.compile(rf"/en/knowledge/{page_obj.pk}/history/"))
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "history.png"), full_page=True)
    text = page.locator("main").inner_text()
    assert "2 revisions" in text and "Rosa Research" in text
    page.get_by_role("link", name="Compare with the revision before").click()
    page.wait_for_url(re.compile(rf"/cms/pages/{page_obj.pk}/revisions/compare/"))
    assert "who keeps their records" in page.content()
