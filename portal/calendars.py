"""iCalendar (RFC 5545) for events, built with icalendar: one VEVENT per event page, its times in the
event's own time zone (TZID, with the VTIMEZONE it needs), a UID that survives edits and moves, and
the SEQUENCE kept by portal.services.record_event_publication."""

import datetime

import icalendar
from django.utils import timezone

from . import localisation
from .pages import EventPage, EventSequence, EventStatus


def _vevent(page, request, sequences):
    event = icalendar.Event()
    event.add("uid", page.ical_uid())
    event.add("sequence", sequences.get(page.pk, 0))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("last-modified", (page.last_published_at or timezone.now()).astimezone(datetime.UTC))
    event.add("summary", page.title)
    event.add("description", page.summary)
    # Wall-clock time with the event's TZID (icalendar would write zones it finds equivalent to UTC,
    # like Africa/Dakar, as UTC "Z" times: same instant, but the reader's calendar would lose the zone).
    for name, value in (("dtstart", page.local_start), ("dtend", page.local_end)):
        event.add(name, value.replace(tzinfo=None), parameters={"TZID": page.time_zone})
    location = page.venue or (page.online_url if page.status == EventStatus.MOVED_ONLINE else "")
    if location:
        event.add("location", location)
    if page.place:
        event.add("geo", (page.place.y, page.place.x))
    url = page.get_full_url(request)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if page.status == EventStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_for(pages, request=None, name=""):
    """An iCalendar (bytes) with one VEVENT per page of ``pages`` (EventPage instances)."""
    pages = list(pages)
    sequences = dict(EventSequence.objects.filter(page_id__in=[p.pk for p in pages]).values_list("page_id", "sequence"))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//4 per 1000 Initiative//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for page in pages:
        calendar.add_component(_vevent(page, request, sequences))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def published_events(locale, region=None):
    events = localisation.listed(EventPage.objects.filter(locale=locale)).select_related("locale")
    if region is not None:
        events = events.filter(region=region)
    return events.order_by("start", "pk")
