"""newsletter's queues on the desk of /my/ (portal.desk): editions in preparation and being sent."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue

from .models import Edition


def work_queues(user):
    if not user.has_perm("newsletter.manage_editions"):
        return []
    counts = Edition.objects.aggregate(
        preparing=Count("pk", filter=Q(status=Edition.Status.DRAFT)),
        sending=Count("pk", filter=Q(status__in=[Edition.Status.SENDING, Edition.Status.PAUSED])),
    )
    url = reverse("newsletter:editions")
    return [
        WorkQueue(_("Editions in preparation"), url, counts["preparing"]),
        WorkQueue(_("Editions being sent"), url, counts["sending"]),
    ]
