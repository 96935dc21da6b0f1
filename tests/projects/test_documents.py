"""Proposal documents: PDFs only (by content), 10 MB at most, served only to those who may read
the proposal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import roles
from projects.models import ProposalDocument
from tests.factories import UserFactory

from .factories import AssignmentFactory, CallFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_owner_adds_a_pdf_and_reads_it_back(client):
    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Work plan", "file": upload}, follow=True
    )
    assert "The document was added." in response.content.decode() and "Work plan" in response.content.decode()
    document = ProposalDocument.objects.get(proposal=proposal)
    assert document.size == len(PDF)
    body = b"".join(client.get(document.get_absolute_url()).streaming_content)
    assert body == PDF


def test_documents_are_kept_outside_the_served_media_folder(client, settings):
    from pathlib import Path

    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    client.post(f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Work plan", "file": upload})
    stored = Path(ProposalDocument.objects.get(proposal=proposal).file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.read_bytes() == PDF


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"MZ\x90\x00 not a pdf", "This file is not a PDF."), (b"%PDF-" + b"0" * (10 * 1024 * 1024), "larger than 10 MB")],
)
def test_a_file_that_is_not_a_small_pdf_is_refused(client, content, message):
    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    upload = SimpleUploadedFile("plan.pdf", content, content_type="application/pdf")
    response = client.post(f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Bad", "file": upload}, follow=True)
    assert message in response.content.decode()
    assert not ProposalDocument.objects.exists()


def test_documents_are_served_to_readers_of_the_proposal_only(client):
    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    client.post(
        f"/en/my/proposals/{proposal.pk}/documents/",
        {"title": "Plan", "file": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")},
    )
    url = ProposalDocument.objects.get().get_absolute_url()
    conflicted = AssignmentFactory(proposal=proposal, conflict="yes", conflict_declared_at=proposal.call.opens_at)
    for user in (UserFactory(), UserFactory(role=roles.FUNDER), conflicted.reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404 and "Page not found" in response.content.decode()
