"""An applicant withdraws a submitted proposal: only its owner, only until the call's decisions are
published; the owner, co-applicants and reviewers are told in their language, and the proposal is
gone for the STC, its reviewers and funders while its applicants still see it as withdrawn."""

import datetime
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.utils import timezone, translation

from portal import roles
from portal.models import AuditEvent
from projects import queries, services
from projects.models import Assignment, Proposal, ProposalDocument, ProposalMember, Reminder
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


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _reviewer(**kwargs):
    return UserFactory(role=roles.STC_REVIEWER, **kwargs)


def _withdrawn_on(proposal):
    with translation.override("en"):
        return "Withdrawn on " + date_filter(timezone.localtime(proposal.withdrawn_at), "DATE_FORMAT")


def _published_call():
    call = decided_call()
    call.decisions_published_at = call.decision_date
    call.save()
    return call


def test_the_owner_withdraws_and_everyone_concerned_is_told_in_their_language(django_capture_on_commit_callbacks):
    call = reviewing_call()
    owner = UserFactory(email="owner@example.org", language="fr")
    proposal = SubmittedProposalFactory(call=call, owner=owner, title="Haies & bocage")
    BudgetLineFactory(proposal=proposal)
    partner = UserFactory(email="partner@example.org", language="es")
    accepted_member(proposal, partner, access="write")
    ProposalMember.objects.create(proposal=proposal, email="pending@example.org", invited_by=owner)  # not accepted
    declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="rev@example.org", language="es")))
    AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="undeclared@example.org"))
    declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer(email="conflicted@example.org")), "yes")
    client = _client(owner)

    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert f'href="/en/my/proposals/{proposal.pk}/withdraw/"' in page
    confirm = client.get(f"/en/my/proposals/{proposal.pk}/withdraw/").content.decode()
    assert "Withdraw this proposal?" in confirm and "it leaves the ranking, its reviewers are told" in confirm
    assert "Withdraw the proposal" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/{proposal.pk}/withdraw/", follow=True)

    assert response.redirect_chain == [(f"/en/my/proposals/{proposal.pk}/", 302)]
    body = response.content.decode()
    assert "Your proposal was withdrawn. A confirmation was sent to you by e-mail." in body
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN and proposal.get_status_display() == "withdrawn"
    assert timezone.now() - proposal.withdrawn_at < datetime.timedelta(minutes=1)
    assert proposal.submitted_at is not None  # the record of the submission stays
    assert _withdrawn_on(proposal) in body
    assert f"/en/my/proposals/{proposal.pk}/withdraw/" not in body  # no second withdrawal offered
    [event] = AuditEvent.objects.filter(verb="proposal.withdrawn")
    assert event.actor == owner and event.object_id == proposal.pk

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == [
        "owner@example.org",
        "partner@example.org",
        "rev@example.org",
        "undeclared@example.org",
    ]
    french = by_address["owner@example.org"]
    assert french.subject == "Proposition retirée : Haies & bocage"
    assert "La proposition « Haies & bocage » pour : Appel à projets" in french.body
    assert "ne sera pas évaluée" in french.body
    assert f"/fr/my/proposals/{proposal.pk}/" in french.body
    spanish = by_address["partner@example.org"]
    assert spanish.subject == "Propuesta retirada: Haies & bocage"
    assert f"/es/my/proposals/{proposal.pk}/" in spanish.body
    review_mail = by_address["rev@example.org"]
    assert review_mail.subject == "Evaluación ya no necesaria: Haies & bocage"
    assert "Ya no necesita su evaluación" in review_mail.body and "/es/review/" in review_mail.body
    assert by_address["undeclared@example.org"].subject == "No review needed any more: Haies & bocage"

    # Withdrawing again is refused with the reason, and nobody is mailed twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/en/my/proposals/{proposal.pk}/withdraw/", follow=True)
        with transaction.atomic(), pytest.raises(services.WithdrawalRefused):
            services.withdraw(proposal, by=owner)
    assert "This proposal was already withdrawn." in again.content.decode()
    assert len(mail.outbox) == 4
    assert AuditEvent.objects.filter(verb="proposal.withdrawn").count() == 1


def test_owner_and_co_applicants_still_see_it_in_my_proposals_as_withdrawn():
    proposal = SubmittedProposalFactory(call=reviewing_call(), title="Still mine")
    reader = UserFactory()
    accepted_member(proposal, reader)
    services.withdraw(proposal, by=proposal.owner)
    proposal.refresh_from_db()
    for person in (proposal.owner, reader):
        body = _client(person).get("/en/my/proposals/").content.decode()
        assert "Still mine" in body and _withdrawn_on(proposal) in body
    detail = _client(reader).get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Still mine" in detail and "the Scientific and Technical Committee no longer reviews it" in detail
    french = _client(proposal.owner).get("/fr/my/proposals/").content.decode()
    assert "Retirée le" in french


def test_nobody_can_be_invited_to_a_withdrawn_proposal(django_capture_on_commit_callbacks):
    proposal = SubmittedProposalFactory(call=reviewing_call(), title="Closed team")
    services.withdraw(proposal, by=proposal.owner)
    owner = _client(proposal.owner)
    page = owner.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Invite a co-applicant" not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(
            f"/en/my/proposals/{proposal.pk}/members/", {"invite-email": "late@example.org", "invite-access": "read"}
        )
    body = response.content.decode()
    assert "This proposal was withdrawn: nobody can be invited to it any more." in body
    assert 'value="late@example.org"' in body  # what was typed is kept
    assert not ProposalMember.objects.filter(proposal=proposal).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["writer", "reader", "stranger", "reviewer", "chair"])
def test_only_the_owner_may_withdraw_everyone_else_gets_a_404(who, django_capture_on_commit_callbacks):
    proposal = SubmittedProposalFactory(call=reviewing_call(), title="Not yours")
    people = {
        "writer": lambda: accepted_member(proposal, UserFactory(), access="write").user,
        "reader": lambda: accepted_member(proposal, UserFactory()).user,
        "stranger": UserFactory,
        "reviewer": lambda: declared(AssignmentFactory(proposal=proposal, reviewer=_reviewer())).reviewer,
        "chair": lambda: UserFactory(role=roles.STC_CHAIR),
    }
    person = people[who]()
    client = _client(person)
    if who in ("writer", "reader"):  # they do see the proposal, without a way to withdraw it
        page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
        assert "Not yours" in page and "/withdraw/" not in page
    get = client.get(f"/en/my/proposals/{proposal.pk}/withdraw/")
    with django_capture_on_commit_callbacks(execute=True):
        post = client.post(f"/en/my/proposals/{proposal.pk}/withdraw/")
    assert get.status_code == post.status_code == 404
    assert "Withdraw this proposal?" not in get.content.decode() + post.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.withdrawn_at is None
    assert not AuditEvent.objects.filter(verb="proposal.withdrawn").exists()
    assert mail.outbox == []
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.withdraw(proposal, by=person)


def _draft():
    return ProposalFactory(call=CallFactory(), title="A draft")


def _decided():
    return SubmittedProposalFactory(
        call=_published_call(), title="A decided one", status="decided", decision="negative"
    )


def _submitted_in_a_published_call():
    return SubmittedProposalFactory(call=_published_call(), title="Left undecided")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_draft, "Only a submitted proposal can be withdrawn."),
        (_decided, "The decisions of this call are published: the proposal can no longer be withdrawn."),
        (
            _submitted_in_a_published_call,
            "The decisions of this call are published: the proposal can no longer be withdrawn.",
        ),
    ],
)
def test_withdrawal_is_refused_with_the_reason_and_nothing_changes(make, reason, django_capture_on_commit_callbacks):
    proposal = make()
    status = proposal.status
    client = _client(proposal.owner)
    assert "/withdraw/" not in client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    page = client.get(f"/en/my/proposals/{proposal.pk}/withdraw/").content.decode()
    assert reason in page and "Withdraw the proposal" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/{proposal.pk}/withdraw/", follow=True)
    assert response.redirect_chain == [(f"/en/my/proposals/{proposal.pk}/", 302)]
    assert reason in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == status and proposal.withdrawn_at is None
    assert not AuditEvent.objects.filter(verb="proposal.withdrawn").exists()
    assert mail.outbox == []


def test_the_refusal_is_in_the_applicants_language():
    proposal = _decided()
    page = _client(proposal.owner).get(f"/es/my/proposals/{proposal.pk}/withdraw/").content.decode()
    assert "¿Retirar esta propuesta?" in page
    assert "Las decisiones de esta convocatoria están publicadas: la propuesta ya no se puede retirar." in page


def test_the_database_ties_the_withdrawal_date_to_the_status():
    proposal = SubmittedProposalFactory(call=reviewing_call())
    with transaction.atomic(), pytest.raises(IntegrityError):
        Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Proposal.objects.filter(pk=proposal.pk).update(withdrawn_at=timezone.now())
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn", withdrawn_at=timezone.now())
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.withdrawn_at is not None


def test_a_withdrawn_proposal_leaves_the_ranking_its_exports_and_the_chart():
    from openpyxl import load_workbook

    call = reviewing_call()
    kept = SubmittedProposalFactory(call=call, title="Kept project")
    gone = SubmittedProposalFactory(call=call, title="Gone project")
    submitted_review(AssignmentFactory(proposal=kept, reviewer=_reviewer()), value=3)
    submitted_review(AssignmentFactory(proposal=gone, reviewer=_reviewer()), value=5)
    chair = _client(UserFactory(role=roles.STC_CHAIR))
    assert "Gone project" in chair.get(f"/en/review/calls/{call.year}/").content.decode()
    services.withdraw(gone, by=gone.owner)

    page = chair.get(f"/en/review/calls/{call.year}/").content.decode()
    assert "Kept project" in page and "Gone project" not in page
    assert [p.title for p in queries.ranking(call)] == ["Kept project"]
    assert queries.score_distribution(call) == [(3, 2, 100)]  # the withdrawn proposal's fives are gone
    csv_lines = chair.get(f"/en/review/calls/{call.year}/ranking.csv").content.decode().splitlines()
    assert len(csv_lines) == 2 and csv_lines[1].startswith('1,"Kept project",')
    sheet = load_workbook(BytesIO(chair.get(f"/en/review/calls/{call.year}/ranking.xlsx").content)).active
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Title", "Kept project"]
    assert chair.get(f"/en/review/proposals/{gone.pk}/").status_code == 404
    # It can no longer be assigned by hand either.
    response = chair.post(f"/en/review/calls/{call.year}/assign/", {"proposal": gone.pk, "reviewer": _reviewer().pk})
    assert response.status_code == 404
    assert gone.assignments.count() == 1


def test_its_reviewers_no_longer_see_it(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, title="Withdrawn soil plan", summary="Summary of the plan")
    pdf = ContentFile(b"%PDF-1.4 withdrawn", name="plan.pdf")
    document = ProposalDocument.objects.create(proposal=proposal, title="Plan", file=pdf, size=pdf.size)
    reviewer = _reviewer()
    assigned = declared(AssignmentFactory(proposal=proposal, reviewer=reviewer))
    undeclared = AssignmentFactory(proposal=proposal, reviewer=_reviewer())
    AssignmentFactory(proposal=SubmittedProposalFactory(call=call, title="Another plan"), reviewer=reviewer)
    c = _client(reviewer)
    assert "Summary of the plan" in c.get(f"/en/review/{assigned.pk}/").content.decode()
    services.withdraw(proposal, by=proposal.owner)

    workspace = c.get("/en/review/").content.decode()
    assert "Another plan" in workspace and "Withdrawn soil plan" not in workspace
    review_page = c.get(f"/en/review/{assigned.pk}/")
    assert review_page.status_code == 404 and "Summary of the plan" not in review_page.content.decode()
    document_url = f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/"
    assert c.get(document_url).status_code == 404
    assert b"".join(_client(proposal.owner).get(document_url).streaming_content) == b"%PDF-1.4 withdrawn"
    posted = c.post(f"/en/review/{assigned.pk}/", {"recommendation": "fund", "submit": "1"})
    assert posted.status_code == 404 and not hasattr(Assignment.objects.get(pk=assigned.pk), "review")
    late = _client(undeclared.reviewer).post(f"/en/review/{undeclared.pk}/conflict/", {"conflict": "yes"})
    assert late.status_code == 404
    undeclared.refresh_from_db()
    assert undeclared.conflict == "unknown" and proposal.assignments.count() == 2  # nobody reassigned
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.declare_conflict(undeclared, True, by=undeclared.reviewer)
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.save_review(assigned, by=reviewer, scores={})


def test_automatic_assignment_skips_it():
    call = reviewing_call()
    kept = SubmittedProposalFactory(call=call)
    gone = SubmittedProposalFactory(call=call)
    services.withdraw(gone, by=gone.owner)
    reviewers = [_reviewer(), _reviewer()]
    result = services.auto_assign(call, reviewers, 2, by=None)
    assert {a.proposal_id for a in result.created} == {kept.pk} and len(result.created) == 2
    assert result.short == [] and not gone.assignments.exists()


def test_pending_reviews_of_a_withdrawn_proposal_are_not_reminded(django_capture_on_commit_callbacks):
    call = reviewing_call()
    only_withdrawn = _reviewer(email="only@example.org")
    both = _reviewer(email="both@example.org")
    gone = SubmittedProposalFactory(call=call)
    kept = SubmittedProposalFactory(call=call)
    AssignmentFactory(proposal=gone, reviewer=only_withdrawn)
    AssignmentFactory(proposal=gone, reviewer=both)
    AssignmentFactory(proposal=kept, reviewer=both)
    services.withdraw(gone, by=gone.owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_due_reminders(call.review_deadline - datetime.timedelta(days=3))
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["both@example.org"]]
    assert not Reminder.objects.filter(recipient=only_withdrawn).exists()


def test_a_staged_decision_of_a_withdrawn_proposal_is_never_published_to_funders(django_capture_on_commit_callbacks):
    call = reviewing_call()
    kept = SubmittedProposalFactory(call=call, title="Kept and funded")
    gone = SubmittedProposalFactory(call=call, title="Withdrawn but staged")
    chair = UserFactory(role=roles.STC_CHAIR)
    for proposal in (kept, gone):
        services.stage_decision(proposal, "positive", "Good", by=chair)
    services.withdraw(gone, by=gone.owner)
    mail.outbox.clear()
    services.close_reviewing(call, by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_decisions(call, by=chair)
    assert [p.title for p in published] == ["Kept and funded"]
    assert [m.to for m in mail.outbox] == [[kept.owner.email]]
    gone.refresh_from_db()
    assert gone.status == Proposal.Status.WITHDRAWN and gone.decision_mailed_at is None
    funder = _client(UserFactory(role=roles.FUNDER))
    listing = funder.get("/en/funders/").content.decode()
    assert "Kept and funded" in listing and "Withdrawn but staged" not in listing
    assert funder.get(f"/en/funders/{gone.pk}/").status_code == 404
    # The applicant sees no decision either: it was withdrawn before the publication.
    page = _client(gone.owner).get(f"/en/my/proposals/{gone.pk}/").content.decode()
    assert 'class="decision"' not in page and "Withdrawn on" in page
