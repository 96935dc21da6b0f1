"""Who may see and do what in the community pages (django-rules). A denied object answers 404."""

import rules

from portal import membership
from portal.rules import is_authenticated, is_secretariat


@rules.predicate
def has_profile(user):
    return user.is_authenticated and hasattr(user, "community_profile")


@rules.predicate
def is_member_of_space(user, space):
    """A college or region space (portal.spaces.Space) the person belongs to, or the secretariat."""
    if space is None:
        return False
    found = membership.scopes(user)
    return space.scope in found or membership.SECRETARIAT in found


@rules.predicate
def is_correspondent_of_region(user, space):
    return space is not None and membership.correspondent(space.code) in membership.scopes(user)


@rules.predicate
def accepts_contact(user, profile):
    return profile is not None and profile.accepts_contact and profile.user_id != user.pk


# Anyone opens the Friends' sign-up (visitors create an account there, members join from it).
rules.add_perm("community.join", rules.always_allow)
rules.add_perm("community.edit_profile", has_profile)
# Profiles and the directory are for signed-in members only.
rules.add_perm("community.view_directory", is_authenticated)
rules.add_perm("community.view_profile", is_authenticated)
rules.add_perm("community.contact_member", is_authenticated & accepts_contact)
# A college space: its members and the secretariat only; a region space: everybody, with its members'
# list for signed-in people and the region's requests for its correspondents and the secretariat.
rules.add_perm("community.view_college_space", is_authenticated & is_member_of_space)
rules.add_perm("community.view_region_space", rules.always_allow)
rules.add_perm("community.view_region_members", is_authenticated)
rules.add_perm("community.view_region_requests", is_authenticated & (is_correspondent_of_region | is_secretariat))
