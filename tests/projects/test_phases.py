"""Phases the server enforces: decisions are published only once reviewing is closed (the review
deadline passed, or the chair closed it, recorded), after a summary the chair confirms; after
publication nothing new is started or submitted for the call."""

import pytest
from django.core import mail

from portal import roles
from portal.models import AuditEvent
from projects import services
from projects.models import Proposal
from tests.factories import UserFactory

from .factories import (
    AssignmentFactory,
    BudgetLineFactory,
    CallFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    accepted_member,
    decided_call,
    declared,
    reviewing_call,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _staged_call():
    call = reviewing_call()
    chair = UserFactory(role=roles.STC_CHAIR)
    yes = SubmittedProposalFactory(call=call, title="Yes project")
    accepted_member(yes, UserFactory(email="co@example.org"))
    no = SubmittedProposalFactory(call=call, title="No project")
    SubmittedProposalFactory(call=call, title="Undecided project")
    submitted_review(AssignmentFactory(proposal=yes))
    declared(AssignmentFactory(proposal=yes))  # asked twice, reviewed once
    services.stage_decision(yes, "positive", "Bravo", by=chair)
    services.stage_decision(no, "negative", "Not now", by=chair)
    return call, chair


def test_decisions_cannot_be_published_while_reviewing_is_open(client, django_capture_on_commit_callbacks):
    call, chair = _staged_call()
    with pytest.raises(services.PublicationRefused) as refused:
        services.publish_decisions(call, by=chair)
    assert "Reviewing is still open" in refused.value.message
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/review/calls/{call.year}/publish/", {"confirm": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "Reviewing is still open" in body
    assert "Confirm: publish" not in body and "Close reviewing now" in body
    call.refresh_from_db()
    assert call.decisions_published_at is None and mail.outbox == []
    assert Proposal.objects.filter(call=call, status="decided").count() == 0


def test_the_publish_page_summarises_then_publishes_only_on_confirmation(client, django_capture_on_commit_callbacks):
    call, chair = _staged_call()
    client.force_login(chair)
    # The chair closes reviewing explicitly (confirmation page first), recorded in the audit trail.
    page = client.get(f"/en/review/calls/{call.year}/close-reviewing/").content.decode()
    assert "Confirm: close reviewing" in page
    call.refresh_from_db()
    assert call.reviewing_closed_at is None
    # A post without the confirmation button closes nothing, and says so.
    page = client.post(f"/en/review/calls/{call.year}/close-reviewing/", {}).content.decode()
    assert "Nothing was changed: choose one of the buttons on this page." in page
    call.refresh_from_db()
    assert call.reviewing_closed_at is None
    response = client.post(f"/en/review/calls/{call.year}/close-reviewing/", {"confirm": "yes"})
    assert response["Location"] == f"/en/review/calls/{call.year}/publish/"
    call.refresh_from_db()
    assert call.reviewing_closed_at is not None
    assert AuditEvent.objects.filter(verb="call.reviewing_closed", actor=chair, object_id=call.pk).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        summary = client.get(f"/en/review/calls/{call.year}/publish/").content.decode()
        client.post(f"/en/review/calls/{call.year}/publish/")  # no confirmation: nothing happens
    assert "1 positive decision is published." in summary
    assert "1 negative decision is published." in summary
    assert "1 submitted proposal has no staged decision" in summary
    assert "3 people are mailed" in summary  # two owners and one co-applicant
    assert "Yes project</a></td><td>1 / 2</td>" in summary
    call.refresh_from_db()
    assert call.decisions_published_at is None and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/review/calls/{call.year}/publish/", {"confirm": "yes"}, follow=True)
    assert "2 decisions were published and mailed." in response.content.decode()
    assert len(mail.outbox) == 3
    call.refresh_from_db()
    assert call.decisions_published_at is not None


def test_past_the_review_deadline_decisions_are_published_without_closing():
    call = decided_call()
    chair = UserFactory(role=roles.STC_CHAIR)
    proposal = SubmittedProposalFactory(call=call)
    services.stage_decision(proposal, "positive", "Good", by=chair)
    assert [p.pk for p in services.publish_decisions(call, by=chair)] == [proposal.pk]


def test_only_the_chair_closes_reviewing(client):
    call = reviewing_call()
    secretariat = UserFactory(role=roles.SECRETARIAT)
    with pytest.raises(services.PermissionDenied):
        services.close_reviewing(call, by=secretariat)
    client.force_login(secretariat)
    assert client.post(f"/en/review/calls/{call.year}/close-reviewing/", {"confirm": "yes"}).status_code == 404
    call.refresh_from_db()
    assert call.reviewing_closed_at is None


def test_after_publication_no_proposal_is_started_or_submitted(client):
    call = CallFactory()  # still open for submissions
    chair = UserFactory(role=roles.STC_CHAIR)
    draft = ProposalFactory(call=call)
    BudgetLineFactory(proposal=draft)
    services.close_reviewing(call, by=chair)
    services.publish_decisions(call, by=chair)
    call.refresh_from_db()
    applicant = UserFactory()
    # Rules: the "new proposal" page is gone and the call page no longer offers it.
    assert not applicant.has_perm("projects.create_proposal", call)
    client.force_login(applicant)
    assert client.get(f"/en/my/proposals/new/{call.year}/").status_code == 404
    assert "Start a proposal" not in client.get(f"/en/calls/{call.year}/").content.decode()
    # Services: neither a new draft nor the submission of an existing one.
    with pytest.raises(services.ProposalLocked):
        services.save_draft(Proposal(call=call, title="Late"), by=applicant)
    with pytest.raises(services.ProposalLocked):
        services.submit_proposal(draft, by=draft.owner)
    draft.refresh_from_db()
    assert draft.status == "draft"
