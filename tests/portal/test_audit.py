"""The one audit trail: portal.audit.record stores who did what to which object, and the
secretariat reads it (only reads it) in the Django admin, filtered by verb, object type and actor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from portal import audit
from portal.models import AuditEvent, Region, Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listed(response):
    """The rows of an admin change list (the filter sidebar names every verb too)."""
    page = response.content.decode()
    return page[page.index('id="result_list"') : page.index("</table>", page.index('id="result_list"'))]


def test_record_stores_actor_verb_object_and_details():
    person = UserFactory(email="ines@example.org")
    theme = Theme.objects.get(code="research")
    event = audit.record("theme.relabelled", theme, by=person, previous="Research")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == person
    assert stored.verb == "theme.relabelled"
    assert stored.target == theme
    assert stored.content_type == ContentType.objects.get_for_model(Theme)
    assert stored.object_repr == str(theme)
    assert stored.data == {"previous": "Research"}
    assert stored.created_at is not None


@pytest.mark.parametrize("by", [None, AnonymousUser()])
def test_what_the_system_did_has_no_actor(by):
    region = Region.objects.get(code="europe")
    event = audit.record("region.checked", region, by=by)
    assert AuditEvent.objects.get(pk=event.pk).actor is None


def test_secretariat_reads_and_filters_the_trail_in_the_admin_but_cannot_change_it(client_for, role_users):
    actor = role_users["chair"]
    theme = Theme.objects.get(code="research")
    region = Region.objects.get(code="europe")
    mine = audit.record("theme.relabelled", theme, by=actor)
    audit.record("region.checked", region, by=None)
    secretariat = client_for("secretariat")

    response = secretariat.get("/django-admin/portal/auditevent/")
    everything = listed(response)
    assert "theme.relabelled" in everything and "region.checked" in everything and str(actor) in everything
    by_verb = listed(secretariat.get("/django-admin/portal/auditevent/?verb=theme.relabelled"))
    assert "theme.relabelled" in by_verb and "region.checked" not in by_verb
    region_type = ContentType.objects.get_for_model(Region)
    by_type = listed(secretariat.get(f"/django-admin/portal/auditevent/?content_type__id__exact={region_type.pk}"))
    assert "region.checked" in by_type and "theme.relabelled" not in by_type
    by_actor = listed(secretariat.get(f"/django-admin/portal/auditevent/?actor__id__exact={actor.pk}"))
    assert "theme.relabelled" in by_actor and "region.checked" not in by_actor

    # Read-only: no add button, and posting the change form changes nothing.
    assert "/django-admin/portal/auditevent/add/" not in response.content.decode()
    assert secretariat.get("/django-admin/portal/auditevent/add/").status_code == 403
    secretariat.post(f"/django-admin/portal/auditevent/{mine.pk}/change/", {"verb": "forged"})
    secretariat.post(f"/django-admin/portal/auditevent/{mine.pk}/delete/", {"post": "yes"})
    mine.refresh_from_db()
    assert mine.verb == "theme.relabelled"

    refused = client_for("partner").get("/django-admin/portal/auditevent/")
    assert refused.status_code == 302 and refused["Location"].startswith("/django-admin/login/")
