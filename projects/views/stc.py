"""Views of the Scientific and Technical Committee: the reviewer's workspace and reviews; the chair's
(and the secretariat's) management of a call, assignment, ranking and decisions."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import exports, roles
from portal.forms import NOTHING_CHOSEN, posted
from portal.models import User
from portal.permissions import object_or_404, permission_required, require

from .. import queries, services
from ..forms import AutoAssignForm, ConflictForm, DecisionForm, ReviewForm, ReviewLanguagesForm
from ..models import Assignment, Call, Criterion, Review
from .common import add_errors, proposals


@permission_required("projects.view_review_workspace")
def review_workspace(request):
    return _workspace_page(request)


def _workspace_page(request, languages_form=None):
    assignments = list(queries.workspace_assignments(request.user))
    now = timezone.now()
    due = {}
    for a in assignments:
        call = a.proposal.call
        pending = a.conflict != Assignment.Conflict.YES and not (
            hasattr(a, "review") and a.review.status == Review.Status.SUBMITTED
        )
        if pending and not call.reviewing_closed_on(now):
            due.setdefault(call.pk, {"call": call, "count": 0})["count"] += 1
    managed_calls = list(queries.calls()) if request.user.has_perm("projects.manage_call") else []
    declared = sorted(request.user.review_languages.values_list("language", flat=True))
    if languages_form is None and request.user.has_perm("projects.declare_review_languages"):
        languages_form = ReviewLanguagesForm(initial={"languages": declared or [request.user.language]})
    return render(
        request,
        "projects/review_workspace.html",
        {
            "assignments": assignments,
            "due": sorted(due.values(), key=lambda row: row["call"].review_deadline),
            "managed_calls": managed_calls,
            "conflict_form": ConflictForm(),
            "languages_form": languages_form,
            "languages_declared": bool(declared),
        },
    )


@permission_required("projects.declare_review_languages")
@require_POST
def review_languages(request):
    """An STC member says which languages they review in (automatic assignment follows it)."""
    form = ReviewLanguagesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below; nothing was saved."))
        return _workspace_page(request, languages_form=form)
    services.set_review_languages(request.user, form.cleaned_data["languages"], by=request.user)
    messages.success(request, _("Your review languages were saved."))
    return redirect("projects:review_workspace")


@login_required
@require_POST
def declare_conflict(request, pk):
    assignment = object_or_404(
        request, "projects.declare_conflict", Assignment.objects.select_related("proposal"), pk=pk
    )
    form = ConflictForm(request.POST)
    if not form.is_valid():
        raise Http404
    conflicted = form.cleaned_data["conflict"] == Assignment.Conflict.YES
    services.declare_conflict(assignment, conflicted, by=request.user)
    if conflicted:
        messages.success(request, _("Thank you. The proposal will be reassigned to another reviewer."))
        return redirect("projects:review_workspace")
    messages.success(request, _("Thank you. You can now read the proposal and review it."))
    return redirect("projects:review", pk=assignment.pk)


def _stc_criteria(call):
    return list(call.criteria.exclude(use=Criterion.Use.SELF).select_related("group"))


@login_required
def review(request, pk):
    assignment = object_or_404(
        request,
        "projects.view_assignment",
        Assignment.objects.select_related("proposal__call", "proposal__owner"),
        pk=pk,
    )
    if assignment.conflict == Assignment.Conflict.UNKNOWN:
        messages.info(request, _("Declare whether you have a conflict of interest before you read the proposal."))
        return redirect("projects:review_workspace")
    require(request, "projects.review", assignment)
    proposal = assignment.proposal
    criteria = _stc_criteria(proposal.call)
    own = Review.objects.filter(assignment=assignment).prefetch_related("scores__criterion").first()
    submitted = own is not None and own.status == Review.Status.SUBMITTED
    changeable = services.may_change_review(assignment)
    editing = changeable and (not submitted or request.GET.get("change") == "1" or request.method == "POST")
    form = None
    if request.method == "POST" and changeable:
        form = ReviewForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.save_review(
                    assignment,
                    by=request.user,
                    scores=form.scores(),
                    submit="submit" in request.POST,
                    **form.review_fields(),
                )
            except services.ReviewLocked:
                messages.error(request, _("Reviewing of this call is closed: reviews can no longer be changed."))
                return redirect("projects:review", pk=assignment.pk)
            except ValidationError as error:
                add_errors(form, error.message_dict)
                if not submitted:
                    messages.error(request, _("Your draft was saved, but the review is not submitted yet."))
            else:
                if submitted:
                    messages.success(request, _("Your changes to your review were saved."))
                elif "submit" in request.POST:
                    messages.success(request, _("Your review was submitted."))
                else:
                    messages.success(request, _("Your draft review was saved."))
                return redirect("projects:review", pk=assignment.pk)
    elif editing:
        initial = {}
        if own is not None:
            initial = {f: getattr(own, f) for f in services.REVIEW_FIELDS}
            for score in own.scores.all():
                initial[f"score_{score.criterion_id}"] = score.value
                initial[f"comment_{score.criterion_id}"] = score.comment
        form = ReviewForm(initial=initial, criteria=criteria)
    others = []
    if submitted:
        others = list(
            Review.objects.filter(assignment__proposal=proposal, status=Review.Status.SUBMITTED)
            .exclude(pk=own.pk)
            .select_related("assignment__reviewer")
            .prefetch_related("scores__criterion")
        )
    return render(
        request,
        "projects/review_form.html",
        {
            "assignment": assignment,
            "proposal": proposal,
            "budget_lines": proposal.budget_lines.all(),
            "form": form,
            "own": own,
            "submitted": submitted,
            "changeable": changeable,
            "editing": form is not None,
            "others": others,
        },
    )


def _managed_call(request, year):
    return object_or_404(request, "projects.manage_call", Call, year=year)


@login_required
def call_manage(request, year):
    """Chair and secretariat: ranking with database aggregates, assignment, decisions."""
    call = _managed_call(request, year)
    sort = request.GET.get("sort", "weighted")
    ranking = list(queries.ranking(call, sort).prefetch_related("assignments__reviewer"))
    reviewers = list(
        User.objects.filter(groups__name__in=[roles.STC_REVIEWER, roles.STC_CHAIR]).distinct().order_by("email")
    )
    languages = services.reviewer_languages(reviewers)
    for reviewer in reviewers:
        reviewer.reads = sorted(languages[reviewer.pk])
    return render(
        request,
        "projects/call_manage.html",
        {
            "call": call,
            "ranking": ranking,
            "distribution": queries.score_distribution(call),
            "sort": sort,
            "reviewers": reviewers,
            "auto_form": AutoAssignForm(),
            "decision_form": DecisionForm(),
            "may_close": request.user.has_perm("projects.close_reviewing", call),
        },
    )


def _two_decimals(value):
    return None if value is None else Decimal(f"{value:.2f}")


def _ranking_rows(call):
    """Every column of the ranking page, labelled in the active language (the page's); scores with two
    decimals, as on the page. portal.exports writes them (BOM, formula-like text neutralised)."""
    header = [
        _("Rank"),
        _("Title"),
        _("Weighted score"),
        _("Mean"),
        _("Median"),
        _("Spread"),
        _("Reviews done"),
        _("Reviews asked"),
        _("Reviewers"),
        _("Decision"),
        _("Language"),
    ]
    rows = []
    ranking = queries.ranking(call).prefetch_related("assignments__reviewer")
    for rank, p in enumerate(ranking, start=1):
        reviewers = "; ".join(
            f"{a.reviewer.email} ({_('conflict')})" if a.conflict == Assignment.Conflict.YES else a.reviewer.email
            for a in p.assignments.all()
        )
        rows.append(
            [
                rank,
                p.title,
                _two_decimals(p.weighted_score),
                _two_decimals(p.mean_score),
                _two_decimals(p.median_score),
                _two_decimals(p.spread),
                p.reviews_done,
                p.reviews_asked,
                reviewers,
                str(p.get_decision_display()) if p.decision else "",
                str(p.get_language_display()),
            ]
        )
    return header, rows


@login_required
def ranking_csv(request, year):
    call = _managed_call(request, year)
    header, rows = _ranking_rows(call)
    return exports.csv_response(f"ranking-{call.year}.csv", rows, header=header)


@login_required
def ranking_xlsx(request, year):
    call = _managed_call(request, year)
    header, rows = _ranking_rows(call)
    return exports.xlsx_response(f"ranking-{call.year}.xlsx", rows, header=header, title=call.year)


@login_required
@require_POST
def assign(request, year):
    call = _managed_call(request, year)
    proposal_id, reviewer_id = (request.POST.get(name, "") for name in ("proposal", "reviewer"))
    if not (proposal_id.isdecimal() and reviewer_id.isdecimal()):
        # A post that names no proposal or reviewer (not from the page's lists): said, not a server error.
        messages.error(request, _("Choose a proposal and a reviewer from the lists."))
        return redirect("projects:call_manage", year=call.year)
    proposal = get_object_or_404(call.proposals.filter(status__in=queries.IN_REVIEW), pk=int(proposal_id))
    reviewer = get_object_or_404(
        User.objects.filter(groups__name__in=[roles.STC_REVIEWER, roles.STC_CHAIR]).distinct(), pk=int(reviewer_id)
    )
    try:
        services.assign(proposal, reviewer, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(reviewer)s was assigned.") % {"reviewer": reviewer})
    return redirect("projects:call_manage", year=call.year)


@login_required
@require_POST
def auto_assign(request, year):
    call = _managed_call(request, year)
    form = AutoAssignForm(request.POST)
    if form.is_valid():
        # The rule: STC reviewers are assigned automatically; chairs only by hand (they are told so).
        reviewers = list(User.objects.filter(groups__name=roles.STC_REVIEWER, is_active=True).distinct())
        chairs = list(User.objects.filter(groups__name=roles.STC_CHAIR, is_active=True).distinct())
        result = services.auto_assign(
            call, reviewers, form.cleaned_data["per_proposal"], by=request.user, chairs=chairs
        )
        messages.success(request, _("%(count)s assignments were made.") % {"count": len(result.created)})
        for short in result.short:
            messages.warning(
                request,
                _(
                    "“%(title)s” (%(language)s) has %(active)s of the %(wanted)s reviewers asked: not enough "
                    "reviewers without a conflict read %(language)s. Assign one by hand or ask a reviewer "
                    "to add the language."
                )
                % {
                    "title": short.proposal.title,
                    "language": short.proposal.get_language_display(),
                    "active": short.active,
                    "wanted": short.wanted,
                },
            )
        for left in result.left_out:
            messages.info(request, _left_out_message(left))
    else:
        messages.error(request, _("Choose between 1 and 10 reviewers per proposal."))
    return redirect("projects:call_manage", year=call.year)


def _left_out_message(left):
    reasons = {
        services.LeftOut.CHAIR: _("chairs are not assigned automatically (assign them by hand if needed)."),
        services.LeftOut.LANGUAGE: _("reviews in %(languages)s, and no proposal is written in it."),
        services.LeftOut.OWN: _("every proposal in their languages is their own or one they co-apply for."),
        services.LeftOut.CONFLICT: _("declared a conflict of interest on every other proposal in their languages."),
        services.LeftOut.ALREADY: _("already assigned to every other proposal in their languages."),
        services.LeftOut.LOAD: _(
            "the proposals in their languages already had enough reviewers, or reviewers with fewer "
            "assignments were chosen."
        ),
    }
    reason = reasons[left.reason]
    if left.reason == services.LeftOut.LANGUAGE:
        reason = reason % {
            "languages": ", ".join(str(get_language_info(code)["name_translated"]) for code in left.languages)
        }
    return _("%(person)s got no new proposal: %(reason)s") % {"person": left.reviewer, "reason": reason}


@login_required
def stc_proposal(request, pk):
    """The chair's view of a proposal with every review (confidential comments included)."""
    proposal = object_or_404(request, "projects.view_proposal_as_stc", proposals(), pk=pk)
    reviews = (
        Review.objects.filter(assignment__proposal=proposal)
        .select_related("assignment__reviewer")
        .prefetch_related("scores__criterion")
    )
    decision_form = DecisionForm(
        posted(request),
        initial={"decision": proposal.decision or None, "feedback": proposal.feedback_to_applicant},
    )
    if request.method == "POST":
        if decision_form.is_valid():
            try:
                services.stage_decision(
                    proposal,
                    decision_form.cleaned_data["decision"],
                    decision_form.cleaned_data["feedback"],
                    by=request.user,
                )
            except PermissionDenied:
                messages.error(request, _("Decisions of this call are already published."))
            else:
                messages.success(request, _("The decision was staged. Publish the call's decisions together."))
                return redirect("projects:stc_proposal", pk=proposal.pk)
    return render(
        request,
        "projects/stc_proposal.html",
        {
            "proposal": proposal,
            "reviews": reviews,
            "budget_lines": proposal.budget_lines.all(),
            "decision_form": decision_form,
        },
    )


@login_required
def close_reviewing(request, year):
    """The chair closes reviewing before the review deadline: GET asks to confirm, POST closes."""
    call = object_or_404(request, "projects.close_reviewing", Call, year=year)
    if call.reviewing_closed or call.decisions_published:
        messages.info(request, _("Reviewing of this call is already closed."))
        return redirect("projects:call_manage", year=call.year)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.close_reviewing(call, by=request.user)
        messages.success(request, _("Reviewing is closed: reviews can no longer be changed."))
        return redirect("projects:publish_decisions", year=call.year)
    if request.method == "POST":
        messages.error(request, NOTHING_CHOSEN)
    return render(
        request,
        "projects/close_reviewing.html",
        {"call": call, "summary": services.publication_summary(call)},
    )


@login_required
def publish_decisions(request, year):
    """GET (or a POST without the confirmation) shows what publishing will do; only the POST of the
    confirmation form publishes, and only once reviewing is closed."""
    call = _managed_call(request, year)
    if call.decisions_published:
        messages.error(request, _("The decisions of this call were already published."))
        return redirect("projects:call_manage", year=call.year)
    refused = services.publication_refused(call)
    if request.method == "POST" and request.POST.get("confirm") == "yes" and not refused:
        try:
            published = services.publish_decisions(call, by=request.user)
        except services.PublicationRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s decisions were published and mailed.") % {"count": len(published)})
            return redirect("projects:call_manage", year=call.year)
    return render(
        request,
        "projects/publish_decisions.html",
        {
            "call": call,
            "refused": refused,
            "summary": services.publication_summary(call),
            "may_close": request.user.has_perm("projects.close_reviewing", call),
        },
    )
