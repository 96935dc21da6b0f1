"""The knowledge bank's one view beside its Wagtail pages: a page's history."""

from django.shortcuts import render

from portal.permissions import object_or_404

from .models import KnowledgePage


def history(request, pk):
    """/knowledge/<pk>/history/: the revisions of a page (newest first) with their authors and dates, each
    with a link to Wagtail's compare view against the one before. A 404 for whoever may not read the page or
    does not write the bank."""
    page = object_or_404(request, "knowledge.view_history", KnowledgePage.objects.select_related("locale"), pk=pk)
    revisions = list(page.revisions.select_related("user").order_by("-created_at", "-pk"))
    rows, state = [], "draft"  # newer than the live revision: a draft (perhaps waiting for approval)
    for n, revision in enumerate(revisions):
        if revision.pk == page.live_revision_id:
            state = "published"
        elif revision.approved_go_live_at:
            state = "scheduled"
        rows.append(
            {"revision": revision, "state": state, "previous": revisions[n + 1] if n + 1 < len(revisions) else None}
        )
        if state in ("published", "scheduled"):
            state = "earlier"  # older than what readers see

    return render(request, "knowledge/history.html", {"page": page, "rows": rows})
