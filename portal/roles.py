"""The roles of DESIGN.md, held as Django groups.

A visitor has no account; an applicant is any account. Every other role is a group; later issues add
the object links (an editor's organisation, a reviewer's assignments, a correspondent's region).
"""

from django.utils.translation import gettext_lazy as _

SECRETARIAT = "Secretariat"
STC_CHAIR = "STC chair"
STC_REVIEWER = "STC reviewer"
PARTNER_EDITOR = "Partner editor"
FUNDER = "Funder"
CORRESPONDENT = "Regional correspondent"
FRIEND = "Friend"

GROUPS = {
    SECRETARIAT: _("Secretariat"),
    STC_CHAIR: _("STC chair"),
    STC_REVIEWER: _("STC reviewer"),
    PARTNER_EDITOR: _("Partner editor"),
    FUNDER: _("Funder"),
    CORRESPONDENT: _("Regional correspondent"),
    FRIEND: _("Friend of the 4 per 1000"),
}

# Accounts in these groups (and every staff account) must use a second factor (TOTP).
MFA_REQUIRED_GROUPS = (SECRETARIAT, STC_CHAIR, STC_REVIEWER)

# Demo accounts of seed_demo, one per role: (e-mail, group or None for a plain applicant account).
DEMO_ACCOUNTS = [
    ("secretariat@demo.test", SECRETARIAT),
    ("chair@demo.test", STC_CHAIR),
    ("reviewer@demo.test", STC_REVIEWER),
    ("partner@demo.test", PARTNER_EDITOR),
    ("applicant@demo.test", None),
    ("funder@demo.test", FUNDER),
    ("correspondent@demo.test", CORRESPONDENT),
    ("friend@demo.test", FRIEND),
]


def group_names(user):
    """The names of the user's groups, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_group_names = cached
    return cached


def members(name):
    """The active accounts of the group ``name`` (those a mail to "the secretariat" goes to), by pk."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(groups__name=name, is_active=True).distinct().order_by("pk"))
