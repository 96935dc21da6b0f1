"""Views of applicants: their proposals, documents, co-applicants and invitations, withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.permissions import object_or_404, permission_required, require

from .. import queries, services
from ..forms import (
    BudgetLineFormSet,
    DocumentForm,
    DraftDocumentForm,
    DraftInviteForm,
    MemberAccessForm,
    MemberInviteForm,
    ProposalForm,
    budget_lines_of,
)
from ..models import Call, Phase, Proposal, ProposalDocument, ProposalMember
from .common import add_errors, proposals


@permission_required("projects.view_own_proposals")
def my_proposals(request):
    """The proposals the person owns or joined as an accepted co-applicant, with their role, and the
    invitations waiting for one of their verified addresses."""
    own = queries.own_proposals(request.user)
    open_calls = [c for c in Call.objects.order_by("-year") if c.phase == Phase.OPEN]
    invitations = [(member, services.invitation_path(member)) for member in queries.pending_invitations(request.user)]
    return render(
        request,
        "projects/my_proposals.html",
        {"proposals": own, "open_calls": open_calls, "invitations": invitations},
    )


def _budget_initial(proposal):
    if proposal.pk is None:
        return []
    return [{"label": line.label, "amount": line.amount} for line in proposal.budget_lines.all()]


def _is_owner(request, proposal):
    return proposal.pk is None or proposal.owner_id == request.user.pk


def _proposal_form(request, proposal, data=None):
    return ProposalForm(data, instance=proposal, owner=request.user, co_applicant=not _is_owner(request, proposal))


def _proposal_page(request, proposal, form, formset, invite_form=None, draft_document=None, draft_invite=None):
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
        # The document and the co-applicant are part of the draft's form (before the first save and
        # after): what was typed in the draft is saved with them.
        "draft_document": draft_document or DraftDocumentForm(prefix="document"),
        "draft_invite": draft_invite or DraftInviteForm(prefix="draft-invite"),
        "may_invite": _may_invite(request, proposal),
        "can_reopen": is_owner and proposal.pk is not None and services.reopen_refused(proposal) is None,
        "submissions": list(proposal.submissions.order_by("-version")) if proposal.pk else [],
    }
    return render(request, "projects/proposal_form.html", context)


def _may_invite(request, proposal):
    return proposal.pk is None or request.user.has_perm("projects.manage_members", proposal)


def _save_proposal(request, proposal):
    """Handle the draft form: save (always as a draft), then go to the submission's confirmation page
    when asked (the owner only). The form also carries a document and (for the owner) a co-applicant,
    before the first save and after: the draft is saved first, then the document attached and the
    invitation sent, and the page says so. One form, so that attaching a document or inviting someone
    never loses what was typed in the draft (they were separate forms on a saved proposal)."""
    created = proposal.pk is None
    if not created:
        # The proposal page was shown to this person (proposal_detail), so a refusal is a 403.
        require(request, "projects.change_proposal", proposal, visible=True)
        if "submit" in request.POST:
            require(request, "projects.submit_proposal", proposal, visible=True)
    form = _proposal_form(request, proposal, request.POST)
    formset = BudgetLineFormSet(request.POST, prefix="budget")
    draft_document = DraftDocumentForm(request.POST, request.FILES, prefix="document")
    draft_invite = DraftInviteForm(request.POST if _may_invite(request, proposal) else None, prefix="draft-invite")
    valid = [form.is_valid(), formset.is_valid(), draft_document.is_valid()]
    if draft_invite.is_bound:
        valid.append(draft_invite.is_valid())
    if not all(valid):
        messages.error(request, _("Please correct the errors below; nothing was saved."))
        return _proposal_page(
            request, proposal, form, formset, draft_document=draft_document, draft_invite=draft_invite
        )
    try:
        proposal = services.save_draft(
            form.save(commit=False),
            by=request.user,
            budget_lines=budget_lines_of(formset),
            practices=form.cleaned_data.get("practices"),
        )
    except services.ProposalLocked:
        messages.error(request, _("This proposal can no longer be changed: it was submitted or the deadline passed."))
        if created:
            return redirect("projects:call", year=proposal.call.year)
        proposal.refresh_from_db()
        return redirect(proposal)
    problem = _attach_to_draft(request, proposal, draft_document, draft_invite, created)
    if problem is not None:
        return problem
    if "submit" not in request.POST:
        return redirect(proposal)
    errors = services.completeness_errors(proposal)
    if errors:
        form = _proposal_form(request, proposal, request.POST)
        form.is_valid()
        budget_errors = errors.pop("budget", [])
        add_errors(form, errors)
        messages.error(request, _("Your draft was saved, but it is not complete yet; see the fields marked below."))
        formset = BudgetLineFormSet(initial=_budget_initial(proposal), prefix="budget")
        formset.budget_errors = budget_errors
        return _proposal_page(request, proposal, form, formset)
    messages.info(request, _("Your draft was saved. Check what will be submitted, then confirm."))
    return redirect("projects:proposal_submit", pk=proposal.pk)


@login_required
def proposal_submit(request, pk):
    """The submission's confirmation: GET shows what will be submitted (fields, budget, documents,
    who gets the receipt, the version number); POST submits exactly that. The owner only (a
    co-applicant who sees the proposal gets a 403, everyone else a 404)."""
    proposal = _visible_proposal(request, pk, "projects.submit_proposal")
    if request.method == "POST":
        try:
            services.submit_proposal(proposal, by=request.user, fingerprint=request.POST.get("fingerprint", ""))
        except services.ProposalLocked:
            messages.error(
                request, _("This proposal can no longer be submitted: it was submitted or the deadline passed.")
            )
            return redirect(proposal)
        except services.SubmissionChanged:
            messages.error(
                request, _("The draft changed since this page was opened (a co-applicant saved it). Check it again.")
            )
            return redirect("projects:proposal_submit", pk=proposal.pk)
        except ValidationError:
            messages.error(request, _("The draft is not complete any more; see the fields marked below."))
            return redirect(proposal)
        proposal.refresh_from_db()
        messages.success(
            request,
            _("Your proposal was submitted (version %(version)s). A receipt was sent to you by e-mail.")
            % {"version": proposal.version},
        )
        return redirect(proposal)
    snapshot = services.submission_snapshot(proposal)
    return render(
        request,
        "projects/submit.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "locked": not services.can_still_edit(proposal),
            "errors": services.completeness_errors(proposal),
            "snapshot": snapshot,
            "fingerprint": services.snapshot_fingerprint(snapshot),
            "budget_lines": proposal.budget_lines.all(),
            "budget_total": queries.budget_total(proposal),
            "documents": proposal.documents.all(),
            "members": services.accepted_members(proposal),
            "next_version": proposal.version + 1,
        },
    )


@login_required
def proposal_reopen(request, pk):
    """The owner reopens a submitted proposal for changes, before the deadline: GET says what it
    means (back to a draft, reviewed only if submitted again before the deadline) or why it cannot
    be reopened; POST reopens it."""
    proposal = _visible_proposal(request, pk, "projects.reopen_proposal")
    if request.method == "POST":
        try:
            services.reopen(proposal, by=request.user)
        except services.ReopenRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your proposal is a draft again. Submit it again before the deadline, or it will not be reviewed."),
            )
        return redirect(proposal)
    return render(
        request,
        "projects/reopen.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "refused": services.reopen_refused(proposal),
            "co_applicants": services.accepted_members(proposal).count(),
        },
    )


def _attach_to_draft(request, proposal, draft_document, draft_invite, created):
    """Attach the document and send the invitation typed on the draft's form, now that the draft is
    saved; tell the person what happened. A page to show when the invitation is refused."""
    done = []
    upload = draft_document.upload()
    if upload is not None:
        title, file = upload
        services.add_document(proposal, by=request.user, title=title, upload=file)
        done.append(_("The document “%(title)s” was attached.") % {"title": title})
    invitation = draft_invite.invitation() if draft_invite.is_bound else None
    if invitation is not None:
        try:
            member = services.invite_member(proposal, by=request.user, **invitation)
        except ValidationError as error:
            # The draft is saved; the refused address stays in the form, with the reason beside it.
            draft_invite = DraftInviteForm(
                {"draft-invite-email": invitation["email"], "draft-invite-access": invitation["access"]},
                prefix="draft-invite",
            )
            draft_invite.is_valid()
            add_errors(draft_invite, error.message_dict)
            messages.warning(
                request, _("Your draft was saved, but the invitation was not sent; see the address below.")
            )
            return _saved_proposal_page(request, proposal, draft_invite=draft_invite)
        done.append(_("An invitation was sent to %(email)s.") % {"email": member.email})
    if done and created:
        messages.success(
            request, _("Your draft was saved first: documents and co-applicants are added to a saved draft.")
        )
    elif done:
        messages.success(request, _("Your draft was saved."))
    if done:
        for message in done:
            messages.success(request, message)
    elif "submit" not in request.POST:
        messages.success(request, _("Your draft was saved. You can come back to it until the deadline."))
    return None


@login_required
def proposal_create(request, year):
    call = object_or_404(request, "projects.create_proposal", Call, year=year)
    proposal = Proposal(call=call, owner=request.user)
    if request.method == "POST":
        return _save_proposal(request, proposal)
    return _proposal_page(request, proposal, _proposal_form(request, proposal), BudgetLineFormSet(prefix="budget"))


def _visible_proposal(request, pk, perm=None):
    """The proposal if the person may see it (else 404); 403 when they see it but lack ``perm``."""
    proposal = object_or_404(request, "projects.view_proposal", proposals(), pk=pk)
    if perm is not None:
        require(request, perm, proposal, visible=True)
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
    proposal = object_or_404(request, "projects.withdraw_proposal", proposals(), pk=pk)
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
            add_errors(invite_form, error.message_dict)
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


@permission_required("projects.accept_invitation")
def invitation(request, token):
    """Open (GET) and accept (POST) an invitation. Only the account of the invited, verified address
    gets past the checks; everyone else is told why, without the proposal's details."""
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
def document_remove(request, pk, document):
    """Remove a document of a draft: GET asks to confirm (title and size), POST removes it and its
    file. Those who may edit the draft; a reader co-applicant gets a 403, everyone else a 404."""
    proposal = _visible_proposal(request, pk, "projects.change_proposal")
    item = get_object_or_404(ProposalDocument, pk=document, proposal=proposal)
    if request.method == "POST":
        try:
            services.remove_document(item, by=request.user)
        except services.ProposalLocked:
            messages.error(
                request, _("This proposal can no longer be changed: it was submitted or the deadline passed.")
            )
        else:
            messages.success(request, _("The document “%(title)s” was removed.") % {"title": item.title})
        return redirect(proposal.get_absolute_url() + "#documents")
    return render(
        request,
        "projects/document_remove.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "document": item,
            "locked": not services.can_still_edit(proposal),
        },
    )


@login_required
def document(request, pk, document):
    """Serve a proposal's PDF to those who may read the proposal (404 for everyone else)."""
    proposal = object_or_404(request, "projects.view_documents", proposals(), pk=pk)
    item = get_object_or_404(ProposalDocument, pk=document, proposal=proposal)
    return FileResponse(item.file.open("rb"), content_type="application/pdf", filename=f"{item.title}.pdf")
