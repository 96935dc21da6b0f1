"""The knowledge bank's share of a person's data (portal.privacy): the pages they wrote and the revisions
they made. On erasure the pages and revisions stay (members wrote them together), without their author:
Wagtail's ``Revision.user`` and ``Page.owner``/``locked_by`` are nullable and set to null."""

from django.db import transaction

from . import queries
from .models import CollegeModerator, KnowledgePage


def export(user):
    revisions = list(queries.authored_revisions(user))
    pages = {
        page.pk: page
        for page in KnowledgePage.objects.filter(pk__in={int(r.object_id) for r in revisions}).select_related("locale")
    }
    return {
        "pages": [
            {
                "id": page.pk,
                "title": page.title,
                "language": page.locale.language_code,
                "url": page.url,
                "owner": page.owner_id == user.pk,
            }
            for page in sorted(pages.values(), key=lambda p: p.pk)
        ],
        "revisions": [
            {
                "page": int(revision.object_id),
                "created_at": revision.created_at.isoformat(),
                "title": revision.content.get("title", ""),
                "summary": revision.content.get("summary", ""),
            }
            for revision in revisions
        ],
        "moderates": sorted(CollegeModerator.objects.filter(user=user).values_list("college", flat=True)),
    }


@transaction.atomic
def erase(user, *, by):
    queries.authored_revisions(user).update(user=None)
    KnowledgePage.objects.filter(owner=user).update(owner=None)
    KnowledgePage.objects.filter(locked_by=user).update(locked_by=None, locked=False)
    CollegeModerator.objects.filter(user=user).delete()
