"""Permission predicates of the portal shell (django-rules). Domain apps combine these in their own
rules.py. A view that denies an object answers 404 so that its existence does not leak."""

import rules

from . import roles


def _in_group(name):
    @rules.predicate(name=f"in_group:{name}")
    def predicate(user):
        return user.is_authenticated and (user.is_superuser or name in roles.group_names(user))

    return predicate


is_authenticated = rules.is_authenticated
is_secretariat = _in_group(roles.SECRETARIAT)
is_stc_chair = _in_group(roles.STC_CHAIR)
is_stc_reviewer = _in_group(roles.STC_REVIEWER)
is_partner_editor = _in_group(roles.PARTNER_EDITOR)
is_funder = _in_group(roles.FUNDER)
is_correspondent = _in_group(roles.CORRESPONDENT)
is_friend = _in_group(roles.FRIEND)
is_stc = is_stc_chair | is_stc_reviewer


@rules.predicate
def must_use_mfa(user):
    """Staff and STC accounts must have a second factor before they reach anything else."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(roles.group_names(user) & set(roles.MFA_REQUIRED_GROUPS))


rules.add_perm("portal.view_dashboard", is_authenticated)
# Personal data (portal.privacy): everyone signed in downloads their own and may erase their account.
# A superuser passes every rule (Django), so the erasure view and service refuse them themselves: take
# the role away first, the last administrator must not vanish by a click.
rules.add_perm("portal.export_own_data", is_authenticated)
rules.add_perm("portal.erase_own_account", is_authenticated)
# The secretariat erases an account on request (Django admin action on accounts).
rules.add_perm("portal.erase_account", is_secretariat)
rules.add_perm("portal.view_health", rules.always_allow)
rules.add_perm("portal.view_api", rules.always_allow)  # the public read API (/api/v1/)
# What every visitor may see: CMS pages, feeds, sitemap, robots.txt, site search.
rules.add_perm("portal.view_site", rules.always_allow)
# Public CMS views outside Wagtail's catch-all: the events calendars (.ics) and the contact form.
rules.add_perm("portal.view_event_calendar", rules.always_allow)
rules.add_perm("portal.send_contact_message", rules.always_allow)
