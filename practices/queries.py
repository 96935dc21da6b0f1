"""Reusable querysets and the faceted search of the practices page and API."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q
from django.utils.functional import cached_property
from django_countries import countries as all_countries
from wagtail.images.models import Rendition

from partners.models import Initiative, Organisation
from partners.queries import name_in_language
from portal.models import Region

from . import cache, search
from .models import Category, ClimateZone, Evidence, LandUse, Measurement, Photo, Practice, SoilGroup, Synonym

# Sequestration-rate ranges (t C/ha/yr) offered as a facet.
RATE_RANGES = {
    "lt05": (None, Decimal("0.5")),
    "05-1": (Decimal("0.5"), Decimal("1")),
    "1-2": (Decimal("1"), Decimal("2")),
    "gt2": (Decimal("2"), None),
}
# The rendition every sheet page shows (resized and re-encoded; the original is never sent).
PHOTO_SPEC = "fill-640x400-c100|format-webp"
SORTS = {"name": "name", "new": "-published_at", "rate": "-max_rate", "relevance": "-rank"}
FACETS = {
    "category": ("category", Category),
    "climate": ("climate_zones", ClimateZone),
    "soil": ("soil_groups", SoilGroup),
    "landuse": ("land_uses", LandUse),
    "region": ("regions", Region),
}


def public():
    """What anybody may see: published sheets only."""
    return Practice.objects.filter(published=True)


def used_by_initiative(initiative):
    """The published practices that ``initiative`` uses, by name (the initiative page lists them)."""
    return public().filter(initiatives=initiative).order_by("name")


def for_list(queryset):
    return queryset.select_related("category")


def for_detail(queryset):
    return queryset.select_related("category").prefetch_related(
        "climate_zones",
        "soil_groups",
        "soil_classes",
        "land_uses",
        "regions",
        "themes",
        Prefetch("organisations", queryset=Organisation.objects.filter(published=True).order_by(name_in_language())),
        Prefetch("initiatives", queryset=Initiative.objects.filter(published=True).order_by("title")),
        "steps",
        "references",
        Prefetch("measurements", queryset=Measurement.objects.select_related("climate_zone", "soil_group")),
        "versions",
        Prefetch(
            "photos",
            queryset=Photo.objects.select_related("image").prefetch_related(
                Prefetch(
                    "image__renditions",
                    queryset=Rendition.objects.filter(filter_spec=PHOTO_SPEC),
                    to_attr="prefetched_renditions",  # where Image.get_rendition() looks first
                )
            ),
        ),
    )


# GET parameters that do not change which sheets are counted.
NOT_FILTERS = {"page", "page_size", "sort"}


def filter_parts(params, language):
    """The filter set of ``params`` as a hashable value (the cache key of its counts)."""
    parts = sorted((key, tuple(sorted(params.getlist(key)))) for key in params if key not in NOT_FILTERS)
    return (language, tuple(parts))


# The facets a sheet is counted in; within one, the options ticked combine with OR.
FACET_KEYS = (*FACETS, "country", "evidence", "rate")


def selected_facets(params):
    """The facets of ``params`` with at least one option chosen."""
    return [key for key in FACET_KEYS if any(params.getlist(key))]


def matching(params, language, *, skip=None, text_first=False):
    """Published practices matching the GET parameters, in no particular order: options of one facet
    combine with OR, facets with AND. ``skip`` leaves one facet's filter out (its options' counts are
    those of the other facets' filters). The stored search vectors are not read (deferred).
    ``text_first``: the text's matches are read first, from the indexes (``search.search``'s
    ``first_from``), for a query known to have few."""
    queryset = public().defer("search_text", *(search.field_name(code) for code in search.languages()))
    for key, (field, _model) in FACETS.items():
        codes = [c for c in params.getlist(key) if c]
        if codes and key != skip:
            queryset = queryset.filter(_having(field, codes))
    countries = sorted({c.upper()[:2] for c in params.getlist("country") if c})
    if countries and skip != "country":
        condition = Q()
        for code in countries:
            condition |= Q(countries__contains=code)
        queryset = queryset.filter(condition)
    evidence = [value for value in params.getlist("evidence") if value in Evidence.values]
    if evidence and skip != "evidence":
        queryset = queryset.filter(evidence__in=evidence)
    rates = [key for key in params.getlist("rate") if key in RATE_RANGES]
    if rates and skip != "rate":
        condition = Q()
        for key in rates:
            low, high = RATE_RANGES[key]
            bounds = Q(max_rate__isnull=False)
            if low is not None:
                bounds &= Q(max_rate__gte=low)
            if high is not None:
                bounds &= Q(max_rate__lt=high)
            condition |= bounds
        queryset = queryset.filter(condition)
    text = params.get("q", "")
    first_from = public() if text_first else None
    return search.search(queryset, text, language, alternatives(text), first_from=first_from)


def _having(field, codes):
    """Sheets with one of ``codes`` in ``field``. A many-to-many link is a semi-join (``IN`` a
    subquery of its table): a join would repeat a sheet per matching term, and the ``DISTINCT`` that
    undid it sorted every matching row, made PostgreSQL start from the facet's sheets (6,271 for one
    climate zone) and read each one's search vectors instead of the text index's 97 matches."""
    relation = Practice._meta.get_field(field)
    if not relation.many_to_many:
        return Q(**{f"{field}__code__in": codes})
    links = relation.remote_field.through.objects.filter(**{f"{relation.m2m_reverse_field_name()}__code__in": codes})
    return Q(pk__in=links.values(relation.m2m_field_name()))


def synonym_groups():
    """Every synonym group as a list of (language, term), cached until a synonym changes."""

    def load():
        groups = {}
        for group_id, language, term in Synonym.objects.values_list("group_id", "language", "term"):
            groups.setdefault(group_id, []).append((language, term))
        return list(groups.values())

    return cache.remember("synonyms", (), load)


def alternatives(text):
    """The query and its synonyms (search.expand), or None for an empty query."""
    return search.expand(text, synonym_groups()) if (text or "").strip() else None


def filtered(params, language):
    """Published practices matching the GET parameters (the same for the page and the API), in the
    order asked for. Only the order by relevance reads the stored vectors, for the matching rows."""
    text = params.get("q", "")
    sort = params.get("sort") or ("relevance" if text else "name")
    if sort == "relevance" and not text:
        sort = "name"
    order = SORTS.get(sort, "name")
    queryset = None
    if order == "-rank":
        # The count (cached) decides; the queryset it would count is built only when it is not cached.
        if (
            connection.vendor == "postgresql"
            and count(lambda: matching(params, language), params, language) <= search.RANK_LIMIT
        ):
            # Few matches and a facet chosen: read the matches from the text indexes first
            # (search.search's ``first_from``). Without a facet the planner starts from the text
            # indexes anyway, and the subquery costs Python time (every clone of the queryset copies it).
            queryset = matching(params, language, text_first=bool(selected_facets(params)))
            queryset = search.ranked(queryset, text, language, alternatives(text))
        else:  # see search.RANK_LIMIT; the embedded default does not rank
            order = "name"
    if queryset is None:
        queryset = matching(params, language)
    if order == "-max_rate":
        return queryset.order_by(F("max_rate").desc(nulls_last=True), "name", "pk"), sort
    return queryset.order_by(order, "name", "pk"), sort


class CountedPaginator(Paginator):
    """A paginator told its count (read from the cache) instead of counting the rows itself."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def count(queryset, params, language):
    """The number of sheets of this filter set, cached until a sheet changes. ``queryset``: the
    sheets, or a function that makes them (called only when the count is not cached)."""

    def compute():
        sheets = queryset() if callable(queryset) else queryset
        with search.index_scans():
            return sheets.order_by().count()

    return cache.remember("count", filter_parts(params, language), compute)


def paginator(queryset, params, language, per_page):
    return CountedPaginator(queryset, per_page, count(queryset, params, language))


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _branch(label, code, table, ids, join, group, where=""):
    """One facet's part of the counting query. Every name comes from the models' metadata or from
    constants of this module, never from a request; the request's values stay bound parameters."""
    sql = "SELECT '{label}', {code}, COUNT(*) FROM {table} JOIN {ids} ON {join} {where} GROUP BY {group}"
    return sql.format(label=label, code=code, table=table, ids=ids, join=join, where=where, group=group)  # noqa: S608


def _count_rows(queryset, others=None):
    """Per facet, {code: number of sheets}, and the total, in one query. ``queryset`` gives the
    matching ids (read once: a materialised CTE) and the total; ``others`` maps a facet that has a
    choice to the ids matching every filter but its own, which count that facet's options (so that
    ticking an option leaves the others visible with what they would add)."""
    others = others or {}
    ctes, params = [], []
    for name, source in (("ids", queryset), *((f"ids_{key}", qs) for key, qs in others.items())):
        sql, sql_params = source.order_by().values("pk").query.sql_with_params()
        materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        ctes.append(f"{name}(id) AS {materialised}({sql})")
        params.extend(sql_params)

    def ids(key):
        return f"ids_{key}" if key in others else "ids"

    practice = f"{_table(Practice)} p"

    def on(key):
        return f"p.{_column(Practice, 'id')} = {ids(key)}.id"

    branches = ["SELECT 'total', '', COUNT(*) FROM ids"]
    for key, (field, model) in FACETS.items():
        relation = Practice._meta.get_field(field)
        if relation.many_to_many:
            source = connection.ops.quote_name(relation.m2m_column_name())
            target = connection.ops.quote_name(relation.m2m_reverse_name())
            table = f"{_table(relation.remote_field.through)} t JOIN {_table(model)} v ON v.id = t.{target}"
            branches.append(_branch(key, "v.code", table, ids(key), f"t.{source} = {ids(key)}.id", "v.code"))
        else:
            table = f"{practice} JOIN {_table(model)} v ON v.id = p.{_column(Practice, field)}"
            branches.append(_branch(key, "v.code", table, ids(key), on(key), "v.code"))
    evidence = f"p.{_column(Practice, 'evidence')}"
    branches.append(_branch("evidence", evidence, practice, ids("evidence"), on("evidence"), evidence))
    rate, cases = f"p.{_column(Practice, 'max_rate')}", []
    for key, (low, high) in RATE_RANGES.items():
        bounds = [f"{rate} >= {low}" if low is not None else "1 = 1", f"{rate} < {high}" if high else "1 = 1"]
        cases.append(f"WHEN {' AND '.join(bounds)} THEN '{key}'")
    branches.append(
        _branch(
            "rate", f"CASE {' '.join(cases)} END", practice, ids("rate"), on("rate"), "2", f"WHERE {rate} IS NOT NULL"
        )
    )
    countries = f"p.{_column(Practice, 'countries')}"
    if connection.vendor == "postgresql":
        table = f"{practice} CROSS JOIN unnest(string_to_array({countries}, ',')) AS c(code)"
        branches.append(
            _branch("country", "c.code", table, ids("country"), on("country"), "c.code", "WHERE c.code <> ''")
        )
    else:  # SQLite: the comma-separated codes, split below
        branches.append(_branch("countries", countries, practice, ids("country"), on("country"), countries))
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
    counts = {key: {} for key in (*FACETS, "evidence", "rate", "country", "total")}
    with search.index_scans(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, code, n in cursor.fetchall():
            if key == "countries":
                for single in filter(None, (code or "").split(",")):
                    counts["country"][single] = counts["country"].get(single, 0) + n
            else:
                counts[key][code or ""] = n
    return counts


def facet_counts(queryset, params=None, language=None):
    """Counts per facet value over ``queryset`` (and ``total``), in one query, cached per filter set
    (``params`` and ``language``) until a sheet changes."""
    if params is None:
        counts = _count_rows(queryset)
    else:

        def compute():
            others = {key: matching(params, language, skip=key) for key in selected_facets(params)}
            return _count_rows(queryset, others)

        counts = cache.remember("facets", filter_parts(params, language), compute)
    facets = {"total": counts["total"].get("", 0)}
    for key, (_field, model) in FACETS.items():
        facets[key] = [(term, counts[key].get(term.code, 0)) for term in model.objects.all()]
    names = dict(all_countries)
    facets["country"] = sorted(
        ((code, names.get(code, code), n) for code, n in counts["country"].items()), key=lambda row: row[1]
    )
    facets["countries_without"] = len(all_countries) - len(facets["country"])
    facets["evidence"] = [(value, label, counts["evidence"].get(value, 0)) for value, label in Evidence.choices]
    facets["rate"] = [(key, counts["rate"].get(key, 0)) for key in RATE_RANGES]
    return facets


def site_search(query, language, limit):
    """The site search's practices (portal.sitesearch): published sheets matching ``query`` in
    ``language``, by name."""
    from portal.sitesearch import Result

    from . import cache

    matches = search.search(public(), query, language).order_by("name", "pk")
    # Counted once per word and language until a sheet changes (practices/cache.py): a word most sheets
    # contain ("soil" in 45,000 of 50,000) took 250 ms to count at every search.
    count = cache.remember("site-search-count", (language, query), matches.count)
    return count, [
        Result(p.name, p.get_absolute_url(), p.definition) for p in matches.only("slug", "name", "definition")[:limit]
    ]
