"""The site search in a real browser, reached from the menu as a visitor reaches it: on a 360 px phone in
Spanish (type a word, narrow to one type, filter events, open a result) and on a desktop, where a member of
the research college finds the college's knowledge page that a visitor's same search does not show."""

import io
import re
from pathlib import Path

import pytest

from portal import roles
from portal.choices import College
from tests.browser.test_journeys import assert_accessible
from tests.browser.test_partners_journey import _log_in, _log_out
from tests.factories import UserFactory
from tests.partners.factories import EditorFactory, OrganisationFactory
from tests.practices.factories import make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/search-screenshots")


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _results(page, heading):
    """The titles listed under the result section whose heading starts with ``heading``."""
    section = page.locator("section.search-results", has=page.get_by_role("heading", name=re.compile("^" + heading)))
    return section.locator("li > a").all_inner_texts()


def test_a_visitor_on_a_phone_searches_in_spanish_narrows_to_events_and_opens_one(phone_page):
    from portal.demo import seed_pages

    seed_pages(1, None)
    make_practice(name_es="Acolchado que protege el suelo", name_en="Mulch that shields the soil")
    page = phone_page

    page.goto(page.base + "/es/")
    assert_accessible(page)
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Buscar").click()
    page.wait_for_url(re.compile(r"/es/search/$"))
    assert_accessible(page)
    page.get_by_label("Palabras que buscar").fill("suelo")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(re.compile(r"/es/search/\?q=suelo"))
    assert page.get_by_role("heading", level=1).inner_text() == "Buscar"
    # "suelo" is stemmed: the events whose summary says "suelos" are found, and the practice sheet.
    assert "Acolchado que protege el suelo" in _results(page, "Prácticas")
    events = _results(page, "Eventos")
    assert "Seminario web: medir el carbono del suelo" in events and "Reunión del Consorcio en Lima" in events
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "phone-es-everything")
    assert_accessible(page)

    # One type only, then the events still to come in Europe.
    page.get_by_role("navigation", name="Tipos de resultado").get_by_role("link", name="Eventos").click()
    page.wait_for_url(re.compile(r"type=events"))
    assert (
        page.get_by_role("navigation", name="Tipos de resultado").get_by_text("Eventos").get_attribute("aria-current")
    )
    assert not _results(page, "Prácticas")
    page.get_by_label("Cuándo").select_option(label="Próximos")
    page.get_by_label("Región").select_option(label="Europa")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(re.compile(r"when=upcoming"))
    assert _results(page, "Eventos") == ["Seminario web: medir el carbono del suelo"]
    assert "(1 resultado)" in page.get_by_role("heading", name=re.compile("^Eventos")).inner_text()
    # What was chosen stays chosen.
    assert page.get_by_label("Palabras que buscar").input_value() == "suelo"
    assert page.get_by_label("Región").input_value() == "europe"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "phone-es-events-filtered")
    assert_accessible(page)

    page.get_by_role("link", name="Seminario web: medir el carbono del suelo").click()
    page.wait_for_url(re.compile(r"/es/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Seminario web: medir el carbono del suelo"
    assert_accessible(page)


def test_a_college_member_finds_the_college_page_a_visitor_does_not(browser_page):
    from knowledge import demo as knowledge_demo
    from portal.demo import seed_pages

    seed_pages(1, None)
    knowledge_demo.seed(1, io.StringIO())
    member = UserFactory(email="soil-researcher@example.org", role=roles.PARTNER_EDITOR)
    EditorFactory(user=member, organisation=OrganisationFactory(name="Soil Institute", college=College.RESEARCH))
    page = browser_page
    title = "Plan of action of the research college (draft)"

    page.goto(page.base + "/en/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words to look for").fill("plan of action")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/en/search/\?q=plan"))
    assert title not in _results(page, "Pages and news")
    assert "(0 results)" in page.get_by_role("heading", name=re.compile("^Pages and news")).inner_text()
    assert_accessible(page)

    _log_in(page, "soil-researcher@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words to look for").fill("plan of action")
    page.get_by_label("Pages and news").check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"type=pages"))
    assert _results(page, "Pages and news") == [title]
    _shot(page, "desktop-en-member")
    assert_accessible(page)
    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/en/knowledge/research-plan-of-action/$"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert_accessible(page)
    _log_out(page)
