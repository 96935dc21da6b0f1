"""Site search at ``/<lang>/search/``: one query across the kinds of content the apps register.

Portal is the lowest layer and imports no domain app: each app registers its kind in its AppConfig's
``ready`` (``register("practices", _("Practices"), function)``), where ``function(query, language,
limit)`` returns ``(count, [Result, ...])`` from the app's own public search functions. CMS pages are
portal's own kind: Wagtail's search backend (settings.WAGTAILSEARCH_BACKENDS, the database backend),
narrowed to listed pages of the current locale (live, public, no aliases: portal.localisation)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from . import localisation


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    function: object


KINDS = {}


def register(code, label, function):
    KINDS[code] = Kind(code, label, function)


def search(query, language, only=None, limit=20):
    """[(kind, count, results)] for every registered kind (or only ``only``), in registration order."""
    query = (query or "").strip()
    if not query:
        return []
    found = []
    for kind in KINDS.values():
        if only and kind.code != only:
            continue
        count, results = kind.function(query, language, limit)
        found.append((kind, count, results))
    return found


# The pages' search is capped: Wagtail ranks the matches and the page lists the best of them.
PAGE_CANDIDATES = 200


def search_pages(query, language, limit):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return 0, []
    matches = Page.objects.live().filter(locale=locale).search(query)[:PAGE_CANDIDATES]
    candidates = [page.pk for page in matches]
    order = {pk: n for n, pk in enumerate(candidates)}
    pages = sorted(
        localisation.listed(Page.objects.filter(pk__in=candidates)).specific(),
        key=lambda page: order[page.pk],
    )
    results = [
        Result(page.title, page.get_url(), getattr(page, "summary", "") or page.search_description) for page in pages
    ]
    return len(results), results[:limit]


register("pages", _("Pages and news"), search_pages)
