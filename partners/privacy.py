"""The partners' part of a person's data (portal.privacy): the organisations they edit, the sheet
revisions they proposed, their membership applications, the regions they correspond for and the
contact requests they sent to organisations.

Erasure: their editor links and correspondent regions go; a revision still waiting for the
secretariat goes, a decided one stays in the sheet's history without its author; their membership
applications go with the declaration and logo files (an accepted organisation stays a partner: its
Organisation row is the record, the application was the applicant's request); the
contact requests they sent lose their text (the recorded mail keeps only its key and dates).
"""

from django.db import transaction
from django.utils import timezone

from portal.models import SentMail

from .models import MembershipApplication, OrganisationEditor, RegionalCorrespondent, SheetRevision


def _iso(value):
    return value.isoformat() if value else None


def _contact_requests(user):
    return SentMail.objects.filter(
        key__startswith="partners:contact:", key__endswith=":organisation", payload__icontains=user.email
    )


def export(user) -> dict:
    return {
        "organisations_edited": [
            {"organisation": link.organisation.name, "since": _iso(link.created)}
            for link in OrganisationEditor.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "sheet_revisions_proposed": [
            {
                "organisation": r.organisation.name,
                "status": r.status,
                "proposed": r.data,
                "message": r.message,
                "created": _iso(r.created),
                "decided_at": _iso(r.decided_at),
            }
            for r in SheetRevision.objects.filter(author=user).select_related("organisation").order_by("pk")
        ],
        "membership_applications": [
            {
                "organisation": a.name,
                "acronym": a.acronym,
                "website": a.website,
                "description": a.description,
                "state": a.state,
                "reason": a.reason,
                "created": _iso(a.created),
                "decided_at": _iso(a.decided_at),
            }
            for a in MembershipApplication.objects.filter(applicant=user).order_by("pk")
        ],
        "correspondent_regions": sorted(
            RegionalCorrespondent.objects.filter(user=user).values_list("region__code", flat=True)
        ),
        "contact_requests": [
            {"sent_at": _iso(m.queued_at), "subject": m.subject, "message": m.payload.get("body", "")}
            for m in _contact_requests(user).order_by("queued_at")
        ],
    }


def erase(user, *, by):
    OrganisationEditor.objects.filter(user=user).delete()
    RegionalCorrespondent.objects.filter(user=user).delete()
    SheetRevision.objects.filter(author=user, status=SheetRevision.Status.PENDING).delete()
    SheetRevision.objects.filter(author=user).update(author=None)
    SheetRevision.objects.filter(decided_by=user).update(decided_by=None)
    MembershipApplication.objects.filter(decided_by=user).update(decided_by=None)
    applications = MembershipApplication.objects.filter(applicant=user)
    files = [(f.storage, f.name) for a in applications for f in (a.declaration, a.logo) if f]
    applications.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    _contact_requests(user).update(to="", recipient="", subject="", payload={}, pruned_at=timezone.now())
