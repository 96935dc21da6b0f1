"""Who may do what in the knowledge bank (django-rules). Reading a page: knowledge.access (its scope)."""

import rules

from portal import roles
from portal.rules import is_secretariat

from . import access


@rules.predicate
def is_knowledge_member(user):
    return user.is_authenticated and access.KNOWLEDGE_MEMBERS in roles.group_names(user)


@rules.predicate
def can_read_page(user, page):
    return page is not None and access.can_read(user, page)


# The history of a page (its revisions, who made them, links to Wagtail's compare view): for the people who
# write the bank and the secretariat, on the pages they may read.
rules.add_perm("knowledge.view_history", (is_knowledge_member | is_secretariat) & can_read_page)
