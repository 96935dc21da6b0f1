"""Membership applications: files checked by content, secretariat accepts or declines."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from partners import services
from partners.models import MembershipApplication, Organisation
from portal import roles
from portal.models import Region, SentMail

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (40, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _data(**overrides):
    data = {
        "name": "Sahel Soil Alliance",
        "acronym": "SSA",
        "status": "member",
        "college": "civil-society",
        "country": "BF",
        "region": Region.objects.get(code="sub-saharan-africa").pk,
        "website": "https://ssa.example",
        "description": "We restore degraded soils with farmers.",
        "declaration": SimpleUploadedFile("declaration.pdf", PDF, content_type="application/pdf"),
        "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant():
    user = UserFactory(email="applicant-join@example.org", language="es")
    client = Client()
    client.force_login(user)
    return user, client


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get("/en/partners/join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_valid_application_is_stored(applicant):
    user, client = applicant
    response = client.post("/en/partners/join/", _data(), follow=True)
    assert "The secretariat will review your application" in response.content.decode()
    application = MembershipApplication.objects.get()
    assert application.applicant == user and application.state == "submitted"
    assert application.declaration.read().startswith(b"%PDF-")


def test_a_renamed_file_that_is_not_a_pdf_is_refused_and_the_form_is_kept(applicant):
    _user, client = applicant
    fake = SimpleUploadedFile("declaration.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post("/en/partners/join/", _data(declaration=fake)).content.decode()
    assert "The declaration must be a PDF document." in page
    assert "Sahel Soil Alliance" in page and "We restore degraded soils with farmers." in page
    assert not MembershipApplication.objects.exists()


def test_a_logo_that_is_not_an_image_is_refused(applicant):
    _user, client = applicant
    fake = SimpleUploadedFile("logo.png", PDF, content_type="image/png")
    page = client.post("/en/partners/join/", _data(logo=fake)).content.decode()
    assert "Upload a valid image" in page or "PNG, JPEG, GIF or WebP" in page
    assert not MembershipApplication.objects.exists()


@pytest.fixture
def secretariat():
    client = Client()
    client.force_login(UserFactory(role=roles.SECRETARIAT))
    return client


def test_secretariat_accepts_which_creates_the_organisation_and_its_first_editor(
    applicant, secretariat, django_capture_on_commit_callbacks
):
    user, client = applicant
    client.post("/en/partners/join/", _data())
    application = MembershipApplication.objects.get()
    assert "Sahel Soil Alliance" in secretariat.get("/en/partners/applications/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/en/partners/applications/{application.pk}/", {"action": "accept"})

    application.refresh_from_db()
    organisation = Organisation.objects.get(name="Sahel Soil Alliance")
    assert application.state == "accepted" and application.organisation == organisation
    assert organisation.slug == "ssa" and organisation.published and organisation.logo
    assert organisation.editor_links.filter(user=user).exists()
    assert roles.PARTNER_EDITOR in roles.group_names(type(user).objects.get(pk=user.pk))
    # The new editor reaches their sheet editor, and is told in Spanish.
    assert client.get("/en/my/organisation/ssa/").status_code == 200
    assert mail.outbox[0].to == ["applicant-join@example.org"]
    assert "Bienvenido" in mail.outbox[0].subject
    # Through the mail engine: recorded once, so telling the applicant again sends nothing.
    record = SentMail.objects.get(key=f"partners:application:{application.pk}:accepted:{user.pk}")
    assert (record.to, record.language, record.sent_at is not None) == ("applicant-join@example.org", "es", True)
    with django_capture_on_commit_callbacks(execute=True):
        services._tell_applicant(application)
    assert len(mail.outbox) == 1


def test_secretariat_declines_with_a_reason(applicant, secretariat, django_capture_on_commit_callbacks):
    _user, client = applicant
    client.post("/en/partners/join/", _data())
    application = MembershipApplication.objects.get()
    url = f"/en/partners/applications/{application.pk}/"
    page = secretariat.post(url, {"action": "decline", "reason": ""}).content.decode()
    assert "This field is required." in page
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(url, {"action": "decline", "reason": "The declaration is not signed."})
    application.refresh_from_db()
    assert application.state == "declined" and application.reason == "The declaration is not signed."
    assert not Organisation.objects.exists()
    assert "The declaration is not signed." in mail.outbox[0].body


def test_others_cannot_see_or_decide_applications(applicant):
    user, client = applicant
    client.post("/en/partners/join/", _data())
    application = MembershipApplication.objects.get()
    for url in ["/en/partners/applications/", f"/en/partners/applications/{application.pk}/"]:
        assert client.get(url).status_code == 404
    response = client.post(f"/en/partners/applications/{application.pk}/", {"action": "accept"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted" and not Organisation.objects.exists()
