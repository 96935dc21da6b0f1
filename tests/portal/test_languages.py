"""Prefixed URLs in three languages, the switcher that keeps the page, <html lang> and hreflang."""

import re

import pytest


@pytest.fixture
def pages(cms_pages):
    """The demo's CMS pages, built once for this module (tests/conftest.py)."""


def _alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))


def _switcher(html):
    nav = html.split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    return dict((code, href) for href, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav))


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/en/", "en", "Soils for food security and climate"),
        ("/fr/", "fr", "Les sols pour la sécurité alimentaire et le climat"),
        ("/es/", "es", "Suelos para la seguridad alimentaria y el clima"),
    ],
)
def test_each_language_has_its_home_page(client, pages, path, lang, title):
    html = client.get(path).content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html


def test_home_lists_the_latest_news_of_its_own_language(client, pages):
    html = client.get("/es/").content.decode()
    assert "Reunión regional en Dakar" in html
    assert "Regional meeting in Dakar" not in html


def test_switcher_and_hreflang_point_to_the_translation_of_the_same_page(client, pages):
    html = client.get("/fr/actualites/").content.decode()
    switcher = _switcher(html)
    assert switcher == {"en": "/en/news/", "fr": "/fr/actualites/", "es": "/es/noticias/"}
    alternates = _alternates(html)
    assert alternates["es"] == "http://testserver/es/noticias/"
    assert set(alternates) == {"en", "fr", "es"}
    assert 'aria-current="true">français</a>' in html


def test_switcher_keeps_a_django_page_under_the_other_prefix(client, role_users):
    client.force_login(role_users["applicant"])
    html = client.get("/es/my/").content.decode()
    assert _switcher(html) == {"en": "/en/my/", "fr": "/fr/my/", "es": "/es/my/"}


def test_root_redirects_to_the_visitors_language(client, pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_unknown_page_gets_the_portal_not_found_page_in_the_language(client, pages):
    response = client.get("/fr/nowhere-to-be-found/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page non trouvée</h1>" in html
    assert '<html lang="fr">' in html


def test_a_new_english_page_is_aliased_in_french_until_translated(client, pages):
    from wagtail_localize.synctree import create_aliases_for_new_page

    from portal.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="en")
    page = home.add_child(instance=StandardPage(title="Soil carbon explained", slug="soil-carbon", intro="Carbon 101"))
    create_aliases_for_new_page(page)  # what the CMS does after "create page"
    html = client.get("/fr/soil-carbon/").content.decode()
    assert "<h1>Soil carbon explained</h1>" in html
    assert '<html lang="fr">' in html
    # An alias is not a translation: the switcher leads to the English page it shows, and says that
    # Spanish has none (the Spanish alias is not offered as one).
    assert _switcher(html) == {"en": "/en/soil-carbon/", "fr": "/fr/", "es": "/es/"}
    assert "(aún no traducida)" in html
    assert '<div lang="en">' in html
