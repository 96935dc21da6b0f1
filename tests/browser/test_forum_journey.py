"""The forum on a phone (360 px) in Spanish, by clicking and typing: a Friend opens a topic, another
member replies, the first sees the notification and reads the reply; a moderator hides a new account's
spam from the moderators' queue. axe-core on the pages; screenshots in test-artifacts/."""

import re
from pathlib import Path

import pytest

from forum import services
from forum.models import Category, Post
from portal import roles
from tests.browser.test_call_journey import login_as
from tests.browser.test_journeys import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"forum-{name}.png"), full_page=True)


def test_friends_talk_in_spanish_on_a_phone_and_a_moderator_hides_spam(phone_page, settings):
    settings.FORUM_APPROVE_FIRST_POSTS = 0
    category = Category.objects.create(
        slug="cultivos-cobertura",
        name_en="Cover crops",
        name_es="Cultivos de cobertura",
        read_scope="public",
        post_scope="member",
    )
    pedro = UserFactory(email="pedro@example.org", role=roles.FRIEND, display_name="Pedro Quispe", language="es")
    lucia = UserFactory(email="lucia@example.org", role=roles.FRIEND, display_name="Lucía Mamani", language="es")
    secretariat = UserFactory(email="sec@example.org", role=roles.SECRETARIAT, display_name="Secretaría", language="es")
    spammer = UserFactory(email="spam@example.org", display_name="Promo Seeds", language="es")
    # Pedro and Lucía have written before; the spammer's account is new: its first post waits.
    welcome = services.start_topic(category, by=pedro, title="Presentaciones", body="Soy Pedro, de Puno.")
    services.reply(welcome, by=lucia, body="Soy Lucía, de Oruro.")
    services.mark_read(pedro)  # he read that welcome long ago
    settings.FORUM_APPROVE_FIRST_POSTS = 1
    page = phone_page

    login_as(page, pedro)
    page.goto(page.base + "/es/")
    assert_accessible(page)
    # On a phone the navigation is folded behind its button.
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Foro").click()
    page.wait_for_url(re.compile(r"/es/forum/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Cultivos de cobertura").click()
    page.wait_for_url(re.compile(r"/es/forum/c/cultivos-cobertura/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Abrir un tema").click()
    page.wait_for_url(re.compile(r"/es/forum/c/cultivos-cobertura/new/$"))
    assert_accessible(page)
    page.get_by_label("Título").fill("¿Qué mezcla de cobertura para el altiplano?")
    page.get_by_role("textbox", name="Su mensaje").fill(
        "Buenos días:\n\nEn Puno probamos **avena con vicia**. ¿Qué les funciona a ustedes?"
    )
    shot(page, "1-new-topic")
    page.get_by_role("button", name="Publicar").click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).inner_text() == "¿Qué mezcla de cobertura para el altiplano?"
    assert "avena con vicia" in page.locator("article strong").all_inner_texts()
    topic_url = page.url.split("#")[0]

    login_as(page, lucia)
    page.goto(page.base + "/es/forum/")
    page.get_by_role("link", name="Cultivos de cobertura").click()
    page.get_by_role("link", name="¿Qué mezcla de cobertura para el altiplano?").click()
    assert "Español" in page.locator("article").first.inner_text()
    page.get_by_role("textbox", name="Su mensaje").fill(
        "Nosotros usamos tarwi (lupino): fija nitrógeno y resiste la helada."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Publicar mi respuesta").click()
    page.wait_for_url(re.compile(r"#post-2$"))
    shot(page, "2-reply")

    login_as(page, pedro)
    page.goto(page.base + "/es/forum/")
    notifications = page.get_by_role("link", name="Notificaciones (1 sin leer)")
    notifications.click()
    page.wait_for_url(re.compile(r"/es/forum/notifications/"))
    assert "Lucía Mamani le ha respondido" in " ".join(
        page.locator(".forum-notification-list li").first.inner_text().split()
    )
    assert_accessible(page)
    shot(page, "3-notification")
    page.get_by_role("link", name="¿Qué mezcla de cobertura para el altiplano?").click()
    assert "tarwi (lupino)" in page.locator("main").inner_text()
    assert page.url.startswith(topic_url)

    # A new account posts spam; it waits in the moderators' queue, and the moderator takes it down.
    login_as(page, spammer)
    page.goto(topic_url)
    page.get_by_role("textbox", name="Su mensaje").fill("SEMILLAS BARATAS https://promo.example/semillas compre ya")
    page.get_by_role("button", name="Publicar mi respuesta").click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    assert "Sus primeros mensajes los lee un moderador" in page.locator("main").inner_text()
    spam = Post.objects.get(body__startswith="SEMILLAS")
    assert spam.status == "pending"

    login_as(page, secretariat)
    page.goto(page.base + "/es/forum/")
    page.get_by_role("link", name="Moderación", exact=True).click()
    page.wait_for_url(re.compile(r"/es/forum/moderation/"))
    assert_accessible(page)
    queue = page.locator("main")
    assert "SEMILLAS BARATAS" in queue.inner_text()
    shot(page, "4-queue")
    page.locator("li", has_text="SEMILLAS BARATAS").get_by_role("button", name="Rechazar").click()
    page.wait_for_url(re.compile(r"/es/forum/moderation/"))
    assert "Nada espera a un moderador." in page.locator("main").inner_text()
    page.get_by_role("link", name="Registro de moderación").click()
    page.wait_for_url(re.compile(r"/es/forum/moderation/log/"))
    assert_accessible(page)
    assert "rechazó un mensaje" in page.locator("main").inner_text()
    shot(page, "5-log")
    spam.refresh_from_db()
    assert spam.status == "hidden"

    login_as(page, lucia)
    page.goto(topic_url)
    assert "SEMILLAS" not in page.locator("main").inner_text()
