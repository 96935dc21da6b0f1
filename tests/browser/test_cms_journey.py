"""CMS pages in a browser: body images never make a phone page scroll sideways; an event created in
Dakar's time zone shows the right local time to a visitor in Paris, and its .ics imports with the
same instants; an editor writes a French news item that the Secretariat approves, readers of the other
languages see its alias, and its Spanish translation is published from wagtail-localize's editor."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import axe_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/cms-screenshots")


def _widths(page):
    return page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            images: [...document.querySelectorAll('main img')].map(i => Math.ceil(i.getBoundingClientRect().width)),
            loaded: [...document.querySelectorAll('main img')].map(i => i.naturalWidth),
        })"""
    )


def test_images_fit_a_360_px_phone(phone_page):
    from portal.demo import seed_pages
    from portal.demo_cms import demo_image
    from portal.models import HomePage, NewsPage, StandardPage

    seed_pages(1, None)
    home = HomePage.objects.get(locale__language_code="en")
    standard = home.add_child(
        instance=StandardPage(
            title="Soils in pictures",
            slug="pictures",
            body=[
                {
                    "type": "image",
                    "value": {
                        "image": demo_image().pk,
                        "caption": "Millet and cowpea",
                        "credit": "Demo",
                        "alt": "A green field",
                    },
                },
                {"type": "quote", "value": {"quote": "Keep the soil covered.", "author": "A farmer", "role": ""}},
            ],
        )
    )
    standard.save_revision().publish()
    page = phone_page
    SHOTS.mkdir(exist_ok=True)
    for path in (NewsPage.objects.get(slug="couverts-sahel").url, "/en/pictures/"):
        page.goto(page.base + path)
        loaded = "() => [...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth)"
        wait_until(page, loaded, timeout=45)
        sizes = _widths(page)
        assert sizes["images"], path
        assert sizes["page"] <= 360, (path, sizes)
        assert all(width <= 360 for width in sizes["images"]), (path, sizes)
        # The browser picked a small rendition from the srcset, not the 1600 px original.
        assert all(width <= 1200 for width in sizes["loaded"]), (path, sizes)
        page.screenshot(path=str(SHOTS / (path.strip("/").replace("/", "_") + ".png")), full_page=True)
        assert axe_violations(page) == [], path


def test_paris_visitor_sees_a_dakar_event_in_both_zones_and_imports_its_ics(chromium, live_server, tmp_path):
    from portal.demo import seed_pages
    from portal.pages import EventIndexPage, EventPage

    seed_pages(1, None)
    dakar = ZoneInfo("Africa/Dakar")
    start = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=dakar)
    index = EventIndexPage.objects.get(locale__language_code="en")
    event = index.add_child(
        instance=EventPage(
            title="Sahel soils workshop",
            slug="sahel-workshop",
            summary="In Dakar.",
            start=start,
            end=start + datetime.timedelta(hours=3),
            time_zone="Africa/Dakar",
            venue="Dakar",
        )
    )
    event.save_revision().publish()
    context = chromium.new_context(
        viewport={"width": 1024, "height": 800}, timezone_id="Europe/Paris", locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/en/events/")
    page.get_by_role("link", name="Sahel soils workshop").click()
    page.wait_for_url(re.compile(r"/en/events/sahel-workshop/"))
    when = page.locator(".when").inner_text()
    assert "9 a.m." in when and "Africa/Dakar" in when
    assert "9 a.m." in page.locator(".when-utc").inner_text()
    local = page.locator(".when-local")
    local.wait_for(state="visible")
    # Paris is one hour ahead of Dakar in January: the visitor's own clock says 10:00.
    assert "10:00" in local.inner_text() and "Europe/Paris" in local.inner_text()
    page.screenshot(path=str(SHOTS / "event-dakar-seen-from-paris.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    target = tmp_path / "event.ics"
    download.value.save_as(target)
    (vevent,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert vevent.decoded("dtstart") == start
    assert vevent.decoded("dtstart").astimezone(ZoneInfo("Europe/Paris")).hour == 10
    assert vevent["dtstart"].params["TZID"] == "Africa/Dakar"
    context.close()


def _tab(chromium, base, locale):
    """Another person's desktop browser on the live server, with the same axe bookkeeping as browser_page."""
    from tests.conftest import _only_the_live_server, _record_pages

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    _only_the_live_server(context, base)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = base
    _record_pages(page)
    return page


def _sign_in(page, email, totp=False):
    """From the CMS address to the portal's sign-in page (allauth), and back to the CMS dashboard."""
    from tests.browser.test_journeys import assert_accessible
    from tests.factories import PASSWORD, totp_code_to_type

    page.goto(page.base + "/cms/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        assert_accessible(page)
        page.get_by_label("Code").fill(totp_code_to_type())
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/cms/$"))


def _lead_image(path):
    from PIL import Image

    Image.new("RGB", (800, 450), (94, 140, 60)).save(path)
    return path


def _hreflangs(page):
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate][hreflang]')]"
        ".map(l => [l.hreflang, new URL(l.href).pathname]))"
    )


def test_editor_writes_in_french_moderator_approves_visitors_see_aliases_then_spanish_is_published(
    browser_page, chromium, tmp_path
):
    from django.contrib.auth.models import Group

    from portal import roles
    from portal.demo import seed_pages
    from portal.models import NewsIndexPage, NewsPage
    from tests.browser.test_journeys import assert_accessible
    from tests.factories import UserFactory

    seed_pages(1, None)
    editor = UserFactory(email="redactrice@example.org", language="en", first_name="Aminata", last_name="Sow")
    editor.groups.add(Group.objects.get(name="Editors"))
    UserFactory(email="moderatrice@example.org", language="en", role=roles.SECRETARIAT)
    french_index = NewsIndexPage.objects.get(locale__language_code="fr")
    SHOTS.mkdir(exist_ok=True)
    page = browser_page
    tabs = []

    def shot(tab, name):
        tab.screenshot(path=str(SHOTS / f"translate-{name}.png"), full_page=True)

    try:
        # The editor writes a French news item in the CMS.
        _sign_in(page, "redactrice@example.org")
        page.goto(f"{page.base}/cms/pages/{french_index.pk}/")
        page.get_by_role("link", name="Add child page").first.click()
        page.get_by_role("link", name=re.compile(r"^News item")).click()
        page.wait_for_url(re.compile(r"/cms/pages/add/portal/newspage/"))
        page.wait_for_load_state("networkidle")
        page.locator("#id_title").fill("Des haies pour garder les sols du Sine")
        page.get_by_role("tab", name="Promote").click()
        page.locator("#id_slug").fill("haies-sine")
        page.get_by_role("tab", name="Content").click()
        page.locator("#id_date").fill(datetime.date.today().isoformat())
        page.locator("#id_summary").fill("Au Sénégal, des villages plantent des haies contre l’érosion.")
        page.locator("[data-contentpath=body] [contenteditable=true]").click()
        page.keyboard.type("Les haies brisent le vent et gardent la terre fertile.")
        page.get_by_role("button", name="Choose an image").click()
        modal = page.locator(".modal-content")
        modal.get_by_role("tab", name="Upload").click()
        modal.get_by_label("Title").fill("Haie de gliricidia")
        modal.locator("input[type=file]").set_input_files(str(_lead_image(tmp_path / "haie.png")))
        modal.get_by_role("button", name="Upload").click()
        page.locator("[data-contentpath=lead_image]").get_by_text("Haie de gliricidia").wait_for()
        shot(page, "1-editor-form")
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Submit to Moderators approval").click()
        page.wait_for_url(re.compile(rf"/cms/pages/{french_index.pk}/$"))
        # Created by the submit itself: no autosave made it before (WAGTAIL_AUTOSAVE_INTERVAL = 0, whose
        # race with this click was a server error).
        assert "created and submitted for moderation" in page.locator(".messages").inner_text()
        french = NewsPage.objects.get(locale__language_code="fr", title="Des haies pour garder les sols du Sine")
        assert french.live is False and french.lead_image.title == "Haie de gliricidia"
        assert french.current_workflow_task.name == "Moderators approval"

        # A moderator of the Secretariat (with her TOTP code) approves it from her dashboard.
        moderator = _tab(chromium, page.base, "en-GB")
        tabs.append(moderator)
        _sign_in(moderator, "moderatrice@example.org", totp=True)
        shot(moderator, "2-moderator-dashboard")
        review = moderator.get_by_role("row").filter(has_text="Des haies pour garder les sols du Sine")
        review.get_by_role("button", name="Actions").click()
        review.get_by_role("button", name="Approve", exact=True).click()
        shot(moderator, "3-approved")
        wait = datetime.datetime.now() + datetime.timedelta(seconds=10)
        while not NewsPage.objects.get(pk=french.pk).live and datetime.datetime.now() < wait:
            moderator.wait_for_timeout(200)
        french.refresh_from_db()
        assert french.live is True

        # English and Spanish visitors find the French text, with a notice in their own language.
        aliases = {p.locale.language_code: p for p in NewsPage.objects.filter(translation_key=french.translation_key)}
        assert aliases["en"].alias_of_id == french.pk and aliases["es"].alias_of_id == french.pk
        visitor = _tab(chromium, page.base, "es-ES")
        tabs.append(visitor)
        for code, notice in (
            ("en", "This page has not been translated yet"),
            ("es", "Esta página aún no ha sido traducida"),
        ):
            visitor.goto(page.base + aliases[code].url)
            assert notice in visitor.locator("main").inner_text(), code
            assert visitor.locator("html").get_attribute("lang") == code
            content = visitor.locator('main [lang="fr"]')
            assert "Des haies pour garder les sols du Sine" in content.inner_text(), code
            assert visitor.locator('main [lang="fr"] img').count() == 1, code
            assert_accessible(visitor)

        # The editor translates it into Spanish in wagtail-localize's editor.
        page.goto(f"{page.base}/cms/pages/{french.pk}/edit/")
        page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
        page.get_by_role("link", name="Translate this page").click()
        page.wait_for_url(re.compile(r"/cms/localize/submit/page/"))
        shot(page, "4-translate-form")
        page.get_by_label("Spanish").check()
        page.get_by_role("button", name="Submit").click()
        page.wait_for_url(re.compile(r"/cms/pages/\d+/edit/"))
        spanish = NewsPage.objects.get(pk=aliases["es"].pk)
        assert spanish.alias_of_id is None and spanish.live is False
        shot(page, "5-translation-editor")
        for source, target in (
            ("Des haies pour garder les sols du Sine", "Setos para proteger los suelos del Sine"),
            ("Au Sénégal, des villages plantent des haies contre l’érosion.", "En Senegal, aldeas plantan setos."),
            ("Les haies brisent le vent et gardent la terre fertile.", "Los setos frenan el viento."),
        ):
            segment = page.locator("li").filter(has_text=source).last
            segment.get_by_role("button", name="Translate").click()
            segment.locator("textarea").fill(target)
            segment.get_by_role("button", name="Save").click()
            segment.get_by_text(target).wait_for()
            segment.get_by_text("Translated manually").wait_for()  # saved, not "Saving..."
        shot(page, "6-translated")
        # Editors do not publish: the moderator publishes the Spanish page.
        moderator.goto(f"{page.base}/cms/pages/{spanish.pk}/edit/")
        publish = moderator.get_by_role("button", name="Publish in Spanish")
        if not publish.is_visible():
            moderator.get_by_role("button", name="More actions").click()
        publish.click()
        moderator.wait_for_url(re.compile(r"/cms/pages/"))
        spanish.refresh_from_db()
        assert spanish.live is True and spanish.title == "Setos para proteger los suelos del Sine"

        # The Spanish page, its alternates, the Spanish sitemap and feed; English is still an alias.
        visitor.goto(page.base + spanish.url)
        assert visitor.locator("html").get_attribute("lang") == "es"
        assert visitor.get_by_role("heading", level=1).inner_text() == "Setos para proteger los suelos del Sine"
        assert "aún no ha sido traducida" not in visitor.locator("main").inner_text()
        assert "Los setos frenan el viento." in visitor.locator("main").inner_text()
        assert visitor.locator('main [lang="fr"]').count() == 0
        assert _hreflangs(visitor) == {"es": spanish.url, "fr": french.url}
        assert_accessible(visitor)
        sitemap = visitor.request.get(page.base + "/sitemap-es.xml").text()
        assert re.search(rf"<loc>[^<]*{re.escape(spanish.url)}</loc>", sitemap), sitemap
        assert "Setos para proteger los suelos del Sine" in visitor.request.get(page.base + "/es/feeds/news.rss").text()
        visitor.goto(page.base + aliases["en"].url)
        assert "This page has not been translated yet" in visitor.locator("main").inner_text()
        assert_accessible(visitor)
        assert NewsPage.objects.get(pk=aliases["en"].pk).alias_of_id == french.pk
        assert aliases["en"].url not in visitor.request.get(page.base + "/sitemap-en.xml").text()
        assert "Des haies" not in visitor.request.get(page.base + "/en/feeds/news.rss").text()
    except Exception:
        for n, tab in enumerate([page, *tabs]):
            shot(tab, f"failure-{n}")
        raise
    finally:
        from tests.conftest import _assert_every_page_was_checked

        for tab in tabs:
            tab.context.close()
            _assert_every_page_was_checked(tab)
