"""Events: times in the event's own zone and UTC, the index and its filters, schema.org JSON-LD and
the iCalendar files (parsed back with icalendar)."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from wagtail.models import Locale

from portal.demo import seed_pages
from portal.demo_cms import alias
from portal.models import Region
from portal.pages import EventIndexPage, EventKind, EventPage, EventSequence, EventStatus

DAKAR = ZoneInfo("Africa/Dakar")
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def index(cms_pages):
    return EventIndexPage.objects.get(locale__language_code="en")


def _event(index, slug, zone_name, start, hours=2, **extra):
    page = index.add_child(
        instance=EventPage(
            title=extra.pop("title", slug),
            slug=slug,
            summary="A meeting.",
            start=start,
            end=start + datetime.timedelta(hours=hours),
            time_zone=zone_name,
            **extra,
        )
    )
    page.save_revision().publish()
    for code, _name in settings.LANGUAGES:
        if code != "en":
            alias(page, code)  # shown untranslated in the other languages, as the locale sync does
    return EventPage.objects.get(pk=page.pk)


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_event_in_dakar_and_in_paris_show_their_local_time_and_utc(client, index):
    day = datetime.date.today() + datetime.timedelta(days=100)
    _event(index, "dakar", "Africa/Dakar", datetime.datetime.combine(day, datetime.time(9, 0), DAKAR))
    paris = _event(index, "paris", "Europe/Paris", datetime.datetime.combine(day, datetime.time(9, 0), PARIS))
    offset = paris.start.astimezone(PARIS).utcoffset()
    dakar_html = client.get("/fr/evenements/dakar/").content.decode()
    paris_html = client.get("/fr/evenements/paris/").content.decode()
    # Both start at 09:00 on their own clock; Dakar is UTC+0, Paris one or two hours ahead of UTC.
    assert re.search(r'<time datetime="[0-9-]+T09:00:00\+00:00"[^>]*>[^<]*09:00</time>', dakar_html)
    assert re.search(r'<time datetime="[0-9-]+T09:00:00\+0[12]:00"[^>]*>[^<]*09:00</time>', paris_html)
    assert "(Africa/Dakar)" in dakar_html and "(Europe/Paris)" in paris_html
    utc_paris = (datetime.datetime.combine(day, datetime.time(9, 0)) - offset).strftime("%H:%M")
    assert re.search(r"UTC :[^<]*09:00", dakar_html)
    assert re.search(rf"UTC :[^<]*{utc_paris}", paris_html) and utc_paris != "09:00"
    # The visitor's own time is written by static JavaScript (no inline script).
    assert 'src="/static/js/local_time.js"' in paris_html and "data-local-time" in paris_html


def test_event_page_has_schema_org_json_ld_that_cannot_break_out(client, index):
    start = datetime.datetime(2031, 3, 4, 10, 0, tzinfo=DAKAR)
    _event(
        index,
        "ld",
        "Africa/Dakar",
        start,
        title="Soils </script><b>x</b>",
        venue="Dakar",
        online_url="https://meet.example.org/x",
    )
    html = client.get("/en/events/ld/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in block and "<b>" not in block
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == "Soils </script><b>x</b>"
    assert data["startDate"] == "2031-03-04T10:00:00+00:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_index_lists_upcoming_and_past_events_and_filters_them(client, index):
    now = datetime.datetime.now(tz=PARIS)
    africa = Region.objects.get(code="sub-saharan-africa")
    _event(
        index,
        "future-webinar",
        "Europe/Paris",
        now + datetime.timedelta(days=3),
        title="Future webinar",
        kind=EventKind.WEBINAR,
        language="en",
    )
    _event(
        index,
        "old-forum",
        "Africa/Dakar",
        now - datetime.timedelta(days=300),
        title="Old forum",
        kind=EventKind.REGIONAL_FORUM,
        region=africa,
        language="fr",
    )
    html = client.get("/en/events/").content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Future webinar" in upcoming and "Old forum" not in upcoming
    assert "Old forum" in past
    webinars = client.get("/en/events/?kind=webinar").content.decode()
    assert "Future webinar" in webinars and "Old forum" not in webinars and "Regional forum for Africa" not in webinars
    african = client.get("/en/events/?region=sub-saharan-africa").content.decode()
    assert "Old forum" in african and "Future webinar" not in african
    french = client.get("/en/events/?language=fr").content.decode()
    assert "Old forum" in french and "Future webinar" not in french
    assert "Future webinar" in client.get("/en/events/?kind=nonsense").content.decode()


def test_ics_of_an_event_has_the_same_instants_its_time_zone_and_a_stable_uid(client, index):
    start = datetime.datetime(2031, 5, 6, 9, 30, tzinfo=DAKAR)
    page = _event(index, "ics", "Africa/Dakar", start, hours=8, title="Forum in Dakar", venue="Dakar")
    calendar = _calendar(client, f"/en/feeds/event/{page.pk}.ics")
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == start and event.decoded("dtend") == start + datetime.timedelta(hours=8)
    assert event["dtstart"].params["TZID"] == "Africa/Dakar"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Dakar"]
    assert str(event["summary"]) == "Forum in Dakar" and event["sequence"] == 0
    uid = str(event["uid"])

    # An edit that changes nothing a calendar shows keeps the sequence; moving the event raises it.
    page.body = [{"type": "paragraph", "value": "<p>More about the programme.</p>"}]
    page.save_revision().publish()
    (event,) = _calendar(client, f"/en/feeds/event/{page.pk}.ics").walk("VEVENT")
    assert str(event["uid"]) == uid and event["sequence"] == 0
    page = EventPage.objects.get(pk=page.pk)
    page.start = start + datetime.timedelta(days=1)
    page.end = page.start + datetime.timedelta(hours=8)
    page.slug = "ics-moved"
    page.save_revision().publish()
    page = EventPage.objects.get(pk=page.pk)
    page.status = EventStatus.CANCELLED
    page.save_revision().publish()
    (event,) = _calendar(client, f"/en/feeds/event/{page.pk}.ics").walk("VEVENT")
    assert str(event["uid"]) == uid and event["sequence"] == 2
    assert event.decoded("dtstart") == start + datetime.timedelta(days=1)
    assert str(event["status"]) == "CANCELLED"
    assert EventSequence.objects.get(page_id=page.pk).sequence == 2


def test_draft_event_has_no_ics(client, index):
    page = index.add_child(
        instance=EventPage(
            title="Draft",
            slug="draft",
            summary="-",
            start=datetime.datetime(2031, 1, 1, tzinfo=PARIS),
            end=datetime.datetime(2031, 1, 2, tzinfo=PARIS),
            time_zone="Europe/Paris",
            live=False,
        )
    )
    assert client.get(f"/en/feeds/event/{page.pk}.ics").status_code == 404
    assert "Draft" not in client.get("/en/feeds/events.ics").content.decode()


def test_calendar_feeds_for_all_and_per_region_in_the_current_language(client, index):
    everything = _calendar(client, "/es/feeds/events.ics")
    titles = {str(e["summary"]) for e in everything.walk("VEVENT")}
    assert {"Foro regional para África en Dakar", "Seminario web: medir el carbono del suelo"} <= titles
    assert {tz["TZID"] for tz in everything.walk("VTIMEZONE")} >= {"Africa/Dakar", "Europe/Paris"}
    africa = _calendar(client, "/es/feeds/events/sub-saharan-africa.ics")
    assert {str(e["summary"]) for e in africa.walk("VEVENT")} == {"Foro regional para África en Dakar"}
    forum = EventPage.objects.get(slug="foro-regional-dakar", locale=Locale.objects.get(language_code="es"))
    (event,) = africa.walk("VEVENT")
    assert event.decoded("dtstart") == forum.start and event["dtstart"].params["TZID"] == "Africa/Dakar"
    # The same event in English is another language's entry with its own stable UID.
    english = _calendar(client, "/en/feeds/events/sub-saharan-africa.ics").walk("VEVENT")[0]
    assert str(english["uid"]) != str(event["uid"]) and str(forum.translation_key) in str(event["uid"])
    assert client.get("/en/feeds/events/atlantis.ics").status_code == 404


def test_time_zone_must_be_an_iana_zone(index):
    from django.core.exceptions import ValidationError

    page = EventPage(
        title="x",
        slug="x",
        summary="x",
        time_zone="Mars/Olympus",
        start=datetime.datetime(2031, 1, 1, tzinfo=PARIS),
        end=datetime.datetime(2031, 1, 1, tzinfo=PARIS),
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "content_type", "translation_key", "locale"])
    assert "time_zone" in error.value.message_dict


@pytest.mark.parametrize("scale", [1, 5])
def test_events_index_queries_do_not_grow_with_events(client, db, scale, django_assert_num_queries):
    seed_pages(scale, None)
    client.get("/fr/evenements/")
    with django_assert_num_queries(13):
        html = client.get("/fr/evenements/").content.decode()
    assert html.count('<li class="card">') == 3 + (scale - 1)


def test_admin_form_shows_and_reads_times_in_the_events_zone(index):
    """An editor in Paris edits a Dakar event: the form shows 09:00 (Dakar's clock), and 10:00 typed
    in the form (read by Django in the editor's zone) is stored as 10:00 in Dakar."""
    from django.utils import timezone

    from portal.pages import wall_clock_in_zone
    from tests.factories import UserFactory

    start = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=DAKAR)
    page = _event(index, "form", "Africa/Dakar", start)
    form_class = EventPage.get_edit_handler().get_form_class()
    with timezone.override(PARIS):
        form = form_class(instance=page, for_user=UserFactory(is_superuser=True), parent_page=index)
        assert form.initial["start"] == datetime.datetime(2031, 1, 15, 9, 0)
        typed = timezone.make_aware(datetime.datetime(2031, 1, 15, 10, 0))  # as Django's field reads it
        stored = wall_clock_in_zone(typed, "Africa/Dakar")
    assert stored == datetime.datetime(2031, 1, 15, 10, 0, tzinfo=DAKAR)
    assert stored.astimezone(PARIS).hour == 11
