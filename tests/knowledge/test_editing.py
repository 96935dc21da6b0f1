"""Writing the bank in the restricted Wagtail admin: the "Knowledge members" group edits knowledge pages
only and never publishes; the "Knowledge review" workflow has the secretariat, or the moderators of the
page's college, approve; translations stay drafts until published; a page's history."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import Page

from knowledge import services
from knowledge.access import KNOWLEDGE_MEMBERS
from knowledge.models import KnowledgePage
from portal.models import HomePage
from tests.factories import UserFactory

from .conftest import make_page

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def research_page(bank, people):
    return make_page(bank, "Research plan", "research-plan", "college:research", user=people["secretariat"])


def _moderator(college, email):
    user = UserFactory(email=email, language="fr")
    services.appoint_moderator(user, college, by=None)
    return user


def test_editors_of_member_organisations_are_knowledge_members_while_they_edit_one(people):
    group = Group.objects.get(name=KNOWLEDGE_MEMBERS)
    assert set(group.user_set.all()) == {people["research"], people["farmers"]}
    from partners.models import OrganisationEditor

    OrganisationEditor.objects.filter(user=people["farmers"]).delete()
    assert people["farmers"] not in group.user_set.all()
    moderator = _moderator("farmers", "mod@example.org")
    assert moderator in group.user_set.all()


def test_knowledge_members_write_knowledge_pages_only_and_never_publish(bank, research_page, people):
    member = people["research"]
    home = HomePage.objects.get(locale__language_code="en")
    assert bank.permissions_for_user(member).can_add_subpage()
    assert research_page.permissions_for_user(member).can_edit()
    assert not research_page.permissions_for_user(member).can_publish()
    assert research_page.permissions_for_user(member).can_submit_for_moderation()
    assert not home.permissions_for_user(member).can_edit()
    assert not home.permissions_for_user(member).can_add_subpage()
    assert not bank.permissions_for_user(member).can_publish_subpage()

    client = _client(member)
    assert client.get(f"/cms/pages/{research_page.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{home.pk}/edit/").status_code in (302, 403)
    # Publishing from the editor is refused: the page stays as it was.
    response = client.post(
        f"/cms/pages/{research_page.pk}/edit/",
        {
            "title": "Changed",
            "slug": "research-plan",
            "summary": "s",
            "scope": "college:research",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code in (200, 302, 403)
    research_page.refresh_from_db()
    assert research_page.title == "Research plan"


def test_a_member_outside_the_college_does_not_reach_its_pages_in_the_admin(research_page, people):
    client = _client(people["farmers"])
    # No right on the page at all: Wagtail's refusal (back to the dashboard with "no permission").
    refused = client.get(f"/cms/pages/{research_page.pk}/edit/")
    assert (refused.status_code, refused["Location"]) == (302, "/cms/")
    assert not research_page.permissions_for_user(people["farmers"]).can_edit()
    revision = research_page.get_latest_revision()
    for path in (
        f"/cms/pages/{research_page.pk}/revisions/compare/earliest...{revision.pk}/",
        f"/cms/pages/{research_page.pk}/revisions/{revision.pk}/view/",
        f"/cms/pages/{research_page.pk}/history/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert "Research plan" not in response.content.decode()
    explorer = client.get(f"/cms/pages/{research_page.get_parent().pk}/").content.decode()
    assert "Research plan" not in explorer
    assert (
        "Research plan"
        in _client(people["research"]).get(f"/cms/pages/{research_page.get_parent().pk}/").content.decode()
    )


def test_accounts_outside_the_group_have_no_admin(people):
    assert _client(people["plain"]).get("/cms/").status_code in (302, 403)
    assert _client(people["research"]).get("/cms/").status_code == 200


def _edit_and_submit(page, member, summary):
    page = KnowledgePage.objects.get(pk=page.pk)
    page.summary = summary
    page.save_revision(user=member)
    assert page.get_workflow().name == services.WORKFLOW
    page.get_workflow().start(page, member)
    return Page.objects.get(pk=page.pk)


def test_a_college_moderator_is_mailed_and_approves_a_page_of_the_college(research_page, people):
    moderator = _moderator("research", "research-mod@example.org")
    other = _moderator("farmers", "farmers-mod@example.org")
    mail.outbox.clear()

    page = _edit_and_submit(research_page, people["research"], "Approved by the college.")

    recipients = {address for message in mail.outbox for address in message.to}
    assert {"research-mod@example.org", "secretariat@example.org"} <= recipients
    assert "farmers-mod@example.org" not in recipients
    assert "researcher@example.org" not in recipients
    to_moderator = next(m for m in mail.outbox if m.to == ["research-mod@example.org"])
    assert "Research plan" in to_moderator.subject

    task_state = page.current_workflow_task_state
    task = task_state.task.specific
    assert task.get_actions(page, other) == []
    assert task.locked_for_user(page, other)
    refused = _client(other).post(f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert refused.status_code == 302 and refused["Location"] == "/cms/"  # Wagtail's "no permission"
    assert KnowledgePage.objects.get(pk=page.pk).summary != "Approved by the college."

    assert [action for action, *_ in task.get_actions(page, moderator)][:2] == ["reject", "approve"]
    assert task_state in task.get_task_states_user_can_moderate(moderator)
    assert task_state not in task.get_task_states_user_can_moderate(other)
    response = _client(moderator).post(
        f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cms/pages/{page.pk}/edit/"
    page = KnowledgePage.objects.get(pk=page.pk)
    assert page.live and page.summary == "Approved by the college."
    assert (
        "Approved by the college." in _client(people["research"]).get("/en/knowledge/research-plan/").content.decode()
    )


def test_a_college_moderator_cannot_approve_a_page_leaving_the_college(research_page, people):
    moderator = _moderator("research", "research-mod@example.org")
    page = KnowledgePage.objects.get(pk=research_page.pk)
    page.scope = ""
    page.save_revision(user=people["research"])
    page.get_workflow().start(page, people["research"])
    task = page.current_workflow_task_state.task.specific
    assert task.get_actions(page, moderator) == []
    assert task.get_actions(page, people["secretariat"]) != []


def test_the_secretariat_approves_any_knowledge_page(bank, people):
    page = make_page(bank, "Public note", "public-note", publish_it=False, user=people["research"])
    page.get_workflow().start(page, people["research"])
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    response = _client(people["secretariat"]).post(
        f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    assert _client().get("/en/knowledge/public-note/").status_code == 200


def test_a_translation_is_a_draft_until_its_translator_publishes_it(bank, banks, locales, people):
    page = make_page(bank, "Zai pits", "zai-pits")
    client = _client(people["secretariat"])
    response = client.post(f"/cms/localize/submit/page/{page.pk}/", {"locales": [locales["fr"].pk]})
    assert response.status_code == 302
    french = KnowledgePage.objects.get(translation_key=page.translation_key, locale=locales["fr"])
    assert french.live is False and french.alias_of_id is None
    anonymous = _client()
    assert anonymous.get("/fr/connaissances/zai-pits/").status_code == 404
    assert "Zai pits" not in anonymous.get("/fr/connaissances/").content.decode()
    french.title = "Les cuvettes zaï"
    french.save_revision().publish()
    assert "Les cuvettes zaï" in anonymous.get("/fr/connaissances/").content.decode()


def test_the_history_lists_revisions_with_authors_and_compare_links(research_page, people):
    member = people["research"]
    member.display_name = "Rosa Research"
    member.save(update_fields=["display_name"])
    page = KnowledgePage.objects.get(pk=research_page.pk)
    page.summary = "A second version."
    page.save_revision(user=member).publish()

    page_html = _client(member).get("/en/knowledge/research-plan/").content.decode()
    assert f'href="/cms/pages/{page.pk}/edit/"' in page_html
    assert f'href="/en/knowledge/{page.pk}/history/"' in page_html
    history = _client(member).get(f"/en/knowledge/{page.pk}/history/").content.decode()
    assert "2 revisions" in history
    assert history.index("Published") < history.index("Earlier version")
    assert "Rosa Research" in history
    revisions = list(page.revisions.order_by("created_at", "pk"))
    assert f"/cms/pages/{page.pk}/revisions/compare/{revisions[0].pk}...{revisions[1].pk}/" in history
    assert (
        _client(member)
        .get(f"/cms/pages/{page.pk}/revisions/compare/{revisions[0].pk}...{revisions[1].pk}/")
        .status_code
        == 200
    )
    for outsider in (None, people["farmers"], people["plain"]):
        assert _client(outsider).get(f"/en/knowledge/{page.pk}/history/").status_code == 404


def test_a_plain_account_sees_no_edit_link(bank, people):
    make_page(bank, "Composting", "composting")
    html = _client(people["plain"]).get("/en/knowledge/composting/").content.decode()
    assert "Edit this page" not in html and "History of this page" not in html
    assert "Edit this page" in _client(people["research"]).get("/en/knowledge/composting/").content.decode()


def test_personal_data_export_and_erasure_keep_the_revisions(research_page, people):
    from portal import privacy

    member = people["research"]
    page = KnowledgePage.objects.get(pk=research_page.pk)
    page.summary = "Written by the member."
    page.save_revision(user=member).publish()

    exported = privacy.export_data(member)["knowledge"]
    assert [p["title"] for p in exported["pages"]] == ["Research plan"]
    assert [r["summary"] for r in exported["revisions"]] == ["Written by the member."]

    privacy.erase_account(member, by=member)
    revision = page.revisions.order_by("-created_at", "-pk").first()
    assert revision.user_id is None
    assert revision.content["summary"] == "Written by the member."
    assert page.revisions.filter(user=people["secretariat"]).exists()
