"""The CMS page types: the tree rules, every type rendered in every language from the demo data, the
taxonomy, the navigation and the footer, page weight."""

import pytest
from django.conf import settings
from wagtail.models import Page

from portal import pages as cms
from portal.models import HomePage, NewsIndexPage, NewsPage, Objective, StandardPage

PAGE_TYPES = [
    cms.SuccessStoryPage,
    cms.PracticalSheetPage,
    cms.KeyFiguresPage,
    cms.TrainingCoursePage,
    cms.AboutPage,
    cms.ContactPage,
    cms.LegalPage,
    cms.PressReleaseIndexPage,
    cms.PressReleasePage,
    cms.PressKitPage,
    cms.EventIndexPage,
    cms.EventPage,
    NewsIndexPage,
    NewsPage,
    HomePage,
]


@pytest.fixture
def demo(cms_pages):
    """The demo's CMS pages, built once for this module (tests/conftest.py)."""


def test_tree_rules_keep_each_page_in_its_place(db):  # the rules read content types
    assert cms.EventPage.can_create_at(cms.EventIndexPage()) and not cms.EventPage.can_create_at(HomePage())
    assert set(cms.EventIndexPage.allowed_subpage_models()) == {cms.EventPage}
    assert set(NewsIndexPage.allowed_subpage_models()) == {NewsPage, cms.SuccessStoryPage}
    assert set(cms.PressReleaseIndexPage.allowed_subpage_models()) == {cms.PressReleasePage}
    assert not cms.PressReleasePage.can_create_at(HomePage())
    assert cms.ContactPage.allowed_subpage_models() == [] and cms.LegalPage.allowed_subpage_models() == []
    assert StandardPage in cms.AboutPage.allowed_subpage_models()
    for model in (cms.EventIndexPage, cms.ContactPage, cms.AboutPage, cms.PressKitPage, cms.LegalPage):
        assert model in HomePage.allowed_subpage_models()
    assert not NewsPage.can_create_at(HomePage())


def test_objectives_are_the_roadmap_codes_translated(db):
    a6 = Objective.objects.get(code="a6")
    assert a6.label_en == "A6 · Research orientations and scientific cooperation"
    assert a6.label_fr.startswith("A6 · ") and a6.label_es.startswith("A6 · ")
    assert {"a2", "b3", "c1", "d2", "e3", "f3"} <= set(Objective.objects.values_list("code", flat=True))


def test_demo_creates_every_page_type_live_in_every_language(demo):
    for model in PAGE_TYPES:
        for code, _name in settings.LANGUAGES:
            assert model.objects.live().filter(locale__language_code=code).exists(), (model.__name__, code)


def test_demo_leaves_one_news_item_as_an_untranslated_alias(demo):
    source = NewsPage.objects.get(slug="news-alias", locale__language_code="en")
    aliases = Page.objects.filter(translation_key=source.translation_key).exclude(pk=source.pk)
    assert aliases.count() == len(settings.LANGUAGES) - 1
    assert all(page.alias_of_id == source.pk for page in aliases)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_each_page_type_renders_in_each_language(client, demo, model):
    for code, _name in settings.LANGUAGES:
        page = model.objects.live().filter(locale__language_code=code).exclude(alias_of__isnull=False).first()
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200, (model.__name__, code)
        assert f'<html lang="{code}">' in html
        assert page.title.replace("'", "&#x27;") in html


def test_news_item_shows_lead_image_caption_credit_author_and_taxonomy(client, demo):
    page = NewsPage.objects.get(slug="couverts-sahel")
    html = client.get(page.url).content.decode()
    assert "<picture>" in html and "srcset=" in html
    assert "Un champ de mil sous couvert végétal" in html and "© 4 per 1000 / Demo" in html
    assert "par Aminata Diallo" in html
    assert "Couverts végétaux" in html and "Afrique subsaharienne" in html
    assert "D2 · Réunions et forums régionaux" in html


def test_press_kit_offers_its_document_key_messages_and_contacts(client, demo):
    html = client.get(cms.PressKitPage.objects.get(locale__language_code="es").url).content.decode()
    assert "Dossier de prensa (PDF)" in html and "download" in html and ".pdf" in html
    assert "Los suelos almacenan carbono" in html
    assert "press@4p1000.invalid" in html


def test_navigation_and_footer_lead_to_the_site_sections(client, demo):
    html = client.get("/fr/").content.decode()
    for href in (
        "/fr/actualites/",
        "/fr/evenements/",
        "/fr/initiatives/",
        "/fr/communiques/",
        "/fr/dossier-de-presse/",
        "/fr/partners/join/",
        "/fr/a-propos/",
        "/fr/contact/",
        "/fr/confidentialite/",
        "/fr/mentions-legales/",
    ):
        assert f'href="{href}"' in html, href


def test_url_contract_slugs_of_the_english_tree(client, demo):
    for path in ("/en/news/", "/en/events/", "/en/about/", "/en/contact/", "/en/privacy/", "/en/legal/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/en/", "/fr/couverts-sahel/"])
def test_home_and_news_item_weigh_under_100_kb_without_images(client, demo, path):
    from django.contrib.staticfiles import finders

    if path != "/en/":
        path = NewsPage.objects.get(slug="couverts-sahel").url
    html = client.get(path).content
    css = open(finders.find("css/portal.css"), "rb").read()
    total = len(html) + len(css)
    assert total < 100 * 1024, total
