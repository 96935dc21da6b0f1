"""The weekly issues of the press review (/newsletter/press/weeks/<ISO week>/): the articles added that
week, the same ones the digest mails (one definition of the week), previous/next links, the index of
published weeks; a week in progress, in the future, without articles or misspelt is a 404. And the
archive's filters (theme, region, outlet, language) with a query-count test at two sizes."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import press
from newsletter.models import PressItem
from portal.models import Region, Theme

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def make_item(n, *, added, language="fr", region=None, themes=(), source="Le Quotidien agricole", title=None):
    item = PressItem.objects.create(
        title=title or f"Article {n} sur les sols",
        source=source,
        url=f"https://press.example.net/weeks/{n}",
        published_on=added.date() - datetime.timedelta(days=2),
        language=language,
        summary_en=f"Summary {n}.",
        summary_fr=f"Résumé {n}.",
        region=region,
        added=added,
    )
    item.themes.set(themes)
    return item


def monday(weeks_ago):
    """Monday noon, ``weeks_ago`` weeks before this week's Monday (UTC)."""
    now = timezone.now()
    this_monday = (now - datetime.timedelta(days=now.weekday())).replace(hour=12, minute=0, second=0, microsecond=0)
    return this_monday - datetime.timedelta(weeks=weeks_ago)


@pytest.fixture
def weeks():
    """Articles one week ago (two), three weeks ago (one) and this week (one); none two weeks ago."""
    make_item(1, added=monday(1), title="Le carbone des prairies")
    make_item(2, added=monday(1) + datetime.timedelta(days=6, hours=11), title="Sunday night article", language="en")
    make_item(3, added=monday(3), title="Les terrasses andines")
    make_item(4, added=monday(0), title="This week's article", language="en")
    return {ago: press.week_label(monday(ago)) for ago in range(4)}


def test_a_week_page_lists_the_articles_added_that_week(client, weeks):
    response = client.get(f"/fr/newsletter/press/weeks/{weeks[1]}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le carbone des prairies" in page and "Sunday night article" in page
    assert "Les terrasses andines" not in page and "This week's article" not in page
    assert "Résumé 1." in page  # the summary in the reader's language
    start = monday(1).date()
    assert f"2 articles ajoutés du {start.day}" in page


def test_previous_and_next_skip_weeks_without_articles(client, weeks):
    page = client.get(f"/en/newsletter/press/weeks/{weeks[1]}/").content.decode()
    assert f'href="/en/newsletter/press/weeks/{weeks[3]}/" rel="prev"' in page
    assert 'rel="next"' not in page  # this week's issue is not published yet
    older = client.get(f"/en/newsletter/press/weeks/{weeks[3]}/").content.decode()
    assert f'href="/en/newsletter/press/weeks/{weeks[1]}/" rel="next"' in older and 'rel="prev"' not in older


@pytest.mark.parametrize("which", ["this week", "no article", "future", "misspelt", "no such week"])
def test_weeks_without_an_issue_are_a_404(client, weeks, which):
    future = press.week_label(timezone.now() + datetime.timedelta(weeks=2))
    path = {
        "this week": weeks[0],
        "no article": weeks[2],
        "future": future,
        "misspelt": "2026-47",
        "no such week": "2026-W54",
    }[which]
    response = client.get(f"/en/newsletter/press/weeks/{path}/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_the_index_lists_published_weeks_newest_first(client, weeks):
    page = client.get("/en/newsletter/press/weeks/").content.decode()
    first, second = f"/en/newsletter/press/weeks/{weeks[1]}/", f"/en/newsletter/press/weeks/{weeks[3]}/"
    assert first in page and second in page and page.index(first) < page.index(second)
    assert weeks[0] not in page and weeks[2] not in page
    assert "(2 articles)" in page and "(1 article)" in page
    archive = client.get("/en/newsletter/press/").content.decode()
    assert first in archive and 'href="/en/newsletter/press/weeks/"' in archive


def test_the_digest_mails_the_week_page_and_the_same_articles(settings, django_capture_on_commit_callbacks, weeks):
    settings.SITE_URL = "https://portal.example.org"
    SubscriberFactory(email="ana@example.net", language="fr", press_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert press.send_press_digest() == 1
    [message] = mail.outbox
    assert f"https://portal.example.org/fr/newsletter/press/weeks/{weeks[1]}/" in message.body
    on_the_page = {item.title for item in press.week_items(weeks[1])}
    assert on_the_page == {"Le carbone des prairies", "Sunday night article"}
    assert all(title in message.body for title in on_the_page)
    assert "Les terrasses andines" not in message.body and "This week's article" not in message.body


def test_the_week_is_monday_to_monday_utc():
    start, end = press.week_bounds("2026-W47")
    assert start == datetime.datetime(2026, 11, 16, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    assert press.week_label(end - datetime.timedelta(microseconds=1)) == "2026-W47"
    assert press.week_label(end) == "2026-W48"
    assert press.week_bounds("2027-W01")[0] == datetime.datetime(2027, 1, 4, tzinfo=datetime.UTC)
    with pytest.raises(ValueError):
        press.week_bounds("2026-W00")


def test_a_week_page_costs_the_same_queries_with_3_or_30_articles(client):
    themes = list(Theme.objects.all()[:2])
    europe = Region.objects.get(code="europe")
    label = press.week_label(monday(1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/newsletter/press/weeks/{label}/")
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        make_item(n, added=monday(1) + datetime.timedelta(minutes=n), themes=themes, region=europe)
    small = count()
    for n in range(3, 30):
        make_item(n, added=monday(1) + datetime.timedelta(minutes=n), themes=themes, region=europe)
    assert count() == small == 4  # the items with their regions, their themes, the previous and next weeks


def test_the_index_of_weeks_costs_the_same_queries_with_2_or_20_weeks(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/newsletter/press/weeks/")
        assert response.status_code == 200
        return len(queries), response.content.decode().count('href="/en/newsletter/press/weeks/20')

    for n in range(2):
        make_item(n, added=monday(n + 1))
    small = count()
    for n in range(2, 20):
        make_item(n, added=monday(n + 1))
    assert small == (1, 2) and count() == (1, 20)  # one grouped query for every week


# --- The archive's filters ------------------------------------------------------------------------
@pytest.fixture
def archive():
    agroforestry, water = Theme.objects.get(code="agroforestry"), Theme.objects.get(code="water")
    africa, europe = Region.objects.get(code="sub-saharan-africa"), Region.objects.get(code="europe")
    when = monday(1)
    make_item(1, added=when, title="Parcs agroforestiers au Sahel", region=africa, themes=[agroforestry])
    make_item(2, added=when, title="Water in Spain", language="en", region=europe, themes=[water], source="El País")
    make_item(3, added=when, title="Haies bocagères", region=europe, themes=[agroforestry], source="Ouest-France")
    return {"agroforestry": agroforestry, "europe": europe}


@pytest.mark.parametrize(
    "query, shown",
    [
        ("theme=agroforestry", {"Parcs agroforestiers au Sahel", "Haies bocagères"}),
        ("region=europe", {"Water in Spain", "Haies bocagères"}),
        ("outlet=ouest", {"Haies bocagères"}),
        ("language=en", {"Water in Spain"}),
        ("theme=agroforestry&region=europe", {"Haies bocagères"}),
        ("theme=water&language=fr", set()),
    ],
)
def test_the_archive_filters_by_theme_region_outlet_and_language(client, archive, query, shown):
    page = client.get(f"/en/newsletter/press/?{query}").content.decode()
    titles = {"Parcs agroforestiers au Sahel", "Water in Spain", "Haies bocagères"}
    assert {title for title in titles if title in page} == shown
    if not shown:
        assert "No article matches these filters yet." in page


def test_the_filter_form_keeps_the_choices_and_the_pages_keep_the_filters(client, archive):
    page = client.get("/fr/newsletter/press/?theme=agroforestry&region=europe&outlet=ouest").content.decode()
    assert '<option value="agroforestry" selected>Agroforesterie</option>' in page
    assert '<option value="europe" selected>Europe</option>' in page
    assert 'name="outlet" value="ouest"' in page
    assert '<form method="get" class="filters"' in page  # a plain GET form: no JavaScript needed


def test_an_unknown_theme_says_so_and_the_other_filters_still_apply(client, archive):
    page = client.get("/en/newsletter/press/?theme=nonsense&region=europe").content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in page
    assert "Haies bocagères" in page and "Parcs agroforestiers au Sahel" not in page


def test_the_filtered_archive_costs_the_same_queries_with_3_or_30_items(client):
    agroforestry = Theme.objects.get(code="agroforestry")
    europe = Region.objects.get(code="europe")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/newsletter/press/?theme=agroforestry&region=europe&outlet=quotidien")
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        make_item(n, added=monday(1), themes=[agroforestry], region=europe)
    small = count()
    for n in range(3, 30):
        make_item(n, added=monday(1), themes=[agroforestry], region=europe)
    # The theme and the region chosen, the count, one page of items (with regions), their themes,
    # the published weeks; the two selects' options.
    assert count() == small == 8
