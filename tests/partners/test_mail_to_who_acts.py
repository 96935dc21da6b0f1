"""A sheet revision or a membership application tells the people who must act: the secretariat (who
decide, with the link) and the region's correspondents (in copy), once each, in their own language."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners import services
from partners.models import RegionalCorrespondent
from portal import roles
from portal.models import Region
from tests.factories import UserFactory

from .factories import EditorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    africa = Region.objects.get(code="sub-saharan-africa")
    secretary = UserFactory(email="sec@example.org", language="fr", role=roles.SECRETARIAT)
    correspondent = UserFactory(email="corr@example.org", language="es", role=roles.CORRESPONDENT)
    RegionalCorrespondent.objects.create(user=correspondent, region=africa)
    elsewhere = UserFactory(email="corr-eu@example.org", role=roles.CORRESPONDENT)
    RegionalCorrespondent.objects.create(user=elsewhere, region=Region.objects.get(code="europe"))
    return {"africa": africa, "secretary": secretary, "correspondent": correspondent}


def _by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_a_revision_mails_the_secretariat_and_the_regions_correspondents_once(
    people, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Sahel Soils", region=people["africa"])
    editor = EditorFactory(organisation=organisation).user
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.propose_revision(organisation, {"website": "https://a.example"}, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_revision(organisation, {"website": "https://b.example"}, by=editor)  # same pending one
    sent = _by_address()
    assert set(sent) == {"sec@example.org", "corr@example.org"} and len(mail.outbox) == 2
    french = sent["sec@example.org"]
    assert "Une révision de fiche attend : Sahel Soils" in french.subject
    assert f"/fr/partners/revisions/{revision.pk}/" in french.body
    spanish = sent["corr@example.org"]
    assert "Sahel Soils" in spanish.subject and "corresponsal" in spanish.body
    assert "/partners/revisions/" not in spanish.body  # a page the correspondent cannot open


def test_an_application_mails_the_secretariat_with_the_link_to_decide(people, django_capture_on_commit_callbacks):
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (40, 120, 40)).save(png, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit_application(
            by=UserFactory(),
            name="Andes Soil Network",
            status="member",
            college="research",
            country="BF",
            region=people["africa"],
            description="We restore soils.",
            declaration=SimpleUploadedFile("declaration.pdf", b"%PDF-1.4\n%%EOF\n"),
            logo=SimpleUploadedFile("logo.png", png.getvalue()),
        )
    sent = _by_address()
    assert set(sent) == {"sec@example.org", "corr@example.org"} and len(mail.outbox) == 2
    french = sent["sec@example.org"]
    assert "Demande d'adhésion à décider : Andes Soil Network" in french.subject
    assert f"/fr/partners/applications/{application.pk}/" in french.body
    assert "Andes Soil Network" in sent["corr@example.org"].subject  # the correspondents' copy, as before
