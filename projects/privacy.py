"""The call's part of a person's data (portal.privacy): proposals they own or co-apply to, their
self-assessments, the reviews they wrote, their review languages and funder interests.

Erasure (docs/security.md, "Personal data"):
- a proposal never submitted (a draft, or withdrawn before submission) is deleted with its documents;
- a proposal that was submitted is kept for the call's record (the ranking, the STC's decision):
  its owner becomes the emptied "Former member" account row (portal.privacy keeps the row);
- their place as a co-applicant on someone else's proposal goes;
- their reviews stay with their scores (the ranking does not move), shown as by a "former reviewer";
- self-assessments, review languages, funder interests and reminder claims go.
"""

from django.db import transaction
from django.db.models import Q

from .models import FunderInterest, Proposal, ProposalDocument, ProposalMember, Reminder, Review, ReviewLanguage


def _iso(value):
    return value.isoformat() if value else None


def _proposal(proposal):
    return {
        "id": proposal.pk,
        "call": proposal.call.year,
        "title": proposal.title,
        "organisation": proposal.organisation,
        "summary": proposal.summary,
        "status": proposal.status,
        "language": proposal.language,
        "requested_amount": str(proposal.requested_amount) if proposal.requested_amount is not None else None,
        "co_funding": str(proposal.co_funding),
        "created_at": _iso(proposal.created_at),
        "submitted_at": _iso(proposal.submitted_at),
        "withdrawn_at": _iso(proposal.withdrawn_at),
        "documents": [d.title for d in proposal.documents.all()],
    }


def _memberships(user):
    return ProposalMember.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    owned = Proposal.objects.filter(owner=user).select_related("call").prefetch_related("documents").order_by("pk")
    reviews = (
        Review.objects.filter(assignment__reviewer=user)
        .select_related("assignment__proposal__call")
        .prefetch_related("scores__criterion")
        .order_by("pk")
    )
    return {
        "proposals_owned": [_proposal(p) for p in owned],
        "co_applications": [
            {
                "proposal": m.proposal.title,
                "call": m.proposal.call.year,
                "access": m.access,
                "invited_at": _iso(m.invited_at),
                "accepted_at": _iso(m.accepted_at),
                "revoked_at": _iso(m.revoked_at),
            }
            for m in _memberships(user).select_related("proposal__call").order_by("pk")
        ],
        "self_assessments": [
            {"call": s.call.year, "result": str(s.result), "answers": s.answers, "saved_at": _iso(s.created_at)}
            for s in user.self_assessments.select_related("call").order_by("pk")
        ],
        "reviews_written": [
            {
                "proposal": r.assignment.proposal.title,
                "call": r.assignment.proposal.call.year,
                "conflict_of_interest": r.assignment.conflict,
                "status": r.status,
                "recommendation": r.recommendation,
                "confidence": r.confidence,
                "feedback": r.feedback,
                "confidential_comment": r.confidential_comment,
                "submitted_at": _iso(r.submitted_at),
                "scores": [
                    {"criterion": s.criterion.code, "score": s.value, "comment": s.comment} for s in r.scores.all()
                ],
            }
            for r in reviews
        ],
        "review_languages": sorted(ReviewLanguage.objects.filter(reviewer=user).values_list("language", flat=True)),
        "funder_interests": [
            {"proposal": f.proposal.title, "kind": f.kind, "message": f.message, "at": _iso(f.created_at)}
            for f in FunderInterest.objects.filter(funder=user).select_related("proposal").order_by("pk")
        ],
    }


def erase(user, *, by):
    never_submitted = Proposal.objects.filter(owner=user, submitted_at__isnull=True).filter(
        status__in=[Proposal.Status.DRAFT, Proposal.Status.WITHDRAWN]
    )
    documents = ProposalDocument.objects.filter(proposal__in=never_submitted)
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    never_submitted.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    _memberships(user).delete()
    user.self_assessments.all().delete()
    ReviewLanguage.objects.filter(reviewer=user).delete()
    FunderInterest.objects.filter(funder=user).delete()
    Reminder.objects.filter(recipient=user).delete()
