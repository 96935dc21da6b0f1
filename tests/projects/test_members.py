"""Co-applicants of a proposal: invitations by e-mail, accepting them, read and write access, who gets
the receipt and the decision, and what a co-applicant never sees."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import roles
from portal.models import AuditEvent
from projects import services
from projects.models import Assignment, Proposal, ProposalDocument, ProposalMember, SelfAssessment
from tests.factories import UserFactory

from .factories import (
    AssignmentFactory,
    BudgetLineFactory,
    CallFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    accepted_member,
    confirm_submission,
    decided_call,
    reviewing_call,
    submitted_review,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def invite(proposal, email, access="read", **kwargs):
    with transaction.atomic():
        return services.invite_member(proposal, by=proposal.owner, email=email, access=access, **kwargs)


def _form(proposal, **overrides):
    """The draft form as the page posts it, from the stored proposal."""
    data = {
        "organisation": proposal.organisation,
        "title": proposal.title,
        "summary": proposal.summary,
        "country": proposal.country.code,
        "duration_months": str(proposal.duration_months),
        "expected_soc_outcome": proposal.expected_soc_outcome,
        "mrv_plan": proposal.mrv_plan,
        "requested_amount": str(proposal.requested_amount),
        "co_funding": "0",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "50",
        "budget-0-label": "Seeds",
        "budget-0-amount": "1000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Services: invitations ---------------------------------------------------------------------------


def test_owner_invites_and_the_mail_is_in_the_invitees_language(django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    UserFactory(email="Ana@Example.org", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite(proposal, "ana@example.org", "write")
    invited.refresh_from_db()
    assert (invited.email, invited.access, invited.invited_by, invited.user) == (
        "ana@example.org",
        "write",
        proposal.owner,
        None,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Invitación para unirse a la propuesta: Terraces"
    token = services.invitation_token(invited)
    assert f"\n{settings.SITE_URL}/es/my/proposals/invitations/{token}/\n" in message.body
    assert "ana" not in token.lower() and "example" not in token
    assert AuditEvent.objects.filter(verb="member.invited", object_id=invited.pk).exists()


def test_a_title_with_quotes_and_ampersands_reaches_the_mail_as_written(django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory(), title="Sols d'Afrique & co")
    with django_capture_on_commit_callbacks(execute=True):
        invite(proposal, "ana@example.org")
    [message] = mail.outbox
    assert message.subject == "Invitation to join the proposal: Sols d'Afrique & co"
    assert '"Sols d\'Afrique & co"' in message.body and "&amp;" not in message.body and "&#x27;" not in message.body


def test_an_address_without_account_is_invited_in_the_current_language(django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    with django_capture_on_commit_callbacks(execute=True):
        invite(proposal, "newcomer@example.org")
    assert mail.outbox[0].subject == "Invitation to join the proposal: Terraces"
    assert "You will be able to read the proposal and follow its status." in mail.outbox[0].body
    assert "/en/my/proposals/invitations/" in mail.outbox[0].body


def test_the_same_address_is_invited_once_whatever_its_case():
    proposal = ProposalFactory(call=CallFactory())
    invite(proposal, "ana@example.org")
    with pytest.raises(ValidationError) as error:
        invite(proposal, "ANA@example.org", "write")
    assert error.value.message_dict == {"email": ["ANA@example.org is already invited to this proposal."]}
    assert list(ProposalMember.objects.values_list("email", "access")) == [("ana@example.org", "read")]


def test_database_refuses_a_second_row_for_the_same_address_and_unknown_access():
    proposal = ProposalFactory(call=CallFactory())
    ProposalMember.objects.create(proposal=proposal, email="ana@example.org", invited_by=proposal.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalMember.objects.create(proposal=proposal, email="Ana@Example.ORG", invited_by=proposal.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalMember.objects.create(
            proposal=proposal, email="bo@example.org", access="admin", invited_by=proposal.owner
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalMember.objects.create(
            proposal=proposal, email="cy@example.org", invited_by=proposal.owner, user=UserFactory()
        )  # accepted without a date
    assert ProposalMember.objects.count() == 1


def test_the_owner_cannot_invite_themselves():
    proposal = ProposalFactory(call=CallFactory())
    with pytest.raises(ValidationError) as error:
        invite(proposal, proposal.owner.email.upper())
    assert "you own this proposal already" in error.value.message_dict["email"][0]
    assert not ProposalMember.objects.exists()


def test_only_the_owner_invites_changes_access_and_revokes():
    proposal = ProposalFactory(call=CallFactory())
    writer = UserFactory()
    accepted_member(proposal, writer, "write")
    pending = invite(proposal, "ana@example.org")
    with pytest.raises(PermissionDenied):
        services.invite_member(proposal, by=writer, email="bo@example.org", access="read")
    with pytest.raises(PermissionDenied):
        services.change_member_access(pending, "write", by=writer)
    with pytest.raises(PermissionDenied):
        services.revoke_member(pending, by=writer)
    pending.refresh_from_db()
    assert (pending.access, pending.revoked_at) == ("read", None)
    assert ProposalMember.objects.count() == 2


def test_reinviting_a_revoked_address_gives_a_new_link_and_kills_the_old_one():
    proposal = ProposalFactory(call=CallFactory())
    first = invite(proposal, "ana@example.org")
    old_token = services.invitation_token(first)
    services.revoke_member(first, by=proposal.owner)
    again = invite(proposal, "ana@example.org", "write")
    assert again.pk == first.pk and again.revoked_at is None and again.access == "write"
    with pytest.raises(services.InvitationError) as error:
        services.member_from_token(old_token)
    assert error.value.reason == "invalid"
    assert services.member_from_token(services.invitation_token(again)) == again


def test_an_expired_invitation_is_shown_so_and_can_be_sent_again(client, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory())
    first = invite(proposal, "ana@example.org")
    old_token = services.invitation_token(first)
    ProposalMember.objects.filter(pk=first.pk).update(invited_at=timezone.now() - datetime.timedelta(days=31))
    client.force_login(proposal.owner)
    assert "invitation expired on" in client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/my/proposals/{proposal.pk}/members/",
            {"invite-email": "ana@example.org", "invite-access": "write"},
            follow=True,
        )
    assert "An invitation was sent to ana@example.org." in response.content.decode()
    again = ProposalMember.objects.get()
    assert again.pk == first.pk and again.access == "write" and not again.has_expired()
    assert services.invitation_token(again) != old_token and len(mail.outbox) == 1


# --- Services: accepting ------------------------------------------------------------------------------


def test_the_invited_verified_account_accepts_case_insensitively():
    proposal = ProposalFactory(call=CallFactory())
    ana = UserFactory(email="ana@example.org")
    pending = invite(proposal, "Ana@Example.org")
    accepted = services.accept_invitation(services.member_from_token(services.invitation_token(pending)), by=ana)
    assert accepted.user == ana and accepted.accepted_at is not None
    assert AuditEvent.objects.filter(verb="member.accepted", actor=ana).exists()


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("other_account", "other_address"),
        ("unverified", "unverified"),
        ("expired", "expired"),
        ("revoked", "revoked"),
        ("taken", "taken"),
        ("owner", "owner"),
    ],
)
def test_an_invitation_cannot_be_taken_by_the_wrong_person_or_late(case, reason):
    proposal = ProposalFactory(call=CallFactory())
    ana = UserFactory(email="ana@example.org", verified=case != "unverified")
    pending = invite(proposal, "ana@example.org")
    person = ana
    if case == "other_account":
        person = UserFactory(email="forwarded-to@example.org")
    elif case == "expired":
        ProposalMember.objects.filter(pk=pending.pk).update(invited_at=timezone.now() - datetime.timedelta(days=31))
    elif case == "revoked":
        services.revoke_member(pending, by=proposal.owner)
    elif case == "taken":
        ProposalMember.objects.filter(pk=pending.pk).update(user=ana, accepted_at=timezone.now())
        person = UserFactory()
    elif case == "owner":
        person = proposal.owner
    pending.refresh_from_db()
    before = (pending.user_id, pending.accepted_at)
    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(pending, by=person)
    assert error.value.reason == reason
    pending.refresh_from_db()
    assert (pending.user_id, pending.accepted_at) == before


@pytest.mark.parametrize("token", ["nonsense", "0" * 32 + ":forged", ""])
def test_a_mangled_token_is_invalid(token):
    pending = invite(ProposalFactory(call=CallFactory()), "ana@example.org")
    good = services.invitation_token(pending)
    with pytest.raises(services.InvitationError) as error:
        services.member_from_token(token or good[:-2])
    assert error.value.reason == "invalid"


# --- Rules ------------------------------------------------------------------------------------------


PERMS = ("view_proposal", "change_proposal", "submit_proposal", "manage_members", "view_documents")
EXPECTED = {
    "owner": (True, True, True, True, True),
    "reader": (True, False, False, False, True),
    "writer": (True, True, False, False, True),
    "pending invitee": (False, False, False, False, False),
    "revoked writer": (False, False, False, False, False),
    "other applicant": (False, False, False, False, False),
    "funder": (False, False, False, False, False),
    "reviewer": (False, False, False, False, False),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_may_read_and_write_a_draft(who):
    proposal = ProposalFactory(call=CallFactory())
    person = {
        "owner": lambda: proposal.owner,
        "funder": lambda: UserFactory(role=roles.FUNDER),
        "reviewer": lambda: UserFactory(role=roles.STC_REVIEWER),
    }.get(who, UserFactory)()
    if who in ("reader", "writer", "revoked writer"):
        row = accepted_member(proposal, person, "read" if who == "reader" else "write")
        if who == "revoked writer":
            services.revoke_member(row, by=proposal.owner)
    if who == "pending invitee":
        invite(proposal, person.email, "write")
    got = tuple(person.has_perm(f"projects.{perm}", proposal) for perm in PERMS)
    assert got == EXPECTED[who]


# --- Views: the owner manages the team ---------------------------------------------------------------


def test_a_bad_address_is_shown_next_to_the_field_and_nothing_is_sent(client, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    client.force_login(proposal.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/my/proposals/{proposal.pk}/members/", {"invite-email": "ana@example", "invite-access": "write"}
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The invitation was not sent; see the address below." in body
    assert "Enter a valid email address." in body
    assert 'value="ana@example"' in body  # what was typed stays
    assert '<option value="write" selected>' in body
    assert 'value="Terraces"' in body  # the draft form is still there with its saved values
    assert not ProposalMember.objects.exists() and mail.outbox == []


def test_an_address_already_invited_is_refused_next_to_the_field(client):
    proposal = ProposalFactory(call=CallFactory())
    invite(proposal, "ana@example.org")
    client.force_login(proposal.owner)
    response = client.post(
        f"/en/my/proposals/{proposal.pk}/members/", {"invite-email": "ANA@example.org", "invite-access": "write"}
    )
    body = response.content.decode()
    assert "ANA@example.org is already invited to this proposal." in body
    assert 'value="ANA@example.org"' in body
    assert list(ProposalMember.objects.values_list("access", flat=True)) == ["read"]


def test_owner_invites_changes_access_and_revokes_from_the_page(client, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/my/proposals/{proposal.pk}/members/",
            {"invite-email": "ana@example.org", "invite-access": "read"},
            follow=True,
        )
    body = response.content.decode()
    assert "An invitation was sent to ana@example.org." in body
    assert "not accepted yet" in body and "ana@example.org" in body
    assert len(mail.outbox) == 1
    row = ProposalMember.objects.get()
    response = client.post(f"/en/my/proposals/{proposal.pk}/members/{row.pk}/", {"access": "write"}, follow=True)
    assert "ana@example.org now has this access: read and edit the draft." in response.content.decode()
    row.refresh_from_db()
    assert row.access == "write"
    response = client.post(f"/en/my/proposals/{proposal.pk}/members/{row.pk}/revoke/", follow=True)
    body = response.content.decode()
    assert "ana@example.org no longer has access to this proposal." in body
    assert "No co-applicant yet." in body
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_a_writer_cannot_manage_the_team_and_an_outsider_gets_404(client):
    proposal = ProposalFactory(call=CallFactory())
    writer, outsider = UserFactory(), UserFactory()
    reader_row = accepted_member(proposal, UserFactory(), "read")
    accepted_member(proposal, writer, "write")
    client.force_login(writer)
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Send the invitation" not in page and "Revoke" not in page
    for url, data in [
        (f"/en/my/proposals/{proposal.pk}/members/", {"invite-email": "bo@example.org", "invite-access": "write"}),
        (f"/en/my/proposals/{proposal.pk}/members/{reader_row.pk}/", {"access": "write"}),
        (f"/en/my/proposals/{proposal.pk}/members/{reader_row.pk}/revoke/", {}),
    ]:
        client.force_login(writer)
        assert client.post(url, data).status_code == 403
        client.force_login(outsider)
        response = client.post(url, data)
        assert response.status_code == 404 and "Page not found" in response.content.decode()
    reader_row.refresh_from_db()
    assert (reader_row.access, reader_row.revoked_at) == ("read", None)
    assert ProposalMember.objects.count() == 2


# --- Views: following the link -----------------------------------------------------------------------


def test_invitee_signs_in_then_accepts_and_reads_the_proposal(client):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces", summary="Stone terraces on slopes")
    pending = invite(proposal, "ana@example.org")
    url = services.invitation_path(pending)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert "next=" in response["Location"]
    ana = UserFactory(email="ana@example.org")
    client.force_login(ana)
    body = client.get(url).content.decode()
    assert "Terraces" in body and "Accept the invitation" in body and "read only" in body
    response = client.post(url, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/my/proposals/{proposal.pk}/"
    assert "Welcome: you are now a co-applicant of Terraces." in body
    assert "Stone terraces on slopes" in body
    assert "You are a co-applicant with read-only access." in body
    assert "Save draft" not in body
    pending.refresh_from_db()
    assert pending.user == ana
    # The link again, once accepted, leads to the proposal.
    assert client.get(url)["Location"] == f"/en/my/proposals/{proposal.pk}/"


def test_someone_else_with_the_link_learns_nothing_and_cannot_accept(client):
    proposal = ProposalFactory(call=CallFactory(), title="Secret terraces")
    pending = invite(proposal, "ana@example.org")
    url = services.invitation_path(pending)
    client.force_login(UserFactory(email="forwarded@example.org"))
    for response in (client.get(url), client.post(url)):
        body = response.content.decode()
        assert response.status_code == 404
        assert "This invitation was sent to another e-mail address." in body
        assert "Secret terraces" not in body
    pending.refresh_from_db()
    assert pending.user is None


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("revoked", 410, "This invitation was withdrawn by the owner of the proposal."),
        ("expired", 410, "This invitation has expired. Ask the owner of the proposal to invite you again."),
        ("mangled", 404, "This invitation link is not valid."),
        ("unverified", 403, "Verify your e-mail address first"),
    ],
)
def test_a_dead_link_says_why(client, case, status, message):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    pending = invite(proposal, "ana@example.org")
    url = services.invitation_path(pending)
    if case == "revoked":
        services.revoke_member(pending, by=proposal.owner)
    elif case == "expired":
        ProposalMember.objects.filter(pk=pending.pk).update(invited_at=timezone.now() - datetime.timedelta(days=31))
    elif case == "mangled":
        url = url[:-4] + "xx/"
    client.force_login(UserFactory(email="ana@example.org", verified=case != "unverified"))
    response = client.post(url)
    body = response.content.decode()
    assert response.status_code == status
    assert message in body
    assert "Terraces" not in body
    pending.refresh_from_db()
    assert pending.user is None


def test_an_invitation_in_french_and_the_list_shows_it(client):
    proposal = ProposalFactory(call=CallFactory(), title="Terrasses")
    invite(proposal, "ana@example.org", "write")
    client.force_login(UserFactory(email="ana@example.org", language="fr"))
    body = client.get("/fr/my/proposals/").content.decode()
    assert "Invitations en attente" in body and "Terrasses" in body
    link = services.invitation_path(ProposalMember.objects.get()).replace("/en/", "/fr/")
    assert "Accepter l’invitation" in client.get(link).content.decode()


def test_pending_invitations_match_the_address_exactly_not_as_a_pattern(client):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    invite(proposal, "a_b@example.org")
    client.force_login(UserFactory(email="axb@example.org"))
    assert "Terraces" not in client.get("/en/my/proposals/").content.decode()
    client.force_login(UserFactory(email="A_B@example.org"))
    assert "Terraces" in client.get("/en/my/proposals/").content.decode()


# --- Views: what each co-applicant may do -------------------------------------------------------------


def test_a_reader_cannot_change_the_draft_nor_add_documents(client):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    reader = UserFactory()
    accepted_member(proposal, reader, "read")
    client.force_login(reader)
    response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(proposal, title="Hijacked"))
    assert response.status_code == 403
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Plan", "file": upload})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Terraces" and not ProposalDocument.objects.exists()
    assert not proposal.budget_lines.exists()


def test_a_writer_edits_the_draft_but_only_the_owner_submits(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    proposal = ProposalFactory(call=call, title="Terraces", consent=False)
    saved = SelfAssessment.objects.create(call=call, owner=proposal.owner, answers={}, result=Decimal("50"))
    Proposal.objects.filter(pk=proposal.pk).update(self_assessment=saved)
    writer = UserFactory()
    accepted_member(proposal, writer, "write")
    client.force_login(writer)
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Save draft" in page and "Submit the proposal" not in page
    assert 'name="consent"' not in page and 'name="self_assessment"' not in page
    assert "only its owner submits it" in page
    response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(proposal, title="Terraces v2"), follow=True)
    assert "Your draft was saved." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Terraces v2" and proposal.self_assessment == saved and proposal.consent is False
    assert list(proposal.budget_lines.values_list("label", "amount")) == [("Seeds", Decimal("1000"))]
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    client.post(f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Plan", "file": upload})
    assert ProposalDocument.objects.filter(proposal=proposal, title="Plan").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/my/proposals/{proposal.pk}/", _form(proposal, title="Changed", submit="1", consent="on")
        )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.title == "Terraces v2" and mail.outbox == []


def test_after_the_deadline_a_writer_changes_nothing_and_a_reader_still_reads(client):
    proposal = ProposalFactory(call=reviewing_call(), title="Terraces")
    writer, reader = UserFactory(), UserFactory()
    accepted_member(proposal, writer, "write")
    accepted_member(proposal, reader, "read")
    client.force_login(writer)
    response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(proposal, title="Late"), follow=True)
    assert "can no longer be changed" in response.content.decode()
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/en/my/proposals/{proposal.pk}/documents/", {"title": "Plan", "file": upload}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Terraces" and not ProposalDocument.objects.exists()
    with pytest.raises(services.ProposalLocked):
        services.save_draft(proposal, by=writer)
    client.force_login(reader)
    body = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Terraces" in body and "The deadline has passed" in body


def test_a_revoked_member_gets_404_on_the_proposal_and_its_documents(client):
    proposal = SubmittedProposalFactory(call=CallFactory(), title="Terraces")
    document = ProposalDocument.objects.create(
        proposal=proposal, title="Plan", file=SimpleUploadedFile("p.pdf", PDF), size=len(PDF)
    )
    person = UserFactory()
    row = accepted_member(proposal, person, "write")
    client.force_login(person)
    assert client.get(document.get_absolute_url()).status_code == 200
    services.revoke_member(row, by=proposal.owner)
    for url in (f"/en/my/proposals/{proposal.pk}/", document.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 404 and "Terraces" not in response.content.decode()
    assert "Terraces" not in client.get("/en/my/proposals/").content.decode()


def test_a_pending_invitee_does_not_see_the_proposal_before_accepting(client):
    proposal = ProposalFactory(call=CallFactory(), title="Terraces")
    ana = UserFactory(email="ana@example.org")
    invite(proposal, "ana@example.org", "write")
    client.force_login(ana)
    response = client.get(f"/en/my/proposals/{proposal.pk}/")
    assert response.status_code == 404 and "Terraces" not in response.content.decode()


# --- Mails to the team -------------------------------------------------------------------------------


def test_receipt_goes_to_owner_and_accepted_members_each_in_their_language(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    owner = UserFactory(language="en")
    proposal = ProposalFactory(call=call, owner=owner, title="Terraces")
    BudgetLineFactory(proposal=proposal, amount=Decimal("1000"))
    accepted_member(proposal, UserFactory(email="fr@example.org", language="fr"), "write")
    accepted_member(proposal, UserFactory(email="es@example.org", language="es"), "read")
    gone = accepted_member(proposal, UserFactory(email="gone@example.org"), "read")
    services.revoke_member(gone, by=owner)
    invite(proposal, "pending@example.org")
    mail.outbox.clear()
    client.force_login(owner)
    client.post(f"/en/my/proposals/{proposal.pk}/", _form(proposal, submit="1", consent="on"))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_submission(client, proposal)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        owner.email: "Proposal received (version 1): Terraces",
        "fr@example.org": "Proposition reçue (version 1) : Terraces",
        "es@example.org": "Propuesta recibida (versión 1): Terraces",
    }
    french = next(m for m in mail.outbox if m.to == ["fr@example.org"])
    assert f"/fr/my/proposals/{proposal.pk}/" in french.body


def test_decision_goes_to_owner_and_accepted_members_once(django_capture_on_commit_callbacks):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call, title="Terraces", decision="positive", feedback_to_applicant="Go")
    accepted_member(proposal, UserFactory(email="fr@example.org", language="fr"), "read")
    invite(proposal, "pending@example.org")
    mail.outbox.clear()
    chair = UserFactory(role=roles.STC_CHAIR)
    services.close_reviewing(call, by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_decisions(call, by=chair)
        services.publish_decisions(call, by=chair)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([proposal.owner.email, "fr@example.org"])
    french = next(m for m in mail.outbox if m.to == ["fr@example.org"])
    assert french.subject == "Décision sur votre proposition : Terraces"


# --- Leak test ---------------------------------------------------------------------------------------


def test_a_co_applicant_never_sees_scores_reviewers_or_confidential_comments(client):
    call = decided_call()
    proposal = SubmittedProposalFactory(
        call=call, title="Terraces", status="decided", decision="positive", feedback_to_applicant="Well argued."
    )
    reviewer = UserFactory(email="hidden.reviewer@example.org", first_name="Zebulon", role=roles.STC_REVIEWER)
    submitted_review(
        AssignmentFactory(proposal=proposal, reviewer=reviewer),
        value=3,
        confidential="CONFIDENTIAL-PLANTED-7731",
        feedback="REVIEWER-FEEDBACK-PLANTED-5521",
    )
    call.decisions_published_at = timezone.now()
    call.save()
    for access in ("read", "write"):
        person = UserFactory()
        accepted_member(proposal, person, access)
        client.force_login(person)
        for url in (f"/en/my/proposals/{proposal.pk}/", "/en/my/proposals/"):
            body = client.get(url).content.decode()
            for secret in ("CONFIDENTIAL-PLANTED-7731", "REVIEWER-FEEDBACK-PLANTED-5521", "hidden.reviewer", "Zebulon"):
                assert secret not in body, (access, url, secret)
        body = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
        assert "Decision: positive" in body and "Well argued." in body
        assert client.get(f"/en/review/proposals/{proposal.pk}/").status_code == 404


# --- The list ----------------------------------------------------------------------------------------


def test_my_proposals_lists_own_and_joined_proposals_with_the_role(client):
    call = CallFactory()
    person = UserFactory()
    ProposalFactory(call=call, owner=person, title="Mine")
    accepted_member(ProposalFactory(call=call, title="Helping"), person, "write")
    accepted_member(ProposalFactory(call=call, title="Watching"), person, "read")
    revoked = accepted_member(ProposalFactory(call=call, title="Left"), person, "write")
    services.revoke_member(revoked, by=revoked.proposal.owner)
    ProposalFactory(call=call, title="Stranger's")
    client.force_login(person)
    body = client.get("/en/my/proposals/").content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in body.split("<tr><td><a href=")[1:]}
    assert set(rows) == {"Mine", "Helping", "Watching"}
    assert '<td class="role">owner</td>' in rows["Mine"]
    assert '<td class="role">co-applicant (can edit)</td>' in rows["Helping"]
    assert '<td class="role">co-applicant (read only)</td>' in rows["Watching"]


@pytest.mark.parametrize("rows", [1, 4])
def test_my_proposals_query_count_does_not_grow_with_members(client, django_assert_num_queries, rows):
    call = CallFactory()
    person = UserFactory()
    for n in range(rows):
        own = ProposalFactory(call=call, owner=person, title=f"Own {n}")
        BudgetLineFactory(proposal=own)
        BudgetLineFactory(proposal=own, amount=Decimal("5"))
        accepted_member(own, UserFactory(), "write")
        accepted_member(own, UserFactory(), "read")
        joined = ProposalFactory(call=call, title=f"Joined {n}")
        BudgetLineFactory(proposal=joined)
        accepted_member(joined, person, "read" if n % 2 else "write")
        accepted_member(joined, UserFactory(), "read")
        invite(ProposalFactory(call=call, title=f"Invited {n}"), person.email)
    client.force_login(person)
    with django_assert_num_queries(8):
        response = client.get("/en/my/proposals/")
    body = response.content.decode()
    assert body.count('<td class="role">') == 2 * rows
    assert body.count("1005.00 EUR") == rows  # the members do not multiply the budget total
    assert body.count("See the invitation") == rows


# --- Reviewers -----------------------------------------------------------------------------------------


def test_the_owner_is_never_assigned_to_review_their_own_proposal(client):
    call = reviewing_call()
    owner = UserFactory(role=roles.STC_REVIEWER)
    proposal = SubmittedProposalFactory(call=call, owner=owner)
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    response = client.post(
        f"/en/review/calls/{call.year}/assign/", {"proposal": proposal.pk, "reviewer": owner.pk}, follow=True
    )
    assert "A reviewer cannot review their own proposal." in response.content.decode()
    assert not Assignment.objects.filter(reviewer=owner).exists()


def test_an_assignment_post_without_a_proposal_or_reviewer_is_refused_with_a_message(client):
    """Found by tests/test_fuzz_forms.py: a post with an empty or non-numeric id answered 500."""
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    for payload in ({"proposal": "", "reviewer": ""}, {"proposal": proposal.pk, "reviewer": "x1"}, {}):
        response = client.post(f"/en/review/calls/{call.year}/assign/", payload, follow=True)
        assert response.status_code == 200
        assert "Choose a proposal and a reviewer from the lists." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_co_applicant_is_never_assigned_to_review_the_proposal(client):
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    colleague = UserFactory(role=roles.STC_REVIEWER)
    accepted_member(proposal, colleague, "read")
    client.force_login(UserFactory(role=roles.STC_CHAIR))
    response = client.post(
        f"/en/review/calls/{call.year}/assign/", {"proposal": proposal.pk, "reviewer": colleague.pk}, follow=True
    )
    assert "A reviewer cannot review a proposal they are a co-applicant of." in response.content.decode()
    assert not Assignment.objects.filter(reviewer=colleague).exists()
    # When the assigned reviewer declares a conflict, the replacement is not the co-applicant either.
    conflicted = AssignmentFactory(proposal=proposal, reviewer=UserFactory(role=roles.STC_REVIEWER))
    outsider = UserFactory(role=roles.STC_REVIEWER)
    services.declare_conflict(conflicted, True, by=conflicted.reviewer)
    assert set(Assignment.objects.filter(conflict="unknown").values_list("reviewer", flat=True)) == {outsider.pk}


def test_automatic_assignment_never_gives_a_proposal_to_its_co_applicants():
    call = reviewing_call()
    proposal = SubmittedProposalFactory(call=call)
    colleague = UserFactory(role=roles.STC_REVIEWER, language=proposal.language)
    accepted_member(proposal, colleague, "write")
    others = [UserFactory(role=roles.STC_REVIEWER, language=proposal.language) for _ in range(2)]
    chair = UserFactory(role=roles.STC_CHAIR)
    result = services.auto_assign(call, [colleague, *others], 2, by=chair)
    assigned = set(Assignment.objects.filter(proposal=proposal).values_list("reviewer", flat=True))
    assert assigned == {o.pk for o in others}
    assert not result.short
    # With only the co-applicant and one other reader, the chair is told the proposal is short.
    second = SubmittedProposalFactory(call=call, language=proposal.language)
    accepted_member(second, others[0], "read")
    result = services.auto_assign(call, [colleague, others[0]], 1, by=chair)
    assert set(Assignment.objects.filter(proposal=second).values_list("reviewer", flat=True)) == {colleague.pk}


def test_the_secretariat_sees_the_team_in_the_admin_without_changing_it(client):
    proposal = ProposalFactory(call=CallFactory())
    accepted_member(proposal, UserFactory(email="writer@example.org"), "write")
    invite(proposal, "pending@example.org")
    client.force_login(UserFactory(role=roles.SECRETARIAT, is_superuser=True))
    body = client.get(f"/django-admin/projects/proposal/{proposal.pk}/change/").content.decode()
    assert "writer@example.org" in body and "pending@example.org" in body
    assert 'name="members-0-email"' not in body  # read-only: the owner manages the team
