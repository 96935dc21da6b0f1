"""Who may see and edit partner organisations (django-rules). A denied object answers 404."""

import rules

from portal.rules import is_authenticated, is_secretariat


@rules.predicate
def is_published(user, organisation):
    return organisation is not None and organisation.published


@rules.predicate
def is_editor_of(user, organisation):
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.editor_links.filter(user=user).exists()


can_view_organisation = is_published | is_secretariat | is_editor_of

rules.add_perm("partners.view_organisation", can_view_organisation)
rules.add_perm("partners.edit_organisation", is_editor_of)
rules.add_perm("partners.use_sheet_editor", is_authenticated)
rules.add_perm("partners.review_revisions", is_secretariat)
