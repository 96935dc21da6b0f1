"""Who may do what in the practices database. Public pages show published sheets only."""

import rules

from portal.rules import is_friend, is_partner_editor, is_secretariat

from .models import PracticeDraft


@rules.predicate
def is_draft_author(user, draft):
    return draft is not None and user.is_authenticated and draft.author_id == user.pk


@rules.predicate
def is_published_draft(user, draft):
    """Published drafts are history: the sheet itself is edited through a new draft."""
    return draft is not None and draft.status == PracticeDraft.Status.PUBLISHED


@rules.predicate
def is_submitted_draft(user, draft):
    return draft is not None and draft.status == PracticeDraft.Status.SUBMITTED


@rules.predicate
def is_published_practice(user, practice):
    return practice is not None and practice.published


# Friends of the 4 per 1000 and partner editors propose sheets and edits; the secretariat too.
can_contribute = is_friend | is_partner_editor | is_secretariat

rules.add_perm("practices.view_list", rules.always_allow)
rules.add_perm("practices.view_practice", is_published_practice)
rules.add_perm("practices.propose", can_contribute)
# Any signed-in person opens the proposal page; who may not propose reads there who may, and how.
rules.add_perm("practices.view_propose_page", rules.is_authenticated)
rules.add_perm("practices.edit_draft", can_contribute & is_draft_author & ~is_published_draft)
# The author withdraws a proposal until it is published (even once no longer a contributor).
rules.add_perm("practices.delete_draft", is_draft_author & ~is_published_draft)
rules.add_perm("practices.moderate", is_secretariat)
# The secretariat publishes or returns what was submitted, nothing else.
rules.add_perm("practices.moderate_draft", is_secretariat & is_submitted_draft)
