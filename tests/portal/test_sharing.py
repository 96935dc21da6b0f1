"""Finding and sharing: RSS and Atom feeds per language, the sitemap index with one sitemap per
language and real hreflang alternates, robots.txt. Drafts, private pages and aliases never appear."""

import datetime

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Locale, PageViewRestriction

from portal.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site(cms_pages):
    locales = {code: Locale.objects.get(language_code=code) for code in ("en", "fr", "es")}
    index_en = NewsIndexPage.objects.get(locale=locales["en"])
    index_fr = NewsIndexPage.objects.get(locale=locales["fr"])

    def news(index, title, slug, publish=True):
        page = index.add_child(
            instance=NewsPage(
                title=title, slug=slug, date=datetime.date.today(), summary=f"About {title}", live=publish
            )
        )
        revision = page.save_revision()
        if publish:
            revision.publish()
        return page

    translated = news(index_en, "Translated story", "translated")
    french = translated.copy_for_translation(locales["fr"]).specific
    french.title = "Histoire traduite"
    french.save_revision().publish()
    aliased = news(index_en, "Aliased story", "aliased")
    aliased.copy_for_translation(locales["fr"], alias=True)
    news(index_fr, "Brouillon secret", "brouillon", publish=False)
    private = news(index_fr, "Réservé aux membres", "reserve")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"translated": translated, "french": french}


ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(body):
    """(feed title, [(entry title, link)]) of an RSS 2.0 or Atom document, as a feed reader reads it."""
    root = ET.fromstring(body)
    if root.tag == f"{ATOM}feed":
        entries = [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href")) for e in root.iter(f"{ATOM}entry")]
        return root.find(f"{ATOM}title").text, entries
    channel = root.find("channel")
    return channel.find("title").text, [(i.find("title").text, i.find("link").text) for i in channel.iter("item")]


HIDDEN_IN_FRENCH = ["Aliased story", "Brouillon secret", "Réservé aux membres"]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_the_french_feed_lists_french_news_only_never_drafts_private_pages_or_aliases(client, site, suffix):
    title, entries = _feed(client.get(f"/fr/feeds/news.{suffix}").content)
    titles = [entry for entry, _link in entries]

    assert "Histoire traduite" in titles
    assert "Réunion régionale à Dakar" in titles
    assert "Translated story" not in titles
    assert not set(HIDDEN_IN_FRENCH) & set(titles)
    assert dict(entries)["Histoire traduite"] == "http://testserver/fr/actualites/translated/"
    assert title == "Actualités de l’Initiative 4 pour 1000"


def test_the_english_feed_is_in_english(client, site):
    _title, entries = _feed(client.get("/en/feeds/news.atom").content)
    titles = [entry for entry, _link in entries]
    assert "Translated story" in titles and "Aliased story" in titles
    assert "Histoire traduite" not in titles


def test_the_sitemap_index_names_one_sitemap_per_language(client, site):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert [loc.text for loc in root.iter(f"{SM}loc")] == [
        "http://testserver/sitemap-en.xml",
        "http://testserver/sitemap-fr.xml",
        "http://testserver/sitemap-es.xml",
    ]
    # Each sitemap's lastmod is the newest publication it lists (one aggregate, not every page's address):
    # drafts, private pages and aliases are not in the sitemap and do not move it.
    from django.db.models import Max
    from wagtail.models import Page

    from portal.localisation import listed

    lastmods = [datetime.datetime.fromisoformat(m.text) for m in root.iter(f"{SM}lastmod")]
    newest = [
        listed(Page.objects.filter(locale__language_code=code)).aggregate(m=Max("last_published_at"))["m"]
        for code in ("en", "fr", "es")
    ]
    assert lastmods == newest


def test_the_sitemap_index_costs_the_same_queries_at_two_sizes(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = NewsIndexPage.objects.get(locale__language_code="en")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    count()  # warm the caches (sites, locales)
    small = count()
    for n in range(10):
        page = index.add_child(
            instance=NewsPage(title=f"More {n}", slug=f"more-{n}", date=datetime.date.today(), summary="More")
        )
        page.save_revision().publish()
    assert count() == small


def test_the_french_sitemap_lists_live_public_translations_with_their_real_alternates(client, site):
    root = ET.fromstring(client.get("/sitemap-fr.xml").content)
    urls = {
        url.find(f"{SM}loc").text: {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in root.iter(f"{SM}url")
    }
    assert urls["http://testserver/fr/actualites/translated/"] == {
        "en": "http://testserver/en/news/translated/",
        "fr": "http://testserver/fr/actualites/translated/",
    }
    assert "http://testserver/fr/" in urls
    body = client.get("/sitemap-fr.xml").content.decode()
    for slug in ("aliased", "brouillon", "reserve"):
        assert f"/{slug}/" not in body
    # The English page of the aliased story is listed in English, with no French alternate.
    english = ET.fromstring(client.get("/sitemap-en.xml").content)
    for url in english.iter(f"{SM}url"):
        if url.find(f"{SM}loc").text.endswith("/aliased/"):
            assert [link.get("hreflang") for link in url.iter(f"{XHTML}link")] == ["en"]
            break
    else:
        raise AssertionError("the English aliased story is missing from the English sitemap")


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client, settings):
    settings.SITE_URL = "https://4p1000.example"
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/cms/", "/django-admin/", "/accounts/", "/my/", "/review/", "/fr/my/", "/es/review/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://4p1000.example/sitemap.xml" in lines


def test_pages_outside_every_site_are_left_out_of_the_sitemaps(client, site):
    """The newsletter folders sit at the root of the tree, outside every site (read in the archive): the
    soak found /sitemap.xml answering 500 once the demo newsletter existed."""
    from wagtail.models import Page

    from newsletter.models import NewsletterIndexPage, NewsletterPage

    folder = Page.get_first_root_node().add_child(instance=NewsletterIndexPage(title="Newsletter", slug="newsletter"))
    folder.add_child(instance=NewsletterPage(title="Autumn 2026", slug="autumn-2026", subject="Autumn 2026"))
    assert folder.get_url_parts() is None

    assert client.get("/sitemap.xml").status_code == 200
    english = client.get("/sitemap-en.xml")
    assert english.status_code == 200
    body = english.content.decode()
    assert "http://testserver/en/news/translated/" in body
    assert "autumn-2026" not in body and "/newsletter/" not in body
