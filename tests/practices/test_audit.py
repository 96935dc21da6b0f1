"""Publishing, unpublishing and the secretariat's decisions on proposed sheets leave events in the
audit trail: who, what, on which object (no one, for the importer and the demo data)."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import AuditEvent
from practices import services
from practices.models import Practice, PracticeDraft

from .factories import make_practice, sheet

pytestmark = pytest.mark.django_db


def _submitted_draft(author):
    draft = services.save_draft(author=author, data=sheet(name_en="Mulching with banana leaves"))
    return services.submit_draft(draft, by=author)


def test_publishing_a_proposed_sheet_records_the_decision_and_the_publication(client_for, role_users):
    draft = _submitted_draft(role_users["friend"])
    client_for("secretariat").post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    practice = Practice.objects.get(name_en="Mulching with banana leaves")
    secretary = role_users["secretariat"]
    events = {(e.actor, e.verb, e.target) for e in AuditEvent.objects.all()}
    assert events == {
        (secretary, "practice_draft.published", PracticeDraft.objects.get(pk=draft.pk)),
        (secretary, "practice.published", practice),
    }


def test_returning_a_proposed_sheet_is_recorded(client_for, role_users):
    draft = _submitted_draft(role_users["friend"])
    client_for("secretariat").post(
        f"/en/practices/review/{draft.pk}/", {"action": "return", "comment": "Add a result."}
    )
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.verb, event.target) == (role_users["secretariat"], "practice_draft.returned", draft)


def test_the_secretariat_unpublishes_from_the_admin_and_it_is_recorded(client_for, role_users):
    practice = make_practice(name_en="Shea parklands")
    other = make_practice(name_en="Zaï pits")
    AuditEvent.objects.all().delete()  # the publications above, by no one
    response = client_for("secretariat").post(
        "/django-admin/practices/practice/",
        {"action": "unpublish", "_selected_action": [practice.pk]},
        follow=True,
    )
    assert "1 practice unpublished." in response.content.decode()
    practice.refresh_from_db()
    other.refresh_from_db()
    assert not practice.published and other.published
    assert "Shea parklands" not in client_for("anonymous").get("/en/practices/").content.decode()
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.verb, event.target) == (role_users["secretariat"], "practice.unpublished", practice)
    # Unpublishing what is not published is refused and records nothing.
    with pytest.raises(ValidationError):
        services.unpublish_practice(practice, by=role_users["secretariat"])
    assert AuditEvent.objects.count() == 1


def test_what_the_importer_or_the_demo_publishes_has_no_actor():
    practice = make_practice()
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.verb, event.target, event.data) == (None, "practice.published", practice, {"version": 1})


def test_a_partner_cannot_unpublish_from_the_admin(client_for):
    practice = make_practice()
    response = client_for("partner").post(
        "/django-admin/practices/practice/", {"action": "unpublish", "_selected_action": [practice.pk]}
    )
    assert response.status_code == 302 and response["Location"].startswith("/django-admin/login/")
    practice.refresh_from_db()
    assert practice.published
    assert not AuditEvent.objects.filter(verb="practice.unpublished").exists()
