"""The API's practice records (``practices.api.PracticeRecord``) as plain values, in two queries a page.

At 50,000 sheets the API spent most of a page's time in Python: model instances with every translated
text, four prefetches (climate zones, soil groups, land uses, regions) building an object per link, and
pydantic resolvers reading them one attribute at a time. Here the page's rows come as ``values()`` (the
columns a record shows, texts in the request's language with modeltranslation's fallback), the codes of
the four links of every row on the page in one ``UNION ALL`` query, and each record is a dict already in
the form the JSON schema describes (tests/practices/test_records.py checks it against ``PracticeRecord``).
"""

from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from . import search
from .models import Practice

ATTRIBUTION = "4 per 1000 Initiative practices database"
# The many-to-many links a record lists as codes: record key → Practice field.
LINKS = {"climate_zones": "climate_zones", "soil_groups": "soil_groups", "land_uses": "land_uses", "regions": "regions"}
# Rows read at a time by the exports (GeoJSON, CSV), each chunk with its one query of codes.
CHUNK = 2000
_COLUMNS = (
    "id",
    "slug",
    "name",
    "definition",
    "measure_type",
    "evidence",
    "countries",
    "max_rate",
    "wocat_code",
    "published_at",
    "licence",
)
_PLACEHOLDER = "slug-of-the-practice"


def _rows(queryset, with_location):
    """``values()`` of the columns a record needs. The category's label is read in the active language
    (vocabulary labels are required in every language, so no fallback is needed)."""
    language = translation.get_language()
    label = f"category__label_{language}" if language in search.languages() else "category__label"
    columns = (*_COLUMNS, "location") if with_location else _COLUMNS
    return queryset.values(*columns, category_code=F("category__code"), category_label=F(label))


def link_codes(ids):
    """{practice id: {record key: [codes in the vocabulary's order]}} for ``ids``, in one query. Every
    name in the SQL comes from the models' metadata; the ids are bound parameters."""
    codes = {pk: {key: [] for key in LINKS} for pk in ids}
    if not ids:
        return codes
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(ids))
    branches, params = [], []
    for key, name in LINKS.items():
        relation = Practice._meta.get_field(name)
        through, model = relation.remote_field.through, relation.related_model
        source, target = quote(relation.m2m_column_name()), quote(relation.m2m_reverse_name())
        branches.append(
            f"SELECT '{key}', t.{source}, v.{quote('position')}, v.{quote('code')} "  # noqa: S608
            f"FROM {quote(through._meta.db_table)} t JOIN {quote(model._meta.db_table)} v ON v.id = t.{target} "
            f"WHERE t.{source} IN ({placeholders})"
        )
        params.extend(ids)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        found = sorted(cursor.fetchall(), key=lambda row: (row[2], row[3]))  # the vocabularies' ordering
    for key, pk, _position, code in found:
        codes[pk][key].append(code.upper() if key == "soil_groups" else code)
    return codes


def _datetime(value):
    """As pydantic writes it (the exports' form): ISO 8601 with microseconds, ``Z`` for UTC."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _record(row, links, url):
    rate = row["max_rate"]
    return {
        "id": row["id"],
        "slug": row["slug"],
        "url": url.replace(_PLACEHOLDER, row["slug"]),
        "name": row["name"],
        "definition": row["definition"],
        "category": row["category_code"],
        "category_label": row["category_label"],
        "measure_type": row["measure_type"],
        "evidence": row["evidence"] or None,
        "countries": [code for code in (row["countries"] or "").split(",") if code],
        "climate_zones": links["climate_zones"],
        "soil_groups": links["soil_groups"],
        "land_uses": links["land_uses"],
        "regions": links["regions"],
        "max_sequestration_rate_t_c_ha_yr": float(rate) if rate is not None else None,
        "wocat_code": row["wocat_code"] or None,
        "published_at": row["published_at"],  # the API's JSON renderer writes it (DjangoJSONEncoder)
        "licence": row["licence"],
        "attribution": ATTRIBUTION,
    }


def _url(request):
    """The sheet's absolute address with a placeholder for the slug: one ``reverse()`` for all records."""
    return request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": _PLACEHOLDER}))


def sheet_url(request):
    """slug -> the sheet's absolute address in the active language (one ``reverse()`` for all rows)."""
    template = _url(request)
    return lambda slug: template.replace(_PLACEHOLDER, slug)


def records(request, queryset):
    """The records of ``queryset`` (a page: read at once), in its order; two queries."""
    rows = list(_rows(queryset, with_location=False))
    links = link_codes([row["id"] for row in rows])
    url = _url(request)
    return [_record(row, links[row["id"]], url) for row in rows]


def records_with_location(request, queryset):
    """(record, MultiPoint or None) for every row of ``queryset``, read ``CHUNK`` rows at a time (an
    export of every sheet never holds them all): one query for the rows, then one per chunk."""
    url = _url(request)
    chunk = []
    for row in _rows(queryset, with_location=True).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _finish(chunk, url)
            chunk = []
    yield from _finish(chunk, url)


def _finish(rows, url):
    links = link_codes([row["id"] for row in rows])
    for row in rows:
        record = _record(row, links[row["id"]], url)
        record["published_at"] = _datetime(record["published_at"])
        yield record, row["location"]
