"""Issue 14, what was left: on a 360 px phone in Spanish the header is short and its menu folds behind a
button (and still works without JavaScript), wide tables scroll visibly or stack, the hotspot layer has a
legend and translated units; on a desktop in French a partner editor uploads a logo and renames the
organisation, and the secretariat sees both in the diff before they are published. axe-core on every
page. Screenshots go to $SCREENSHOTS (default: the test's tmp folder)."""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from PIL import Image as PILImage

from partners import demo as partners_demo
from portal import roles
from tests.browser.test_journeys import assert_accessible
from tests.conftest import CHROMIUM, wait_until
from tests.factories import PASSWORD, UserFactory
from tests.partners.factories import EditorFactory, OfficeFactory, OrganisationFactory
from tests.practices.factories import make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER_MAX_PX = 110  # was 245 px at 360 px wide before the menu folded


# Leaflet fades a popup in (0.2 s of opacity): a person reads it once it is opaque, and axe must too.
POPUP_OPAQUE = "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"


def _shot(page, tmp_path, name):
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def _header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def test_phone_menu_folds_tables_scroll_or_stack_and_hotspots_have_a_legend(phone_page, tmp_path):
    first = make_practice(
        slug="abonos-verdes",
        name_es="Abonos verdes antes del arroz",
        measurements=[
            {"site": "Casamance", "rate": "0.42", "duration_years": 6, "depth_to_cm": 30, "method": "paired"},
            {"site": "Thiès", "rate": "0.31", "duration_years": 4, "depth_to_cm": 20, "method": "chronosequence"},
        ],
    )
    second = make_practice(slug="pastoreo", name_es="Pastoreo rotativo en el Sahel", category="grazing-management")
    partners_demo.seed_hotspots(None)
    page = phone_page

    # The header: short, the menu behind one button that says whether it is open.
    page.goto(page.base + "/es/practices/")
    height = _header_height(page)
    assert height <= HEADER_MAX_PX, f"the header takes {height} px at 360 px"
    menu = page.get_by_role("button", name="Menú")
    assert menu.get_attribute("aria-expanded") == "false"
    practices_link = page.locator("#site-nav").get_by_role("link", name="Prácticas")
    assert not practices_link.is_visible()
    _shot(page, tmp_path, "phone-es-menu-closed")
    assert_accessible(page)
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and practices_link.is_visible()
    _shot(page, tmp_path, "phone-es-menu-open")
    assert_accessible(page)
    page.keyboard.press("Escape")  # closes, and the focus is back on the button
    assert menu.get_attribute("aria-expanded") == "false" and not practices_link.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")
    page.keyboard.press("Enter")  # the keyboard opens it again
    assert menu.get_attribute("aria-expanded") == "true"
    practices_link.click()
    page.wait_for_url(re.compile(r"/es/practices/$"))

    # Compare: two practices ticked on the list; the table says it scrolls and the second one is reached.
    page.get_by_role("checkbox", name="Comparar").nth(0).check()
    page.get_by_role("checkbox", name="Comparar").nth(1).check()
    page.get_by_role("button", name="Comparar las prácticas elegidas").click()
    page.wait_for_url(re.compile(r"/es/practices/compare/"))
    hint = page.get_by_text("deslícela hacia un lado")
    assert hint.is_visible()
    region = page.get_by_role("region", name="Comparar prácticas")
    assert page.evaluate(
        "(() => { const r = document.querySelector('.table-scroll'); return r.scrollWidth > r.clientWidth; })()"
    )
    names = {first.name_es, second.name_es}
    last = page.locator("table.compare thead th").last
    assert last.inner_text() in names
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the table scrolls, not the page
    _shot(page, tmp_path, "phone-es-compare-start")
    region.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    # The keyboard scrolls the table (smoothly): wait until it reached its right end.
    at_end = "(r => r.scrollLeft + r.clientWidth >= r.scrollWidth - 1)(document.querySelector('.table-scroll'))"
    wait_until(page, at_end)
    box = last.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 362 and box["x"] >= 0, box
    _shot(page, tmp_path, "phone-es-compare-scrolled")
    assert_accessible(page)

    # The sheet's results: one block per measurement, each value with its column's name.
    page.goto(page.base + "/es/practices/abonos-verdes/")
    rows = page.locator("table.stack-on-phone tbody tr")
    assert rows.count() == 2
    first_row = rows.first
    assert first_row.bounding_box()["width"] <= 360
    text = first_row.inner_text()
    assert "Casamance" in text and "0,42" in text  # the number as Spanish writes it
    labels = page.evaluate(
        "[...document.querySelectorAll('table.stack-on-phone tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels[:2] == ['"Sitio · "', '"Tasa (t C/ha/año) · "'], labels  # each value with its column's name
    assert (
        not page.locator("table.stack-on-phone thead").is_visible()
        or page.locator("table.stack-on-phone thead").bounding_box()["height"] <= 1
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    first_row.scroll_into_view_if_needed()
    _shot(page, tmp_path, "phone-es-results-stacked")
    assert_accessible(page)

    # The partner map's hotspot layer: a legend with the two kinds, the popup in Spanish units.
    page.goto(page.base + "/es/partners/map/")
    toggle = page.get_by_label(re.compile("Puntos críticos"))
    zoom = page.locator("#partner-map .leaflet-control-zoom").bounding_box()
    layers = page.locator("#partner-map .leaflet-control-layers").bounding_box()
    assert zoom["x"] + zoom["width"] <= layers["x"] or layers["y"] >= zoom["y"] + zoom["height"], (zoom, layers)
    toggle.check()
    wait_until(page, "document.querySelectorAll('path.leaflet-interactive').length === 5")
    legend = page.locator(".map-legend")
    assert "Potencial de secuestro" in legend.inner_text() and "Riesgo de pérdida" in legend.inner_text()
    page.locator("path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    wait_until(page, POPUP_OPAQUE)
    assert "t C/ha/año" in popup.inner_text() and "t C/ha/yr" not in popup.inner_text()
    _shot(page, tmp_path, "phone-es-hotspots")
    assert_accessible(page)


def test_without_javascript_the_menu_link_opens_the_menu(chromium, live_server, tmp_path):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    page.goto(live_server.url + "/es/practices/")
    _shot(page, tmp_path, "phone-es-nojs-menu-closed")
    assert _header_height(page) <= HEADER_MAX_PX
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    page.get_by_role("link", name="Menú").click()
    assert nav.is_visible() and nav.get_by_role("link", name="Prácticas").is_visible()
    _shot(page, tmp_path, "phone-es-nojs-menu")
    nav.get_by_role("link", name="Prácticas").click()
    page.wait_for_url(re.compile(r"/es/practices/$"))
    context.close()


def _png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 120), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _log_in_in_french(page, email):
    page.goto(page.base + "/fr/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r"/fr/my/$"))
    assert_accessible(page)


def _natural_size(image):
    """The width and height of the file the browser loaded for an <img>.

    It waits for the image to be decoded: read at once, a logo still on its way reports 0 × 0 (a CI run failed so
    on a loaded machine). A broken image rejects decode(), and the test fails with the browser's message.
    """
    return image.evaluate("async img => { await img.decode(); return [img.naturalWidth, img.naturalHeight]; }")


def test_editor_uploads_a_logo_and_renames_the_organisation_in_french(browser_page, tmp_path):
    org = OrganisationFactory(slug="afd", name="French Development Agency", acronym="AFD", description_en="Aid.")
    OfficeFactory(organisation=org, location=Point(2.37, 48.83, srid=4326))
    editor = UserFactory(email="afd-editor@example.org", role=roles.PARTNER_EDITOR, language="fr")
    EditorFactory(user=editor, organisation=org)
    UserFactory(email="afd-secretariat@example.org", role=roles.SECRETARIAT, language="fr")
    logo = tmp_path / "logo AFD officiel.png"
    logo.write_bytes(_png((0, 90, 160)))
    page = browser_page

    _log_in_in_french(page, "afd-editor@example.org")
    # On a desktop the menu is simply there: no menu button, no "close the menu" link.
    assert page.get_by_role("navigation", name="Principal").get_by_role("link", name="Pratiques").is_visible()
    assert not page.get_by_text("Fermer le menu").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    page.goto(page.base + "/fr/my/organisation/afd/")
    assert_accessible(page)
    page.get_by_label("Nom (français)").fill("Agence française de développement")
    page.get_by_label("Sigle").fill("AFD")
    page.get_by_label("Nouveau logo").set_input_files(str(logo))
    page.get_by_role("button", name="Soumettre pour validation").click()
    main = page.locator("main").inner_text()
    assert "attendent la validation du secrétariat" in main
    pending_logo = page.locator("figure.current-logo img")  # the pending logo, as a thumbnail
    assert _natural_size(pending_logo) == [160, 64]
    assert "Logo de vos modifications en attente" in page.locator("figure.current-logo").inner_text()
    _shot(page, tmp_path, "desktop-fr-editor-pending")
    assert_accessible(page)
    page.goto(page.base + "/fr/partners/afd/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("French Development Agency")
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    assert_accessible(page)

    # The secretariat signs in with a second factor (the English sign-in of the other journeys).
    from tests.browser.test_partners_journey import _log_in

    _log_in(page, "afd-secretariat@example.org", totp=True)
    page.goto(page.base + "/fr/partners/revisions/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("French Development Agency")).click()
    row = page.locator("table.diff tr", has_text="Nom (français)")
    assert "Agence française de développement" in row.inner_text() and "(modifié)" in row.inner_text()
    thumbnail = page.get_by_role("img", name="Logo proposé")
    assert thumbnail.is_visible()
    assert _natural_size(thumbnail) == [160, 64]  # a rendition, not the uploaded 300 × 120 file
    _shot(page, tmp_path, "desktop-fr-secretariat-diff")
    assert_accessible(page)
    page.get_by_role("button", name="Approuver et publier").click()
    page.wait_for_url(re.compile(r"/fr/partners/revisions/$"))
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.goto(page.base + "/fr/partners/afd/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Agence française de développement")
    shown = page.get_by_role("img", name=re.compile("Agence française de développement"))
    assert _natural_size(shown)[0] == 160
    _shot(page, tmp_path, "desktop-fr-public-sheet")
    assert_accessible(page)
    page.goto(page.base + "/en/partners/afd/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("French Development Agency")
    assert_accessible(page)
    page.goto(page.base + "/fr/partners/?q=Agence")
    assert "Agence française de développement" in page.locator("main").inner_text()
    assert_accessible(page)

    # The map shows the new name; no hotspot layer was imported here, and its legend says so.
    page.goto(page.base + "/fr/partners/map/")
    wait_until(page, "document.getElementById('map-count').textContent.length > 0")
    page.get_by_label(re.compile("Points chauds")).check()
    legend = page.locator(".map-legend")
    wait_until(page, "!!document.querySelector('.map-legend.is-empty')")
    assert "la couche est vide" in legend.inner_text()
    page.locator("#partner-map .office-icon").first.click()
    assert "Agence française de développement" in page.locator(".leaflet-popup-content").inner_text()
    wait_until(page, POPUP_OPAQUE)
    _shot(page, tmp_path, "desktop-fr-map-empty-hotspots")
    assert_accessible(page)


assert CHROMIUM  # the journeys run in Debian's chromium (tests/conftest.py)
