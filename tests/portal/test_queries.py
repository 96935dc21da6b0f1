"""The home page and the news index cost the same number of queries whatever the amount of news."""

import pytest

from portal.demo import seed_pages


def _count(client, path, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(path)
    return response.content.decode()


@pytest.mark.parametrize("scale", [1, 6])
def test_home_page_queries_do_not_grow_with_news(client, db, scale, django_assert_num_queries):
    seed_pages(scale, None)
    client.get("/fr/")  # warm Wagtail's site-root cache, as a running server has
    html = _count(client, "/fr/", django_assert_num_queries, 12)
    news, events = html.split('id="events-title"')
    assert news.count('class="card"') == 3
    assert events.count('class="card"') == min(3, 2 + scale - 1)


@pytest.mark.parametrize("scale", [1, 6])
def test_news_index_queries_do_not_grow_with_news(client, db, scale, django_assert_num_queries):
    seed_pages(scale, None)
    client.get("/es/noticias/")
    html = _count(client, "/es/noticias/", django_assert_num_queries, 13)
    news, stories = html.split('id="stories-title"')
    # the demo's news (three per scale unit) and the item with a lead image; the untranslated alias is
    # never listed (portal.localisation.listed); one story
    assert news.count('class="card"') == 3 * scale + 1
    assert stories.count('class="card"') == 1
