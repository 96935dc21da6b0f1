"""Browser journeys in Debian's chromium: what a visitor sees and does, with axe-core on every page.

They run on a live server, so their database is flushed after each test; serialized_rollback puts the
migrations' content (locales, home pages, groups) back for the next one.
"""

import re

import pytest
from django.core import mail

from portal import roles
from portal.models import User
from tests.conftest import axe_violations
from tests.factories import PASSWORD, UserFactory, totp_code_to_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"axe found serious/critical violations on {page.url}: {violations} {page.axe_nodes}"


def test_visitor_switches_language_signs_up_verifies_and_logs_in(browser_page):
    page = browser_page
    page.goto(page.base + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    # The switcher keeps the page: from the English home to the French home.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"/fr/$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    main_nav = page.get_by_role("navigation", name="Principal")
    assert main_nav.get_by_role("link", name="Accueil").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Créer un compte").click()
    page.wait_for_url(re.compile(r"/fr/accounts/signup/"))
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label("Nom :", exact=True).fill("Diop")
    page.get_by_label("Courriel").fill("awa.diop@example.org")
    page.get_by_label("Mot de passe :", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()

    page.wait_for_url(re.compile(r"/fr/accounts/confirm-email/"))
    assert "Vérifiez votre adresse e-mail" in page.content()
    assert_accessible(page)
    user = User.objects.get(email="awa.diop@example.org")
    assert (user.first_name, user.last_name, user.language) == ("Awa", "Diop", "fr")

    # The verification mail is in French, as the visitor was when signing up.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa.diop@example.org"]
    assert message.subject == "[4 pour 1000] Veuillez confirmer votre adresse e-mail"
    path = re.search(r"https?://[^/\s]+(/fr/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(page.base + path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url(re.compile(r"/fr/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Courriel").fill("awa.diop@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url(re.compile(r"/fr/my/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert "awa.diop@example.org" in page.locator("main").inner_text()
    assert_accessible(page)


def test_reviewer_logs_in_with_a_totp_code(browser_page):
    UserFactory(email="stc@example.org", role=roles.STC_REVIEWER)
    page = browser_page
    page.goto(page.base + "/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill("stc@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign In").click()
    assert "Incorrect code" in page.locator("main").inner_text()

    page.get_by_label("Code").fill(totp_code_to_type())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/en/my/$"))
    assert "STC reviewer" in page.locator("main").inner_text()
    assert_accessible(page)


def test_home_page_is_light_and_fits_a_phone(phone_page):
    page = phone_page
    sizes = {}

    def record(response):
        if response.request.resource_type != "image":
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(page.base + "/es/", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "es"
    total = sum(sizes.values())
    assert total < 100 * 1024, f"home page weighs {total} bytes without images: {sizes}"
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
