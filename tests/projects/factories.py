"""Factories of the call: an open call with two STC criteria and one self-assessment criterion."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projects.models import (
    Assignment,
    BudgetLine,
    Call,
    Criterion,
    CriterionGroup,
    Proposal,
    ProposalMember,
    Review,
    Score,
)
from tests.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2030 + n)
    title_en = factory.LazyAttribute(lambda o: f"Call for projects {o.year}")
    title_fr = factory.LazyAttribute(lambda o: f"Appel à projets {o.year}")
    title_es = factory.LazyAttribute(lambda o: f"Convocatoria de proyectos {o.year}")
    rules_en = "Projects must increase soil carbon."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    submission_deadline = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=30))
    review_deadline = factory.LazyAttribute(lambda o: o.submission_deadline + datetime.timedelta(days=30))
    decision_date = factory.LazyAttribute(lambda o: o.review_deadline + datetime.timedelta(days=10))

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        group = CriterionGroup.objects.create(call=self, code="soc", name_en="Soil carbon", name_fr="Carbone du sol")
        Criterion.objects.create(
            call=self,
            group=group,
            code="stock",
            name_en="Carbon stock",
            name_fr="Stock de carbone",
            guidance_en="Quantify the change.",
            level_labels_en="none\nlow\nmid\nhigh\nvery high\ntop",
            weight=Decimal("3"),
            use="both",
        )
        Criterion.objects.create(call=self, group=group, code="mrv", name_en="MRV plan", weight=Decimal("1"), use="stc")
        Criterion.objects.create(
            call=self, group=group, code="ready", name_en="Team readiness", weight=Decimal("1"), use="self"
        )


def decided_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - datetime.timedelta(days=100),
        submission_deadline=now - datetime.timedelta(days=70),
        review_deadline=now - datetime.timedelta(days=40),
        decision_date=now - datetime.timedelta(days=30),
        **kwargs,
    )


def reviewing_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - datetime.timedelta(days=60),
        submission_deadline=now - datetime.timedelta(days=5),
        review_deadline=now + datetime.timedelta(days=20),
        decision_date=now + datetime.timedelta(days=30),
        **kwargs,
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    call = factory.SubFactory(CallFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Cover crops project {n}")
    organisation = "Soil Cooperative"
    summary = "Cover crops on 300 ha."
    country = "SN"
    duration_months = 24
    expected_soc_outcome = "+0.2 t C/ha/yr"
    mrv_plan = "Yearly sampling."
    requested_amount = Decimal("1000")
    consent = True
    status = Proposal.Status.DRAFT
    # A proposal made past its draft was submitted once.
    version = factory.LazyAttribute(lambda o: 0 if o.status == Proposal.Status.DRAFT else 1)


class SubmittedProposalFactory(ProposalFactory):
    status = Proposal.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    proposal = factory.SubFactory(ProposalFactory)
    label = "Seeds"
    amount = Decimal("1000")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    proposal = factory.SubFactory(SubmittedProposalFactory)
    reviewer = factory.SubFactory(UserFactory)


def accepted_member(proposal, user, access="read"):
    """An accepted co-applicant (as if they had followed their link)."""
    return ProposalMember.objects.create(
        proposal=proposal,
        email=user.email,
        access=access,
        invited_by=proposal.owner,
        user=user,
        accepted_at=timezone.now(),
    )


def declared(assignment, conflict="no"):
    """The reviewer has declared (no) conflict on ``assignment``."""
    Assignment.objects.filter(pk=assignment.pk).update(conflict=conflict, conflict_declared_at=timezone.now())
    assignment.refresh_from_db()
    return assignment


def submitted_review(assignment, value=4, recommendation="fund", confidential="", feedback="Fine work."):
    declared(assignment)
    review = Review.objects.create(
        assignment=assignment,
        status="submitted",
        recommendation=recommendation,
        confidence=3,
        confidential_comment=confidential,
        feedback=feedback,
        submitted_at=timezone.now(),
    )
    for criterion in assignment.proposal.call.criteria.exclude(use="self"):
        Score.objects.create(review=review, criterion=criterion, value=value)
    return review


def confirm_submission(client, proposal, follow=True):
    """Open the submission's confirmation page as ``client`` and confirm it, with the fingerprint
    the page carries (what a person does by clicking "Confirm: submit the proposal")."""
    import re

    page = client.get(f"/en/my/proposals/{proposal.pk}/submit/").content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(f"/en/my/proposals/{proposal.pk}/submit/", {"fingerprint": fingerprint}, follow=follow)
