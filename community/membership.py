"""The memberships community knows (portal/membership.py): a profile's world region makes its owner a
member of that region (its space, its forum categories), whatever the profile shows to others."""

from portal import membership

from .models import Profile


def scopes(user):
    codes = Profile.objects.filter(user=user).values_list("region__code", flat=True)
    return {membership.region(code) for code in codes}
