"""Each decision of the secretariat on a sheet revision or a membership application leaves an event in
the audit trail: who decided, what, on which object. A second, refused decision leaves none."""

import pytest
from django.test import Client

from partners import services
from partners.models import MembershipApplication, SheetRevision
from portal import roles
from portal.models import AuditEvent, Region

from ..factories import UserFactory
from .factories import ApplicationFactory, EditorFactory, OrganisationFactory, RevisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def decisions():
    """The trail's events of the partners app: becoming an organisation's editor also records the person
    joining the Knowledge members group (knowledge.services), which is not a decision tested here."""
    return AuditEvent.objects.exclude(verb__startswith="knowledge.")


@pytest.fixture
def secretary():
    user = UserFactory(role=roles.SECRETARIAT)
    client = Client()
    client.force_login(user)
    return user, client


def _revision():
    organisation = OrganisationFactory()
    editor = UserFactory(role=roles.PARTNER_EDITOR)
    EditorFactory(user=editor, organisation=organisation)
    return RevisionFactory(organisation=organisation, author=editor)


def test_approving_a_revision_is_recorded_with_its_actor(secretary):
    user, client = secretary
    revision = _revision()
    client.post(f"/en/partners/revisions/{revision.pk}/", {"action": "approve"})
    [event] = decisions()
    assert (event.actor, event.verb, event.target) == (user, "sheet_revision.approved", revision)
    assert event.data["organisation"] == revision.organisation_id
    # What the approval changed on the sheet; a revision that names no name leaves the names alone.
    assert set(event.data) == {"organisation", "changed"} and "description_en" in event.data["changed"]
    assert not any(key.startswith("name_") for key in event.data["changed"])
    # Decided once: the page offers no second decision, the service refuses it and records nothing more.
    with pytest.raises(services.RevisionError):
        services.approve_revision(revision, by=user)
    assert decisions().count() == 1


def test_returning_a_revision_is_recorded_with_its_actor(secretary):
    user, client = secretary
    revision = _revision()
    client.post(f"/en/partners/revisions/{revision.pk}/", {"action": "return", "message": "Name your trials."})
    assert SheetRevision.objects.get(pk=revision.pk).status == "returned"
    [event] = decisions()
    assert (event.actor, event.verb, event.target) == (user, "sheet_revision.returned", revision)


def test_accepting_an_application_is_recorded_with_its_actor(secretary):
    user, client = secretary
    application = ApplicationFactory()
    client.post(f"/en/partners/applications/{application.pk}/", {"action": "accept"})
    application.refresh_from_db()
    [event] = decisions()
    assert (event.actor, event.verb, event.target) == (user, "membership_application.accepted", application)
    assert event.data == {"organisation": application.organisation_id}


def test_declining_an_application_is_recorded_with_its_actor(secretary):
    user, client = secretary
    application = ApplicationFactory()
    client.post(f"/en/partners/applications/{application.pk}/", {"action": "decline", "reason": "Not signed."})
    [event] = decisions()
    assert (event.actor, event.verb, event.target) == (user, "membership_application.declined", application)
    with pytest.raises(services.RevisionError):
        services.decline_application(application, by=user, reason="Twice.")
    assert decisions().count() == 1


def test_an_application_is_submitted_from_plain_values_without_a_form():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    applicant = UserFactory()
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (40, 120, 40)).save(png, "PNG")
    application = services.submit_application(
        by=applicant,
        name="Andes Soil Network",
        status="member",
        college="research",
        country="PE",
        region=Region.objects.get(code="south-america"),
        description="We measure soil carbon in the Andes.",
        declaration=SimpleUploadedFile("declaration.pdf", b"%PDF-1.4\n%%EOF\n"),
        logo=SimpleUploadedFile("logo.png", png.getvalue()),
    )
    stored = MembershipApplication.objects.get(pk=application.pk)
    assert (stored.applicant, stored.name, stored.acronym, stored.state) == (
        applicant,
        "Andes Soil Network",
        "",
        "submitted",
    )
    assert stored.declaration.read().startswith(b"%PDF-")
