"""A URL already in the press review is refused, with a message naming the earlier entry, even when
it differs only by scheme, "www.", a trailing slash or tracking parameters."""

import datetime

import pytest

from newsletter.models import PressItem, article_key

pytestmark = pytest.mark.django_db


def _form(url):
    return {
        "title": "Les sols, puits de carbone",
        "source": "Le Monde",
        "url": url,
        "published_on": "2026-11-20",
        "language": "fr",
        "summary_en": "Soils as carbon sinks.",
        "summary_fr": "Les sols comme puits de carbone.",
        "summary_es": "Los suelos como sumideros de carbono.",
        "added_0": "2026-11-25",
        "added_1": "10:00:00",
    }


@pytest.mark.parametrize(
    "again",
    [
        "https://www.lemonde.fr/planete/article/sols.html",
        "http://lemonde.fr/planete/article/sols.html/",
        "https://www.lemonde.fr/planete/article/sols.html?utm_source=newsletter&utm_medium=mail#top",
    ],
)
def test_the_same_article_cannot_be_added_twice(client_for, again):
    PressItem.objects.create(
        title="Le sol, allié du climat",
        source="Le Monde",
        url="https://www.lemonde.fr/planete/article/sols.html",
        published_on=datetime.date(2026, 11, 18),
        language="fr",
        summary="Le sol stocke du carbone.",
    )
    secretariat = client_for("secretariat")

    page = secretariat.post("/django-admin/newsletter/pressitem/add/", _form(again)).content.decode()

    assert "This article is already in the press review: “Le sol, allié du climat” (Le Monde, 2026-11-18)" in page
    assert PressItem.objects.count() == 1


def test_another_article_of_the_same_site_is_accepted(client_for):
    PressItem.objects.create(
        title="Le sol, allié du climat",
        source="Le Monde",
        url="https://www.lemonde.fr/planete/article/sols.html",
        published_on=datetime.date(2026, 11, 18),
        language="fr",
        summary="Le sol stocke du carbone.",
    )
    response = client_for("secretariat").post(
        "/django-admin/newsletter/pressitem/add/", _form("https://www.lemonde.fr/planete/article/forets.html?id=2")
    )
    assert response.status_code == 302
    assert PressItem.objects.filter(url="https://www.lemonde.fr/planete/article/forets.html?id=2").exists()


def test_article_key_keeps_the_parameters_that_name_the_article():
    assert article_key("https://News.example.org/read?id=7&utm_campaign=x") == "news.example.org/read?id=7"
