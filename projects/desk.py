"""projects' queues on the desk of /my/ (portal.desk): for the secretariat and the STC chair, per call
whose decisions are not published yet, the submitted proposals nobody is assigned to review and the
decisions staged."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue

from .models import Assignment, Proposal


def work_queues(user):
    if not user.has_perm("projects.manage_call"):
        return []
    rows = (
        Proposal.objects.filter(call__decisions_published_at__isnull=True, status=Proposal.Status.SUBMITTED)
        .annotate(assigned=Exists(Assignment.objects.filter(proposal=OuterRef("pk"))))
        .values("call__year")
        .annotate(
            unassigned=Count("pk", filter=Q(assigned=False)),
            staged=Count("pk", filter=~Q(decision=Proposal.Decision.BLANK)),
        )
        .order_by("-call__year")
    )
    queues = []
    for row in rows:
        year = row["call__year"]
        url = reverse("projects:call_manage", kwargs={"year": year})
        queues.append(
            WorkQueue(_("Proposals awaiting assignment, call %(year)s") % {"year": year}, url, row["unassigned"])
        )
        queues.append(WorkQueue(_("Decisions staged, call %(year)s") % {"year": year}, url, row["staged"]))
    return queues
