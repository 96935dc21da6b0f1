"""partners' queues on the desk of /my/ (portal.desk): revisions and applications for the secretariat, the
same counted for a correspondent's regions (they are in copy of those), the sheet editor for a partner editor."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.desk import WorkQueue
from portal.rules import is_correspondent

from .models import MembershipApplication, OrganisationEditor, RegionalCorrespondent, SheetRevision


def _per_region(queryset, field):
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def work_queues(user):
    queues = []
    pending = SheetRevision.objects.filter(status=SheetRevision.Status.PENDING)
    submitted = MembershipApplication.objects.filter(state=MembershipApplication.State.SUBMITTED)
    if user.has_perm("partners.review_revisions"):
        queues.append(WorkQueue(_("Sheet revisions waiting"), reverse("partners:revisions"), pending.count()))
    if user.has_perm("partners.review_applications"):
        queues.append(
            WorkQueue(_("Membership applications waiting"), reverse("partners:applications"), submitted.count())
        )
    if is_correspondent(user):
        regions = [link.region for link in RegionalCorrespondent.objects.filter(user=user).select_related("region")]
        ids = [region.pk for region in regions]
        revisions = _per_region(pending.filter(organisation__region__in=ids), "organisation__region")
        applications = _per_region(submitted.filter(region__in=ids), "region")
        for region in regions:
            # The region space (community) shows these requests to its correspondents.
            url = reverse("community:region", kwargs={"code": region.code})
            queues.append(
                WorkQueue(
                    _("Sheet revisions waiting in %(region)s") % {"region": region}, url, revisions.get(region.pk, 0)
                )
            )
            queues.append(
                WorkQueue(
                    _("Membership applications waiting from %(region)s") % {"region": region},
                    url,
                    applications.get(region.pk, 0),
                )
            )
    if OrganisationEditor.objects.filter(user=user).exists():
        queues.append(WorkQueue(_("Edit my organisation's sheet"), reverse("partners:edit")))
    return queues
