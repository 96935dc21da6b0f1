"""The applicant's side of issue 13: budget lines added without a round trip, documents and
co-applicants before the first save, documents removed before submission, submission confirmed on its
own page, reopening until the deadline with numbered versions, and every deadline in the call's time
zone with UTC beside it."""

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import AuditEvent
from projects import services
from projects.models import (
    Call,
    Proposal,
    ProposalDocument,
    ProposalMember,
    ProposalSubmission,
    validate_time_zone,
)
from tests.factories import UserFactory

from .factories import (
    AssignmentFactory,
    BudgetLineFactory,
    CallFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    accepted_member,
    confirm_submission,
    reviewing_call,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _form(lines=(("Seeds", "1000"),), total=None, **overrides):
    data = {
        "organisation": "Coop",
        "title": "Terraces",
        "summary": "Stone terraces",
        "country": "PE",
        "duration_months": "12",
        "expected_soc_outcome": "+0.1 t",
        "mrv_plan": "Sampling",
        "requested_amount": "900",
        "co_funding": "0",
        "consent": "on",
        "budget-TOTAL_FORMS": str(total if total is not None else len(lines)),
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "50",
    }
    for n, (label, amount) in enumerate(lines):
        data[f"budget-{n}-label"], data[f"budget-{n}-amount"] = label, amount
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# --- Budget: "Add a line" ----------------------------------------------------------------------------


def test_the_form_offers_an_add_a_line_button_with_a_template_row_and_its_script(client):
    call = CallFactory()
    client.force_login(UserFactory())
    page = client.get(f"/en/my/proposals/new/{call.year}/").content.decode()
    # Without JavaScript: two empty lines and a hidden button; the script shows it and copies the row.
    assert page.count('name="budget-0-label"') == 1 and 'name="budget-1-label"' in page
    assert 'name="budget-2-label"' not in page.split("<template")[0]
    assert re.search(r'<button type="button" data-budget-add hidden>Add a line</button>', page)
    template = re.search(r"<template data-budget-line-template>(.*?)</template>", page, re.S).group(1)
    assert 'name="budget-__prefix__-label"' in template and 'name="budget-__prefix__-amount"' in template
    assert '<input type="hidden" name="budget-TOTAL_FORMS" value="2"' in page
    assert '<script src="/static/js/budget_lines.js" defer></script>' in page
    script = (Path(__file__).resolve().parents[2] / "static/js/budget_lines.js").read_text()
    assert "__prefix__" in script and "TOTAL_FORMS" in script


def test_lines_added_in_the_browser_are_all_stored_in_their_order(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    lines = [("Seeds", "100"), ("Lab", "200"), ("Fences", "300"), ("Travel", "50.5"), ("Training", "49.5")]
    client.post(f"/en/my/proposals/new/{call.year}/", _form(lines=lines))
    proposal = Proposal.objects.get(owner=user)
    assert list(proposal.budget_lines.values_list("label", "amount")) == [(a, Decimal(b)) for a, b in lines]


def test_a_tampered_line_count_past_the_limit_is_refused_and_nothing_is_saved(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    lines = [(f"Item {n}", "1") for n in range(51)]
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(lines=lines))
    assert "Please submit at most 50 forms." in response.content.decode()
    assert not Proposal.objects.filter(owner=user).exists()


# --- Documents and co-applicants before the first save ----------------------------------------------------


def test_a_new_proposal_takes_a_document_and_a_co_applicant_with_its_first_save(
    client, django_capture_on_commit_callbacks
):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    page = client.get(f"/en/my/proposals/new/{call.year}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="document-file"' in page
    assert 'name="draft-invite-email"' in page
    assert "the draft is saved first, then the document is attached and the invitation sent" in page
    data = _form(
        **{"document-title": "Work plan", "document-file": _pdf(), "draft-invite-email": "colleague@example.org"},
        **{"draft-invite-access": "write"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/new/{call.year}/", data, follow=True)
    body = response.content.decode()
    assert "Your draft was saved first: documents and co-applicants are added to a saved draft." in body
    assert "The document “Work plan” was attached." in body
    assert "An invitation was sent to colleague@example.org." in body
    proposal = Proposal.objects.get(owner=user)
    assert ProposalDocument.objects.get(proposal=proposal).title == "Work plan"
    member = ProposalMember.objects.get(proposal=proposal)
    assert (member.email, member.access) == ("colleague@example.org", "write")
    assert [m.to for m in mail.outbox] == [["colleague@example.org"]]


def test_a_bad_document_on_a_new_proposal_saves_nothing_and_keeps_what_was_typed(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    upload = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(**{"document-file": upload}))
    body = response.content.decode()
    assert "This file is not a PDF." in body and 'value="Terraces"' in body
    assert not Proposal.objects.filter(owner=user).exists()


def test_inviting_ones_own_address_on_a_new_proposal_keeps_the_draft_and_says_why(client):
    call = CallFactory()
    user = UserFactory(email="holder@example.org")
    client.force_login(user)
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(**{"draft-invite-email": user.email}))
    body = response.content.decode()
    assert "Your draft was saved, but the invitation was not sent" in body
    assert "This is your own address" in body
    assert Proposal.objects.filter(owner=user, title="Terraces").exists() and not ProposalMember.objects.exists()


# --- Removing a document --------------------------------------------------------------------------------


def _with_document(proposal, by=None):
    with transaction.atomic():
        return services.add_document(proposal, by=by or proposal.owner, title="Work plan", upload=_pdf())


def test_the_owner_removes_a_document_after_confirming_and_its_file_is_deleted(
    client, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(call=CallFactory())
    document = _with_document(proposal)
    stored = Path(document.file.path)
    assert stored.exists()
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert f'href="/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/"' in page
    confirm = client.get(f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/").content.decode()
    assert "Remove this document?" in confirm and "“Work plan” (" in confirm
    assert ProposalDocument.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/", follow=True)
    assert "The document “Work plan” was removed." in response.content.decode()
    assert not ProposalDocument.objects.filter(pk=document.pk).exists()
    assert not stored.exists()
    event = AuditEvent.objects.get(verb="document.removed")
    assert event.object_id == proposal.pk and event.actor == proposal.owner and event.data["title"] == "Work plan"


def test_the_saved_pages_document_and_invitation_fields_have_ids_of_their_own(client):
    proposal = ProposalFactory(call=CallFactory())
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert '<label for="id_document-title">Document title:</label>' in page
    assert '<label for="id_draft-invite-email">Co-applicant&#x27;s e-mail address:</label>' in page
    # One form: its fields, the document and the invitation are posted together.
    assert page.count('enctype="multipart/form-data"') == 1


def _saved_draft(user):
    call = CallFactory()
    proposal = ProposalFactory(call=call, owner=user, title="Terraces")
    return proposal, f"/en/my/proposals/{proposal.pk}/"


def test_attaching_a_document_to_a_saved_draft_saves_what_was_typed_with_it(client):
    user = UserFactory()
    proposal, url = _saved_draft(user)
    client.force_login(user)
    data = _form(title="Terraces of the high Andes", **{"document-title": "Budget annex", "document-file": _pdf()})
    body = client.post(url, data, follow=True).content.decode()
    assert "Your draft was saved." in body and "The document “Budget annex” was attached." in body
    proposal.refresh_from_db()
    assert proposal.title == "Terraces of the high Andes"  # the edit typed before attaching is kept
    assert ProposalDocument.objects.get(proposal=proposal).title == "Budget annex"


def test_inviting_from_a_saved_draft_saves_what_was_typed_and_a_refusal_keeps_the_address(client):
    user = UserFactory(email="holder@example.org")
    proposal, url = _saved_draft(user)
    client.force_login(user)
    body = client.post(url, _form(summary="Terraces and hedges", **{"draft-invite-email": "bad@"})).content.decode()
    assert "Please correct the errors below; nothing was saved." in body and 'value="bad@"' in body
    proposal.refresh_from_db()
    assert proposal.summary != "Terraces and hedges"  # nothing half-saved
    body = client.post(url, _form(summary="Terraces and hedges", **{"draft-invite-email": user.email})).content.decode()
    assert "Your draft was saved, but the invitation was not sent" in body and "This is your own address" in body
    assert 'value="holder@example.org"' in body
    proposal.refresh_from_db()
    assert proposal.summary == "Terraces and hedges" and not ProposalMember.objects.exists()
    data = _form(summary="Terraces, hedges", **{"draft-invite-email": "colleague@example.org"})
    body = client.post(url, data, follow=True).content.decode()
    assert "An invitation was sent to colleague@example.org." in body
    assert ProposalMember.objects.get(proposal=proposal).email == "colleague@example.org"


def test_a_co_applicant_who_edits_may_attach_a_document_but_not_invite(client):
    user = UserFactory()
    proposal, url = _saved_draft(UserFactory())
    accepted_member(proposal, user, "write")
    client.force_login(user)
    page = client.get(url).content.decode()
    assert 'name="document-file"' in page and 'name="draft-invite-email"' not in page
    data = _form(**{"document-title": "Photos", "document-file": _pdf(), "draft-invite-email": "friend@example.org"})
    body = client.post(url, data, follow=True).content.decode()
    assert "The document “Photos” was attached." in body
    assert not ProposalMember.objects.exclude(user=user).exists()  # the invitation field is ignored


def test_a_reader_co_applicant_and_strangers_cannot_remove_a_document(client):
    proposal = ProposalFactory(call=CallFactory())
    document = _with_document(proposal)
    reader = UserFactory()
    accepted_member(proposal, reader, "read")
    url = f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/"
    client.force_login(reader)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory())
    response = client.post(url)
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert ProposalDocument.objects.filter(pk=document.pk).exists()
    with pytest.raises(PermissionDenied):
        services.remove_document(document, by=reader)


def test_a_writer_co_applicant_removes_a_document(client):
    proposal = ProposalFactory(call=CallFactory())
    document = _with_document(proposal)
    writer = UserFactory()
    accepted_member(proposal, writer, "write")
    client.force_login(writer)
    client.post(f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/")
    assert not ProposalDocument.objects.filter(pk=document.pk).exists()
    assert AuditEvent.objects.get(verb="document.removed").actor == writer


def test_a_submitted_proposal_keeps_its_documents(client):
    proposal = ProposalFactory(call=CallFactory())
    document = _with_document(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted", submitted_at=timezone.now(), version=1)
    client.force_login(proposal.owner)
    url = f"/en/my/proposals/{proposal.pk}/documents/{document.pk}/remove/"
    assert "can no longer be changed" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "can no longer be changed" in response.content.decode()
    assert ProposalDocument.objects.filter(pk=document.pk).exists()


# --- Submission, reopening, versions -----------------------------------------------------------------------


def _complete_draft(call=None, **kwargs):
    proposal = ProposalFactory(call=call or CallFactory(), requested_amount=Decimal("500"), **kwargs)
    BudgetLineFactory(proposal=proposal, amount=Decimal("800"))
    return proposal


def test_submit_asks_first_and_shows_what_will_be_submitted(client):
    proposal = _complete_draft(title="Terraces")
    _with_document(proposal)
    colleague = UserFactory(email="colleague@example.org")
    accepted_member(proposal, colleague, "read")
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/submit/").content.decode()
    assert "Submit this proposal?" in page and "This will be version 1 of your proposal." in page
    assert "Work plan" in page and "Seeds" in page and "800.00 EUR" in page
    assert proposal.owner.email in page and "colleague@example.org" in page
    assert "Confirm: submit the proposal" in page
    proposal.refresh_from_db()
    assert proposal.status == "draft" and mail.outbox == []


def test_a_draft_changed_after_the_confirmation_page_is_not_submitted(client):
    proposal = _complete_draft()
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/submit/").content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    Proposal.objects.filter(pk=proposal.pk).update(title="Changed by a co-applicant")
    response = client.post(f"/en/my/proposals/{proposal.pk}/submit/", {"fingerprint": fingerprint}, follow=True)
    assert "The draft changed since this page was opened" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_an_incomplete_draft_cannot_be_confirmed(client):
    proposal = ProposalFactory(call=CallFactory(), mrv_plan="")
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/submit/").content.decode()
    assert "The draft is not complete yet" in page and "Confirm: submit the proposal" not in page
    confirm_submission_page = client.post(f"/en/my/proposals/{proposal.pk}/submit/", {"fingerprint": "x"})
    assert confirm_submission_page.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_a_co_applicant_cannot_confirm_a_submission(client):
    proposal = _complete_draft()
    writer = UserFactory()
    accepted_member(proposal, writer, "write")
    client.force_login(writer)
    assert client.post(f"/en/my/proposals/{proposal.pk}/submit/").status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_reopen_and_resubmit_give_version_two_with_receipts_saying_so(client, django_capture_on_commit_callbacks):
    proposal = _complete_draft(title="Terraces")
    owner = proposal.owner
    colleague = UserFactory(email="colleague@example.org", language="es")
    accepted_member(proposal, colleague, "write")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_submission(client, proposal)
    proposal.refresh_from_db()
    assert proposal.version == 1 and proposal.status == "submitted"
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Version 1 was received on" in page and "Reopen for changes" in page
    # Reopening asks first and says what it means.
    confirm = client.get(f"/en/my/proposals/{proposal.pk}/reopen/").content.decode()
    assert "It is reviewed only if you submit it again before" in confirm and "Europe/Paris" in confirm
    assert "Your co-applicant is told by e-mail." in confirm
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/{proposal.pk}/reopen/", follow=True)
    assert "Your proposal is a draft again." in response.content.decode()
    # The co-applicant is told, in Spanish, that the draft is not reviewed unless submitted again.
    [told] = mail.outbox
    assert told.to == ["colleague@example.org"]
    assert told.subject == "Propuesta reabierta para cambios: Terraces"
    assert "Europe/Paris" in told.body and f"/es/my/proposals/{proposal.pk}/" in told.body
    assert "Puede modificar el borrador hasta entonces:" in told.body  # edit access
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.version == 1 and proposal.reopened
    assert "You reopened this proposal" in response.content.decode()
    assert "reopened draft (version 1 was submitted)" in client.get("/en/my/proposals/").content.decode()
    assert AuditEvent.objects.filter(verb="proposal.reopened", object_id=proposal.pk, data__version=1).exists()
    # The co-applicant edits the reopened draft; the owner resubmits: version 2.
    Proposal.objects.filter(pk=proposal.pk).update(summary="Terraces and hedges")
    mail.outbox.clear()
    page = client.get(f"/en/my/proposals/{proposal.pk}/submit/").content.decode()
    assert "This will be version 2 of your proposal." in page and "It replaces version 1." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_submission(client, proposal)
    assert "Your proposal was submitted (version 2)" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.version == 2 and proposal.status == "submitted"
    assert list(proposal.submissions.values_list("version", flat=True)) == [1, 2]
    assert proposal.submissions.get(version=2).snapshot["summary"] == "Terraces and hedges"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        owner.email: "Proposal received (version 2): Terraces",
        "colleague@example.org": "Propuesta recibida (versión 2): Terraces",
    }
    english = next(m for m in mail.outbox if m.to == [owner.email])
    assert "We have received version 2 of your proposal" in english.body
    assert "version 2 is the one the Scientific and Technical Committee reviews" in english.body
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Version 2 was received on" in page and "Version 1:" in page
    assert "submitted (version 2)" in client.get("/en/my/proposals/").content.decode()


def test_after_the_deadline_a_submitted_proposal_cannot_be_reopened(client):
    proposal = SubmittedProposalFactory(call=reviewing_call())
    client.force_login(proposal.owner)
    assert "Reopen for changes" not in client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    page = client.get(f"/en/my/proposals/{proposal.pk}/reopen/").content.decode()
    assert "The submission deadline has passed: the proposal can no longer be reopened." in page
    client.post(f"/en/my/proposals/{proposal.pk}/reopen/")
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    with pytest.raises(services.ReopenRefused):
        services.reopen(proposal, by=proposal.owner)
    assert not AuditEvent.objects.filter(verb="proposal.reopened").exists()


def test_only_the_owner_reopens(client):
    proposal = SubmittedProposalFactory(call=CallFactory())
    writer = UserFactory()
    accepted_member(proposal, writer, "write")
    client.force_login(writer)
    assert client.post(f"/en/my/proposals/{proposal.pk}/reopen/").status_code == 403
    client.force_login(UserFactory())
    assert client.post(f"/en/my/proposals/{proposal.pk}/reopen/").status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    with pytest.raises(PermissionDenied):
        services.reopen(proposal, by=writer)


def test_a_reopened_draft_leaves_the_review_until_it_is_resubmitted(client):
    proposal = SubmittedProposalFactory(call=CallFactory(), title="Reopened one")
    assignment = AssignmentFactory(proposal=proposal)
    services.reopen(proposal, by=proposal.owner)
    client.force_login(assignment.reviewer)
    assert client.get(f"/en/review/{assignment.pk}/").status_code == 404


def test_the_database_refuses_a_submitted_proposal_without_a_version_and_a_version_twice():
    proposal = ProposalFactory(call=CallFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted", submitted_at=timezone.now(), version=0)
    ProposalSubmission.objects.create(proposal=proposal, version=1, submitted_by=proposal.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSubmission.objects.create(proposal=proposal, version=1, submitted_by=proposal.owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSubmission.objects.create(proposal=proposal, version=0, submitted_by=proposal.owner)


# --- Time zones -----------------------------------------------------------------------------------------------


def _paris_call(**kwargs):
    """A call whose deadline is 31 January 23:59 in Paris (22:59 UTC), still open now."""
    now = timezone.now()
    year = now.year + 1
    deadline = datetime.datetime(year, 1, 31, 23, 59, tzinfo=PARIS)
    return CallFactory(
        year=year,
        opens_at=now - datetime.timedelta(days=1),
        submission_deadline=deadline,
        review_deadline=deadline + datetime.timedelta(days=60),
        decision_date=deadline + datetime.timedelta(days=90),
        **kwargs,
    )


def test_the_call_defaults_to_paris_and_refuses_an_unknown_zone():
    call = _paris_call()
    assert call.time_zone == "Europe/Paris"
    call.time_zone = "Europe/Atlantis"
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "time_zone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        validate_time_zone("Europe/Atlantis")
    assert "Europe/Atlantis is not a known IANA time zone." in str(error.value)
    validate_time_zone("America/La_Paz")


def test_pages_show_deadlines_in_the_calls_zone_with_utc(client):
    call = _paris_call()
    year = call.year
    detail = client.get(f"/en/calls/{year}/").content.decode()
    assert f"Jan. 31, {year}, 11:59 p.m. Europe/Paris (Jan. 31, {year}, 10:59 p.m. UTC)" in detail
    listing = client.get("/en/calls/").content.decode()
    assert "11:59 p.m. Europe/Paris" in listing and "10:59 p.m. UTC" in listing
    french = client.get(f"/fr/calls/{year}/").content.decode()
    assert f"31 janvier {year} 23:59 Europe/Paris (31 janvier {year} 22:59 UTC)" in french
    proposal = ProposalFactory(call=call)
    client.force_login(proposal.owner)
    page = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert "Deadline: Jan. 31" in page and "Europe/Paris (Jan. 31" in page


def test_a_call_in_another_zone_shows_that_zone(client):
    call = _paris_call(time_zone="America/Lima")
    page = client.get(f"/en/calls/{call.year}/").content.decode()
    # 22:59 UTC is 17:59 in Lima.
    assert "5:59 p.m. America/Lima" in page and "10:59 p.m. UTC" in page


def test_mails_show_deadlines_in_the_calls_zone_with_utc(django_capture_on_commit_callbacks):
    call = _paris_call()
    owner = UserFactory(language="fr")
    ProposalFactory(call=call, owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(call.submission_deadline - datetime.timedelta(hours=5))
    assert f"31 janvier {call.year} 23:59 Europe/Paris (31 janvier {call.year} 22:59 UTC)" in mail.outbox[-1].body
    # The assignment mail names the review deadline the same way.
    submitted = SubmittedProposalFactory(call=call)
    reviewer = UserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(submitted, reviewer, by=None)
    review = timezone.localtime(call.review_deadline, PARIS)
    assert f"{review:%H:%M}" not in ("",)
    assert "Europe/Paris (" in mail.outbox[-1].body and "UTC)" in mail.outbox[-1].body
    # The receipt names when the version was received and until when it can be reopened.
    draft = _complete_draft(call=call, owner=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(draft, by=draft.owner)
    assert f"Jan. 31, {call.year}, 11:59 p.m. Europe/Paris (Jan. 31, {call.year}, 10:59 p.m. UTC)" in (
        mail.outbox[-1].body
    )


def test_phases_follow_the_deadline_in_the_calls_zone():
    call = _paris_call()
    just_before = datetime.datetime(call.year, 1, 31, 23, 58, tzinfo=PARIS)
    just_after = datetime.datetime(call.year, 2, 1, 0, 0, tzinfo=PARIS)
    assert call.phase_at(just_before) == "open"
    assert call.phase_at(just_after) == "reviewing"
    # The same instants read in UTC give the same phases.
    assert call.phase_at(just_before.astimezone(datetime.UTC)) == "open"
    assert call.phase_at(datetime.datetime(call.year, 1, 31, 23, 0, tzinfo=datetime.UTC)) == "reviewing"


def test_copying_a_call_keeps_local_times_across_a_daylight_saving_change():
    # 28 March 2026 is the day before summer time in Paris; 28 March 2027 is the first day of it.
    previous = CallFactory(
        year=2026,
        opens_at=datetime.datetime(2026, 1, 10, 9, 0, tzinfo=PARIS),
        submission_deadline=datetime.datetime(2026, 3, 28, 12, 0, tzinfo=PARIS),
        review_deadline=datetime.datetime(2026, 5, 1, 12, 0, tzinfo=PARIS),
        decision_date=datetime.datetime(2026, 6, 1, 12, 0, tzinfo=PARIS),
    )
    copy = services.copy_call(previous, 2027)
    local = timezone.localtime(copy.submission_deadline, PARIS)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2027, 3, 28, 12, 0)
    assert copy.time_zone == "Europe/Paris"


def test_the_secretariat_types_dates_in_the_calls_zone_in_the_admin(client):
    from portal import roles

    client.force_login(UserFactory(role=roles.SECRETARIAT, is_superuser=True))
    call = _paris_call()
    page = client.get(f"/django-admin/projects/call/{call.pk}/change/").content.decode()
    assert f'value="{call.year}-01-31"' in page and 'value="23:59:00"' in page
    data = {
        "year": "2040",
        "title_en": "Call 2040",
        "time_zone": "America/Lima",
        "currency": "EUR",
        "opens_at_0": "2040-01-01",
        "opens_at_1": "00:00",
        "submission_deadline_0": "2040-03-31",
        "submission_deadline_1": "23:59",
        "review_deadline_0": "2040-05-01",
        "review_deadline_1": "12:00",
        "decision_date_0": "2040-06-01",
        "decision_date_1": "12:00",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/django-admin/projects/call/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Call.objects.get(year=2040)
    # 23:59 in Lima (UTC-5) is 04:59 UTC the next day.
    assert saved.submission_deadline == datetime.datetime(2040, 4, 1, 4, 59, tzinfo=datetime.UTC)
    assert saved.time_zone == "America/Lima"
