"""The localisation rules of CMS pages (portal/localisation.py, base.html's <head>): translate then
publish, aliases, canonical links, hreflang and the language switcher."""

import datetime
import re

import pytest
from wagtail.models import Locale

from portal import roles
from portal.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cms_pages):
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


def _created_in_admin(page):
    """What Wagtail's "Add page" view does after saving a new page: the ``after_create_page`` hooks
    (wagtail-localize's locale sync, the portal's aliases in every language)."""
    from django.test import RequestFactory
    from wagtail import hooks

    request = RequestFactory().post("/cms/")
    for hook in hooks.get_hooks("after_create_page"):
        hook(request, page)
    return page


def test_a_page_written_in_french_is_shown_untranslated_in_english_and_spanish(client, tree):
    index = NewsIndexPage.objects.get(locale=tree["fr"])
    french = index.add_child(
        instance=NewsPage(
            title="Les haies du Sénégal", slug="haies", date=datetime.date.today(), summary="Haies", live=False
        )
    )
    french.save_revision()
    _created_in_admin(french)

    aliases = {p.locale.language_code: p for p in NewsPage.objects.filter(translation_key=french.translation_key)}
    assert set(aliases) == {"fr", "en", "es"}
    assert aliases["en"].alias_of_id == french.pk and aliases["es"].alias_of_id == french.pk
    assert client.get(aliases["es"].get_url()).status_code == 404  # a draft's alias

    french.refresh_from_db()
    french.get_latest_revision().publish()  # the moderator approves

    for code, notice in (("en", "This page has not been translated yet"), ("es", "Esta página aún no ha sido")):
        alias = NewsPage.objects.get(pk=aliases[code].pk)
        response = client.get(alias.get_url())
        html = response.content.decode()
        assert response.status_code == 200, code
        assert notice in html, code
        assert re.search(r'<div lang="fr">\s*<article>\s*<h1>Les haies du Sénégal</h1>', html), code
    assert "Les haies du Sénégal" not in client.get("/es/feeds/news.rss").content.decode()


def test_translating_over_an_alias_keeps_the_translation_a_draft_until_it_is_published(
    client, tree, django_capture_on_commit_callbacks
):
    french = _news(tree["fr"], "Les haies du Sénégal", "haies")
    _created_in_admin(french)
    spanish_alias = NewsPage.objects.get(translation_key=french.translation_key, locale=tree["es"])
    url = spanish_alias.get_url()
    assert client.get(url).status_code == 200  # the alias, with its notice

    with django_capture_on_commit_callbacks(execute=True):  # what happens once the request commits
        spanish = _translate_in_admin(client, french, tree["es"])
    spanish.refresh_from_db()

    assert spanish.pk == spanish_alias.pk and spanish.alias_of_id is None
    assert spanish.live is False  # not the French text under lang="es"
    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 404
    for listing in ("/es/feeds/news.rss", "/sitemap-es.xml", "/es/noticias/"):
        assert "Les haies du Sénégal" not in anonymous.get(listing).content.decode(), listing
        assert "/haies/" not in anonymous.get(listing).content.decode(), listing

    spanish.title = "Los setos de Senegal"
    spanish.save_revision().publish()

    html = anonymous.get(url).content.decode()
    assert "<h1>Los setos de Senegal</h1>" in html and "aún no ha sido traducida" not in html
    assert "Los setos de Senegal" in anonymous.get("/es/feeds/news.rss").content.decode()
    assert f"http://testserver{url}" in anonymous.get("/sitemap-es.xml").content.decode()
    english = NewsPage.objects.get(translation_key=french.translation_key, locale=tree["en"])
    assert english.alias_of_id == french.pk
    assert "haies" not in anonymous.get("/sitemap-en.xml").content.decode()
