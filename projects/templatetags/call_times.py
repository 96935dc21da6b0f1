"""Dates of a call as people read them: in the call's own time zone, with UTC beside it.

``{% call_time call.submission_deadline call %}`` gives "31 January 2027 23:59 Europe/Paris
(31 January 2027 22:59 UTC)" in the active language's format; with ``as name`` it can go into a
blocktranslate. Pages and mails (receipts, reminders, assignment mails) use it for every deadline."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


def in_call_zone(value, call, fmt="DATETIME_FORMAT"):
    """``value`` (an aware datetime) written in ``call``'s zone and in UTC, in the active language."""
    if value is None:
        return ""
    local = date_format(timezone.localtime(value, call.zone), fmt)
    utc = date_format(timezone.localtime(value, datetime.UTC), fmt)
    return _("%(local)s %(zone)s (%(utc)s UTC)") % {"local": local, "zone": call.time_zone, "utc": utc}


@register.simple_tag
def call_time(value, call):
    return in_call_zone(value, call)


@register.simple_tag
def call_date(value, call):
    """The day of ``value`` in the call's zone (for dates announced without an hour)."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value, call.zone), "DATE_FORMAT")
