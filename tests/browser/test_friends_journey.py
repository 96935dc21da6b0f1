"""A farmer on a phone (360 px), in Spanish, by clicking and typing: she becomes a Friend of the 4 per 1000
(one form for the account and the profile), opens the link in the verification mail, signs in, looks at her
profile, goes to the forum from the phone menu and opens a topic (her first post waits for a moderator, who
approves it); another member replies, she sees the notification, reads the reply and answers it, then
proposes a practice. A new account posts spam in her topic; she flags it and a moderator, signed in with
a TOTP code, hides it from the moderators' queue: she no longer sees it. axe-core on every page each tab
loads; screenshots in test-artifacts/."""

import re
from pathlib import Path

import pytest
from django.core import mail

from forum import services
from forum.models import Category, Post
from portal import roles
from portal.models import User
from tests.browser.test_call_journey import login_as
from tests.browser.test_journeys import assert_accessible
from tests.conftest import _assert_every_page_was_checked, _only_the_live_server, _record_pages
from tests.factories import PASSWORD, UserFactory, totp_code_to_type

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TOPIC = "¿Qué mezcla de cobertura para el altiplano?"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"wider than the phone: {page.url}"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"friends-{name}.png"), full_page=True)


@pytest.fixture
def another_phone(chromium, live_server):
    """Other people's phones (360 px, touch), each its own browser context; axe must run on their pages too."""
    pages = []

    def open_phone():
        context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        _only_the_live_server(context, live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        _record_pages(page)
        pages.append(page)
        return page

    yield open_phone
    for page in pages:
        page.context.close()
    for page in pages:
        _assert_every_page_was_checked(page)


def _to_the_forum(page):
    """From the page shown, through the phone menu (the navigation is folded behind its button)."""
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Foro").click()
    page.wait_for_url(re.compile(r"/es/forum/$"))


def _sign_in_with_totp(page, email):
    page.goto(page.base + "/es/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Correo electrónico").press_sequentially(email)
    page.get_by_label("Contraseña").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r"/es/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label("Código").press_sequentially(totp_code_to_type())
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r"/es/my/$"))
    assert_accessible(page)


def _open_queue(page):
    page.get_by_role("link", name="Moderación", exact=True).click()
    page.wait_for_url(re.compile(r"/es/forum/moderation/$"))
    assert_accessible(page)


def test_a_farmer_joins_the_friends_talks_in_the_forum_proposes_a_practice_and_spam_is_hidden(
    phone_page, another_phone, settings
):
    # The forum before she arrives: a category where Friends post, members who have written before, and a
    # new account (one post so far). Here a new account's first post waits for a moderator.
    settings.FORUM_APPROVE_FIRST_POSTS = 0
    category = Category.objects.create(
        slug="cultivos-cobertura",
        name_en="Cover crops",
        name_es="Cultivos de cobertura",
        read_scope="public",
        post_scope="friend",
    )
    lucia = UserFactory(email="lucia@example.org", role=roles.FRIEND, display_name="Lucía Quispe", language="es")
    spammer = UserFactory(email="spam@example.org", role=roles.FRIEND, display_name="Promo Seeds", language="es")
    UserFactory(email="sec@example.org", role=roles.SECRETARIAT, display_name="Secretaría", language="es")
    services.start_topic(category, by=lucia, title="Presentaciones", body="Soy Lucía, de Oruro.")
    services.reply(Post.objects.get().topic, by=spammer, body="Hola a todos.")
    settings.FORUM_APPROVE_FIRST_POSTS = 1
    page, member, moderator = phone_page, another_phone(), another_phone()
    sizes = {}

    def weigh(response):
        if "/friends/join/" in response.url:
            sizes[response.url] = len(response.body())

    # --- She becomes a Friend. ---
    page.goto(page.base + "/es/")
    assert_accessible(page)
    page.on("response", weigh)
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Hágase Amigo").click()
    page.wait_for_url(re.compile(r"/es/friends/join/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hágase Amigo del 4 por 1000"
    _fits(page)
    assert_accessible(page)
    # A light page for a slow connection: the form itself, countries included, stays small.
    assert sum(sizes.values()) < 60 * 1024, sizes
    page.remove_listener("response", weigh)
    shot(page, "1-join")

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
    rosa = User.objects.get(email="rosa.mamani@example.org")
    assert rosa.display_name == "Rosa Mamani" and roles.FRIEND in roles.group_names(rosa)
    assert rosa.community_profile.region.code == "south-america"

    # The verification mail, in Spanish, as the farmer was browsing; she opens its link.
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
    page.wait_for_url(re.compile(rf"/es/members/{rosa.pk}/$"))
    main = page.locator("main").inner_text()
    assert "Rosa Mamani" in main and "Este es su perfil" in main
    assert "Bolivia" in main and "Agricultor o agricultora" in main and "Agroforestería" in main
    assert "rosa.mamani@example.org" not in main
    _fits(page)
    assert_accessible(page)
    shot(page, "2-profile")

    # --- The forum: she opens a topic; as a new account's first post it waits for a moderator. ---
    _to_the_forum(page)
    assert_accessible(page)
    page.get_by_role("link", name="Cultivos de cobertura").click()
    page.wait_for_url(re.compile(r"/es/forum/c/cultivos-cobertura/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Abrir un tema").click()
    page.wait_for_url(re.compile(r"/es/forum/c/cultivos-cobertura/new/$"))
    assert_accessible(page)
    page.get_by_label("Título").press_sequentially(TOPIC)
    page.get_by_role("textbox", name="Su mensaje").press_sequentially(
        "Buenos días:\n\nEn el altiplano probamos **avena con vicia**. ¿Qué les funciona a ustedes?"
    )
    shot(page, "3-new-topic")
    page.get_by_role("button", name="Publicar").click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    assert_accessible(page)
    _fits(page)
    assert page.get_by_role("heading", level=1).inner_text() == TOPIC
    assert "avena con vicia" in page.locator("article strong").all_inner_texts()
    assert "Sus primeros mensajes los lee un moderador" in page.locator("main").inner_text()
    topic_url = page.url.split("#")[0]
    assert Post.objects.get(author=rosa).status == "pending"

    # The moderator signs in (password and TOTP code) and approves it from the queue.
    _sign_in_with_totp(moderator, "sec@example.org")
    _to_the_forum(moderator)
    assert_accessible(moderator)
    _open_queue(moderator)
    moderator.locator("li", has_text="avena con vicia").get_by_role("button", name="Aprobar").click()
    moderator.wait_for_url(re.compile(r"/es/forum/moderation/$"))
    assert "Nada espera a un moderador." in moderator.locator("main").inner_text()

    # --- Anmember Friend, on her own phone, answers by clicking and typing. ---
    login_as(member, lucia)
    member.goto(member.base + "/es/forum/")
    assert_accessible(member)
    member.get_by_role("link", name="Cultivos de cobertura").click()
    member.wait_for_url(re.compile(r"/es/forum/c/cultivos-cobertura/$"))
    assert_accessible(member)
    member.get_by_role("link", name=TOPIC).click()
    member.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    assert_accessible(member)
    assert "Español" in member.locator("article").first.inner_text()
    member.get_by_role("textbox", name="Su mensaje").press_sequentially(
        "Nosotros usamos tarwi (lupino): fija nitrógeno y resiste la helada."
    )
    member.get_by_role("button", name="Publicar mi respuesta").click()
    member.wait_for_url(re.compile(r"#post-2$"))
    shot(member, "4-reply")

    # --- The farmer sees the notification, reads the reply and answers it. ---
    _to_the_forum(page)
    # Two: the moderator approved her topic, and Lucía answered (the newest first).
    page.get_by_role("link", name="Notificaciones (2 sin leer)").click()
    page.wait_for_url(re.compile(r"/es/forum/notifications/"))
    assert_accessible(page)
    items = [" ".join(text.split()) for text in page.locator(".forum-notification-list li").all_inner_texts()]
    assert "Lucía Quispe le ha respondido" in items[0] and "Secretaría ha aprobado su mensaje" in items[1], items
    shot(page, "5-notification")
    page.locator(".forum-notification-list li").first.get_by_role("link", name=TOPIC).click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/#post-2$"))
    assert_accessible(page)
    assert page.url.startswith(topic_url)
    assert "tarwi (lupino)" in page.locator("main").inner_text()
    # Opening the topic has read its notifications.
    assert page.get_by_role("link", name="Notificaciones (0 sin leer)").is_visible()
    page.get_by_role("textbox", name="Su mensaje").press_sequentially(
        "¡Gracias, Lucía! Probaremos el tarwi en la próxima siembra."
    )
    page.get_by_role("button", name="Publicar mi respuesta").click()
    page.wait_for_url(re.compile(r"#post-3$"))
    assert_accessible(page)
    assert "Probaremos el tarwi" in page.locator("#post-3").inner_text()
    assert Post.objects.get(author=rosa, number=3).status == "published"
    shot(page, "6-her-reply")

    # --- A Friend may propose a practice: from "My space", her profile, the proposal form. ---
    page.get_by_role("button", name="Menú").click()
    page.get_by_role("link", name="Mi espacio").click()
    page.wait_for_url(re.compile(r"/es/my/$"))
    page.get_by_role("link", name="Mi perfil de miembro").click()
    page.wait_for_url(re.compile(rf"/es/members/{rosa.pk}/$"))
    page.get_by_role("link", name="Proponer una práctica").click()
    page.wait_for_url(re.compile(r"/es/practices/propose/$"))
    assert_accessible(page)
    assert "Quién puede proponer" not in page.locator("main").inner_text()
    page.get_by_label("Nombre (español)").press_sequentially("Terrazas con barreras de piedra")
    page.get_by_role("button", name=re.compile(r"^Guardar")).click()
    page.wait_for_url(re.compile(r"/es/practices/drafts/\d+/$"))
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Terrazas con barreras de piedra"
    shot(page, "7-proposed-practice")

    # --- A new account posts spam in her topic; she sees it and flags it. ---
    login_as(member, spammer)
    member.goto(topic_url)
    member.get_by_role("textbox", name="Su mensaje").press_sequentially(
        "SEMILLAS BARATAS https://promo.example/semillas compre ya"
    )
    member.get_by_role("button", name="Publicar mi respuesta").click()
    member.wait_for_url(re.compile(r"#post-4$"))
    spam = Post.objects.get(body__startswith="SEMILLAS")
    assert spam.status == "published" and services.is_new_account(spammer, category)

    _to_the_forum(page)
    page.get_by_role("link", name="Cultivos de cobertura").click()
    page.get_by_role("link", name=TOPIC).click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    spam_post = page.locator("#post-4")
    assert "SEMILLAS BARATAS" in spam_post.inner_text()
    spam_post.get_by_role("link", name="Denunciar").click()
    page.wait_for_url(re.compile(rf"/es/forum/p/{spam.pk}/flag/"))
    assert_accessible(page)
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Denunciar el mensaje").click()
    page.wait_for_url(re.compile(r"/es/forum/t/\d+/"))
    assert "los moderadores revisarán este mensaje" in page.locator("main").inner_text()

    # The moderator hides it from the queue; the log says so.
    _open_queue(moderator)
    assert "SEMILLAS BARATAS" in moderator.locator("main").inner_text()
    shot(moderator, "8-queue")
    moderator.locator("li", has_text="SEMILLAS BARATAS").get_by_role("button", name="Ocultar").click()
    moderator.wait_for_url(re.compile(r"/es/forum/moderation/$"))
    assert "Nada espera a un moderador." in moderator.locator("main").inner_text()
    moderator.get_by_role("link", name="Registro de moderación").click()
    moderator.wait_for_url(re.compile(r"/es/forum/moderation/log/"))
    assert_accessible(moderator)
    log = moderator.locator("main").inner_text()
    assert "ocultó un mensaje" in log and "aprobó un mensaje" in log
    shot(moderator, "9-log")
    spam.refresh_from_db()
    assert spam.status == "hidden"

    # The farmer no longer sees it; her conversation is still there.
    page.reload()
    main = page.locator("main").inner_text()
    assert "SEMILLAS" not in main and "tarwi (lupino)" in main and "Probaremos el tarwi" in main
    assert_accessible(page)
    shot(page, "10-spam-gone")
