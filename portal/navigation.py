"""The links of the navigation and the footer: the current language's top-level CMS pages.

Every public page shows them, so they are kept in process memory (per language and host) rather
than queried on each request: cleared when a page is published, unpublished, moved or deleted in
this process, and at most ``TTL`` seconds old for changes made by another process."""

import threading
import time

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import get_language
from wagtail.models import Page

from .pages import LegalPage

TTL = 60

# Top-level pages the navigation and the footer link to, by page type (model name).
LINKED_TYPES = {
    "newsindexpage": "news",
    "eventindexpage": "events",
    "pressreleaseindexpage": "press_releases",
    "presskitpage": "press_kit",
    "aboutpage": "about",
    "contactpage": "contact",
}

_cache = {}
_lock = threading.Lock()
_start = None  # links every language starts from until the next change (see start_from)


def clear(*args, **kwargs):
    """Forget the links (a signal receiver: any arguments)."""
    global _start
    with _lock:
        _cache.clear()
        _start = None


def start_from(links):
    """Answer ``links`` for every language and host until the next page change clears them. The test
    suite starts each test from ``{}`` (its database has no top-level CMS page until a test publishes
    one, which clears this), so a page's query count does not depend on the test's order."""
    global _start
    with _lock:
        _cache.clear()
        _start = dict(links)


def _query(language, request):
    press = Page.objects.filter(
        translation_key=OuterRef("translation_key"), depth=3, slug="press", locale__language_code=settings.LANGUAGE_CODE
    )
    pages = (
        Page.objects.live()
        .filter(locale__language_code=language, depth=3)
        .select_related("content_type")
        .annotate(
            is_press=Exists(press),
            legal_kind=Subquery(LegalPage.objects.filter(pk=OuterRef("pk")).values("kind")[:1]),
        )
        .only("id", "url_path", "path", "depth", "translation_key", "locale_id", "content_type")
        .order_by("path")
    )
    links = {}
    for page in pages:
        name = LINKED_TYPES.get(page.content_type.model) or page.legal_kind
        if name:
            links.setdefault(name, page.get_url(request))
        if page.is_press:
            links["press"] = page.get_url(request)
    links.setdefault("press", links.get("press_releases") or links.get("press_kit") or "")
    return links


def site_links(request=None):
    """{"news": url, "events": url, "press": url, "about": url, "contact": url, "privacy": url,
    "legal": url, "press_releases": url, "press_kit": url} for the active language; "press" is the page
    with the English slug "press" under the home page (its current-language version), else the press
    releases."""
    language = get_language()
    key = (language, request.get_host() if request is not None else "")
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is None and _start is not None:
            return _start
    if hit is not None and hit[0] > now:
        return hit[1]
    links = _query(language, request)
    with _lock:
        _cache[key] = (now + TTL, links)
    return links
