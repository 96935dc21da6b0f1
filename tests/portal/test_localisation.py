"""The localisation rules of CMS pages (portal/localisation.py, base.html's <head>): translate then
publish, aliases, canonical links, hreflang and the language switcher."""

import datetime
import re

import pytest
from wagtail.models import Locale

from portal import roles
from portal.demo import seed_pages
from portal.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    seed_pages(1, None)
    return {code: Locale.objects.get(language_code=code) for code in ("en", "fr", "es")}


def _news(locale, title, slug):
    index = NewsIndexPage.objects.get(locale=locale)
    page = index.add_child(instance=NewsPage(title=title, slug=slug, date=datetime.date.today(), summary=title))
    page.save_revision().publish()
    return page


def _translate_in_admin(client, page, locale):
    """What the secretariat does: the "Translate this page" form of wagtail-localize."""
    client.force_login(UserFactory(role=roles.SECRETARIAT))
    response = client.post(f"/cms/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})
    assert response.status_code == 302
    return NewsPage.objects.get(translation_key=page.translation_key, locale=locale)


def _head(response):
    html = response.content.decode()
    return html[: html.index("</head>")]


def test_translate_this_page_makes_a_draft_that_goes_live_only_when_published(client, tree):
    french = _news(tree["fr"], "Journée mondiale des sols", "journee-des-sols")

    english = _translate_in_admin(client, french, tree["en"])

    assert english.live is False
    anonymous = client.__class__()
    assert "Journée mondiale des sols" not in anonymous.get("/en/").content.decode()
    assert anonymous.get(english.url_path.replace("/home/", "/en/", 1)).status_code == 404

    english.title = "World Soil Day"
    english.summary = "Soils feed the world."
    english.save_revision().publish()

    home = anonymous.get("/en/").content.decode()
    assert "World Soil Day" in home
    assert "Journée mondiale des sols" not in home


def test_an_alias_says_it_is_not_translated_and_points_its_canonical_at_the_source(client, tree):
    english = _news(tree["en"], "Soil carbon in the Sahel", "soil-carbon-sahel")
    alias = english.copy_for_translation(tree["fr"], alias=True)

    response = client.get(alias.get_url(), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    head = _head(response)

    assert "Cette page n’a pas encore été traduite" in html
    assert re.search(r'<div lang="en">\s*<article>\s*<h1>Soil carbon in the Sahel</h1>', html)
    assert f'<link rel="canonical" href="http://testserver{english.get_url()}">' in head
    hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', head))
    assert hreflangs == {"en": f"http://testserver{english.get_url()}"}
    # The switcher: English leads to the source; Spanish has no page and says so, in Spanish.
    assert f'<a href="{english.get_url()}" hreflang="en">English</a></li>' in html
    assert '<a href="/es/" hreflang="es">español</a> <small class="lang-missing">(aún no traducida)</small>' in html
    # Aliases are not news of the French site.
    assert "Soil carbon in the Sahel" not in client.get("/fr/").content.decode()


def test_a_translated_page_lists_its_live_translations_and_has_its_own_canonical(client, tree):
    english = _news(tree["en"], "Forum in Rome", "forum-rome")
    french = english.copy_for_translation(tree["fr"]).specific
    french.title = "Forum à Rome"
    french.save_revision().publish()
    spanish = english.copy_for_translation(tree["es"]).specific  # a draft translation
    spanish.title = "Foro en Roma"
    spanish.save_revision()

    head = _head(client.get(french.get_url()))

    assert f'<link rel="canonical" href="http://testserver{french.get_url()}">' in head
    hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', head))
    assert hreflangs == {
        "en": f"http://testserver{english.get_url()}",
        "fr": f"http://testserver{french.get_url()}",
    }
    assert "Cette page n’a pas encore été traduite" not in client.get(french.get_url()).content.decode()


def test_every_page_has_a_canonical_link_and_share_cards_with_an_image(client, tree):
    for url in ("/en/", "/fr/", "/en/accounts/login/"):
        head = _head(client.get(url))
        assert re.search(r'<link rel="canonical" href="http://testserver/\w\w/', head), url
        assert '<meta property="og:image" content="http://testserver/static/img/share-default.png">' in head
        assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert '<meta property="og:title" content="Les sols pour la sécurité alimentaire et le climat">' in _head(
        client.get("/fr/")
    )
