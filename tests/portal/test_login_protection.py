"""Login protection on every path: failed logins locked out per account and per address (django-axes,
in the database), the admins' own login forms closed, sessions that end (password change,
deactivation, idle and absolute timeouts), and no demo account outside demo mode."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from portal import roles
from portal.security import LOGIN_AT, SEEN_AT

from ..factories import PASSWORD, TEST_TOTP_SECRET, UserFactory, current_totp_code

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed logins for this account or from this network. Please try again in 15 minutes."


@pytest.fixture
def axes_only(settings):
    """allauth's limits live in the cache; with them gone (as while Redis is down) the database-backed
    lockout of django-axes is what stops a guesser."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}
    settings.AXES_FAILURE_LIMIT = 10
    return settings


def _attempt(email, password, ip="198.51.100.7", language="en"):
    client = Client(REMOTE_ADDR=ip)
    return client, client.post(f"/{language}/accounts/login/", {"login": email, "password": password})


def test_an_account_is_locked_after_ten_failures_from_any_address(axes_only):
    UserFactory(email="target@example.org")
    for n in range(10):
        _client, response = _attempt("Target@Example.org", "wrong-password", ip=f"203.0.113.{n}")
        assert response.status_code in (200, 429)
    # The right password, from yet another address: refused, with the reason on the form.
    client, response = _attempt("target@example.org", PASSWORD, ip="192.0.2.50")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert 'name="login"' in response.content.decode()  # the form, with what the person typed
    assert "_auth_user_id" not in client.session
    # In French too.
    _client, response = _attempt("target@example.org", PASSWORD, ip="192.0.2.51", language="fr")
    french = "échecs de connexion pour ce compte ou depuis ce réseau. Veuillez réessayer dans 15 minutes."
    assert french in response.content.decode()
    # Other accounts are not affected.
    UserFactory(email="bystander@example.org")
    _client, response = _attempt("bystander@example.org", PASSWORD, ip="192.0.2.52")
    assert response.status_code == 302


def test_an_address_is_locked_after_ten_failures_on_any_accounts(axes_only):
    UserFactory(email="owner@example.org")
    for n in range(10):
        _attempt(f"guess{n}@example.org", "wrong-password", ip="198.51.100.99")
    client, response = _attempt("owner@example.org", PASSWORD, ip="198.51.100.99")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    _client, response = _attempt("owner@example.org", PASSWORD, ip="198.51.100.100")
    assert response.status_code == 302  # the account itself is fine from elsewhere


def test_the_lockout_follows_the_client_address_behind_the_trusted_proxy(axes_only, settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(email="behind-proxy@example.org")
    for _ in range(10):
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.40").post(
            "/en/accounts/login/", {"login": f"x{_}@example.org", "password": "nope"}
        )
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.41")
    response = other.post("/en/accounts/login/", {"login": "behind-proxy@example.org", "password": PASSWORD})
    assert response.status_code == 302  # the proxy's own address was never locked


def test_allauth_limit_answers_first_while_the_cache_works():
    UserFactory(email="quick@example.org")
    for _ in range(5):
        _attempt("quick@example.org", "wrong-password")
    client, response = _attempt("quick@example.org", PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wagtail_login_form_cannot_skip_the_second_factor(client):
    staff = UserFactory(email="editor@example.org", role=roles.SECRETARIAT)
    # Wagtail's own form would log in with the password alone; it now sends people to allauth.
    response = client.post("/cms/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    page = client.get("/cms/login/?next=/cms/pages/", follow=True)
    assert page.redirect_chain[0][0] == "/en/accounts/login/?next=%2Fcms%2Fpages%2F"  # the next page is kept
    # Through allauth: password, then the code, then the CMS.
    client.post("/en/accounts/login/?next=/cms/", {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_totp_code(TEST_TOTP_SECRET)})
    assert response["Location"] == "/cms/"
    assert "Dashboard" in client.get("/cms/").content.decode()
    # Wagtail's password reset is off (allauth's, rate limited, is the one).
    assert client.get("/cms/password_reset/", follow=True).status_code == 404


def test_the_django_admin_login_form_is_allauths(client):
    staff = UserFactory(email="admin-path@example.org", role=roles.SECRETARIAT)
    response = client.post("/django-admin/login/?next=/django-admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


# --- Sessions that end --------------------------------------------------------------------------------
def _logged_in(email):
    client = Client()
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_password_change_ends_every_session_of_the_account():
    UserFactory(email="changer@example.org")
    laptop, phone = _logged_in("changer@example.org"), _logged_in("changer@example.org")
    new = "An0ther-long-passphrase"
    response = laptop.post(
        "/en/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    for client in (laptop, phone):
        response = client.get("/en/my/")
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert Client().post("/en/accounts/login/", {"login": "changer@example.org", "password": new}).status_code == 302


def test_deactivating_an_account_deletes_its_sessions():
    user = UserFactory(email="leaver@example.org")
    other = UserFactory(email="stays@example.org")
    session_client, kept = _logged_in("leaver@example.org"), _logged_in("stays@example.org")
    user.is_active = False
    user.save()
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in remaining and str(other.pk) in remaining
    assert session_client.get("/en/my/").status_code == 302
    assert "My space" in kept.get("/en/my/").content.decode()


def _age_session(client, **fields):
    session = client.session
    for name, value in fields.items():
        session[name] = value
    session.save()


def test_an_idle_session_ends_and_says_so(settings):
    UserFactory(email="idle@example.org")
    client = _logged_in("idle@example.org")
    assert "My space" in client.get("/en/my/").content.decode()
    _age_session(client, **{SEEN_AT: int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5})
    response = client.get("/en/my/", follow=True)
    assert response.redirect_chain[0][0].startswith("/en/accounts/login/")
    assert "Your session has expired. Please log in again." in response.content.decode()


def test_a_session_ends_after_its_absolute_lifetime_even_when_busy(settings):
    UserFactory(email="busy@example.org")
    client = _logged_in("busy@example.org")
    _age_session(client, **{LOGIN_AT: int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 5})
    response = client.get("/en/my/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_a_recent_session_goes_on(settings):
    UserFactory(email="fresh@example.org")
    client = _logged_in("fresh@example.org")
    _age_session(client, **{SEEN_AT: int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60})
    assert "My space" in client.get("/en/my/").content.decode()
    assert client.session[SEEN_AT] >= int(time.time()) - 5  # the visit counted as activity


def test_timeouts_are_settings_with_documented_defaults(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 3600
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT


# --- No demo account outside demo mode ------------------------------------------------------------
def _demo_account(settings):
    user = UserFactory(email="partner@demo.test", password=settings.DEMO_PASSWORD)
    return user


def test_outside_demo_mode_demo_accounts_and_the_demo_password_cannot_log_in(settings):
    settings.DEMO_MODE = False
    _demo_account(settings)
    client, response = _attempt("partner@demo.test", settings.DEMO_PASSWORD)
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A real account whose owner chose the demo password cannot use it either.
    UserFactory(email="lazy@example.org", password=settings.DEMO_PASSWORD)
    client, response = _attempt("lazy@example.org", settings.DEMO_PASSWORD)
    assert "_auth_user_id" not in client.session


def test_in_demo_mode_the_demo_accounts_log_in(settings):
    settings.DEMO_MODE = True
    _demo_account(settings)
    client, response = _attempt("partner@demo.test", settings.DEMO_PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_demo_mode_follows_debug_and_seed_demo_refuses_without_it(settings):
    import subprocess
    import sys

    from django.conf import settings as live

    code = "import django; django.setup(); from django.conf import settings; print(settings.DEMO_MODE)"
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=live.BASE_DIR)  # noqa: S603
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")


def test_an_admin_account_without_a_second_factor_must_set_one_up():
    from allauth.account.models import EmailAddress

    from portal.models import User

    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=admin, email=admin.email, primary=True, verified=True)
    client = _logged_in("root@example.org")
    for path in ("/en/my/", "/cms/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/en/accounts/2fa/totp/activate/", path
