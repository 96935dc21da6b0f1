"""CMS pages are searched in their own language: on PostgreSQL each page is indexed with its locale's
text-search configuration and a query is stemmed in the search's language (portal/search_backend.py),
in Wagtail's one index table; on SQLite Wagtail's own backend still answers."""

import pytest
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from portal.models import HomePage, StandardPage
from portal.search_backend import LocalePostgresSearchBackend

pytestmark = pytest.mark.django_db


def _page(code, title, intro):
    home = HomePage.objects.get(locale=Locale.objects.get(language_code=code))
    page = home.add_child(instance=StandardPage(title=title, slug=f"page-{code}", intro=intro))
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(cms_pages):
    return {
        "fr": _page("fr", "Fertilité des sols", "Nous couvrons les sols vivants."),
        "es": _page("es", "Suelos vivos", "Cultivamos suelos con cobertura."),
        "en": _page("en", "Living soils", "Cropping on covered soils."),
    }


def _titles(client, code, query):
    html = client.get(f"/{code}/search/", {"q": query, "type": "pages"}).content.decode()
    return html.split('id="results-pages"')[1]


def test_pages_are_found_by_their_words_on_every_database(client, pages):
    assert "Fertilité des sols" in _titles(client, "fr", "sols")
    assert "Suelos vivos" in _titles(client, "es", "suelos")
    assert "Living soils" in _titles(client, "en", "soils")
    assert "Living soils" not in _titles(client, "fr", "soils")  # the current language only


@pytest.mark.postgis
def test_each_language_is_stemmed_with_its_own_configuration(client, pages):
    assert isinstance(get_search_backend(), LocalePostgresSearchBackend)
    # The brief's pairs, and pairs only that language's stemmer joins (English or "simple" would not).
    assert "Fertilité des sols" in _titles(client, "fr", "sol")
    assert "Fertilité des sols" in _titles(client, "fr", "fertile")  # french: fertil = fertil
    assert "Suelos vivos" in _titles(client, "es", "suelo")
    assert "Suelos vivos" in _titles(client, "es", "cultivar")  # spanish: cultiv = cultiv
    assert "Living soils" in _titles(client, "en", "soil")
    assert "Living soils" in _titles(client, "en", "crops")  # english: crop = crop
    assert "Suelos vivos" not in _titles(client, "es", "manzana")


@pytest.mark.postgis
def test_the_one_index_table_holds_each_page_stemmed_in_its_language(pages):
    from wagtail.search.models import IndexEntry

    bodies = {code: IndexEntry.objects.get(object_id=str(page.pk)).body for code, page in pages.items()}
    assert "'cultiv'" in bodies["es"] and "'suel'" in bodies["es"]  # Spanish stems
    assert "'viv'" in bodies["fr"] and "'les'" not in bodies["fr"]  # French stems, stop word dropped
    assert "'crop'" in bodies["en"]
    assert IndexEntry.objects.filter(object_id__in=[str(p.pk) for p in pages.values()]).count() == 3


@pytest.mark.postgis
def test_a_search_without_a_language_matches_any_languages_stemming(pages):
    """Wagtail's admin searches every locale at once: a word matches as any language stems it."""
    found = {page.pk for page in Page.objects.live().search("cultivar")}
    assert pages["es"].pk in found and pages["en"].pk not in found
    assert pages["fr"].pk in {page.pk for page in Page.objects.live().search("fertile")}
