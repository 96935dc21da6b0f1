"""community's links on the desk of /my/ (portal.desk): the person's profile (or adding one, for a Friend
without), and the spaces of the colleges they belong to (as partners.membership counts them). One query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.choices import College
from portal.desk import WorkQueue
from portal.models import User
from portal.rules import is_friend


def work_queues(user):
    fields = ("community_profile__id", "organisation_links__organisation__college")
    rows = list(User.objects.filter(pk=user.pk).values_list(*fields))
    queues = []
    if any(profile for profile, _college in rows):
        queues.append(WorkQueue(_("My member profile"), reverse("community:profile", kwargs={"pk": user.pk})))
    elif is_friend(user):
        queues.append(WorkQueue(_("Add my member profile"), reverse("community:join")))
    colleges = {college for _profile, college in rows if college}
    for code, label in College.choices:
        if code in colleges:
            url = reverse("community:college", kwargs={"code": code})
            queues.append(WorkQueue(_("College space: %(college)s") % {"college": label}, url))
    return queues
