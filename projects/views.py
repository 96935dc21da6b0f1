"""Views of the call (thin: permissions, forms, services, templates)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import roles
from portal.models import User

from . import queries, services
from .forms import (
    AutoAssignForm,
    BudgetLineFormSet,
    ConflictForm,
    DecisionForm,
    DocumentForm,
    InterestForm,
    MemberAccessForm,
    MemberInviteForm,
    ProposalForm,
    ReviewForm,
    ReviewLanguagesForm,
    SelfAssessmentForm,
    budget_lines_of,
)
from .models import Assignment, Call, Criterion, Phase, Proposal, ProposalDocument, ProposalMember, Review


def _require(request, perm, obj=None):
    """404 when ``request.user`` lacks ``perm`` (on ``obj``): a denied object does not exist."""
    if not request.user.has_perm(perm, obj):
        raise Http404


# --- Calls and self-assessment ---------------------------------------------------------------------


def call_list(request):
    return render(request, "projects/call_list.html", {"calls": queries.calls()})


def call_detail(request, year):
    call = get_object_or_404(queries.call_with_criteria(year))
    return render(request, "projects/call_detail.html", {"call": call})


def self_assessment(request, year):
    """Anyone may self-assess; a signed-in person may also save the result to their account."""
    call = get_object_or_404(queries.call_with_criteria(year))
    result = None
    form = SelfAssessmentForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        result = services.assess(call, answers)
        if "save" in request.POST:
            if not request.user.is_authenticated:
                messages.error(request, _("Sign in to save your self-assessment."))
            else:
                services.save_self_assessment(call, answers, by=request.user)
                messages.success(request, _("Your self-assessment was saved to your account."))
    return render(request, "projects/self_assessment.html", {"call": call, "form": form, "result": result})


# --- Applicants ------------------------------------------------------------------------------------


@login_required
def my_proposals(request):
    """The proposals the person owns or joined as an accepted co-applicant, with their role, and the
    invitations waiting for one of their verified addresses."""
    proposals = queries.own_proposals(request.user)
    open_calls = [c for c in Call.objects.order_by("-year") if c.phase == Phase.OPEN]
    invitations = [(member, services.invitation_path(member)) for member in queries.pending_invitations(request.user)]
    return render(
        request,
        "projects/my_proposals.html",
        {"proposals": proposals, "open_calls": open_calls, "invitations": invitations},
    )


def _budget_initial(proposal):
    if proposal.pk is None:
        return []
    return [{"label": line.label, "amount": line.amount} for line in proposal.budget_lines.all()]


def _is_owner(request, proposal):
    return proposal.pk is None or proposal.owner_id == request.user.pk


def _proposal_form(request, proposal, data=None):
    return ProposalForm(data, instance=proposal, owner=request.user, co_applicant=not _is_owner(request, proposal))


def _proposal_page(request, proposal, form, formset, invite_form=None):
    is_owner = _is_owner(request, proposal)
    still_open = proposal.pk is None or services.can_still_edit(proposal)
    editable = still_open and (proposal.pk is None or request.user.has_perm("projects.change_proposal", proposal))
    members, role = [], None
    if proposal.pk is not None:
        members = list(proposal.members.filter(revoked_at__isnull=True))
        if not is_owner:
            role = next((m for m in members if m.user_id == request.user.pk), None)
            members = [m for m in members if m.user_id is not None]  # co-applicants see who joined
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "form": form,
        "formset": formset,
        "editable": editable,
        "still_open": still_open,
        "is_owner": is_owner,
        "membership": role,
        "members": members,
        "invite_form": invite_form or MemberInviteForm(prefix="invite"),
        "access_choices": ProposalMember.Access.choices,
        "budget_total": queries.budget_total(proposal) if proposal.pk else 0,
        "can_withdraw": is_owner and proposal.pk is not None and services.withdrawal_refused(proposal) is None,
        "show_decision": proposal.status == Proposal.Status.DECIDED and proposal.call.decisions_published,
        "document_form": DocumentForm(),
    }
    return render(request, "projects/proposal_form.html", context)


def _save_proposal(request, proposal):
    """Handle the draft form: save (always as a draft), then submit when asked (the owner only)."""
    if proposal.pk is not None:
        if not request.user.has_perm("projects.change_proposal", proposal):
            raise PermissionDenied
        if "submit" in request.POST and not request.user.has_perm("projects.submit_proposal", proposal):
            raise PermissionDenied
    form = _proposal_form(request, proposal, request.POST)
    formset = BudgetLineFormSet(request.POST, prefix="budget")
    if not (form.is_valid() and formset.is_valid()):
        messages.error(request, _("Please correct the errors below; nothing was saved."))
        return _proposal_page(request, proposal, form, formset)
    try:
        proposal = services.save_draft(
            form.save(commit=False),
            by=request.user,
            budget_lines=budget_lines_of(formset),
            practices=form.cleaned_data.get("practices"),
        )
    except services.ProposalLocked:
        messages.error(request, _("This proposal can no longer be changed: it was submitted or the deadline passed."))
        proposal.refresh_from_db()
        return redirect(proposal)
    if "submit" not in request.POST:
        messages.success(request, _("Your draft was saved. You can come back to it until the deadline."))
        return redirect(proposal)
    try:
        services.submit_proposal(proposal, by=request.user)
    except services.ProposalLocked:
        messages.error(request, _("This proposal can no longer be submitted: the deadline has passed."))
        return redirect(proposal)
    except ValidationError as error:
        form = _proposal_form(request, proposal, request.POST)
        form.is_valid()
        field_errors = dict(error.message_dict)
        budget_errors = field_errors.pop("budget", [])
        for field, errors in field_errors.items():
            for message in errors:
                form.add_error(field, message)
        messages.error(request, _("Your draft was saved, but it is not complete yet; see the fields marked below."))
        formset = BudgetLineFormSet(initial=_budget_initial(proposal), prefix="budget")
        formset.budget_errors = budget_errors
        return _proposal_page(request, proposal, form, formset)
    messages.success(request, _("Your proposal was submitted. A receipt was sent to you by e-mail."))
    return redirect(proposal)


@login_required
def proposal_create(request, year):
    call = get_object_or_404(Call, year=year)
    if call.phase != Phase.OPEN:
        raise Http404
    proposal = Proposal(call=call, owner=request.user)
    if request.method == "POST":
        return _save_proposal(request, proposal)
    return _proposal_page(request, proposal, _proposal_form(request, proposal), BudgetLineFormSet(prefix="budget"))


def _visible_proposal(request, pk, perm=None):
    """The proposal if the person may see it (else 404); 403 when they see it but lack ``perm``."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "owner"), pk=pk)
    _require(request, "projects.view_proposal", proposal)
    if perm is not None and not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


@login_required
def proposal_detail(request, pk):
    proposal = _visible_proposal(request, pk)
    if request.method == "POST":
        return _save_proposal(request, proposal)
    return _saved_proposal_page(request, proposal)


def _saved_proposal_page(request, proposal, **extra):
    """The proposal page showing the saved draft (the forms start from what is stored)."""
    form = _proposal_form(request, proposal)
    formset = BudgetLineFormSet(initial=_budget_initial(proposal), prefix="budget")
    return _proposal_page(request, proposal, form, formset, **extra)


@login_required
def withdraw(request, pk):
    """The owner withdraws a submitted proposal: GET asks to confirm (or says why it cannot be
    withdrawn), POST withdraws it. Everyone else, co-applicants included, gets a 404."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "owner"), pk=pk)
    _require(request, "projects.withdraw_proposal", proposal)
    if request.method == "POST":
        try:
            services.withdraw(proposal, by=request.user)
        except services.WithdrawalRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your proposal was withdrawn. A confirmation was sent to you by e-mail."))
        return redirect(proposal)
    return render(
        request,
        "projects/withdraw.html",
        {"proposal": proposal, "call": proposal.call, "refused": services.withdrawal_refused(proposal)},
    )


# --- Co-applicants ---------------------------------------------------------------------------------


def _team_url(proposal):
    return proposal.get_absolute_url() + "#team"


@login_required
@require_POST
def member_invite(request, pk):
    """The owner invites a co-applicant by e-mail. A bad address is shown next to the field with what
    was typed, on the proposal page (the draft form keeps the saved values)."""
    proposal = _visible_proposal(request, pk, "projects.manage_members")
    invite_form = MemberInviteForm(request.POST, prefix="invite")
    if invite_form.is_valid():
        try:
            member = services.invite_member(proposal, by=request.user, **invite_form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    invite_form.add_error(field, message)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": member.email})
            return redirect(_team_url(proposal))
    messages.error(request, _("The invitation was not sent; see the address below."))
    return _saved_proposal_page(request, proposal, invite_form=invite_form)


def _member_of(request, pk, member):
    proposal = _visible_proposal(request, pk, "projects.manage_members")
    return proposal, get_object_or_404(ProposalMember, pk=member, proposal=proposal, revoked_at__isnull=True)


@login_required
@require_POST
def member_access(request, pk, member):
    proposal, member = _member_of(request, pk, member)
    form = MemberAccessForm(request.POST)
    if form.is_valid():
        services.change_member_access(member, form.cleaned_data["access"], by=request.user)
        messages.success(
            request,
            _("%(email)s now has this access: %(access)s.")
            % {"email": member.email, "access": ProposalMember.Access(form.cleaned_data["access"]).label},
        )
    else:
        messages.error(request, _("Choose read only or read and edit."))
    return redirect(_team_url(proposal))


@login_required
@require_POST
def member_revoke(request, pk, member):
    proposal, member = _member_of(request, pk, member)
    services.revoke_member(member, by=request.user)
    messages.success(request, _("%(email)s no longer has access to this proposal.") % {"email": member.email})
    return redirect(_team_url(proposal))


# Lazy: this table is built at import, the message is needed in the language of each request.
INVITATION_PROBLEMS = {
    services.InvitationError.INVALID: (
        404,
        gettext_lazy("This invitation link is not valid. Check that you copied the whole link from the e-mail."),
    ),
    services.InvitationError.REVOKED: (
        410,
        gettext_lazy("This invitation was withdrawn by the owner of the proposal."),
    ),
    services.InvitationError.EXPIRED: (
        410,
        gettext_lazy("This invitation has expired. Ask the owner of the proposal to invite you again."),
    ),
    services.InvitationError.TAKEN: (404, gettext_lazy("This invitation was already accepted with another account.")),
    services.InvitationError.OTHER_ADDRESS: (
        404,
        gettext_lazy(
            "This invitation was sent to another e-mail address. Sign in with the account of the invited "
            "address, or sign out and create one with it, then open the link again."
        ),
    ),
    services.InvitationError.UNVERIFIED: (
        403,
        gettext_lazy("Verify your e-mail address first (see the message we sent you), then open the link again."),
    ),
    services.InvitationError.OWNER: (404, gettext_lazy("You own this proposal already.")),
    services.InvitationError.ALREADY_MEMBER: (404, gettext_lazy("You are already a co-applicant of this proposal.")),
}


@login_required
def invitation(request, token):
    """Open (GET) and accept (POST) an invitation. Only the account of the invited, verified address
    gets past the checks; everyone else is told why, without the proposal's details."""
    _require(request, "projects.accept_invitation")
    try:
        member = services.member_from_token(token)
        services.check_invitation(member, request.user)
        if request.method == "POST":
            member = services.accept_invitation(member, by=request.user)
    except services.InvitationError as error:
        status, message = INVITATION_PROBLEMS[error.reason]
        return render(request, "projects/invitation.html", {"problem": message}, status=status)
    if member.user_id == request.user.pk:
        if request.method == "POST":
            messages.success(
                request, _("Welcome: you are now a co-applicant of %(title)s.") % {"title": member.proposal.title}
            )
        return redirect(member.proposal)
    return render(request, "projects/invitation.html", {"member": member, "proposal": member.proposal})


@login_required
@require_POST
def document_add(request, pk):
    proposal = _visible_proposal(request, pk, "projects.change_proposal")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(proposal)
    try:
        services.add_document(
            proposal, by=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
        )
    except services.ProposalLocked:
        messages.error(request, _("This proposal can no longer be changed: it was submitted or the deadline passed."))
    else:
        messages.success(request, _("The document was added."))
    return redirect(proposal)


@login_required
def document(request, pk, document):
    """Serve a proposal's PDF to those who may read the proposal (404 for everyone else)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=pk)
    _require(request, "projects.view_documents", proposal)
    item = get_object_or_404(ProposalDocument, pk=document, proposal=proposal)
    return FileResponse(item.file.open("rb"), content_type="application/pdf", filename=f"{item.title}.pdf")


# --- STC review ------------------------------------------------------------------------------------


@login_required
def review_workspace(request):
    _require(request, "projects.view_review_workspace")
    return _workspace_page(request)


def _workspace_page(request, languages_form=None):
    assignments = list(queries.workspace_assignments(request.user))
    managed_calls = list(queries.calls()) if request.user.has_perm("projects.manage_call") else []
    declared = sorted(request.user.review_languages.values_list("language", flat=True))
    if languages_form is None and request.user.has_perm("projects.declare_review_languages"):
        languages_form = ReviewLanguagesForm(initial={"languages": declared or [request.user.language]})
    return render(
        request,
        "projects/review_workspace.html",
        {
            "assignments": assignments,
            "managed_calls": managed_calls,
            "conflict_form": ConflictForm(),
            "languages_form": languages_form,
            "languages_declared": bool(declared),
        },
    )


@login_required
@require_POST
def review_languages(request):
    """An STC member says which languages they review in (automatic assignment follows it)."""
    _require(request, "projects.declare_review_languages")
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
    assignment = get_object_or_404(
        Assignment.objects.exclude(proposal__status=Proposal.Status.WITHDRAWN),
        pk=pk,
        reviewer=request.user,
        conflict=Assignment.Conflict.UNKNOWN,
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
    # A withdrawn proposal no longer exists for its reviewers.
    assignment = get_object_or_404(
        Assignment.objects.select_related("proposal__call", "proposal__owner").exclude(
            proposal__status=Proposal.Status.WITHDRAWN
        ),
        pk=pk,
        reviewer=request.user,
    )
    if assignment.conflict == Assignment.Conflict.UNKNOWN:
        messages.info(request, _("Declare whether you have a conflict of interest before you read the proposal."))
        return redirect("projects:review_workspace")
    _require(request, "projects.review", assignment)
    proposal = assignment.proposal
    criteria = _stc_criteria(proposal.call)
    own = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    submitted = own is not None and own.status == Review.Status.SUBMITTED
    if request.method == "POST" and not submitted:
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
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("Your review was submitted."))
                else:
                    messages.success(request, _("Your draft review was saved."))
                return redirect("projects:review", pk=assignment.pk)
    else:
        initial = {}
        if own is not None:
            initial = {f: getattr(own, f) for f in ("recommendation", "confidence", "confidential_comment", "feedback")}
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
            "others": others,
        },
    )


def _managed_call(request, year):
    _require(request, "projects.manage_call")
    return get_object_or_404(Call, year=year)


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
        },
    )


def _ranking_rows(call):
    header = [
        _("Rank"),
        _("Title"),
        _("Weighted score"),
        _("Mean"),
        _("Median"),
        _("Spread"),
        _("Reviews done"),
        _("Decision"),
    ]
    rows = []
    for rank, p in enumerate(queries.ranking(call), start=1):
        rows.append(
            [
                rank,
                p.title,
                None if p.weighted_score is None else round(p.weighted_score, 2),
                None if p.mean_score is None else round(p.mean_score, 2),
                None if p.median_score is None else round(p.median_score, 2),
                None if p.spread is None else round(p.spread, 2),
                p.reviews_done,
                p.get_decision_display() if p.decision else "",
            ]
        )
    return header, rows


@login_required
def ranking_csv(request, year):
    call = _managed_call(request, year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ranking-{call.year}.csv"'
    writer = csv.writer(response)
    header, rows = _ranking_rows(call)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (f"{v:.2f}" if isinstance(v, float) else v) for v in row])
    return response


@login_required
def ranking_xlsx(request, year):
    from openpyxl import Workbook

    call = _managed_call(request, year)
    header, rows = _ranking_rows(call)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(call.year)
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([str(v) if hasattr(v, "__html__") else v for v in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ranking-{call.year}.xlsx"'
    workbook.save(response)
    return response


@login_required
@require_POST
def assign(request, year):
    call = _managed_call(request, year)
    proposal = get_object_or_404(call.proposals.filter(status__in=queries.IN_REVIEW), pk=request.POST.get("proposal"))
    reviewer = get_object_or_404(
        User.objects.filter(groups__name__in=[roles.STC_REVIEWER, roles.STC_CHAIR]).distinct(),
        pk=request.POST.get("reviewer"),
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
        reviewers = list(User.objects.filter(groups__name=roles.STC_REVIEWER, is_active=True).distinct())
        result = services.auto_assign(call, reviewers, form.cleaned_data["per_proposal"], by=request.user)
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
    else:
        messages.error(request, _("Choose between 1 and 10 reviewers per proposal."))
    return redirect("projects:call_manage", year=call.year)


@login_required
def stc_proposal(request, pk):
    """The chair's view of a proposal with every review (confidential comments included)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "owner"), pk=pk)
    _require(request, "projects.view_proposal_as_stc", proposal)
    if proposal.status not in queries.IN_REVIEW:
        raise Http404
    reviews = (
        Review.objects.filter(assignment__proposal=proposal)
        .select_related("assignment__reviewer")
        .prefetch_related("scores__criterion")
    )
    decision_form = DecisionForm(
        request.POST or None,
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
@require_POST
def publish_decisions(request, year):
    call = _managed_call(request, year)
    if call.decisions_published:
        messages.error(request, _("The decisions of this call were already published."))
    else:
        published = services.publish_decisions(call, by=request.user)
        messages.success(request, _("%(count)s decisions were published and mailed.") % {"count": len(published)})
    return redirect("projects:call_manage", year=call.year)


# --- Funders ---------------------------------------------------------------------------------------


@login_required
def funder_list(request):
    _require(request, "projects.view_funder_list")
    country = request.GET.get("country") or None
    year = request.GET.get("year") or None
    if year and not year.isdigit():
        year = None
    proposals = queries.funder_proposals(country=country, year=year)
    return render(request, "projects/funder_list.html", {"proposals": proposals, "country": country, "year": year})


@login_required
def funder_proposal(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=pk)
    _require(request, "projects.view_as_funder", proposal)
    proposal = queries.with_review_aggregates(Proposal.objects.filter(pk=pk)).select_related("call").get()
    interest = proposal.funder_interests.filter(funder=request.user).first()
    form = InterestForm(request.POST or None)
    if request.method == "POST":
        _require(request, "projects.express_interest", proposal)
        if form.is_valid():
            services.express_interest(proposal, by=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you. The applicant and the secretariat were told of your interest."))
            return redirect("projects:funder_proposal", pk=proposal.pk)
    return render(
        request,
        "projects/funder_proposal.html",
        {
            "proposal": proposal,
            "budget_lines": proposal.budget_lines.all(),
            "form": form,
            "interest": interest,
            "can_express": request.user.has_perm("projects.express_interest", proposal),
            "budget_total": queries.budget_total(proposal),
        },
    )
