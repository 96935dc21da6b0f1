"""Who may do what in the practices database. Public pages show published sheets only."""

import rules

from portal.rules import is_friend, is_partner_editor, is_secretariat


@rules.predicate
def is_draft_author(user, draft):
    return draft is not None and user.is_authenticated and draft.author_id == user.pk


# Friends of the 4 per 1000 and partner editors propose sheets and edits; the secretariat too.
can_contribute = is_friend | is_partner_editor | is_secretariat

rules.add_perm("practices.view_list", rules.always_allow)
rules.add_perm("practices.propose", can_contribute)
rules.add_perm("practices.edit_draft", can_contribute & is_draft_author)
rules.add_perm("practices.moderate", is_secretariat)
