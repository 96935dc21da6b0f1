"""Regional correspondents: named on their region's page, in copy of its contact requests and applications."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partners.models import ConsortiumDocument, RegionalCorrespondent
from portal import roles
from portal.models import Region

from ..factories import UserFactory
from .factories import OrganisationFactory
from .test_membership import _data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def correspondents():
    africa = UserFactory(
        email="africa@corr.example", first_name="Moussa", last_name="Diallo", language="fr", role=roles.CORRESPONDENT
    )
    RegionalCorrespondent.objects.create(user=africa, region=Region.objects.get(code="sub-saharan-africa"))
    europe = UserFactory(email="europe@corr.example", role=roles.CORRESPONDENT)
    RegionalCorrespondent.objects.create(user=europe, region=Region.objects.get(code="europe"))
    return africa, europe


def logged_in(email):
    client = Client()
    client.force_login(UserFactory(email=email))
    return client


def test_contact_request_is_copied_to_the_region_correspondent_in_their_language(
    correspondents, django_capture_on_commit_callbacks
):
    OrganisationFactory(
        slug="sahel-lab", name="Sahel Lab", contact_email="private@sahel.example",
        region=Region.objects.get(code="sub-saharan-africa"),
    )  # fmt: skip
    sender = logged_in("sender@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sender.post("/en/partners/sahel-lab/contact/", {"message": "We would like to visit your trials next spring."})
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["africa@corr.example", "private@sahel.example"]
    copy = next(m for m in mail.outbox if m.to == ["africa@corr.example"])
    assert copy.subject == "[4 pour 1000] Copie : un message à propos de Sahel Lab via le portail 4 pour 1000"
    assert "We would like to visit your trials next spring." in copy.body
    assert "private@sahel.example" not in copy.body


def test_membership_application_is_copied_to_its_region_only(correspondents, django_capture_on_commit_callbacks):
    applicant = logged_in("applicant-corr@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post("/en/partners/join/", _data())
    assert [m.to for m in mail.outbox] == [["africa@corr.example"]]
    assert "Sahel Soil Alliance" in mail.outbox[0].subject
    assert "Une demande d'adhésion" in mail.outbox[0].body


def test_region_page_names_its_correspondents_but_not_their_addresses(client, correspondents):
    OrganisationFactory(name="Sahel Lab", region=Region.objects.get(code="sub-saharan-africa"))
    OrganisationFactory(name="Hidden Lab", region=Region.objects.get(code="sub-saharan-africa"), published=False)
    html = client.get("/en/regions/sub-saharan-africa/").content.decode()
    assert "<h1>Sub-Saharan Africa</h1>" in html
    assert "Moussa Diallo" in html and "africa@corr.example" not in html
    assert "1 partner in the region" in html and "Sahel Lab" in html and "Hidden Lab" not in html
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_consortium_documents_must_be_pdfs_and_show_on_the_sheet(client):
    organisation = OrganisationFactory(slug="doc-lab")
    fake = ConsortiumDocument(
        organisation=organisation, kind="poster", title="Not a PDF", meeting="Consortium, Paris", year=2019,
        file=SimpleUploadedFile("poster.pdf", b"GIF89a fake", content_type="application/pdf"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="This file is not a PDF."):
        fake.full_clean()
    huge = ConsortiumDocument(
        organisation=organisation, kind="poster", title="Too large", meeting="Consortium, Paris", year=2019,
        file=SimpleUploadedFile("poster.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), content_type="application/pdf"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="The PDF must be smaller than 20 MB."):
        huge.full_clean()
    real = ConsortiumDocument(
        organisation=organisation, kind="poster", title="Agroforestry trials in Senegal", meeting="Consortium, Paris",
        year=2019, file=SimpleUploadedFile("poster.pdf", b"%PDF-1.4 real", content_type="application/pdf"),
    )  # fmt: skip
    real.full_clean()
    real.save()
    html = client.get("/en/partners/doc-lab/").content.decode()
    assert "Agroforestry trials in Senegal</a> — Poster, Consortium, Paris (2019, PDF)" in html


def test_demo_data_links_the_demo_correspondent_to_a_region(client):
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=__import__("io").StringIO())
    html = client.get("/en/regions/sub-saharan-africa/").content.decode()
    assert "Correspondent Demo" in html
    assert "correspondent@demo.test" not in html
