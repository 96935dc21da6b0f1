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
    html = _count(client, "/fr/", django_assert_num_queries, 10)
    assert html.count('class="card"') == 3


@pytest.mark.parametrize("scale", [1, 6])
def test_news_index_queries_do_not_grow_with_news(client, db, scale, django_assert_num_queries):
    seed_pages(scale, None)
    client.get("/es/noticias/")
    html = _count(client, "/es/noticias/", django_assert_num_queries, 11)
    assert html.count('class="card"') == 3 * scale
