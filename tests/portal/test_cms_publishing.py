"""Publishing in the CMS with the portal's roles: the moderation workflow (editors submit, the
Secretariat approves or asks for changes, a mail to whoever must act, in their language) and
scheduled publishing through beat."""

import datetime
import importlib

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry
from wagtail.models import Locale

from portal import roles
from portal.celery import app as celery_app
from portal.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cms_pages):
    editor = UserFactory(email="writer@example.org", language="es")
    editor.groups.add(Group.objects.get(name="Editors"))
    index = NewsIndexPage.objects.get(locale=Locale.objects.get(language_code="en"))
    page = index.add_child(
        instance=NewsPage(
            title="Cover crops in Kenya",
            slug="cover-crops-kenya",
            date=datetime.date.today(),
            summary="s",
            live=False,
            owner=editor,
        )
    )
    page.save_revision(user=editor)
    return page, editor


def _submit(page, editor):
    """What "Submit for moderation" does in the editor (wagtail.admin.action.PublishPageRevisionAction's
    sibling: the workflow of the page starts, as the editor)."""
    assert page.permissions_for_user(editor).can_submit_for_moderation()
    assert not page.permissions_for_user(editor).can_publish()
    page.get_workflow().start(page, editor)


def test_an_editor_submits_and_the_secretariat_is_mailed_and_approves(client, draft):
    page, editor = draft
    moderator = UserFactory(email="moderator@example.org", role=roles.SECRETARIAT, language="fr")

    _submit(page, editor)

    to_moderator = [m for m in mail.outbox if m.to == ["moderator@example.org"]]
    assert len(to_moderator) == 1
    assert "Cover crops in Kenya" in to_moderator[0].subject
    assert "a été soumise" in to_moderator[0].subject or "soumis" in to_moderator[0].body
    mail.outbox.clear()

    client.force_login(moderator)
    assert "Cover crops in Kenya" in client.get("/cms/reports/workflow/").content.decode()
    assert "Moderators approval" in client.get("/cms/workflows/list/").content.decode()
    task_state = page.current_workflow_task_state
    response = client.post(f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert client.__class__().get("/en/news/cover-crops-kenya/").status_code == 200
    to_editor = [m for m in mail.outbox if m.to == ["writer@example.org"]]
    assert len(to_editor) == 1
    assert "aprobada" in to_editor[0].subject.lower() or "aprobad" in to_editor[0].body.lower()


def test_the_secretariat_asks_for_changes_and_the_editor_is_told(client, draft):
    page, editor = draft
    moderator = UserFactory(role=roles.SECRETARIAT)
    _submit(page, editor)
    mail.outbox.clear()

    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    client.post(f"/cms/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": "Add a photo"})

    page.refresh_from_db()
    assert page.live is False
    assert page.workflow_in_progress is False
    to_editor = [m for m in mail.outbox if m.to == ["writer@example.org"]]
    assert len(to_editor) == 1
    # The page is not locked: the editor can change it again and resubmit.
    assert page.permissions_for_user(editor).can_edit()


def test_a_partner_editor_cannot_approve(client, draft):
    page, editor = draft
    _submit(page, editor)
    client.force_login(UserFactory(role=roles.PARTNER_EDITOR))
    task_state = page.current_workflow_task_state
    client.post(f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert page.live is False
    assert page.current_workflow_task_state == task_state


def test_beat_publishes_a_page_whose_go_live_time_has_come(client, draft):
    page, _editor = draft
    # Scheduled in the CMS for a time in the future: the revision waits with its go-live time.
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live is False
    # ... and that time has now come (the revision and the page it holds both say so).
    revision = page.latest_revision
    past = timezone.now() - datetime.timedelta(seconds=30)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    assert client.get("/en/news/cover-crops-kenya/").status_code == 404

    row = PeriodicTask.objects.get(name="CMS: publish scheduled pages", enabled=True)
    entry = ModelEntry(row, app=celery_app)  # what the database scheduler runs
    assert entry.task == "portal.tasks.publish_scheduled_pages"
    assert entry.schedule.run_every == datetime.timedelta(minutes=1)
    importlib.import_module("portal.tasks")  # what a worker's autodiscovery imports
    celery_app.tasks[entry.task].delay()

    page.refresh_from_db()
    assert page.live is True
    assert "<h1>Cover crops in Kenya</h1>" in client.get("/en/news/cover-crops-kenya/").content.decode()
