"""The forum's settings (``FORUM_<NAME>`` in Django settings), with their defaults. docs/forum.md explains them."""

from django.conf import settings

DEFAULTS = {
    # Distinct members whose flags hide a post until a moderator looks.
    "FLAGS_TO_HIDE": 3,
    # A new account's first posts wait for a moderator's approval.
    "APPROVE_FIRST_POSTS": 2,
    # An account is "new" until this many of its posts are published: then the limits below stop.
    "NEW_ACCOUNT_POSTS": 10,
    "NEW_MAX_LINKS": 2,
    "NEW_MAX_MENTIONS": 2,
    "NEW_MAX_POSTS_PER_DAY": 10,
    # For everybody.
    "MAX_MENTIONS": 10,
    "ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
    "ATTACHMENTS_PER_POST": 4,
    # A notification is mailed this long after it arrived, unless the person was on the forum since.
    "MAIL_AFTER_MINUTES": 10,
    "TOPICS_PER_PAGE": 30,
    "POSTS_PER_PAGE": 40,
}


def get(name):
    return getattr(settings, f"FORUM_{name}", DEFAULTS[name])
