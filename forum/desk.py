"""forum's queues on the desk of /my/ (portal.desk): posts for moderators, unread notifications."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue

from . import access, queries


def work_queues(user):
    found = []
    if access.is_moderator_anywhere(user):
        pending, flagged = queries.moderation_counts(user)
        url = reverse("forum:moderation_queue")
        found += [
            WorkQueue(_("Forum posts waiting for approval"), url, pending),
            WorkQueue(_("Flagged forum posts"), url, flagged),
        ]
    unread = queries.unread_count(user)
    if unread:
        found.append(WorkQueue(_("Unread forum notifications"), reverse("forum:notifications"), unread))
    return found
