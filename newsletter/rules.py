import rules

from portal.rules import is_authenticated, is_secretariat

from .models import Edition


@rules.predicate
def is_sent_edition(user, edition):
    """Only sent editions are in the public archive; the others are still being prepared or sent."""
    return edition is not None and edition.status == Edition.Status.SENT


rules.add_perm("newsletter.subscribe", rules.always_allow)
# The signed token in the link is the proof, not an account.
rules.add_perm("newsletter.unsubscribe", rules.always_allow)
rules.add_perm("newsletter.manage_own_subscription", is_authenticated)
rules.add_perm("newsletter.view_archive", rules.always_allow)
rules.add_perm("newsletter.view_archived_edition", is_sent_edition)
rules.add_perm("newsletter.view_press_review", rules.always_allow)
# Editions in preparation, their progress, previews and test sends: the secretariat only.
rules.add_perm("newsletter.manage_editions", is_secretariat)
