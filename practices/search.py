"""Full-text search of practice sheets in the page's language.

PostgreSQL: full-text search with the french/english/spanish configurations (stemming), over the
sheet's fields in the page's language and in English (a sheet not yet translated stays findable), with
GIN indexes on the same expressions (migration 0003). Other databases (the embedded SpatiaLite default):
every word of the query, accents and plural endings removed, must appear in ``Practice.search_text``.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value

CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}
FIELDS = ("name", "definition", "description")


def vector(language):
    """The indexed expression (keep in step with migration 0003)."""
    config = CONFIGS[language]
    return SearchVector(*(f"{field}_{language}" for field in FIELDS), config=config)


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


def words(query):
    stop = {"de", "des", "du", "la", "le", "les", "el", "los", "las", "y", "et", "and", "of", "the", "en", "a"}
    return [stem(w) for w in normalize(query).split() if w not in stop]


def search(queryset, query, language):
    """Filter (and on PostgreSQL, rank) ``queryset`` by the words of ``query``."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        language = language if language in CONFIGS else "en"
        own = SearchQuery(query, config=CONFIGS[language], search_type="websearch")
        english = SearchQuery(query, config="english", search_type="websearch")
        queryset = queryset.annotate(
            own_vector=vector(language),
            en_vector=vector("en"),
        ).filter(Q(own_vector=own) | Q(en_vector=english))
        return queryset.annotate(rank=SearchRank(F("own_vector"), own) + SearchRank(F("en_vector"), english))
    terms = words(query)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset.annotate(rank=Value(1.0))


def document(practice):
    """The normalised text that the embedded-default search reads (every language, stemmed words)."""
    parts = []
    for language in CONFIGS:
        for field in FIELDS:
            parts.append(getattr(practice, f"{field}_{language}", "") or "")
    if practice.local_name:
        parts.append(practice.local_name)
    return " ".join(stem(w) for w in normalize(" ".join(parts)).split())
