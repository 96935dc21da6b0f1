"""A farmer on a phone, in Spanish, becomes a Friend of the 4 per 1000 by clicking and typing: one form
for the account and the profile, the verification mail, signing in, the profile, proposing a practice."""

import re
from pathlib import Path

import pytest
from django.core import mail

from portal import roles
from portal.models import User
from tests.browser.test_journeys import assert_accessible
from tests.factories import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"wider than the phone: {page.url}"


def test_a_farmer_joins_the_friends_on_a_phone_in_spanish_and_proposes_a_practice(phone_page):
    page = phone_page
    ARTIFACTS.mkdir(exist_ok=True)
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/friends/join/" in r.url else None)

    page.goto(page.base + "/es/")
    assert_accessible(page)
    # On a phone the navigation is folded behind its button.
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Hágase Amigo").click()
    page.wait_for_url(re.compile(r"/es/friends/join/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hágase Amigo del 4 por 1000"
    _fits(page)
    assert_accessible(page)
    # A light page for a slow connection: the form itself, countries included, stays small.
    assert sum(sizes.values()) < 60 * 1024, sizes
    page.screenshot(path=str(ARTIFACTS / "friends-join-es.png"), full_page=True)

    page.get_by_label("Correo electrónico").press_sequentially("rosa.mamani@example.org")
    page.get_by_label("Contraseña:", exact=True).press_sequentially(PASSWORD)
    page.get_by_label("Contraseña (de nuevo)").press_sequentially(PASSWORD)
    page.get_by_label("Su nombre tal como lo ven los miembros").press_sequentially("Rosa Mamani")
    page.get_by_label("País:", exact=True).select_option(label="Bolivia")
    page.get_by_label("Ocupación:", exact=True).select_option(label="Agricultor o agricultora")
    page.get_by_role("group", name="Idiomas que habla").get_by_label("Español").check()
    page.get_by_text("Sus intereses (opcional)").click()
    page.get_by_role("group", name="Temas que le interesan").get_by_label("Agroforestería").check()
    page.get_by_label("Unas palabras sobre usted (opcional)").press_sequentially(
        "Cultivo quinua y papa en el altiplano."
    )
    page.get_by_role("button", name="Hacerme Amigo").click()

    page.wait_for_url(re.compile(r"/es/accounts/confirm-email/"))
    assert_accessible(page)
    user = User.objects.get(email="rosa.mamani@example.org")
    assert user.display_name == "Rosa Mamani" and roles.FRIEND in roles.group_names(user)
    assert user.community_profile.region.code == "south-america"

    # The verification mail, in Spanish, as the farmer was browsing.
    [message] = mail.outbox
    assert message.to == ["rosa.mamani@example.org"] and message.subject.startswith("[4 por 1000]")
    path = re.search(r"https?://[^/\s]+(/es/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(page.base + path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmar").click()

    page.wait_for_url(re.compile(r"/es/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Correo electrónico").press_sequentially("rosa.mamani@example.org")
    page.get_by_label("Contraseña").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()

    # Signed in, on "My space", with the way to the profile.
    page.wait_for_url(re.compile(r"/es/my/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Mi perfil de miembro").click()
    page.wait_for_url(re.compile(rf"/es/members/{user.pk}/$"))
    main = page.locator("main").inner_text()
    assert "Rosa Mamani" in main and "Este es su perfil" in main
    assert "Bolivia" in main and "Agricultor o agricultora" in main and "Agroforestería" in main
    assert "rosa.mamani@example.org" not in main
    _fits(page)
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "friends-profile-es.png"), full_page=True)

    # A Friend may propose a practice: the proposal form opens, not "who may propose".
    page.get_by_role("link", name="Proponer una práctica").click()
    page.wait_for_url(re.compile(r"/es/practices/propose/$"))
    assert_accessible(page)
    assert "Quién puede proponer" not in page.locator("main").inner_text()
    page.get_by_label("Nombre (español)").press_sequentially("Terrazas con barreras de piedra")
    page.get_by_role("button", name=re.compile(r"^Guardar")).click()
    page.wait_for_url(re.compile(r"/es/practices/drafts/\d+/$"))
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Terrazas con barreras de piedra"
    page.screenshot(path=str(ARTIFACTS / "friends-proposed-practice-es.png"), full_page=True)
