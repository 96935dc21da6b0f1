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
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


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


def test_the_signed_declaration_is_private_and_only_the_secretariat_downloads_it(applicant, secretariat, settings):
    _user, client = applicant
    client.post("/en/partners/join/", _data(name="Sahel Soil Alliance"))
    application = MembershipApplication.objects.get()
    # Stored outside MEDIA_ROOT (which a web server may serve), under a random name.
    stored = settings.PRIVATE_MEDIA_ROOT / application.declaration.name
    assert stored.read_bytes() == PDF and "declaration" not in stored.stem
    assert not any(path.suffix == ".pdf" for path in settings.MEDIA_ROOT.rglob("*"))
    page = secretariat.get(f"/en/partners/applications/{application.pk}/").content.decode()
    link = f"/en/partners/applications/{application.pk}/declaration.pdf"
    assert f'<a href="{link}">Download the signed declaration (PDF)</a>' in page
    download = secretariat.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="sahel-soil-alliance-declaration.pdf"'
    assert b"".join(download.streaming_content) == PDF
    other = Client()
    other.force_login(UserFactory(role=roles.PARTNER_EDITOR))
    for refused in (client, other):  # not even the applicant
        response = refused.get(link)
        assert response.status_code == 404 and "Page not found" in response.content.decode()
    response = Client().get(link)  # anonymous: to the login page
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


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


def test_the_migration_moves_declarations_already_uploaded_out_of_the_public_media(settings):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    migration = importlib.import_module("partners.migrations.0006_private_declarations")
    public_name = default_storage.save("partners/declarations/signed-by-ana.pdf", ContentFile(PDF))
    application = ApplicationFactory(name="Before the move")
    MembershipApplication.objects.filter(pk=application.pk).update(declaration=public_name)
    assert (settings.MEDIA_ROOT / public_name).exists()

    migration.move_declarations(apps, None)
    migration.move_declarations(apps, None)  # a second run changes nothing

    application.refresh_from_db()
    assert application.declaration.name != public_name
    assert (settings.PRIVATE_MEDIA_ROOT / application.declaration.name).read_bytes() == PDF
    assert not (settings.MEDIA_ROOT / public_name).exists()


def test_a_country_outside_the_chosen_region_is_refused_and_the_form_is_kept(applicant):
    _user, client = applicant
    response = client.post("/en/partners/join/", _data(country="FR"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "France is not in Sub-Saharan Africa: choose the country&#x27;s world region." in page
    assert "Sahel Soil Alliance" in page
    assert not MembershipApplication.objects.exists()


def test_a_country_at_a_boundary_is_accepted_in_either_region(applicant):
    _user, client = applicant
    response = client.post(
        "/en/partners/join/", _data(country="TR", region=Region.objects.get(code="europe").pk), follow=True
    )
    assert response.status_code == 200
    assert MembershipApplication.objects.get().country.code == "TR"
