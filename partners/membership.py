"""The memberships partners knows (portal/membership.py): an editor of an organisation belongs to its
college and its world region; a regional correspondent to their region."""

from portal import membership


def scopes(user):
    from partners.models import OrganisationEditor, RegionalCorrespondent

    found = set()
    for college, region_code in OrganisationEditor.objects.filter(user=user).values_list(
        "organisation__college", "organisation__region__code"
    ):
        found.add(membership.college(college))
        found.add(membership.region(region_code))
    for region_code in RegionalCorrespondent.objects.filter(user=user).values_list("region__code", flat=True):
        found.add(membership.region(region_code))
        found.add(membership.correspondent(region_code))
    return found
