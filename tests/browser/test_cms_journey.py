"""CMS pages in a browser: body images never make a phone page scroll sideways; an event created in
Dakar's time zone shows the right local time to a visitor in Paris, and its .ics imports with the
same instants."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import axe_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/cms-screenshots")


def _widths(page):
    return page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            images: [...document.querySelectorAll('main img')].map(i => Math.ceil(i.getBoundingClientRect().width)),
            loaded: [...document.querySelectorAll('main img')].map(i => i.naturalWidth),
        })"""
    )


def test_images_fit_a_360_px_phone(phone_page):
    from portal.demo import seed_pages
    from portal.demo_cms import demo_image
    from portal.models import HomePage, NewsPage, StandardPage

    seed_pages(1, None)
    home = HomePage.objects.get(locale__language_code="en")
    standard = home.add_child(
        instance=StandardPage(
            title="Soils in pictures",
            slug="pictures",
            body=[
                {
                    "type": "image",
                    "value": {
                        "image": demo_image().pk,
                        "caption": "Millet and cowpea",
                        "credit": "Demo",
                        "alt": "A green field",
                    },
                },
                {"type": "quote", "value": {"quote": "Keep the soil covered.", "author": "A farmer", "role": ""}},
            ],
        )
    )
    standard.save_revision().publish()
    page = phone_page
    SHOTS.mkdir(exist_ok=True)
    for path in (NewsPage.objects.get(slug="couverts-sahel").url, "/en/pictures/"):
        page.goto(page.base + path)
        loaded = "() => [...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth)"
        wait_until(page, loaded, timeout=45)
        sizes = _widths(page)
        assert sizes["images"], path
        assert sizes["page"] <= 360, (path, sizes)
        assert all(width <= 360 for width in sizes["images"]), (path, sizes)
        # The browser picked a small rendition from the srcset, not the 1600 px original.
        assert all(width <= 1200 for width in sizes["loaded"]), (path, sizes)
        page.screenshot(path=str(SHOTS / (path.strip("/").replace("/", "_") + ".png")), full_page=True)
        assert axe_violations(page) == [], path


def test_paris_visitor_sees_a_dakar_event_in_both_zones_and_imports_its_ics(chromium, live_server, tmp_path):
    from portal.demo import seed_pages
    from portal.pages import EventIndexPage, EventPage

    seed_pages(1, None)
    dakar = ZoneInfo("Africa/Dakar")
    start = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=dakar)
    index = EventIndexPage.objects.get(locale__language_code="en")
    event = index.add_child(
        instance=EventPage(
            title="Sahel soils workshop",
            slug="sahel-workshop",
            summary="In Dakar.",
            start=start,
            end=start + datetime.timedelta(hours=3),
            time_zone="Africa/Dakar",
            venue="Dakar",
        )
    )
    event.save_revision().publish()
    context = chromium.new_context(
        viewport={"width": 1024, "height": 800}, timezone_id="Europe/Paris", locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/en/events/")
    page.get_by_role("link", name="Sahel soils workshop").click()
    page.wait_for_url(re.compile(r"/en/events/sahel-workshop/"))
    when = page.locator(".when").inner_text()
    assert "9 a.m." in when and "Africa/Dakar" in when
    assert "9 a.m." in page.locator(".when-utc").inner_text()
    local = page.locator(".when-local")
    local.wait_for(state="visible")
    # Paris is one hour ahead of Dakar in January: the visitor's own clock says 10:00.
    assert "10:00" in local.inner_text() and "Europe/Paris" in local.inner_text()
    page.screenshot(path=str(SHOTS / "event-dakar-seen-from-paris.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    target = tmp_path / "event.ics"
    download.value.save_as(target)
    (vevent,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert vevent.decoded("dtstart") == start
    assert vevent.decoded("dtstart").astimezone(ZoneInfo("Europe/Paris")).hour == 10
    assert vevent["dtstart"].params["TZID"] == "Africa/Dakar"
    context.close()
