"""The call's data rules: phases follow the dates, constraints hold in the database, copy_call."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import AuditEvent
from projects import services
from projects.models import Assignment, Call, Criterion, Phase, Proposal, Review, Score

from .factories import AssignmentFactory, CallFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_phase_follows_the_dates():
    call = CallFactory(criteria=False)
    day = datetime.timedelta(days=1)
    assert call.phase_at(call.opens_at - day) == Phase.UPCOMING
    assert call.phase_at(call.opens_at + day) == Phase.OPEN
    assert call.phase_at(call.submission_deadline + day) == Phase.REVIEWING
    assert call.phase_at(call.decision_date + day) == Phase.DECIDED
    assert call.phase_at(call.decision_date + datetime.timedelta(days=400)) == Phase.ARCHIVED
    assert call.phase == Phase.OPEN


def test_dates_out_of_order_are_refused_by_the_database():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.create(
            year=2040,
            title="Bad",
            opens_at=now,
            submission_deadline=now - datetime.timedelta(days=1),
            review_deadline=now,
            decision_date=now,
        )
    assert not Call.objects.filter(year=2040).exists()


def test_year_is_unique():
    call = CallFactory(criteria=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(year=call.year, criteria=False)


def test_criterion_weight_must_be_positive_and_scale_ordered():
    call = CallFactory()
    group = call.criterion_groups.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(call=call, group=group, code="zero", name="Zero", weight=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(call=call, group=group, code="flat", name="Flat", scale_min=3, scale_max=3)
    assert call.criteria.count() == 3


def test_criterion_levels_are_labelled_from_the_lowest():
    criterion = CallFactory().criteria.get(code="stock")
    assert criterion.levels[0] == (0, "0 – none")
    assert criterion.levels[-1] == (5, "5 – top")


def test_translated_criterion_name_falls_back_to_english():
    from django.utils import translation

    criterion = CallFactory().criteria.get(code="mrv")
    with translation.override("fr"):
        assert criterion.name == "MRV plan"
    stock = Criterion.objects.get(pk=criterion.call.criteria.get(code="stock").pk)
    with translation.override("fr"):
        assert stock.name == "Stock de carbone"


def test_submitted_proposal_needs_a_date_and_decided_needs_a_decision():
    proposal = ProposalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status="decided", submitted_at=timezone.now())
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_one_assignment_per_reviewer_and_proposal():
    assignment = AssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(proposal=assignment.proposal, reviewer=assignment.reviewer)


def test_submitted_review_needs_a_recommendation_and_scores_are_unique():
    assignment = AssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(assignment=assignment, status="submitted", submitted_at=timezone.now())
    review = Review.objects.create(assignment=assignment)
    criterion = assignment.proposal.call.criteria.get(code="stock")
    Score.objects.create(review=review, criterion=criterion, value=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(review=review, criterion=criterion, value=4)


def test_score_outside_the_criterion_scale_is_invalid():
    from django.core.exceptions import ValidationError

    assignment = AssignmentFactory()
    review = Review.objects.create(assignment=assignment)
    score = Score(review=review, criterion=assignment.proposal.call.criteria.get(code="stock"), value=9)
    with pytest.raises(ValidationError) as excinfo:
        score.full_clean()
    assert "between 0 and 5" in str(excinfo.value)


def test_copy_call_copies_criteria_texts_and_shifts_dates():
    previous = CallFactory(title_en="Call 2030", title_fr="Appel 2030", year=2030)
    new = services.copy_call(previous, 2031)
    assert new.year == 2031
    assert new.title_en == "Call 2031" and new.title_fr == "Appel 2031"
    assert new.opens_at.year == previous.opens_at.year + 1
    assert sorted(new.criteria.values_list("code", "weight", "group__code")) == sorted(
        previous.criteria.values_list("code", "weight", "group__code")
    )
    assert new.criteria.get(code="stock").name_fr == "Stock de carbone"
    assert previous.criteria.count() == 3
    assert AuditEvent.objects.filter(verb="call.copied", object_id=new.pk).exists()


def test_seed_demo_has_an_open_call_with_trilingual_criteria_and_is_idempotent():
    from portal.demo import seed_accounts
    from projects.demo import seed

    seed_accounts(None)
    seed(1, None)
    seed(1, None)
    call = Call.objects.get(year=timezone.now().year)
    assert call.phase == Phase.OPEN
    criterion = call.criteria.get(code="soc-stock")
    assert criterion.name_fr.startswith("Augmentation") and criterion.name_es.startswith("Aumento")
    assert Call.objects.count() == 2
    assert Proposal.objects.filter(call__year=call.year - 1, decision="positive").count() == 2


def test_secretariat_copies_a_call_to_the_next_year_from_the_admin(client):
    from portal import roles
    from tests.factories import UserFactory

    call = CallFactory(year=2035)
    client.force_login(UserFactory(role=roles.SECRETARIAT, is_superuser=True))
    response = client.post(
        "/django-admin/projects/call/",
        {"action": "copy_to_next_year", "_selected_action": [call.pk]},
        follow=True,
    )
    assert "was created; adjust its dates and texts." in response.content.decode()
    assert Call.objects.get(year=2036).criteria.count() == 3
