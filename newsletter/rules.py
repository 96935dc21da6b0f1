import rules

from portal import membership
from portal.rules import is_authenticated, is_secretariat

from .models import Edition


@rules.predicate
def is_sent_edition(user, edition):
    """Only sent editions are in the public archive; the others are still being prepared or sent."""
    return edition is not None and edition.status == Edition.Status.SENT


@rules.predicate
def is_a_regional_correspondent(user):
    """A correspondent of at least one world region (partners' RegionalCorrespondent, through the
    membership scopes: newsletter does not import partners)."""
    return any(scope.startswith("correspondent:") for scope in membership.scopes(user))


@rules.predicate
def is_correspondent_of_region(user, region):
    return region is not None and membership.correspondent(region.code) in membership.scopes(user)


def correspondent_region_codes(user):
    """The codes of the world regions ``user`` is a correspondent of."""
    prefix = "correspondent:"
    return sorted(scope.removeprefix(prefix) for scope in membership.scopes(user) if scope.startswith(prefix))


rules.add_perm("newsletter.subscribe", rules.always_allow)
# The signed token in the link is the proof, not an account.
rules.add_perm("newsletter.unsubscribe", rules.always_allow)
rules.add_perm("newsletter.manage_own_subscription", is_authenticated)
rules.add_perm("newsletter.view_archive", rules.always_allow)
rules.add_perm("newsletter.view_archived_edition", is_sent_edition)
rules.add_perm("newsletter.view_press_review", rules.always_allow)
# The weekly issues of the press review are public pages (newsletter.press.week_items).
rules.add_perm("newsletter.view_press_week", rules.always_allow)
# Adding an article: the secretariat, for any region or none; a regional correspondent, for their region.
rules.add_perm("newsletter.add_press_item", is_secretariat | is_a_regional_correspondent)
rules.add_perm("newsletter.add_press_item_for_region", is_secretariat | is_correspondent_of_region)
# Journalists' names, addresses and notes: the secretariat only (a 404 for everyone else).
rules.add_perm("newsletter.manage_media_contacts", is_secretariat)
# Editions in preparation, their progress, previews and test sends: the secretariat only.
rules.add_perm("newsletter.manage_editions", is_secretariat)
