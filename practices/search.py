"""Full-text search of practice sheets in the page's language.

PostgreSQL: each sheet stores one ``tsvector`` per language of the site (``Practice.search_<code>``, a
generated column, so every write path keeps it right), stemmed with that language's configuration and
weighted (name and local name A, definition B, description C), under a GIN index. A query matches the
page language's vector or the English one (a sheet not yet translated stays findable); only the page
shown is ranked (see ``rank_page``). Other databases (the embedded SpatiaLite default): every word of the
query, accents and plural endings removed, must appear in ``Practice.search_text``; the generated
columns are NULL there.
"""

import contextlib
import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Index, Q, Value

# PostgreSQL text-search configurations of the site's languages; any other language is only split
# into words ("simple"), and local names are never stemmed.
CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "de": "german", "it": "italian", "pt": "portuguese"}
FIELDS = ("name", "definition", "description")
WEIGHTS = {"name": "A", "definition": "B", "description": "C"}


def languages():
    return [code for code, _name in settings.LANGUAGES]


def config(language):
    return CONFIGS.get(language, "simple")


def field_name(language):
    """The stored vector of ``language``."""
    return f"search_{language}"


class LanguageVector(Func):
    """The expression of the generated column ``search_<language>``: the sheet's texts in that language,
    weighted, plus its local name. NULL on databases without full-text search."""

    output_field = SearchVectorField()

    def __init__(self, language, **extra):
        self.language = language
        super().__init__(*(F(f"{field}_{language}") for field in FIELDS), F("local_name"), **extra)

    def deconstruct(self):
        return "practices.search.LanguageVector", (self.language,), {}

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        columns = [compiler.compile(expression) for expression in self.get_source_expressions()]
        if any(params for _sql, params in columns):
            raise ValueError("A generated search column takes columns only.")
        language = config(self.language)  # a name from CONFIGS, never user input
        parts = [
            f"setweight(to_tsvector('{language}'::regconfig, COALESCE({sql}, '')), '{WEIGHTS[field]}')"
            for field, (sql, _params) in zip(FIELDS, columns, strict=False)
        ]
        parts.insert(1, f"setweight(to_tsvector('simple'::regconfig, COALESCE({columns[-1][0]}, '')), 'A')")
        return "(" + " || ".join(parts) + ")", []


def normalize(text):
    """Lower case, no accents, no punctuation."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def stem(word):
    """A crude stemmer for en/fr/es plurals: végétaux → vegetal, couverts → couvert, cultivos → cultivo."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiou":
        return word[:-2]
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


STOP_WORDS = {"de", "des", "du", "la", "le", "les", "el", "los", "las", "y", "et", "and", "of", "the", "en", "a"}


def words(query):
    return [stem(w) for w in normalize(query).split() if w not in STOP_WORDS]


def expand(query, groups):
    """The queries that ``query`` stands for: itself, then, for each synonym group one of whose terms
    it contains (as whole words, accents and plurals aside), the query with that term replaced by each
    other term of the group. ``groups``: lists of (language, term). Returns [(text, language or None)]."""
    tokens = (query or "").split()
    # The query's words, normalised as the index is, with the token each comes from.
    keyed = [
        (stem(word), index)
        for index, token in enumerate(tokens)
        for word in normalize(token).split()
        if word not in STOP_WORDS
    ]
    found = [word for word, _index in keyed]
    alternatives, seen = [(query, None)], {normalize(query)}
    for group in groups:
        for _language, term in group:
            needle = words(term)
            start = _find(found, needle)
            if start is None:
                continue
            first, last = keyed[start][1], keyed[start + len(needle) - 1][1]
            for other_language, other in group:
                text = " ".join([*tokens[:first], other, *tokens[last + 1 :]])
                if normalize(text) not in seen:
                    seen.add(normalize(text))
                    alternatives.append((text, other_language))
            break
    return alternatives[:MAX_ALTERNATIVES]


# A query widened by synonyms stays a handful of index conditions.
MAX_ALTERNATIVES = 16


def _find(haystack, needle):
    if not needle:
        return None
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start : start + len(needle)] == needle:
            return start
    return None


def _queries(query, language, alternatives=None):
    """(vector field, tsquery) pairs a sheet may match: for the query and each of its synonyms
    (``alternatives``, from ``expand``), the page's language and English, and the synonym's language."""
    pairs = []
    for text, term_language in alternatives or [(query, None)]:
        codes = [language, "en", term_language]
        for code in dict.fromkeys(c for c in codes if c and c in languages()):
            pairs.append((field_name(code), SearchQuery(text, config=config(code), search_type="websearch")))
    return pairs


def _by_field(query, language, alternatives):
    """{vector field: one tsquery}: the alternatives of each stored vector ORed (see ``search``)."""
    by_field = {}
    for field, tsquery in _queries(query, language, alternatives):
        by_field[field] = by_field[field] | tsquery if field in by_field else tsquery
    return by_field


class InArray(Func):
    """``expression = ANY(ARRAY(subquery))``: PostgreSQL runs the subquery once, on its own plan (an
    InitPlan), and the outer query reads the rows it names through the primary key. An ``IN`` subquery
    or a join would be folded into one plan, whose order the planner picks from its estimates."""

    output_field = BooleanField()

    def __init__(self, expression, subquery, **extra):
        super().__init__(expression, ArraySubquery(subquery), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        (lhs, lhs_params), (rhs, rhs_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def search(queryset, query, language, alternatives=None, *, first_from=None):
    """Filter ``queryset`` by the words of ``query``, or of any of its ``alternatives`` (synonyms, see
    ``expand``), before the index is read (no ranking: see ``ranked``).

    ``first_from`` (PostgreSQL; a queryset the GIN indexes serve, i.e. published sheets): read the
    text's matches from it first, through the indexes alone, then the rest of ``queryset``'s filters on
    those rows only. For a query with few matches (at most ``RANK_LIMIT``, the ranked ones): otherwise
    the planner, misled by its estimate of a tsquery's selectivity, may start from a facet's thousands
    of sheets and read each one's vectors out of TOAST (590 ms for one climate zone and 97 matches)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        language = language if language in languages() else "en"
        # One condition per stored vector, its alternatives ORed in one tsquery: PostgreSQL reads a
        # vector out of TOAST for every ``@@`` it evaluates, so 16 alternatives on one column read it 16
        # times on a row the index did not rule out (an index scan in name order for a common word).
        condition = Q()
        for field, tsquery in _by_field(query, language, alternatives).items():
            condition |= Q(**{field: tsquery})
        if first_from is not None:
            return queryset.filter(InArray(F("pk"), first_from.filter(condition).order_by().values("pk")))
        return queryset.filter(condition)
    condition = Q()
    for text, _language in alternatives or [(query, None)]:
        every = Q()
        for term in words(text):
            every &= Q(search_text__contains=term)
        condition |= every
    return queryset.filter(condition)


# Relevance is computed for at most this many matching sheets. Ranking reads each match's stored
# vector (about 25 µs a sheet on PostgreSQL), so a word found in most of 50,000 sheets would cost a
# second; past this number the results come in name order (an index scan that stops at the page).
RANK_LIMIT = 1000


@contextlib.contextmanager
def index_scans():
    """Run the queries of the block with PostgreSQL's GIN indexes rather than a sequential scan.

    The planner does not count the cost of reading a stored vector out of its TOAST table, so for a
    common word it prefers a sequential scan that decodes every vector (350 ms at 50,000 sheets)
    to the bitmap of the GIN index, which answers a count without decoding any (25 ms)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def ranked(queryset, query, language, alternatives=None):
    """``queryset`` annotated with ``rank``, the relevance of each sheet to ``query`` (PostgreSQL:
    ts_rank of the stored weighted vectors; elsewhere 1). Call it for at most RANK_LIMIT matches."""
    query = (query or "").strip()
    if connection.vendor != "postgresql" or not query:
        return queryset.annotate(rank=Value(1.0))
    language = language if language in languages() else "en"
    # One ts_rank per stored vector, of its alternatives ORed: each call reads the vector out of TOAST
    # again, and a query widened by synonyms had up to 21 (20 ms for 97 sheets, instead of 3 ms).
    ranks = [SearchRank(F(field), tsquery) for field, tsquery in _by_field(query, language, alternatives).items()]
    total = ranks[0]
    for extra in ranks[1:]:
        total = total + extra
    return queryset.annotate(rank=total)


def document(practice):
    """The normalised text that the embedded-default search reads (every language, stemmed words)."""
    parts = []
    for language in CONFIGS:
        for field in FIELDS:
            parts.append(getattr(practice, f"{field}_{language}", "") or "")
    if practice.local_name:
        parts.append(practice.local_name)
    return " ".join(stem(w) for w in normalize(" ".join(parts)).split())


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL. Elsewhere (SpatiaLite) a plain index on the column, which is NULL
    there, so that the same migrations run on every database."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
