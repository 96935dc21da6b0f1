"""Who may see and do what in the call (django-rules). Views answer 404 when a predicate denies an
object, so a proposal's existence never leaks."""

import rules

from portal.rules import is_authenticated, is_funder, is_secretariat, is_stc, is_stc_chair, is_stc_reviewer

from .models import Assignment, Proposal, ProposalMember

is_call_manager = is_stc_chair | is_secretariat


@rules.predicate
def is_open_call(user, call):
    """Open for submissions: within its dates and its decisions not published yet."""
    return call is not None and call.is_open


@rules.predicate
def is_proposal_owner(user, proposal):
    return proposal is not None and proposal.owner_id == user.pk


def _membership(user, proposal):
    if proposal is None or not user.is_authenticated:
        return ProposalMember.objects.none()
    return ProposalMember.objects.accepted().filter(proposal=proposal, user=user)


@rules.predicate
def is_proposal_member(user, proposal):
    """An accepted, not revoked co-applicant (read or write)."""
    return _membership(user, proposal).exists()


@rules.predicate
def is_proposal_writer(user, proposal):
    """An accepted, not revoked co-applicant with write access."""
    return _membership(user, proposal).filter(access=ProposalMember.Access.WRITE).exists()


@rules.predicate
def is_assignee(user, assignment):
    """The reviewer of the assignment, while its proposal is in review: a withdrawn proposal no longer
    exists for its reviewers, nor one reopened by its owner until it is submitted again."""
    return (
        assignment is not None
        and assignment.reviewer_id == user.pk
        and assignment.proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.DECIDED)
    )


@rules.predicate
def is_assigned_without_conflict(user, assignment):
    return (
        assignment is not None
        and assignment.reviewer_id == user.pk
        and assignment.conflict == Assignment.Conflict.NO
        and assignment.proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.DECIDED)
    )


@rules.predicate
def is_assigned_undeclared(user, assignment):
    return (
        assignment is not None
        and assignment.reviewer_id == user.pk
        and assignment.conflict == Assignment.Conflict.UNKNOWN
    )


@rules.predicate
def is_in_review(user, proposal):
    """Submitted or decided: what the STC reviews (never a draft nor a withdrawn proposal)."""
    return proposal is not None and proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.DECIDED)


@rules.predicate
def is_withdrawn(user, proposal):
    """Withdrawn by its owner: gone for the STC and the funders, still seen by its applicants."""
    return proposal is not None and proposal.status == Proposal.Status.WITHDRAWN


@rules.predicate
def is_positively_decided(user, proposal):
    """Published positive decisions only: funders never see negative or undecided proposals."""
    return (
        proposal is not None
        and proposal.status == Proposal.Status.DECIDED
        and proposal.decision == Proposal.Decision.POSITIVE
        and proposal.call.decisions_published_at is not None
    )


@rules.predicate
def declared_conflict_on(user, proposal):
    return proposal is not None and proposal.assignments.filter(reviewer=user, conflict="yes").exists()


@rules.predicate
def is_reviewing_without_conflict(user, proposal):
    return proposal is not None and proposal.assignments.filter(reviewer=user, conflict="no").exists()


rules.add_perm("projects.view_calls", rules.always_allow)
rules.add_perm("projects.self_assess", rules.always_allow)
rules.add_perm("projects.save_self_assessment", is_authenticated)
rules.add_perm("projects.view_own_proposals", is_authenticated)
rules.add_perm("projects.create_proposal", is_authenticated & is_open_call)
# Co-applicants: readers see the proposal as its owner does (status, decision, documents; never
# scores or reviewers); writers also edit the draft; only the owner submits and manages the team.
rules.add_perm("projects.view_proposal", is_authenticated & (is_proposal_owner | is_proposal_member))
rules.add_perm("projects.change_proposal", is_authenticated & (is_proposal_owner | is_proposal_writer))
rules.add_perm("projects.submit_proposal", is_authenticated & is_proposal_owner)
rules.add_perm("projects.withdraw_proposal", is_authenticated & is_proposal_owner)
rules.add_perm("projects.reopen_proposal", is_authenticated & is_proposal_owner)
rules.add_perm("projects.manage_members", is_authenticated & is_proposal_owner)
# Anybody signed in may open an invitation link; services.check_invitation decides whether it is theirs.
rules.add_perm("projects.accept_invitation", is_authenticated)
rules.add_perm("projects.view_review_workspace", is_stc | is_secretariat)
# A reviewer declares a conflict once per assignment, before reading the proposal.
rules.add_perm("projects.declare_conflict", is_assignee & is_assigned_undeclared)
rules.add_perm("projects.declare_review_languages", is_stc_reviewer | is_stc_chair)
rules.add_perm("projects.view_assignment", is_assignee)
rules.add_perm("projects.review", is_assigned_without_conflict)
rules.add_perm("projects.manage_call", is_call_manager)
# Closing reviewing before the review deadline is the chair's decision alone.
rules.add_perm("projects.close_reviewing", is_stc_chair)
rules.add_perm("projects.view_proposal_as_stc", is_call_manager & is_in_review & ~declared_conflict_on)
rules.add_perm("projects.view_funder_list", is_funder | is_secretariat)
rules.add_perm("projects.view_as_funder", (is_funder | is_secretariat) & is_positively_decided)
rules.add_perm("projects.express_interest", is_funder & is_positively_decided)
rules.add_perm(
    "projects.view_documents",
    is_authenticated
    & (
        is_proposal_owner
        | is_proposal_member
        | (~is_withdrawn & (is_reviewing_without_conflict | (is_call_manager & ~declared_conflict_on)))
        | (is_funder & is_positively_decided)
    ),
)
