"""Starting, pausing, resuming and cancelling an edition are kept in the audit trail with who did it."""

import pytest

from portal.models import AuditEvent

from .factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _act(client, edition, action, capture):
    with capture(execute=False):
        if action == "start":  # through its confirmation page
            return client.post(f"/en/newsletter/editions/{edition.pk}/start/")
        return client.post(f"/en/newsletter/editions/{edition.pk}/action/", {"action": action})


def test_each_step_of_a_send_is_recorded_with_its_author(client_for, role_users, django_capture_on_commit_callbacks):
    SubscriberFactory.create_batch(3)
    edition = EditionFactory()
    secretariat = client_for("secretariat")
    for action in ("start", "pause", "resume", "cancel"):
        response = _act(secretariat, edition, action, django_capture_on_commit_callbacks)
        assert response.status_code == 302, action
    events = list(AuditEvent.objects.filter(object_id=edition.pk).order_by("pk"))
    assert [e.verb for e in events] == ["edition.started", "edition.paused", "edition.resumed", "edition.cancelled"]
    assert {e.actor for e in events} == {role_users["secretariat"]}
    assert events[0].data == {"deliveries": 3}
    assert all(e.object_repr == str(edition) for e in events)


def test_a_refused_step_records_nothing(client_for, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    _act(client_for("secretariat"), edition, "pause", django_capture_on_commit_callbacks)
    assert not AuditEvent.objects.filter(object_id=edition.pk).exists()
