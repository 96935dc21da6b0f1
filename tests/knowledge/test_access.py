"""Who reads a knowledge page: a page filed under a scope is a 404 for everyone outside it (visitors too),
absent from the bank's list, the sitemap and the feeds; the site search and the college space show it to its
readers only."""

import pytest
from django.test import Client

from knowledge.models import KnowledgePage
from portal.models import Theme

from .conftest import make_page

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def pages(bank):
    return {
        "public": make_page(bank, "Composting on small farms", "composting"),
        "research": make_page(bank, "Plan of the research college zebrafinch", "research-plan", "college:research"),
        "members": make_page(bank, "Notes for members only", "members-notes", "member"),
    }


def test_a_college_page_is_read_by_its_college_and_the_secretariat_only(pages, people):
    url = "/en/knowledge/research-plan/"
    assert _client(people["research"]).get(url).status_code == 200
    assert "zebrafinch" in _client(people["secretariat"]).get(url).content.decode()
    for outsider in (None, people["farmers"], people["plain"]):
        response = _client(outsider).get(url)
        assert response.status_code == 404
        assert "zebrafinch" not in response.content.decode()


def test_a_members_page_is_a_404_for_visitors_and_read_by_any_account(pages, people):
    assert _client().get("/en/knowledge/members-notes/").status_code == 404
    assert _client(people["plain"]).get("/en/knowledge/members-notes/").status_code == 200
    assert _client().get("/en/knowledge/composting/").status_code == 200


def test_the_bank_lists_what_its_reader_may_read(pages, people):
    anonymous = _client().get("/en/knowledge/").content.decode()
    assert "Composting on small farms" in anonymous
    assert "zebrafinch" not in anonymous and "Notes for members only" not in anonymous
    farmer = _client(people["farmers"]).get("/en/knowledge/").content.decode()
    assert "Notes for members only" in farmer and "zebrafinch" not in farmer
    researcher = _client(people["research"]).get("/en/knowledge/").content.decode()
    assert "zebrafinch" in researcher


def test_the_bank_searches_and_filters_by_theme(pages, people):
    theme = Theme.objects.order_by("position").first()
    page = pages["public"]
    page.themes.set([theme])
    page.save_revision().publish()
    make_page(pages["public"].get_parent(), "Terraces in the Andes", "terraces")
    client = _client(people["research"])

    found = client.get("/en/knowledge/", {"q": "composting"}).content.decode()
    assert "Composting on small farms" in found and "Terraces in the Andes" not in found
    assert "zebrafinch" in client.get("/en/knowledge/", {"q": "zebrafinch"}).content.decode()
    outsider = _client(people["farmers"]).get("/en/knowledge/", {"q": "zebrafinch"}).content.decode()
    assert "Plan of the research college" not in outsider
    assert "No knowledge page matches." in outsider
    filtered = client.get("/en/knowledge/", {"theme": theme.code}).content.decode()
    assert "Composting on small farms" in filtered and "Terraces in the Andes" not in filtered


def test_scoped_pages_are_in_no_sitemap_or_feed_and_the_site_search_finds_them_for_their_readers_only(pages, people):
    sitemap = _client().get("/sitemap-en.xml").content.decode()
    assert "/en/knowledge/composting/" in sitemap
    assert "research-plan" not in sitemap and "members-notes" not in sitemap
    for person in (None, people["farmers"], people["plain"]):
        search = _client(person).get("/en/search/", {"q": "zebrafinch"}).content.decode()
        assert "Plan of the research college" not in search
        assert "Pages and news <small>(0 results)</small>" in search
    for reader in (people["research"], people["secretariat"]):
        search = _client(reader).get("/en/search/", {"q": "zebrafinch"}).content.decode()
        assert "Plan of the research college zebrafinch" in search
        assert 'href="/en/knowledge/research-plan/"' in search
    # A page for every signed-in member: found by any account, never by a visitor.
    assert "Notes for members only" in _client(people["plain"]).get("/en/search/", {"q": "notes"}).content.decode()
    assert "Notes for members only" not in _client().get("/en/search/", {"q": "notes"}).content.decode()
    assert "Composting on small farms" in _client().get("/en/search/", {"q": "composting"}).content.decode()
    assert "zebrafinch" not in _client().get("/en/feeds/news.rss").content.decode()
    assert "zebrafinch" not in _client(people["research"]).get("/en/feeds/news.rss").content.decode()


def test_the_college_space_lists_its_knowledge_pages(pages, people):
    space = _client(people["research"]).get("/en/colleges/research/").content.decode()
    assert "Knowledge pages of the college" in space
    assert "Plan of the research college zebrafinch" in space
    assert "Composting on small farms" not in space  # public pages belong to the bank, not to a college
    assert _client(people["farmers"]).get("/en/colleges/research/").status_code == 404
    farmers_space = _client(people["farmers"]).get("/en/colleges/farmers/").content.decode()
    assert "zebrafinch" not in farmers_space
    assert "No knowledge page for this college yet." in farmers_space


def test_the_scope_is_checked_by_the_database(bank):
    from django.db import IntegrityError, transaction

    page = make_page(bank, "Anything", "anything")
    with pytest.raises(IntegrityError), transaction.atomic():
        KnowledgePage.objects.filter(pk=page.pk).update(scope="college:nowhere")


def _queries_of_the_bank(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/knowledge/")
    return len(queries), response.content.decode().count('class="card"')


def _add_pages(bank, start, count, themes):
    for n in range(start, start + count):
        page = make_page(bank, f"Page {n}", f"page-{n}", "college:research" if n % 2 else "")
        page.themes.set(themes)
        page.save_revision().publish()


def test_the_bank_lists_in_the_same_number_of_queries_at_two_sizes(bank, people):
    themes = list(Theme.objects.all()[:3])
    client = _client(people["research"])
    _add_pages(bank, 0, 2, themes)
    client.get("/en/knowledge/")  # the site, the navigation and the session are cached after the first one
    small, shown_small = _queries_of_the_bank(client)
    _add_pages(bank, 2, 12, themes)
    client.get("/en/knowledge/")  # publishing clears the cached navigation
    large, shown_large = _queries_of_the_bank(client)
    assert (shown_small, shown_large) == (2, 14)
    assert small == large
