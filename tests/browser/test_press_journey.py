"""A visitor reads the press review on a phone: from the main navigation, in Spanish, keeps the
French articles only, and goes on to subscribe to the weekly digest. axe-core on every page."""

import datetime
import re

import pytest

from newsletter.models import PressItem
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"axe found serious/critical violations on {page.url}: {violations}"


def test_visitor_reads_the_press_review_in_one_language_and_finds_the_weekly_digest(phone_page):
    for n, language in enumerate(["fr", "en", "fr"]):
        PressItem.objects.create(
            title=f"Article {n} ({language})",
            source="Le Quotidien agricole",
            url=f"https://press.example.net/{n}",
            published_on=datetime.date(2026, 11, 1 + n),
            language=language,
            summary_en=f"Summary {n}.",
            summary_es=f"Resumen {n}.",
        )
    page = phone_page
    page.goto(page.base + "/es/newsletter/press/")
    assert page.get_by_role("heading", level=1).inner_text() == "Revista de prensa"
    assert "Resumen 2." in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Idioma de los artículos").select_option("fr")
    page.get_by_role("search", name="Filtrar la revista de prensa").get_by_role("button").click()
    page.wait_for_url(re.compile(r"language=fr"))
    main = page.locator("main").inner_text()
    assert "Article 0 (fr)" in main and "Article 2 (fr)" in main and "Article 1 (en)" not in main
    assert "2 artículos" in main
    assert_accessible(page)

    page.get_by_role("link", name="Recibir la revista de prensa cada semana").click()
    page.wait_for_url(re.compile(r"/es/newsletter/subscribe/"))
    assert page.get_by_label("Envíenme también la revista de prensa semanal").is_visible()
    assert_accessible(page)


def test_a_correspondent_adds_an_article_for_their_region_and_cannot_add_it_twice(browser_page):
    from partners.models import RegionalCorrespondent
    from portal import roles
    from portal.models import Region
    from tests.browser.test_call_journey import login_as
    from tests.factories import UserFactory

    correspondent = UserFactory(email="kiri@example.org", role=roles.CORRESPONDENT)
    RegionalCorrespondent.objects.create(user=correspondent, region=Region.objects.get(code="oceania"))
    page = browser_page
    login_as(page, correspondent)
    page.goto(page.base + "/en/newsletter/press/")
    assert_accessible(page)
    page.get_by_role("link", name="Add an article").click()
    page.wait_for_url(re.compile(r"/en/newsletter/press/add/"))
    assert_accessible(page)

    def fill(url, title):
        page.get_by_label("Address of the article").fill(url)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Outlet").fill("Radio New Zealand")
        page.get_by_label("Publication date").fill("2026-11-20")
        page.get_by_label("Language of the article").select_option("en")
        page.get_by_label("Short summary").fill("Farmers in Canterbury measure their soil carbon.")
        page.get_by_label("Agroforestry").check()
        page.get_by_role("button", name="Add the article").click()

    fill("https://www.rnz.co.nz/news/country/soil-carbon", "Soil carbon on Canterbury farms")
    page.wait_for_url(re.compile(r"/en/newsletter/press/$"))
    main = page.locator("main").inner_text()
    assert "Soil carbon on Canterbury farms" in main and "Oceania" in main
    assert_accessible(page)

    page.get_by_role("link", name="Add an article").click()
    fill("http://rnz.co.nz/news/country/soil-carbon/?utm_source=twitter", "The same article again")
    error = page.get_by_text("This article is already in the press review")
    assert "“Soil carbon on Canterbury farms” (Radio New Zealand, 2026-11-20)" in error.inner_text()
    assert page.get_by_label("Title").input_value() == "The same article again"  # nothing typed is lost
    assert_accessible(page)
    assert PressItem.objects.count() == 1


def test_a_correspondent_adds_an_article_on_a_phone_in_french_from_the_desk(phone_page, tmp_path):
    from partners.models import RegionalCorrespondent
    from portal import roles
    from portal.models import AuditEvent, Region
    from tests.browser.test_call_journey import login_as
    from tests.factories import UserFactory

    correspondent = UserFactory(email="awa@example.org", role=roles.CORRESPONDENT, language="fr")
    RegionalCorrespondent.objects.create(user=correspondent, region=Region.objects.get(code="sub-saharan-africa"))
    page = phone_page
    login_as(page, correspondent)
    page.goto(page.base + "/fr/my/")
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un article à la revue de presse").click()
    page.wait_for_url(re.compile(r"/fr/newsletter/press/add/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_label("Adresse de l’article").fill("https://www.lesoleil.sn/agriculture/zai-fertilite")
    page.get_by_label("Titre").fill("Le zaï rend la fertilité aux champs de Kaffrine")
    page.get_by_label("Média").fill("Le Soleil")
    page.get_by_label("Date de publication").fill("2026-11-24")
    page.get_by_label("Langue de l’article").select_option("fr")
    page.get_by_label("Résumé court").fill("Des producteurs creusent des poquets de zaï et mesurent le carbone du sol.")
    page.get_by_label("Agroforesterie").check()
    page.screenshot(path=str(tmp_path / "phone-fr-press-add.png"), full_page=True)
    page.get_by_role("button", name="Ajouter l’article").click()
    page.wait_for_url(re.compile(r"/fr/newsletter/press/$"))
    main = page.locator("main").inner_text()
    assert "Le zaï rend la fertilité aux champs de Kaffrine" in main and "Afrique subsaharienne" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    item = PressItem.objects.get()
    assert (item.source, item.language, item.region.code) == ("Le Soleil", "fr", "sub-saharan-africa")
    assert item.summary_fr.startswith("Des producteurs creusent")  # the page's language, not changed by hand
    assert AuditEvent.objects.get(verb="press_item.added").actor == correspondent
