"""Partner editor changes the sheet and moves the office; the secretariat approves; the public sheet and
the map show the change in English and French. axe-core runs on every page of the journey."""

import json
import re

import pytest
from django.contrib.gis.geos import Point

from portal import roles
from tests.browser.test_journeys import assert_accessible
from tests.conftest import wait_until
from tests.factories import PASSWORD, UserFactory, totp_code_to_type
from tests.partners.factories import EditorFactory, OfficeFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, email, totp=False):
    page.goto(page.base + "/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url(re.compile(r"/en/accounts/2fa/authenticate/"))
        assert_accessible(page)
        page.get_by_label("Code").fill(totp_code_to_type())
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/en/my/$"))
    assert_accessible(page)


def _log_out(page):
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_editor_edits_secretariat_approves_public_sees_it(browser_page):
    org = OrganisationFactory(
        slug="terra-lab", name="Terra Lab", description_en="Old English text.", description_fr="Ancien texte."
    )
    OfficeFactory(organisation=org, location=Point(2.0, 48.0, srid=4326))
    editor = UserFactory(email="terra-editor@example.org", role=roles.PARTNER_EDITOR)
    EditorFactory(user=editor, organisation=org)
    UserFactory(email="terra-secretariat@example.org", role=roles.SECRETARIAT)
    page = browser_page

    _log_in(page, "terra-editor@example.org")
    page.goto(page.base + "/en/my/organisation/")
    page.wait_for_url(re.compile(r"/en/my/organisation/terra-lab/$"))
    assert_accessible(page)
    page.get_by_label("Description (English)").fill("Terra Lab restores grasslands in the Massif Central.")
    page.get_by_label("Description (French)").fill("Terra Lab restaure les prairies du Massif central.")
    # The office's point is typed as GeoJSON into its visible field (the map writes into the same field:
    # tests/browser/test_maps.py clicks it).
    page.get_by_label("Location of the head office").fill(json.dumps({"type": "Point", "coordinates": [3.08, 45.78]}))
    page.get_by_role("button", name="Submit for review").click()
    assert "waiting for the secretariat" in page.locator("main").inner_text()

    # Pending: the public still sees the approved sheet.
    page.goto(page.base + "/en/partners/terra-lab/")
    assert "Old English text." in page.locator("main").inner_text()
    _log_out(page)

    _log_in(page, "terra-secretariat@example.org", totp=True)
    page.goto(page.base + "/en/partners/revisions/")
    assert_accessible(page)
    page.get_by_role("link", name="Terra Lab").click()
    main = page.locator("main").inner_text()
    assert "Old English text." in main and "Terra Lab restores grasslands" in main
    assert "45.78000, 3.08000" in main
    assert_accessible(page)
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url(re.compile(r"/en/partners/revisions/$"))
    assert "approved" in page.locator("main").inner_text()
    _log_out(page)

    page.goto(page.base + "/en/partners/terra-lab/")
    assert "Terra Lab restores grasslands in the Massif Central." in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(page.base + "/fr/partners/terra-lab/")
    assert "Terra Lab restaure les prairies du Massif central." in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(page.base + "/fr/partners/map/")
    wait_until(page, "() => document.getElementById('map-count').textContent.length > 0")
    assert "1 bureau d'organisation sur la carte" in page.locator("#map-count").inner_text()
    assert_accessible(page)
    data = json.loads(page.request.get(page.base + "/api/v1/partners.geojson").text())
    assert data["features"][0]["geometry"]["coordinates"] == [3.08, 45.78]
