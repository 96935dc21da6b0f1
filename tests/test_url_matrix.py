"""The role × URL matrix: every URL pattern is listed in tests/matrix/, and each role gets what the
matrix says (status and what is on the page)."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from . import matrix
from .matrix import ROLES


def _modules():
    return [importlib.import_module(f"tests.matrix.{info.name}") for info in pkgutil.iter_modules(matrix.__path__)]


def _entries():
    return [entry for module in _modules() for entry in module.ENTRIES]


def _route(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return "<lang>/"
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        return pattern._regex.lstrip("^").rstrip("$")
    return str(pattern)


def iter_patterns(patterns=None, prefix="", includes=()):
    """Yield (full route, identifiers of the includes it sits in) for every leaf URL pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        route = prefix + _route(p.pattern)
        if isinstance(p, URLResolver):
            idents = []
            if isinstance(p.urlconf_name, str):
                idents.append(p.urlconf_name)
            elif hasattr(p.urlconf_name, "__name__"):
                idents.append(p.urlconf_name.__name__)
            idents += [name for name in (p.namespace, p.app_name) if name]
            yield from iter_patterns(p.url_patterns, route, includes + tuple(idents))
        elif isinstance(p, URLPattern):
            yield route, includes


def test_every_url_pattern_is_in_the_matrix():
    entries = _entries()
    exact = {e.pattern for e in entries if e.pattern}
    includes = {e.include for e in entries if e.include}
    missing = sorted(
        {route for route, within in iter_patterns() if route not in exact and not includes.intersection(within)}
    )
    assert missing == [], "URL patterns missing from tests/matrix/: " + ", ".join(missing)


def test_matrix_names_no_pattern_that_does_not_exist():
    routes = set()
    idents = set()
    for route, within in iter_patterns():
        routes.add(route)
        idents.update(within)
    stale = [
        e.key for e in _entries() if (e.pattern and e.pattern not in routes) or (e.include and e.include not in idents)
    ]
    assert stale == []


def test_every_row_says_what_the_person_sees():
    """A status alone says little: a 200 may be the wrong page, a 404 the object's page with an error."""
    silent = [f"{e.key}|{role}" for e in _entries() for role in ROLES if e.expected(role).text.strip() in ("", "/")]
    assert silent == []


def _cases():
    for entry in _entries():
        for role in ROLES:
            yield pytest.param(entry, role, id=f"{entry.key}|{role}")


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    """The users and objects of every app's rows, built once for the module inside a transaction that
    is rolled back at its end (each case still runs in its own savepoint, so nothing leaks between
    cases). Building them per case cost more than a second a case."""
    from django.db import transaction

    from .conftest import ROLE_GROUPS, ROLE_NAMES
    from .factories import UserFactory

    with django_db_blocker.unblock():
        with transaction.atomic():
            users = {"anonymous": None}
            for name in ROLE_NAMES[1:]:
                users[name] = UserFactory(email=f"{name}@example.org", role=ROLE_GROUPS[name])
            data = {"users": users}
            for module in _modules():
                setup = getattr(module, "setup", None)
                if setup is not None:
                    data.update(setup(data) or {})
            yield data
            transaction.set_rollback(True)


@pytest.mark.parametrize(("entry", "role"), list(_cases()))
def test_role_gets_what_the_matrix_says(entry, role, matrix_data, db):
    from django.test import Client

    client = Client()
    if matrix_data["users"][role] is not None:
        client.force_login(matrix_data["users"][role])
    url = entry.url(matrix_data)
    if entry.method == "post":
        payload = entry.post_data(matrix_data) if entry.post_data else {}
        response = client.post(url, payload)
    else:
        response = client.get(url)
    expected = entry.expected(role)
    assert response.status_code == expected.status, f"{role} {entry.method.upper()} {url}"
    if 300 <= expected.status < 400:
        assert expected.text in response["Location"], f"{role} {url}: sent to {response['Location']}"
    else:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen = expected.read(body) if expected.read else body.decode(errors="replace")
        assert expected.text in seen, f"{role} {url}: {expected.text!r} not on the page"
