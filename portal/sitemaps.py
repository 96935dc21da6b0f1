"""``/sitemap.xml``: an index of one sitemap per language of ``settings.LANGUAGES``, each listing the
listed pages of that locale (live, public, not aliases: portal.localisation.listed) of every Page
model, with hreflang alternates naming only the live, non-alias translations of each page."""

from collections import defaultdict
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from wagtail.models import Page

from . import localisation


class LocalePageSitemap(Sitemap):
    """The pages of one language. ``items`` are plain dicts so that the alternates of every page are
    fetched in one query for the whole sitemap."""

    limit = 5000

    def __init__(self, language_code):
        self.language_code = language_code

    def _pages(self):
        return localisation.listed(Page.objects.filter(locale__language_code=self.language_code)).exclude(depth=1)

    def items(self):
        pages = list(self._pages().order_by("path"))
        # Wagtail reads the sites' root paths from the cache at every page's address unless given an
        # object to keep them on (a request, or this): one Redis round trip per page, 7,188 for the
        # index at the bench's size.
        roots = SimpleNamespace()
        siblings = defaultdict(list)
        for other in (
            localisation.listed(Page.objects.filter(translation_key__in=[p.translation_key for p in pages]))
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            siblings[other.translation_key].append(other)
        items = []
        for page in pages:
            location = _path(page, roots)
            if location is None:
                continue
            alternates = [
                {"lang_code": other.locale.language_code, "location": path}
                for other in siblings[page.translation_key]
                if (path := _path(other, roots)) is not None
            ]
            items.append({"location": location, "lastmod": page.last_published_at, "alternates": alternates})
        return items

    def get_urls(self, page=1, site=None, protocol=None):
        # Django fills hreflang alternates only for its own i18n sitemaps (the same item under each
        # language prefix); here they are the page's real translations, made absolute the same way.
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["alternates"] = [{**alt, "location": base + alt["location"]} for alt in url["item"]["alternates"]]
        return urls

    def location(self, item):
        return item["location"]

    def lastmod(self, item):
        return item["lastmod"]

    def get_latest_lastmod(self):
        # The index's <lastmod> of this language: one aggregate, not every page's address (Django's
        # default walks ``items()``: 0.6 s for the index at the bench's size).
        return self._pages().aggregate(latest=Max("last_published_at"))["latest"]


def _path(page, roots=None):
    """The path under the site (with its language prefix; Django prefixes protocol and domain), or None
    for a page outside every site, which has no address of its own (the newsletter folders, read in the
    archive: newsletter.models.NewsletterIndexPage)."""
    parts = page.get_url_parts(roots)
    return parts[2] if parts else None


def sitemaps():
    from . import languages

    return {code: LocalePageSitemap(code) for code in languages.codes()}
