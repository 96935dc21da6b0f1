"""Site search at /<lang>/search/: pages of the current language (never drafts, aliases or pages the
person may not open), events with their filters, practices, partners and initiatives, with result
types as checkboxes and links."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from portal.models import HomePage, NewsIndexPage, NewsPage, Region, StandardPage
from portal.pages import EventIndexPage, EventPage
from tests.factories import UserFactory
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
def content(cms_pages):
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


def test_the_type_checkboxes_keep_the_kinds_ticked(client, content):
    html = client.get("/en/search/", {"q": "Vermicompost", "type": "partners"}).content.decode()
    assert "Vermicompost Network" in html
    assert "Vermicompost in Kenya" not in html
    assert 'id="results-pages"' not in html
    assert '<input type="checkbox" name="type" value="partners" checked> Partners' in html
    assert '<strong aria-current="true">Partners</strong>' in html  # the links to one type
    assert '<a href="?q=Vermicompost&amp;type=pages">Pages and news</a>' in html
    html = client.get("/en/search/?q=Vermicompost&type=partners&type=practices&type=bogus").content.decode()
    assert 'id="results-partners"' in html and 'id="results-practices"' in html
    assert 'id="results-pages"' not in html and 'id="results-events"' not in html
    assert '<input type="checkbox" name="type" value="practices" checked> Practices' in html
    assert '<input type="checkbox" name="type" value="pages"> Pages and news' in html


def test_each_result_says_its_type_and_language(client, content):
    html = client.get("/fr/search/", {"q": "Vermicompost"}).content.decode()
    pages = html.split('id="results-pages"')[1].split("</section>")[0]
    assert '<span class="search-result-meta">Pages et actualités · Français</span>' in pages
    partners = html.split('id="results-partners"')[1].split("</section>")[0]
    assert '<span class="search-result-meta">Partenaires · Français</span>' in partners


def _standard(code, title, slug, restriction=None, groups=()):
    home = HomePage.objects.get(locale__language_code=code)
    page = home.add_child(instance=StandardPage(title=title, slug=slug, intro="Biochar trials"))
    page.save_revision().publish()
    if restriction:
        rule = PageViewRestriction.objects.create(page=page, restriction_type=restriction)
        rule.groups.set(groups)
    return page


def _section(client, code, kind, **params):
    html = client.get(f"/{code}/search/", params).content.decode()
    assert f'id="results-{kind}"' in html
    return html.split(f'id="results-{kind}"')[1].split("</section>")[0]


def test_restricted_pages_are_found_only_by_people_who_may_open_them(content):
    readers = Group.objects.create(name="Knowledge readers")
    _standard("en", "Open biochar", "open-biochar")
    _standard("en", "Members biochar", "members-biochar", PageViewRestriction.LOGIN)
    _standard("en", "Readers biochar", "readers-biochar", PageViewRestriction.GROUPS, [readers])
    _standard("en", "Password biochar", "password-biochar", PageViewRestriction.PASSWORD)
    reader, other = UserFactory(), UserFactory()
    reader.groups.add(readers)
    anonymous, signed_in, member = Client(), Client(), Client()
    signed_in.force_login(other)
    member.force_login(reader)
    seen = {
        name: _section(client, "en", "pages", q="biochar")
        for name, client in (("anonymous", anonymous), ("other", signed_in), ("reader", member))
    }
    assert "Open biochar" in seen["anonymous"] and "Members biochar" not in seen["anonymous"]
    assert "Readers biochar" not in seen["anonymous"] and "(1 result)" in seen["anonymous"]
    assert "Members biochar" in seen["other"] and "Readers biochar" not in seen["other"]
    assert "Members biochar" in seen["reader"] and "Readers biochar" in seen["reader"]
    assert all("Password biochar" not in section for section in seen.values())
    # A restriction covers the page's subtree too.
    parent = StandardPage.objects.get(slug="readers-biochar")
    parent.add_child(instance=StandardPage(title="Child biochar", slug="child-biochar")).save_revision().publish()
    assert "Child biochar" not in _section(signed_in, "en", "pages", q="biochar")
    assert "Child biochar" in _section(member, "en", "pages", q="biochar")


def test_a_page_model_decides_who_sees_it_through_search_visible(content, monkeypatch):
    """A page model may decide who finds its pages: ``search_visible(queryset, user)`` keeps what ``user`` may see."""
    _standard("en", "Shared biochar", "shared-biochar")
    _standard("en", "College-only biochar", "college-biochar")
    seen_users = []

    def search_visible(cls, queryset, user):
        seen_users.append(user)
        return queryset if user.is_authenticated else queryset.exclude(title__startswith="College")

    monkeypatch.setattr(StandardPage, "search_visible", classmethod(search_visible), raising=False)
    anonymous = _section(Client(), "en", "pages", q="biochar")
    assert "Shared biochar" in anonymous and "College-only biochar" not in anonymous and "(1 result)" in anonymous
    member = Client()
    member.force_login(UserFactory())
    assert "College-only biochar" in _section(member, "en", "pages", q="biochar")
    assert len(seen_users) == 2


def _event(code, title, slug, days, region=None):
    index = EventIndexPage.objects.get(locale__language_code=code)
    start = timezone.now() + datetime.timedelta(days=days)
    page = index.add_child(
        instance=EventPage(
            title=title,
            slug=slug,
            summary="Agroforestry meeting",
            start=start,
            end=start + datetime.timedelta(hours=3),
            time_zone="Africa/Dakar",
            region=region,
        )
    )
    page.save_revision().publish()
    return page


def test_events_are_their_own_type_with_when_and_region_filters(client, content):
    africa, europe = Region.objects.get(code="sub-saharan-africa"), Region.objects.get(code="europe")
    _event("en", "Agroforestry forum Dakar", "forum-dakar", 30, africa)
    _event("en", "Agroforestry webinar 2020", "webinar-past", -400, europe)
    _standard("en", "Agroforestry guide", "agroforestry-guide")
    html = client.get("/en/search/", {"q": "Agroforestry"}).content.decode()
    events = html.split('id="results-events"')[1].split("</section>")[0]
    pages = html.split('id="results-pages"')[1].split("</section>")[0]
    assert "Agroforestry forum Dakar" in events and "Agroforestry webinar 2020" in events
    assert "Agroforestry guide" in pages and "Agroforestry forum Dakar" not in pages
    assert '<span class="search-result-meta">Events · English</span>' in events
    assert f"· {africa.label}</p>" in events  # the date and region line
    upcoming = _section(client, "en", "events", q="Agroforestry", type="events", when="upcoming")
    assert "Agroforestry forum Dakar" in upcoming and "Agroforestry webinar 2020" not in upcoming
    past = _section(client, "en", "events", q="Agroforestry", type="events", when="past")
    assert "Agroforestry webinar 2020" in past and "Agroforestry forum Dakar" not in past
    html = client.get("/en/search/", {"q": "Agroforestry", "region": "europe"}).content.decode()
    europe_only = html.split('id="results-events"')[1].split("</section>")[0]
    assert "Agroforestry webinar 2020" in europe_only and "(1 result)" in europe_only
    assert '<option value="europe" selected>' in html
    # The links to one type keep the filters; an unknown value filters nothing.
    assert "?q=Agroforestry&amp;type=events&amp;region=europe" in html
    assert "(2 results)" in _section(client, "en", "events", q="Agroforestry", when="someday", region="mars")


def test_an_empty_search_shows_the_form_only(client, content):
    html = client.get("/es/search/").content.decode()
    assert '<input type="search" id="search-q" name="q" value=""' in html
    assert "search-results" not in html


@pytest.mark.parametrize("extra", [0, 12])
def test_search_runs_the_same_number_of_queries_at_two_sizes(client, content, extra):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    readers = Group.objects.create(name="Readers")
    _event("en", "Vermicompost fair", "fair", 10, Region.objects.get(code="europe"))
    PageViewRestriction.objects.get(
        page=_standard("en", "Vermicompost readers", "readers", PageViewRestriction.GROUPS)
    ).groups.add(readers)
    for n in range(extra):
        _news(index, f"Vermicompost note {n}", f"note-{n}")
        OrganisationFactory(name=f"Vermicompost group {n}")
        _event("en", f"Vermicompost day {n}", f"day-{n}", n - 5, Region.objects.order_by("pk")[n % 3])
        restricted = _standard("en", f"Vermicompost restricted {n}", f"restricted-{n}", PageViewRestriction.GROUPS)
        PageViewRestriction.objects.get(page=restricted).groups.add(readers)
    client.get("/en/search/", {"q": "Vermicompost"})  # warm the caches (site, locales)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "Vermicompost"}).content.decode()
    assert "Vermicompost" in html.split("<main")[1]
    counts = [len(queries)]
    # One kind in full (the overview shows the first ten of each): the news item is among them.
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "Vermicompost", "type": "pages"}).content.decode()
    assert "Vermicompost in Kenya" in html
    counts.append(len(queries))
    # Events filtered, for a signed-in person (their groups are read once, for the group restrictions).
    client.force_login(UserFactory())
    client.get("/en/search/", {"q": "Vermicompost"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "Vermicompost", "type": "events", "when": "upcoming"}).content.decode()
    assert "Vermicompost fair" in html.split('id="results-events"')[1]
    counts.append(len(queries))
    # The overview's practices are counted once per word (cached since the warm-up request). A signed-in
    # person's scopes (portal.membership: their groups and the apps' memberships) are read once, for the
    # knowledge pages of their college: 3 queries of the 15.
    assert counts == [20, 7, 15], "\n".join(q["sql"][:150] for q in queries)


def test_the_practices_found_are_counted_once_until_a_sheet_changes(
    client, content, django_capture_on_commit_callbacks
):
    from practices.models import Practice
    from tests.practices.factories import make_practice

    def practices_counted():
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/en/search/", {"q": "Vermicompost"}).content.decode()
        counted = [q for q in queries if "COUNT(*)" in q["sql"] and Practice._meta.db_table in q["sql"]]
        return len(counted), html

    assert practices_counted()[0] == 1
    assert practices_counted()[0] == 0  # the count of this word is kept (a common word took 250 ms)
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(name_en="Vermicompost beds")
    counted, html = practices_counted()
    assert counted == 1 and "Vermicompost beds" in html
