"""Wagtail's PostgreSQL search backend with one text-search configuration per language.

Wagtail's database backend (``modelsearch.backends.database``) stems every object with one
``SEARCH_CONFIG``. Here each object that has a locale (pages, translatable snippets) is indexed with its
locale's configuration ("sols" is stored as the French stem "sol", "suelos" as the Spanish "suel"), in
the same single index table; objects without a locale (images, documents) keep ``SEARCH_CONFIG``
("simple": split into words, never stemmed).

A query reads the configuration of its language: ``backend.search(query, queryset, language="fr")``
(what portal.sitesearch calls) stems the words as French. A query without a language (Wagtail's admin, which
searches every locale at once) matches the words as stemmed by any of the languages' configurations or
by ``SEARCH_CONFIG``.

settings.WAGTAILSEARCH_BACKENDS picks this backend on PostgreSQL only; on SQLite the site search uses
the queryset's own ``.search()`` (Wagtail's database backend for the engine, FTS5 there), with no
stemming per language.

After a deploy that changes this file, the configurations or the indexed fields, rebuild the index:
``manage.py update_index`` (docs/operations.md)."""

from functools import reduce
from operator import or_

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

# PostgreSQL's text-search configurations of the site's languages (names of built-in configurations,
# never user input). A language missing here is indexed and queried with SEARCH_CONFIG.
CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


def config_of(language, default):
    return CONFIGS.get((language or "").split("-")[0], default)


class LocaleIndex(PostgresIndex):
    """The one index table, each object's vectors built with its locale's configuration."""

    def add_items(self, model, objs):
        objs = list(objs)
        if not objs:
            return
        languages = {}
        if any(getattr(obj, "locale_id", None) for obj in objs):
            from wagtail.models import Locale

            languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = {}
        for obj in objs:
            config = config_of(languages.get(getattr(obj, "locale_id", None)), self.backend.config)
            groups.setdefault(config, []).append(obj)
        for config, group in groups.items():
            # Wagtail's indexer reads ``backend.config`` for the vectors: each group is written by a
            # copy of this index whose backend carries the group's configuration.
            PostgresIndex.add_items(self._with_config(config), model, group)

    def _with_config(self, config):
        if config == self.backend.config:
            return self
        view = object.__new__(type(self))
        view.__dict__.update(self.__dict__)
        backend = object.__new__(type(self.backend))
        backend.__dict__.update(self.backend.__dict__)
        backend.config = config
        view.backend = backend
        return view


class LocaleQueryCompiler(PostgresSearchQueryCompiler):
    def __init__(self, *args, language=None, **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def get_config(self, backend):
        if self.language:
            return config_of(self.language, backend.config)
        return tuple(dict.fromkeys([*CONFIGS.values(), backend.config]))

    def build_tsquery(self, query, config=None):
        if isinstance(config, tuple):
            queries = [super(LocaleQueryCompiler, self).build_tsquery(query, config=c) for c in config]
            queries = [q for q in queries if q is not None]
            return reduce(or_, queries) if queries else None
        return super().build_tsquery(query, config=config)


class LocalePostgresSearchBackend(PostgresSearchBackend):
    # portal.sitesearch passes ``language=`` only to a backend that says it takes one.
    knows_languages = True
    query_compiler_class = LocaleQueryCompiler
    index_class = LocaleIndex

    def __init__(self, params):
        params = {"SEARCH_CONFIG": "simple", **params}
        super().__init__(params)

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, language=None):
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            language=language,
        )


SearchBackend = LocalePostgresSearchBackend
