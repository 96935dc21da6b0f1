"""Querysets of the call with the joins and database aggregates their pages need."""

from allauth.account.models import EmailAddress
from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    StdDev,
    Subquery,
    Sum,
)
from django.db.models.functions import Lower
from django.utils import timezone

from .aggregates import Median
from .models import (
    INVITATION_VALID_FOR,
    Assignment,
    BudgetLine,
    Call,
    Criterion,
    Proposal,
    ProposalMember,
    Review,
    Score,
)

SUBMITTED = Q(assignments__review__status=Review.Status.SUBMITTED)
# Proposals the STC works on: submitted or decided (never a draft, nor one its owner withdrew).
IN_REVIEW = (Proposal.Status.SUBMITTED, Proposal.Status.DECIDED)
SUBMITTED_SCORE = SUBMITTED & ~Q(assignments__review__scores__criterion__use=Criterion.Use.SELF)


def calls():
    return Call.objects.order_by("-year")


def call_with_criteria(year):
    return Call.objects.prefetch_related(
        Prefetch("criterion_groups__criteria", queryset=Criterion.objects.order_by("position", "pk"))
    ).filter(year=year)


def own_proposals(user):
    """Proposals ``user`` owns or joined as an accepted co-applicant; ``member_access`` is their
    access as a co-applicant (None for their own). The membership is a subquery, not a join, so the
    budget total is not multiplied."""
    memberships = ProposalMember.objects.accepted().filter(user=user)
    return (
        Proposal.objects.filter(Q(owner=user) | Q(pk__in=memberships.values("proposal")))
        .select_related("call")
        .annotate(
            budget_total=Sum("budget_lines__amount"),
            member_access=Subquery(memberships.filter(proposal=OuterRef("pk")).values("access")[:1]),
        )
        .order_by("-call__year", "-pk")
    )


def pending_invitations(user, now=None):
    """Invitations not yet accepted, revoked or expired, sent to one of ``user``'s verified addresses."""
    now = now or timezone.now()
    # Lower() on both sides, not iexact: SQLite turns iexact against a column into LIKE, where the
    # "_" of an address would match any character.
    verified = EmailAddress.objects.annotate(lower=Lower("email")).filter(
        user=user, verified=True, lower=Lower(OuterRef("email"))
    )
    return (
        ProposalMember.objects.filter(
            Exists(verified), user__isnull=True, revoked_at__isnull=True, invited_at__gt=now - INVITATION_VALID_FOR
        )
        .exclude(proposal__owner=user)
        .select_related("proposal__call", "invited_by")
        .order_by("-invited_at")
    )


def budget_total(proposal):
    return BudgetLine.objects.filter(proposal=proposal).aggregate(total=Sum("amount"))["total"] or 0


def workspace_assignments(user):
    """A reviewer's assignments: titles only (details need a declared absence of conflict). A
    withdrawn proposal is no longer listed, nor one its owner reopened (a draft until resubmitted)."""
    return (
        Assignment.objects.filter(reviewer=user)
        .filter(proposal__status__in=[Proposal.Status.SUBMITTED, Proposal.Status.DECIDED])
        .select_related("proposal__call", "review")
        .order_by("-proposal__call__year", "proposal__title")
    )


ASKED = ~Q(assignments__conflict=Assignment.Conflict.YES)


def with_review_counts(queryset):
    """``reviews_done`` (submitted reviews) and ``reviews_asked`` (assignments without a declared
    conflict) of each proposal."""
    return queryset.annotate(
        reviews_done=Count("assignments__review", filter=SUBMITTED, distinct=True),
        reviews_asked=Count("assignments", filter=ASKED, distinct=True),
    )


def reviewer_totals_spread():
    """Subquery: the population standard deviation of the weighted totals of the submitted reviews
    of the outer proposal, each total being Σ(score × weight) / Σ(weight) of one review. Computed by
    the database on both backends (STDDEV_POP; Django registers it on SQLite)."""
    total = (
        Score.objects.filter(review=OuterRef("pk"))
        .exclude(criterion__use=Criterion.Use.SELF)
        .exclude(value__isnull=True)
        .values("review")
        .annotate(
            total=ExpressionWrapper(
                Sum(F("value") * F("criterion__weight"), output_field=FloatField()) / Sum("criterion__weight"),
                output_field=FloatField(),
            )
        )
        .values("total")
    )
    per_review = (
        Review.objects.filter(assignment__proposal=OuterRef("pk"), status=Review.Status.SUBMITTED)
        .annotate(total=Subquery(total, output_field=FloatField()))
        .values("assignment__proposal")
        .annotate(spread=StdDev("total"))
        .values("spread")
    )
    return Subquery(per_review, output_field=FloatField())


def with_review_aggregates(queryset):
    """Weighted score, mean, median, spread and reviews done and asked, computed in the database.

    The weighted score is Σ(score × weight) / Σ(weight) over every submitted STC score; the mean is
    the plain average of those scores, the median their middle value (mean of the two middle values
    for an even count). The spread is the disagreement between reviewers: the standard deviation of
    the reviewers' weighted totals (see reviewer_totals_spread); 0 with a single review."""
    weighted = ExpressionWrapper(
        F("assignments__review__scores__value") * F("assignments__review__scores__criterion__weight"),
        output_field=FloatField(),
    )
    return (
        with_review_counts(queryset)
        .annotate(
            weighted_sum=Sum(weighted, filter=SUBMITTED_SCORE),
            weight_sum=Sum("assignments__review__scores__criterion__weight", filter=SUBMITTED_SCORE),
            mean_score=Avg("assignments__review__scores__value", filter=SUBMITTED_SCORE),
            median_score=Median("assignments__review__scores__value", filter=SUBMITTED_SCORE),
            spread=reviewer_totals_spread(),
            lowest=Min("assignments__review__scores__value", filter=SUBMITTED_SCORE),
            highest=Max("assignments__review__scores__value", filter=SUBMITTED_SCORE),
        )
        .annotate(
            weighted_score=ExpressionWrapper(
                F("weighted_sum") / F("weight_sum"),
                output_field=FloatField(),
            )
        )
    )


RANKING_ORDER = {
    "weighted": ("-weighted_score", "title"),
    "mean": ("-mean_score", "title"),
    "median": ("-median_score", "title"),
    "spread": ("-spread", "title"),
    "reviews": ("-reviews_done", "title"),
    "title": ("title",),
}


def ranking(call, sort="weighted"):
    proposals = Proposal.objects.filter(call=call, status__in=IN_REVIEW).select_related("owner")
    order = RANKING_ORDER.get(sort, RANKING_ORDER["weighted"])
    order = [F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc() for o in order]
    return with_review_aggregates(proposals).order_by(*order)


def funder_proposals(country=None, year=None):
    """Positively decided proposals of calls whose decisions are published, with their scores."""
    queryset = Proposal.objects.filter(
        status=Proposal.Status.DECIDED,
        decision=Proposal.Decision.POSITIVE,
        call__decisions_published_at__isnull=False,
    ).select_related("call")
    if country:
        queryset = queryset.filter(country=country)
    if year:
        queryset = queryset.filter(call__year=year)
    return with_review_aggregates(queryset).order_by("-call__year", F("weighted_score").desc(nulls_last=True))


def score_distribution(call):
    """[(score, number of submitted STC scores, percent of the largest bar)] for the call's chart."""
    rows = list(
        Score.objects.filter(
            review__assignment__proposal__call=call,
            review__assignment__proposal__status__in=IN_REVIEW,
            review__status=Review.Status.SUBMITTED,
        )
        .exclude(criterion__use=Criterion.Use.SELF)
        .values("value")
        .annotate(count=Count("pk"))
        .order_by("value")
    )
    largest = max((row["count"] for row in rows), default=0)
    return [(row["value"], row["count"], round(100 * row["count"] / largest)) for row in rows]
