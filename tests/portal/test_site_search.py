"""Site search at /<lang>/search/: pages of the current language (never drafts, private pages or
aliases), practices, partners and initiatives, with result types and a type filter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from portal.demo import seed_pages
from portal.models import NewsIndexPage, NewsPage
from tests.partners.factories import OrganisationFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def _news(index, title, slug, publish=True):
    page = index.add_child(
        instance=NewsPage(title=title, slug=slug, date=datetime.date.today(), summary="Vermicompost", live=publish)
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def content():
    seed_pages(1, None)
    en, fr = (Locale.objects.get(language_code=code) for code in ("en", "fr"))
    index_en, index_fr = NewsIndexPage.objects.get(locale=en), NewsIndexPage.objects.get(locale=fr)
    _news(index_fr, "Le lombricompost au Bénin", "lombricompost")
    english = _news(index_en, "Vermicompost in Kenya", "vermicompost-kenya")
    english.copy_for_translation(fr, alias=True)  # shown on /fr/ in English: not a French result
    _news(index_fr, "Brouillon lombricompost", "brouillon", publish=False)
    private = _news(index_fr, "Lombricompost réservé", "reserve")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_practice(name_en="Vermicompost beds", name_fr="Lits de lombricompost", slug="vermicompost-beds")
    OrganisationFactory(name="Vermicompost Network", acronym="VN")


def test_search_finds_pages_of_the_current_language_practices_and_partners(client, content):
    html = client.get("/fr/search/", {"q": "Vermicompost"}).content.decode()

    assert "Le lombricompost au Bénin" in html  # its summary says Vermicompost
    assert "Vermicompost in Kenya" not in html  # the English page and its French alias
    for hidden in ("Brouillon lombricompost", "Lombricompost réservé"):
        assert hidden not in html
    assert "/practices/vermicompost-beds/" in html
    assert "Vermicompost Network" in html
    assert '<h2 id="results-pages">Pages et actualités <small>(1 résultat)</small></h2>' in html


def test_the_type_filter_keeps_one_kind(client, content):
    html = client.get("/en/search/", {"q": "Vermicompost", "type": "partners"}).content.decode()
    assert "Vermicompost Network" in html
    assert "Vermicompost in Kenya" not in html
    assert 'id="results-pages"' not in html
    assert '<option value="partners" selected>Partners</option>' in html


def test_an_empty_search_shows_the_form_only(client, content):
    html = client.get("/es/search/").content.decode()
    assert '<input type="search" id="search-q" name="q" value=""' in html
    assert "search-results" not in html


@pytest.mark.parametrize("extra", [0, 12])
def test_search_runs_the_same_number_of_queries_at_two_sizes(client, content, extra):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    for n in range(extra):
        _news(index, f"Vermicompost note {n}", f"note-{n}")
        OrganisationFactory(name=f"Vermicompost group {n}")
    client.get("/en/search/", {"q": "Vermicompost"})  # warm the caches (site, locales)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "Vermicompost"}).content.decode()
    assert "Vermicompost" in html.split("<main")[1]
    assert len(queries) == 12, [q["sql"][:120] for q in queries]
    # One kind in full (the overview shows the first ten of each): the news item is among them.
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "Vermicompost", "type": "pages"}).content.decode()
    assert "Vermicompost in Kenya" in html
    assert len(queries) == 5, [q["sql"][:120] for q in queries]
