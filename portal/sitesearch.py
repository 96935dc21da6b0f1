"""Site search at ``/<lang>/search/``: one query across the kinds of content the apps register.

Portal is the lowest layer and imports no domain app: each app registers its kind in its AppConfig's
``ready`` (``register("practices", _("Practices"), function)``), where ``function(query, language,
limit)`` returns ``(count, [Result, ...])`` from the app's own public search functions. A kind whose
results depend on who asks registers with ``personal=True`` and is called with ``user=``; a kind with
its own filters registers them (``filters=[Filter(...)]``) and is called with ``filters=`` ({name:
chosen value}, only values among the filter's choices).

CMS pages are portal's own kinds: "pages" (every page type but events) and "events" (EventPage, with
upcoming/past and region filters). Both use Wagtail's search backend (settings.WAGTAILSEARCH_BACKENDS;
on PostgreSQL portal/search_backend.py, which stems the query with the language's configuration),
narrowed to live, non-alias pages of the current locale whose view restrictions the person passes
(``localisation.viewable_by``), then to what each page model's optional ``search_visible(queryset, user)``
classmethod keeps (docs/architecture.md)."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from . import localisation


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    summary: str = ""
    # The result's language code; "" when it is the language of the search.
    language: str = ""
    # A short line under the title (an event's date and region).
    detail: str = ""


@dataclass(frozen=True)
class Filter:
    """A filter of one kind: GET parameter ``name``, ``choices()`` → [(value, label)]; "" means any."""

    name: str
    label: str
    choices: object


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    function: object
    filters: tuple = field(default=())
    personal: bool = False


KINDS = {}


def register(code, label, function, *, filters=(), personal=False):
    KINDS[code] = Kind(code, label, function, tuple(filters), personal)


def chosen_filters(kind, params):
    """{name: value} of ``kind``'s filters set in ``params`` to one of their choices."""
    chosen = {}
    for item in kind.filters:
        value = params.get(item.name, "")
        if value and value in {choice for choice, _label in item.choices()}:  # choices asked only when set
            chosen[item.name] = value
    return chosen


def search(query, language, only=None, limit=20, *, user=None, params=None):
    """[(kind, count, results)] for every registered kind (or the codes in ``only``), in registration
    order. ``params``: the request's GET, read for the kinds' filters."""
    query = (query or "").strip()
    if not query:
        return []
    found = []
    for kind in KINDS.values():
        if only and kind.code not in only:
            continue
        extra = {}
        if kind.personal:
            extra["user"] = user
        if kind.filters:
            extra["filters"] = chosen_filters(kind, params or {})
        count, results = kind.function(query, language, limit, **extra)
        found.append((kind, count, results))
    return found


# --- CMS pages ------------------------------------------------------------------------------------


def _backend_search(queryset, query, language):
    """Wagtail's search of ``queryset``, stemmed as ``language`` where the backend knows languages."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if getattr(backend, "knows_languages", False):
        return backend.search(query, queryset, language=language)
    return queryset.search(query)


# The pages' search is capped: Wagtail ranks the matches and the page lists the best of them.
PAGE_CANDIDATES = 200


def _candidates(queryset, query, language):
    """The pks of ``queryset``'s pages in ``language``'s locale matching ``query``, best first."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    matches = _backend_search(queryset.live().filter(locale=locale), query, language)[:PAGE_CANDIDATES]
    return [page.pk for page in matches]


def _visible_to(pages, user):
    """``pages`` (specific) without those their model's ``search_visible(queryset, user)`` leaves
    out: one query per page model that defines the hook."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    kept = set()
    for model, pks in by_model.items():
        hook = getattr(model, "search_visible", None)
        if hook is None:
            kept.update(pks)
        else:
            kept.update(hook(model.objects.filter(pk__in=pks), user).values_list("pk", flat=True))
    return [page for page in pages if page.pk in kept]


def _in_order(pages, candidates):
    order = {pk: n for n, pk in enumerate(candidates)}
    return sorted(pages, key=lambda page: order[page.pk])


def search_pages(query, language, limit, *, user=None):
    from .pages import EventPage

    candidates = _candidates(Page.objects.not_type(EventPage), query, language)
    pages = _in_order(localisation.viewable_by(Page.objects.filter(pk__in=candidates), user).specific(), candidates)
    pages = _visible_to(pages, user)
    results = [
        Result(page.title, page.get_url(), getattr(page, "summary", "") or page.search_description) for page in pages
    ]
    return len(results), results[:limit]


UPCOMING, PAST = "upcoming", "past"


def _when_choices():
    return [(UPCOMING, _("Upcoming")), (PAST, _("Past"))]


def _region_choices():
    from .models import Region

    return [(region.code, region.label) for region in Region.objects.order_by("code")]


def search_events(query, language, limit, *, user=None, filters=None):
    from django.utils.formats import date_format

    from .pages import EventPage

    filters = filters or {}
    candidates = _candidates(EventPage.objects.all(), query, language)
    events = localisation.viewable_by(EventPage.objects.filter(pk__in=candidates), user).select_related("region")
    now = timezone.now()
    if filters.get("when") == UPCOMING:
        events = events.filter(end__gte=now)
    elif filters.get("when") == PAST:
        events = events.filter(end__lt=now)
    if filters.get("region"):
        events = events.filter(region__code=filters["region"])
    events = _visible_to(_in_order(events, candidates), user)
    results = []
    for event in events[:limit]:
        detail = date_format(event.local_start, "DATE_FORMAT")
        if event.region is not None:
            detail = f"{detail} · {event.region.label}"
        results.append(Result(event.title, event.get_url(), event.summary, detail=detail))
    return len(events), results


register("pages", _("Pages and news"), search_pages, personal=True)
register(
    "events",
    _("Events"),
    search_events,
    personal=True,
    filters=[Filter("when", _("When"), _when_choices), Filter("region", _("Region"), _region_choices)],
)
