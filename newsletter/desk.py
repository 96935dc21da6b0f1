"""newsletter's queues on the desk of /my/ (portal.desk): editions in preparation and being sent; the way to
add a press review article (secretariat and regional correspondents) and to the media contacts (secretariat)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue

from .models import Edition


def work_queues(user):
    queues = []
    if user.has_perm("newsletter.add_press_item"):
        queues.append(WorkQueue(_("Add an article to the press review"), reverse("newsletter:press_add")))
    if user.has_perm("newsletter.manage_media_contacts"):
        queues.append(WorkQueue(_("Media contacts"), reverse("newsletter:media_contacts")))
    if not user.has_perm("newsletter.manage_editions"):
        return queues
    counts = Edition.objects.aggregate(
        preparing=Count("pk", filter=Q(status=Edition.Status.DRAFT)),
        sending=Count("pk", filter=Q(status__in=[Edition.Status.SENDING, Edition.Status.PAUSED])),
    )
    url = reverse("newsletter:editions")
    return [
        WorkQueue(_("Editions in preparation"), url, counts["preparing"]),
        WorkQueue(_("Editions being sent"), url, counts["sending"]),
        *queues,
    ]
