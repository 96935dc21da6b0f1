"""Sign-up with e-mail verification, login, rate limits, and the second factor for staff and STC."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from portal import roles
from portal.models import User

from ..factories import PASSWORD, TEST_TOTP_SECRET, UserFactory, activate_totp, current_totp_code


def _log_in(client, email):
    """Log in through the real form, as a person does (allauth then counts the session as
    recently authenticated, which setting up a second factor requires)."""
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _reauthenticate(client):
    response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_up_in_french_sends_a_french_verification_mail_after_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/accounts/signup/",
            {"email": "Amina@Example.org", "password1": PASSWORD, "password2": PASSWORD, "first_name": "Amina"},
        )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="amina@example.org")
    assert user.language == "fr"
    assert user.first_name == "Amina"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Amina@Example.org"] or message.to == ["amina@example.org"]
    assert message.subject == "[4 pour 1000] Veuillez confirmer votre adresse e-mail"
    assert "/fr/accounts/confirm-email/" in message.body
    assert "portail 4 pour 1000" in message.body


@pytest.mark.django_db
def test_nothing_is_sent_when_the_sign_up_is_rolled_back(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/", {"email": "x@example.org", "password1": "short", "password2": "x"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "x@example.org" in html  # what the person typed stays in the form
    assert not User.objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_verified_account_logs_in_and_unverified_one_is_asked_to_verify(client, django_capture_on_commit_callbacks):
    verified = UserFactory(email="ok@example.org")
    UserFactory(email="pending@example.org", verified=False)
    response = client.post("/en/accounts/login/", {"login": "ok@example.org", "password": PASSWORD}, follow=True)
    assert "You are signed in as ok@example.org." in response.content.decode()
    assert response.context["user"] == verified

    other = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(
            "/en/accounts/login/", {"login": "pending@example.org", "password": PASSWORD}, follow=True
        )
    assert "Verify Your Email Address" in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong-password"})
    response = client.post("/en/accounts/login/", {"login": "target@example.org", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.SECRETARIAT, roles.STC_CHAIR, roles.STC_REVIEWER])
def test_staff_and_stc_without_second_factor_must_set_one_up(client, role):
    user = UserFactory(role=role)
    Authenticator.objects.filter(user=user).delete()
    _log_in(client, user.email)
    for path in ("/en/my/", "/cms/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/en/accounts/2fa/totp/activate/", path
    # allauth asks for the password again before a second factor is added.
    page = client.get("/en/my/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/en/accounts/reauthenticate/")
    assert "Your role requires two-factor authentication" in page.content.decode()


@pytest.mark.django_db
def test_other_roles_may_use_a_second_factor_but_are_not_forced(client):
    user = UserFactory(role=roles.FUNDER)
    _log_in(client, user.email)
    assert "My space" in client.get("/en/my/").content.decode()
    _reauthenticate(client)
    assert "Authenticator App" in client.get("/en/accounts/2fa/totp/activate/").content.decode()


@pytest.mark.django_db
def test_login_with_totp_asks_for_the_code_before_the_session_starts(client):
    user = UserFactory(email="stc@example.org", role=roles.STC_REVIEWER)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    response = client.post("/en/accounts/login/", {"login": "stc@example.org", "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Incorrect code" in response.content.decode()
    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_totp_code(TEST_TOTP_SECRET)}, follow=True)
    assert "You are signed in as stc@example.org." in response.content.decode()


@pytest.mark.django_db
def test_admin_logins_go_through_the_portal_login(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    response = client.get("/cms/")
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_non_staff_account_cannot_open_the_admins(client):
    user = UserFactory(role=roles.FRIEND)
    client.force_login(user)
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode() and "Django administration" not in response.content.decode()
    # Wagtail sends them to the login page with its message; they must land on a page that says so, not
    # go round between /cms/ and the login page.
    visited, response = ["/cms/"], client.get("/cms/")
    while response.status_code == 302 and len(visited) < 5:
        visited.append(response["Location"])
        response = client.get(response["Location"])
    assert response.status_code == 200, " → ".join(visited)
    page = response.content.decode()
    assert "You do not have permission to access the admin" in page and "Dashboard" not in page


@pytest.mark.django_db
def test_secretariat_with_second_factor_reaches_the_cms(client):
    user = UserFactory(role=roles.SECRETARIAT)
    client.force_login(user)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert "Dashboard" in response.content.decode()


@pytest.mark.django_db
def test_activating_totp_stores_an_authenticator(client):
    user = UserFactory(role=roles.FRIEND)
    _log_in(client, user.email)
    _reauthenticate(client)
    page = client.get("/en/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'value="([A-Z2-7]{32})"', page).group(1)
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").count() == 1


def test_factory_helper_is_real(db):
    user = UserFactory()
    activate_totp(user)
    assert Authenticator.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_logout_ends_the_session(client):
    UserFactory(email="leaving@example.org")
    _log_in(client, "leaving@example.org")
    response = client.post("/en/accounts/logout/", follow=True)
    assert not response.context["user"].is_authenticated
    assert client.get("/en/my/").status_code == 302


@pytest.mark.django_db
def test_password_reset_by_mail_in_the_recipient_language(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgot@example.org", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgot@example.org"]
    assert "/es/accounts/password/reset/key/" in message.body  # the link opens in Spanish
    path = re.search(r"https?://[^/\s]+(/es/accounts/password/reset/key/\S+/)", message.body).group(1)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    new_password = "another-Strong-passphrase-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_email_change_is_verified_before_it_becomes_primary(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="old@example.org")
    _log_in(client, "old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(user=user, email="new@example.org")
    assert not new.verified
    user.refresh_from_db()
    assert user.email == "old@example.org"  # unchanged until verified
    assert mail.outbox[-1].to == ["new@example.org"]
    path = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(path)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert EmailAddress.objects.get(user=user, email="new@example.org").primary


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "site_name", "usted"),
    [
        ("en", "4 per 1000", None),
        ("fr", "4 pour 1000", None),
        ("es", "4 por 1000", "Para confirmar que es suya"),
    ],
)
def test_verification_mail_names_the_portal_and_links_to_site_url(
    client, settings, django_capture_on_commit_callbacks, language, site_name, usted
):
    # Reached through a proxy on another port: the mail must still point to the public address.
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/accounts/signup/",
            {"email": "luz@example.org", "password1": PASSWORD, "password2": PASSWORD},
            HTTP_HOST="127.0.0.1:8101",
        )
    (message,) = mail.outbox
    assert message.subject.startswith(f"[{site_name}] ")
    assert f"https://portal.example.org/{language}/accounts/confirm-email/" in message.body
    assert "127.0.0.1" not in message.body and "8101" not in message.body
    assert site_name in message.body
    assert message.body.rstrip().endswith(f"https://portal.example.org/{language}/")
    if usted:
        assert usted in message.body


@pytest.mark.django_db
def test_password_reset_mail_in_spanish_uses_usted_and_site_url(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://portal.example.org"
    UserFactory(email="rosa@example.org", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/accounts/password/reset/", {"email": "rosa@example.org"}, HTTP_HOST="127.0.0.1")
    (message,) = mail.outbox
    assert message.subject == "[4 por 1000] Restablecer su contraseña"
    assert "https://portal.example.org/es/accounts/password/reset/key/" in message.body
    assert "su contraseña" in message.body
    # Spanish mails speak as "usted" throughout: none of the familiar forms allauth's own texts mix in.
    for familiar in (" tu ", " tú ", "vete ", "puedes", "tienes"):
        assert familiar not in f" {message.body} "


def test_allauth_pages_and_mails_speak_as_usted_in_spanish():
    """allauth's own Spanish catalogue mixes "tú" into a portal that says "usted" everywhere:
    locale_overrides/ corrects it. Every allauth string, as the Spanish portal shows it, is checked."""
    from pathlib import Path

    import allauth
    import polib
    from django.utils import translation

    familiar = re.compile(r"\b(tu|tú|tus|puedes|tienes|quieres|debes|haz|vete|eres|estás|olvidaste|ten|te)\b", re.I)
    catalogue = polib.pofile(str(Path(allauth.__file__).parent / "locale/es/LC_MESSAGES/django.po"))
    with translation.override("es"):
        shown = {entry.msgid: translation.gettext(entry.msgid) for entry in catalogue if not entry.msgid_plural}
    offending = {msgid: text for msgid, text in shown.items() if familiar.search(text)}
    assert offending == {}
    assert shown["To confirm this is correct, go to %(activate_url)s"].startswith("Para confirmar que es correcto")
