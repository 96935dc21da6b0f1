"""The practices database's part of a person's data (portal.privacy): the practice drafts they wrote.

Erasure: their drafts go (proposed, returned or published: what was published lives on in the
practice sheet and its version history, which name no author). Sheets they own lose their owner
(the foreign key is SET_NULL); versions they published lose their publisher.
"""

from .models import Practice, PracticeDraft, PracticeVersion


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    drafts = PracticeDraft.objects.filter(author=user).select_related("practice").order_by("pk")
    return {
        "practice_drafts": [
            {
                "id": d.pk,
                "practice": d.practice.name if d.practice else None,
                "status": d.status,
                "content": d.data,
                "secretariat_comment": d.comment,
                "created": _iso(d.created),
                "updated": _iso(d.updated),
                "decided_at": _iso(d.decided_at),
            }
            for d in drafts
        ],
        "practices_owned": sorted(Practice.objects.filter(owner=user).values_list("name", flat=True)),
    }


def erase(user, *, by):
    PracticeDraft.objects.filter(author=user).delete()
    PracticeDraft.objects.filter(decided_by=user).update(decided_by=None)
    Practice.objects.filter(owner=user).update(owner=None)
    PracticeVersion.objects.filter(published_by=user).update(published_by=None)
