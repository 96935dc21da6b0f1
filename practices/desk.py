"""practices' queue on the desk of /my/ (portal.desk): submitted drafts for those who review them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue

from .models import PracticeDraft


def work_queues(user):
    if not user.has_perm("practices.moderate"):
        return []
    waiting = PracticeDraft.objects.filter(status=PracticeDraft.Status.SUBMITTED).count()
    return [WorkQueue(_("Practice drafts to review"), reverse("practices:review_queue"), waiting)]
