"""Who may see and edit partner organisations (django-rules). A denied object answers 404."""

import rules

from portal.rules import is_authenticated, is_secretariat


@rules.predicate
def is_published(user, obj):
    """An organisation or an initiative the secretariat published."""
    return obj is not None and obj.published


@rules.predicate
def is_editor_of(user, organisation):
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.editor_links.filter(user=user).exists()


can_view_organisation = is_published | is_secretariat | is_editor_of

# Public: the directory and its map (with the map's GeoJSON), regions, initiatives and hotspots.
rules.add_perm("partners.view_directory", rules.always_allow)
rules.add_perm("partners.view_region", rules.always_allow)
rules.add_perm("partners.view_initiatives", rules.always_allow)
rules.add_perm("partners.view_initiative", is_published)
rules.add_perm("partners.view_hotspots", rules.always_allow)
rules.add_perm("partners.view_organisation", can_view_organisation)
# Messages go through the portal to published organisations; the sender signs in.
rules.add_perm("partners.contact_organisation", is_authenticated & is_published)
rules.add_perm("partners.edit_organisation", is_editor_of)
rules.add_perm("partners.use_sheet_editor", is_authenticated)
rules.add_perm("partners.apply_for_membership", is_authenticated)
# The secretariat validates sheet revisions and membership applications.
rules.add_perm("partners.review_revisions", is_secretariat)
rules.add_perm("partners.review_applications", is_secretariat)
