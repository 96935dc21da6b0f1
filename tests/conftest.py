"""Shared fixtures. The suite runs on the embedded default, or on PostGIS and Redis when
DATABASE_URL and REDIS_URL are set (CI)."""

import os

import pytest

from portal import roles
from portal.celery import app as celery_app

from .factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside
# one unless told that this thread is fine (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The roles every access test walks through: anonymous plus one account per role of DESIGN.md.
ROLE_NAMES = [
    "anonymous",
    "applicant",
    "friend",
    "partner",
    "funder",
    "correspondent",
    "reviewer",
    "chair",
    "secretariat",
]
ROLE_GROUPS = {
    "applicant": None,
    "friend": roles.FRIEND,
    "partner": roles.PARTNER_EDITOR,
    "funder": roles.FUNDER,
    "correspondent": roles.CORRESPONDENT,
    "reviewer": roles.STC_REVIEWER,
    "chair": roles.STC_CHAIR,
    "secretariat": roles.SECRETARIAT,
}


def pytest_collection_modifyitems(config, items):
    """Tests marked ``redis`` or ``postgis`` are skipped, with the reason in the summary, when the suite
    runs without that service (CI sets both, so nothing is skipped there)."""
    from django.conf import settings

    has = {
        "redis": bool(os.environ.get("REDIS_URL")),
        "postgis": settings.DATABASES["default"]["ENGINE"].endswith("postgis"),
    }
    wording = {"redis": "REDIS_URL", "postgis": "a PostGIS DATABASE_URL"}
    for item in items:
        lacking = [wording[name] for name in ("redis", "postgis") if item.get_closest_marker(name) and not has[name]]
        if lacking:
            item.add_marker(pytest.mark.skip(reason="needs " + " and ".join(lacking)))


# Hashing is not what these tests check; the default hasher costs ~0.2 s per user.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _upload_folders(tmp_path_factory):
    """Uploads of a test run go to its temporary folder, never into the project folder (for the whole
    session, so that data built once per module, like the URL matrix's, finds its files too)."""
    from django.test import override_settings

    base = tmp_path_factory.mktemp("uploads")
    with override_settings(MEDIA_ROOT=base / "media", PRIVATE_MEDIA_ROOT=base / "private_media"):
        yield


@pytest.fixture(autouse=True)
def _portal_test_settings(settings):
    # Tests run tasks in-process unless a test starts a real worker (tests/portal/test_celery_worker.py).
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # Sends run in the request unless a test asks for the background thread (tests/newsletter/test_confirm_start.py).
    settings.EAGER_SENDS_IN_BACKGROUND = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = FAST_HASHERS
    yield


@pytest.fixture(autouse=True)
def _fresh_navigation_links():
    # The navigation's links are kept in process memory (portal.navigation); a test's pages are
    # rolled back afterwards, so each test starts without them (publishing a page clears this).
    from portal import navigation

    navigation.start_from({})
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request through LocaleMiddleware leaves its language active in the thread; each test starts
    # in English, as a process does.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    # A transactional test flushes the database and the content types are made again with new ids; the
    # process-wide cache of ContentType would hand out the old ones (the audit trail's foreign key).
    ContentType.objects.clear_cache()
    yield


@pytest.fixture(scope="module")
def _cms_pages_of_module(django_db_setup, django_db_blocker):
    """The demo's CMS pages (portal.demo.seed_pages: about 60 publishes in three languages), built once
    per module inside a transaction that is rolled back at the module's end; each test still runs in its
    own savepoint inside it, so what a test changes does not reach the next. Building them for every test
    cost 12 to 22 s a test (a third of the suite's time). A transactional test cannot use them (its
    flush would run inside this transaction): those call seed_pages themselves."""
    from django.db import transaction
    from django.test import override_settings

    from portal.demo import seed_pages

    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    quick = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "PASSWORD_HASHERS": FAST_HASHERS}
    with django_db_blocker.unblock(), override_settings(**quick):
        with transaction.atomic():
            seed_pages(1, None)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def cms_pages(_cms_pages_of_module, db):
    """The demo's home, news and CMS pages in English, French and Spanish (once per module, see above)."""
    from portal import navigation

    navigation.clear()  # the pages were published before this test's navigation was reset


@pytest.fixture
def role_users(db):
    """One user per role (anonymous is None)."""
    users = {"anonymous": None}
    for name in ROLE_NAMES[1:]:
        users[name] = UserFactory(email=f"{name}@example.org", role=ROLE_GROUPS[name])
    return users


@pytest.fixture
def client_for(client, role_users):
    """client_for("reviewer") -> a test client logged in as that role's user."""
    from django.test import Client

    def make(role):
        user = role_users[role]
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


# --- Browser journeys (Playwright on Debian's chromium) -------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does, with system-deps.sh --test).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _only_the_live_server(context, base):
    """The browser asks nothing of the outside world (map tiles of openstreetmap.org, fonts, …): CI and
    fresh machines may have no network, and a test must not depend on it. Such requests fail at once;
    the maps show a grey background."""
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser tab on a desktop-sized screen; ``browser_page.base`` is the live server URL."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    _only_the_live_server(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    _record_pages(page)
    yield page
    context.close()
    _assert_every_page_was_checked(page)


@pytest.fixture
def phone_page(chromium, live_server):
    """A phone-sized tab (360×740, touch) for the farmer journeys."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    _only_the_live_server(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    _record_pages(page)
    yield page
    context.close()
    _assert_every_page_was_checked(page)


# The admin interfaces are Wagtail's and Django's own (their projects test them), the API and media are
# not pages; every other page a journey loads must have been through axe at least once.
NOT_OURS = ("/cms/", "/django-admin/", "/api/", "/media/")


def _path(url):
    from urllib.parse import urlsplit

    return urlsplit(url).path


def _record_pages(page):
    """Remember the path of every document the tab loads, and (axe_violations) those axe looked at."""
    page.visited, page.axe_checked = [], set()

    def loaded(tab):
        path = _path(tab.url)
        if path and tab.url.startswith(page.base) and not path.startswith(NOT_OURS) and path not in page.visited:
            page.visited.append(path)

    page.on("load", loaded)


def _assert_every_page_was_checked(page):
    missed = [path for path in getattr(page, "visited", []) if path not in page.axe_checked]
    assert not missed, f"pages this journey loaded but never ran axe-core on: {missed}"


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (shipped inside the axe-playwright-python package) in the page and return the
    violations of the given impacts as (rule id, help, number of nodes). The browser_page and phone_page
    fixtures fail a journey that loaded a page of ours without running this on it."""
    from axe_playwright_python.sync_playwright import Axe

    if hasattr(page, "axe_checked"):
        page.axe_checked.add(_path(page.url))
    results = Axe().run(page)
    found = [v for v in results.response["violations"] if v.get("impact") in impacts]
    page.axe_nodes = [(v["id"], n.get("target"), n.get("failureSummary", "")[:200]) for v in found for n in v["nodes"]]
    return [(v["id"], v["help"], len(v["nodes"])) for v in found]


def wait_until(page, expression, timeout=15):
    """Wait until ``expression`` is true in the page. Playwright's wait_for_function polls with eval()
    inside the page, which the Content-Security-Policy forbids (no 'unsafe-eval'); page.evaluate goes
    through the DevTools protocol, which the policy does not apply to."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        if page.evaluate(expression):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s on {page.url}: {expression}")
        page.wait_for_timeout(100)
