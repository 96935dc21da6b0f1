"""Public call pages, the self-assessment, and an applicant's drafts and submission."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import AuditEvent
from projects.models import BudgetLine, Proposal, SelfAssessment
from tests.factories import UserFactory

from .factories import BudgetLineFactory, CallFactory, ProposalFactory, confirm_submission

pytestmark = pytest.mark.django_db


def test_call_page_shows_phase_and_criteria_in_french(client):
    call = CallFactory()
    response = client.get(f"/fr/calls/{call.year}/")
    body = response.content.decode()
    assert f"Appel à projets {call.year}" in body
    assert "Stock de carbone" in body


def test_anonymous_self_assessment_gives_weighted_result_strengths_and_gaps(client):
    call = CallFactory()
    # stock (weight 3, 0-5) at 5 = 100 %, ready (weight 1) at 0 = 0 % → 75 %.
    response = client.post(f"/en/calls/{call.year}/self-assessment/", {"stock": "5", "ready": "0"})
    body = response.content.decode()
    assert "Your weighted result: 75.0 %" in body
    strengths = body.split("Strengths")[1].split("Gaps to work on")[0]
    assert "Carbon stock" in strengths
    assert "Team readiness" in body.split("Gaps to work on")[1]
    assert "MRV plan" not in body  # an STC-only criterion is not self-assessed
    assert SelfAssessment.objects.count() == 0


def test_self_assessment_with_a_missing_answer_keeps_the_others(client):
    call = CallFactory()
    response = client.post(f"/en/calls/{call.year}/self-assessment/", {"stock": "4"})
    body = response.content.decode()
    assert "This field is required." in body
    assert 'value="4" required checked' in body or ('value="4"' in body and "checked" in body)
    assert "Your weighted result" not in body


def test_signed_in_applicant_saves_the_self_assessment(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/en/calls/{call.year}/self-assessment/", {"stock": "3", "ready": "3", "save": "1"})
    assert "saved to your account" in response.content.decode()
    saved = SelfAssessment.objects.get(owner=user)
    assert saved.answers == {"stock": 3, "ready": 3} and saved.result == Decimal("60.0")


def _form(**overrides):
    data = {
        "organisation": "Coop",
        "title": "Terraces",
        "summary": "Stone terraces",
        "country": "PE",
        "duration_months": "12",
        "expected_soc_outcome": "+0.1 t",
        "mrv_plan": "Sampling",
        "requested_amount": "1500",
        "co_funding": "100",
        "consent": "on",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "50",
        "budget-0-label": "Seeds",
        "budget-0-amount": "1000",
        "budget-1-label": "Lab",
        "budget-1-amount": "500.50",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_applicant_saves_a_draft_with_budget_lines_and_sees_the_total(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(), follow=True)
    proposal = Proposal.objects.get(owner=user)
    assert proposal.status == "draft"
    assert list(proposal.budget_lines.values_list("label", "amount")) == [
        ("Seeds", Decimal("1000.00")),
        ("Lab", Decimal("500.50")),
    ]
    assert "1500.50 EUR" in response.content.decode()
    assert "Your draft was saved" in response.content.decode()
    # Resume later: the form comes back filled in.
    body = client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()
    assert 'value="Terraces"' in body and 'value="Lab"' in body


def test_bad_budget_amount_is_refused_next_to_the_field_and_nothing_is_saved(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(**{"budget-1-amount": "-5"}))
    body = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in body
    assert 'value="Terraces"' in body
    assert not Proposal.objects.exists() and not BudgetLine.objects.exists()


def test_submission_sends_a_receipt_in_the_applicants_language(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    user = UserFactory(language="fr")
    proposal = ProposalFactory(call=call, owner=user, requested_amount=Decimal("500"))
    BudgetLineFactory(proposal=proposal, amount=Decimal("800"))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(submit="1"), follow=True)
    # The draft is saved and the confirmation page shows what will be submitted; nothing is yet.
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/my/proposals/{proposal.pk}/submit/"
    assert "Submit this proposal?" in page and "This will be version 1 of your proposal." in page
    assert "Seeds" in page and "1500.50 EUR" in page and user.email in page
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.title == "Terraces" and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_submission(client, proposal)
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.submitted_at is not None and proposal.version == 1
    assert "Your proposal was submitted (version 1)" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Proposition reçue (version 1) : Terraces"
    assert "version 1" in mail.outbox[0].body
    submission = proposal.submissions.get()
    assert submission.version == 1 and submission.snapshot["budget"] == [["Seeds", "1000.00"], ["Lab", "500.50"]]
    assert AuditEvent.objects.filter(verb="proposal.submitted", object_id=proposal.pk, data__version=1).exists()


def test_incomplete_submission_gives_per_field_errors_and_keeps_the_draft(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    data = _form(submit="1", mrv_plan="", consent=None, **{"budget-0-label": "", "budget-0-amount": ""})
    data.update({"budget-1-label": "", "budget-1-amount": ""})
    response = client.post(f"/en/my/proposals/new/{call.year}/", data)
    body = response.content.decode()
    assert "This field is required before you submit." in body
    assert "Please accept the declaration of consent." in body
    assert "Add at least one budget line." in body
    proposal = Proposal.objects.get(owner=user)
    assert proposal.status == "draft" and proposal.title == "Terraces"
    assert mail.outbox == []


def test_after_the_deadline_nothing_can_be_changed_or_submitted(client):
    call = CallFactory()
    user = UserFactory()
    proposal = ProposalFactory(call=call, owner=user, title="Before")
    BudgetLineFactory(proposal=proposal)
    call.submission_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.opens_at = call.submission_deadline - datetime.timedelta(days=30)
    call.save()
    client.force_login(user)
    response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(title="After", submit="1"), follow=True)
    assert "can no longer be changed" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Before" and proposal.status == "draft"
    assert mail.outbox == []
    assert client.get(f"/en/my/proposals/new/{call.year}/").status_code == 404


def test_another_person_cannot_open_or_change_a_proposal(client):
    proposal = ProposalFactory(title="Private plan")
    client.force_login(UserFactory())
    response = client.post(f"/en/my/proposals/{proposal.pk}/", _form(title="Hijacked"))
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Private plan"


@pytest.mark.parametrize("rows", [3, 30])
def test_my_proposals_query_count_does_not_grow(client, django_assert_num_queries, rows):
    user = UserFactory()
    call = CallFactory()
    for n in range(rows):
        BudgetLineFactory(proposal=ProposalFactory(call=call, owner=user, title=f"P{n}"))
    client.force_login(user)
    # session, user, proposals, open calls, pending invitations and the layout's own queries.
    with django_assert_num_queries(8):
        response = client.get("/en/my/proposals/")
    assert response.content.decode().count("/en/my/proposals/") >= rows


def test_applicant_attaches_their_own_saved_self_assessment_only(client):
    call = CallFactory()
    user = UserFactory()
    mine = SelfAssessment.objects.create(call=call, owner=user, answers={"stock": 3}, result=Decimal("60"))
    theirs = SelfAssessment.objects.create(call=call, owner=UserFactory(), answers={}, result=Decimal("10"))
    client.force_login(user)
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(self_assessment=str(theirs.pk)))
    assert "Select a valid choice." in response.content.decode()
    assert not Proposal.objects.exists()
    client.post(f"/en/my/proposals/new/{call.year}/", _form(self_assessment=str(mine.pk)))
    assert Proposal.objects.get(owner=user).self_assessment == mine


def test_location_is_accepted_as_a_geojson_point_only(client):
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        f"/en/my/proposals/new/{call.year}/",
        _form(
            location_geojson='{"type": "Point", "coordinates": [-72.5, -13.5], "crs": '
            '{"type": "name", "properties": {"name": "EPSG:3857"}}}'
        ),
    )
    assert "Only longitude/latitude coordinates (EPSG:4326) are accepted." in response.content.decode()
    assert 'value="Terraces"' in response.content.decode()
    assert not Proposal.objects.exists()
    client.post(
        f"/en/my/proposals/new/{call.year}/", _form(location_geojson='{"type": "Point", "coordinates": [-72.5, -13.5]}')
    )
    proposal = Proposal.objects.get(owner=user)
    assert (proposal.location.x, proposal.location.y, proposal.location.srid) == (-72.5, -13.5, 4326)
    assert "-72.5" in client.get(f"/en/my/proposals/{proposal.pk}/").content.decode()


def test_proposal_names_the_published_practices_it_uses(client):
    from tests.practices.factories import make_practice

    zai = make_practice(name_en="Zaï pits")
    hidden = make_practice(name_en="Unpublished practice", published=False)
    call = CallFactory()
    user = UserFactory()
    client.force_login(user)
    form_page = client.get(f"/en/my/proposals/new/{call.year}/").content.decode()
    assert "Zaï pits" in form_page and "Unpublished practice" not in form_page
    response = client.post(f"/en/my/proposals/new/{call.year}/", _form(practices=[str(hidden.pk)]))
    assert "Select a valid choice." in response.content.decode()
    assert not Proposal.objects.filter(owner=user).exists()
    client.post(f"/en/my/proposals/new/{call.year}/", _form(practices=[str(zai.pk)]))
    proposal = Proposal.objects.get(owner=user)
    assert list(proposal.practices.all()) == [zai]
