"""RSS and Atom feeds of press releases and events, per language (/<lang>/feeds/press.rss|.atom,
/<lang>/feeds/events.rss|.atom), read as a feed reader reads them: only listed pages (a draft, a
private page and an alias planted never appear), events by their start and dated by it, and each
feed linked from the <head> of its index page."""

import datetime
import re

import pytest
from defusedxml import ElementTree as ET
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from portal.pages import EventIndexPage, EventPage, PressReleaseIndexPage, PressReleasePage

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(body):
    """(feed title, [(entry title, link, date text)]) of an RSS 2.0 or Atom document."""
    root = ET.fromstring(body)
    if root.tag == f"{ATOM}feed":
        entries = [
            (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"), e.find(f"{ATOM}published").text)
            for e in root.iter(f"{ATOM}entry")
        ]
        return root.find(f"{ATOM}title").text, entries
    channel = root.find("channel")
    items = [(i.find("title").text, i.find("link").text, i.find("pubDate").text) for i in channel.iter("item")]
    return channel.find("title").text, items


def _publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def site(cms_pages):
    fr = Locale.objects.get(language_code="fr")
    releases_en = PressReleaseIndexPage.objects.get(locale__language_code="en")
    releases_fr = PressReleaseIndexPage.objects.get(locale=fr)
    events_en = EventIndexPage.objects.get(locale__language_code="en")
    events_fr = EventIndexPage.objects.get(locale=fr)

    def release(index, title, slug, *, live=True):
        page = index.add_child(
            instance=PressReleasePage(title=title, slug=slug, date=datetime.date(2026, 11, 3), summary=title, live=live)
        )
        return _publish(page) if live else page

    def event(index, title, slug, *, days, live=True):
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
        page = index.add_child(
            instance=EventPage(
                title=title,
                slug=slug,
                summary=title,
                start=start,
                end=start + datetime.timedelta(hours=2),
                time_zone="UTC",
                live=live,
            )
        )
        return _publish(page) if live else page

    release(releases_fr, "Communiqué brouillon secret", "brouillon", live=False)
    private = release(releases_fr, "Communiqué réservé", "reserve")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    release(releases_en, "Aliased release", "aliased-release").copy_for_translation(fr, alias=True)

    event(events_fr, "Événement brouillon secret", "brouillon", days=3, live=False)
    hidden = event(events_fr, "Événement réservé", "reserve", days=4)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    event(events_en, "Aliased event", "aliased-event", days=5).copy_for_translation(fr, alias=True)
    soon = event(events_fr, "Atelier dans deux jours", "atelier", days=2)
    return {"soon": soon}


HIDDEN = [
    "Communiqué brouillon secret",
    "Communiqué réservé",
    "Aliased release",
    "Événement brouillon secret",
    "Événement réservé",
    "Aliased event",
]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_the_french_press_feed_lists_listed_releases_only(client, site, suffix):
    response = client.get(f"/fr/feeds/press.{suffix}")
    assert response["Content-Type"].startswith("application/rss+xml" if suffix == "rss" else "application/atom+xml")
    title, entries = _feed(response.content)
    titles = [entry[0] for entry in entries]
    assert title == "Communiqués de presse de l’Initiative 4 pour 1000"
    assert titles == ["L'Initiative à la conférence sur le climat"]
    assert not set(HIDDEN) & set(titles)
    assert entries[0][1] == "http://testserver/fr/communiques/declaration-cop/"


def test_the_english_press_feed_is_in_english(client, site):
    _title, entries = _feed(client.get("/en/feeds/press.rss").content)
    titles = [entry[0] for entry in entries]
    assert "The Initiative at the climate conference" in titles and "Aliased release" in titles
    assert "L'Initiative à la conférence sur le climat" not in titles


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_the_french_events_feed_lists_listed_events_by_start_dated_by_start(client, site, suffix):
    title, entries = _feed(client.get(f"/fr/feeds/events.{suffix}").content)
    titles = [entry[0] for entry in entries]
    assert title == "Événements de l’Initiative 4 pour 1000"
    assert "Forum régional pour l'Afrique à Dakar" in titles and "Atelier dans deux jours" in titles
    assert not set(HIDDEN) & set(titles)
    assert "Regional forum for Africa in Dakar" not in titles
    # The latest start first: the forum (in 30 days) before the workshop (in 2 days), the past meeting last.
    assert titles.index("Forum régional pour l'Afrique à Dakar") < titles.index("Atelier dans deux jours")
    assert titles[-1] == "Réunion du Consortium à Lima"
    [(_t, _link, date)] = [entry for entry in entries if entry[0] == "Atelier dans deux jours"]
    start = site["soon"].start
    if suffix == "atom":
        assert datetime.datetime.fromisoformat(date) == start
    else:
        assert date == start.strftime("%a, %d %b %Y %H:%M:%S +0000")


@pytest.mark.parametrize(
    "path, rss, atom",
    [
        ("/fr/communiques/", "/fr/feeds/press.rss", "/fr/feeds/press.atom"),
        ("/es/eventos/", "/es/feeds/events.rss", "/es/feeds/events.atom"),
        ("/en/news/", "/en/feeds/news.rss", "/en/feeds/news.atom"),
    ],
)
def test_the_index_pages_name_their_feeds_in_the_head(client, site, path, rss, atom):
    page = client.get(path).content.decode()
    head = page.split("</head>")[0]
    assert re.search(rf'<link rel="alternate" type="application/rss\+xml" title="[^"]+ \(RSS\)" href="{rss}">', head)
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+ \(Atom\)" href="{atom}">', head)
