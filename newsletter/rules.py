import rules

from portal.rules import is_secretariat

rules.add_perm("newsletter.subscribe", rules.always_allow)
rules.add_perm("newsletter.view_archive", rules.always_allow)
rules.add_perm("newsletter.view_press_review", rules.always_allow)
# Editions in preparation, their progress, previews and test sends: the secretariat only.
rules.add_perm("newsletter.manage_editions", is_secretariat)
