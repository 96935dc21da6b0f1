"""Hardened defaults: `check --deploy` is clean with the deployment's settings, every response carries
the security headers, the home page scores A+ with the Mozilla HTTP Observatory's rules, private pages
are never stored, and the public site's pages hold no inline script or style."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings

from .observatory import parse_csp, score_response
from .test_deploy import SECRETS, run_config

ROOT = Path(__file__).resolve().parents[2]
# The settings a production process reads (docker-compose.yml's web service, README's .env example).
PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "SILENCED_SYSTEM_CHECKS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
]


def production_environment():
    """The web service's environment from `docker compose config` with the README's .env, pointing at
    services that need not answer (the checks below never connect)."""
    # README: "SECRET_KEY=<50 random characters>".
    secret = secrets.token_urlsafe(50)
    result = run_config({**SECRETS, "SECRET_KEY": secret, "CSRF_TRUSTED_ORIGINS": "https://portal.example.org"})
    assert result.returncode == 0, result.stderr
    environment = yaml.safe_load(result.stdout)["services"]["web"]["environment"]
    environment = {key: str(value) for key, value in environment.items() if value is not None}
    environment.update(MEDIA_ROOT=str(ROOT / "media"), PRIVATE_MEDIA_ROOT=str(ROOT / "private_media"))
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SPATIALITE_LIBRARY_PATH")}
    return {**keep, **environment, "DJANGO_SETTINGS_MODULE": "portal.settings"}


@pytest.fixture(scope="module")
def production():
    env = production_environment()
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)  # noqa: S603
    assert result.returncode == 0, result.stderr
    return env, json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_production_settings(production):
    env, values = production
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # HSTS for a year with the subdomains by default; the redirect to https is the proxy's, and so
    # is the decision to join the preload list: those two checks are silenced, nothing else but GDAL's.
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert sorted(values["SILENCED_SYSTEM_CHECKS"]) == ["gis.W001", "security.W008", "security.W021"]


def test_redirect_check_is_not_silenced_once_the_portal_redirects_itself(production):
    env, _values = production
    code = "import django; django.setup(); from django.conf import settings; print(settings.SILENCED_SYSTEM_CHECKS)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env={**env, "SECURE_SSL_REDIRECT": "1"}, cwd=ROOT
    )
    assert "security.W008" not in result.stdout and "gis.W001" in result.stdout


@pytest.fixture
def as_in_production(production, settings):
    """This process's settings set to the production values (the request then comes over https)."""
    _env, values = production
    for name, value in values.items():
        if name not in ("DEBUG", "SILENCED_SYSTEM_CHECKS"):
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


@pytest.fixture
def pages(cms_pages):
    """The demo's CMS pages, built once for this module (tests/conftest.py)."""


def test_home_page_scores_a_plus_with_the_observatory_rules(client, pages, as_in_production):
    response = client.get("/en/", secure=True, HTTP_HOST="portal.example.org")
    assert response.status_code == 200
    score = score_response(response)
    assert score.results == {
        "content-security-policy": "csp-implemented-with-no-unsafe-default-src-none",
        "strict-transport-security": "hsts-implemented-max-age-at-least-six-months",
        "cookies": "cookies-not-found",
        "cross-origin-resource-sharing": "cross-origin-resource-sharing-not-implemented",
        "referrer-policy": "referrer-policy-private",
        # The home page runs only the portal's own scripts (same origin: the next events' local times).
        "subresource-integrity": "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "x-content-type-options": "x-content-type-options-nosniff",
        "x-frame-options": "x-frame-options-implemented-via-csp",
        "cross-origin-resource-policy": "cross-origin-resource-policy-implemented-with-same-origin",
    }
    assert score.score == 130 and score.grade == "A+"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_cookies_of_the_login_pages_are_secure_httponly_and_samesite(client, pages, as_in_production):
    from ..factories import PASSWORD, UserFactory
    from .observatory import cookies_test

    UserFactory(email="cookie@example.org")
    login_page = client.get("/en/accounts/login/", secure=True, HTTP_HOST="portal.example.org")
    token = login_page.cookies["csrftoken"]
    assert token["secure"] and token["samesite"] == "Lax"
    response = client.post(
        "/en/accounts/login/",
        {"login": "cookie@example.org", "password": PASSWORD},
        secure=True,
        HTTP_HOST="portal.example.org",
        HTTP_REFERER="https://portal.example.org/en/accounts/login/",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    cookies = [c.OutputString() for c in [*login_page.cookies.values(), *response.cookies.values()]]
    assert cookies_test(cookies, hsts=True) == "cookies-secure-with-httponly-sessions-and-samesite"


def test_every_response_carries_the_headers(client, pages):
    for url in ("/en/", "/api/v1/practices/", "/health/", "/en/accounts/login/", "/static/css/portal.css"):
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()", url
        policy = parse_csp([response["Content-Security-Policy"]])
        assert policy["script-src"] == {"'self'"}, url
        assert policy["style-src"] == {"'self'"}, url
        assert policy["object-src"] == {"'none'"} and policy["frame-ancestors"] == {"'none'"}, url
        assert policy["base-uri"] == {"'self'"} and policy["form-action"] == {"'self'"}, url


def test_the_admins_get_their_own_relaxed_policy_and_only_they(client_for):
    secretariat = client_for("secretariat")
    cms = secretariat.get("/cms/")
    assert cms.status_code == 200
    policy = parse_csp([cms["Content-Security-Policy"]])
    assert "'unsafe-inline'" in policy["script-src"] and policy["frame-ancestors"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    admin = secretariat.get("/django-admin/")
    assert "'unsafe-inline'" in parse_csp([admin["Content-Security-Policy"]])["style-src"]
    public = parse_csp([secretariat.get("/en/my/")["Content-Security-Policy"]])
    assert "'unsafe-inline'" not in public["script-src"] | public["style-src"]


PRIVATE_PAGES = [
    ("anonymous", "/en/accounts/login/"),
    ("applicant", "/en/accounts/email/"),
    ("applicant", "/en/my/"),
    ("applicant", "/en/my/proposals/"),
    ("reviewer", "/en/review/"),
    ("funder", "/en/funders/"),
    ("secretariat", "/en/partners/revisions/"),
    ("secretariat", "/en/partners/applications/"),
    ("secretariat", "/en/practices/review/"),
    ("secretariat", "/en/newsletter/editions/"),
    ("secretariat", "/cms/"),
    ("secretariat", "/django-admin/"),
]


@pytest.mark.parametrize(("role", "url"), PRIVATE_PAGES)
def test_private_pages_are_never_stored(client_for, role, url):
    response = client_for(role).get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"], url
    assert "private" in response["Cache-Control"], url


def test_public_pages_stay_cacheable(client, pages):
    assert "no-store" not in client.get("/en/").get("Cache-Control", "")
    assert client.get("/api/v1/partners.geojson")["Cache-Control"] == "public, max-age=300"


# --- No inline script or style on the public site --------------------------------------------------
APPS = ("portal", "partners", "practices", "projects", "newsletter", "community")
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
# An executable inline <script> (no src, not JSON data), a <style> element or a style="" attribute.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=\"",
    re.I,
)


def _page_templates():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            # Mails are read in mailboxes (inline styles are how e-mail HTML is written), never under our CSP.
            if "/email/" in str(path) or "/mail/" in str(path):
                continue
            yield path


def test_no_template_has_an_inline_script_or_style():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _page_templates()
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []
    assert len(list(_page_templates())) > 50  # the walk really reads the templates


def test_settings_policy_has_no_unsafe_source_for_scripts():
    directives = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    sources = {s for name, values in directives.items() for s in values}
    assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"}
