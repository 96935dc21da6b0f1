"""Property-based tests (hypothesis): malformed input posted to every form of the portal.

The forms are found, not listed: every row of the role × URL matrix (tests/matrix/, which
tests/test_url_matrix.py keeps equal to the URL resolver's patterns) is opened as the first role that
may see it, and every ``<form method="post">`` on the page is posted to with its own field names
holding hostile values (empty, huge, wrong types, markup, control characters, unknown choices, files
that are not what they say). POST-only rows are posted with the fields of their matrix row.

For every answer: no server error (the test client raises the view's exception, so a 500 fails with
its traceback); a refusal says why (the form again with its errors, a 4xx page with a message, or a
redirect with an error message); and a refusal stores nothing (every table's row count unchanged, the
login counters aside). Each post runs in a savepoint rolled back afterwards.
"""

import string
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .matrix import ROLES
from .test_url_matrix import _entries, matrix_data  # noqa: F401 - the matrix's objects, built once

EXAMPLES_PER_FORM = 5

# The account pages (allauth's include, one matrix row for all) whose forms people fill in. The two
# admins' includes (Django's, Wagtail's) are staff tools of those projects, not fuzzed here.
ACCOUNT_PAGES = [
    ("anonymous", "/en/accounts/login/"),
    ("anonymous", "/en/accounts/signup/"),
    ("anonymous", "/en/accounts/password/reset/"),
    ("applicant", "/en/accounts/email/"),
    ("applicant", "/en/accounts/password/change/"),
    ("applicant", "/en/accounts/2fa/totp/activate/"),
]

# Rows these tables get on a refused post are the refusal's own record, not half-saved data.
LOG_TABLES = {
    "django_session",  # the test client's login; a refused login still rotates nothing, but may save one
    "axes_accessattempt",  # failed logins counted (docs/security.md, "Failed logins")
    "axes_accessfailurelog",
    "axes_accesslog",
    "portal_securityevent",  # the security log: sign-ins, failures and refusals (docs/security.md)
}

# The marks a refusal leaves on the page: Django's error lists, allauth's and the portal's error boxes.
ERROR_MARKS = ('class="errorlist', 'class="error', "form-errors", 'role="alert"', "aria-invalid")

HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-13-45",
    "31/02/2026",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "\u202e\u0000\ud7ff",
    "a" * 5000,
    "../../etc/passwd",
    "not-an-email@",
    "http://",
    "POINT(1000 1000)",
    '{"type": "Point", "coordinates": [999, 999]}',
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet=string.printable, max_size=40),
)

hostile_file = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name, content, content_type=kind),
    st.sampled_from(["cv.pdf", "photo.jpg", "../../evil.pdf", "x" * 300 + ".png", "noextension", "script.php"]),
    st.one_of(st.binary(max_size=2048), st.just(b"%PDF-1.4 but not really"), st.just(b"\x89PNG\r\n\x1a\n")),
    st.sampled_from(["application/pdf", "image/jpeg", "text/html", "application/octet-stream"]),
)


class FormParser(HTMLParser):
    """Every form of a page: its method, action and fields (name, kind, the choices of a select)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            field = self._form["fields"].setdefault(attrs["name"], {"kind": kind, "choices": []})
            if kind in ("checkbox", "radio") and attrs.get("value") is not None:
                field["choices"].append(attrs["value"])
        elif tag in ("textarea", "select", "button"):
            self._form["fields"].setdefault(attrs["name"], {"kind": tag, "choices": []})
            if tag == "select":
                self._select = attrs["name"]
        if tag == "option" and self._select and attrs.get("value") is not None:
            self._form["fields"][self._select]["choices"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html, page_url):
    parser = FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = urlsplit(urljoin(page_url, form["action"] or page_url))
        found.append((action.path + (f"?{action.query}" if action.query else ""), form["fields"]))
    return found


def field_value(field):
    """A strategy for one field: a hostile value, one of its own choices, or nothing at all."""
    if field["kind"] == "file":
        return st.one_of(st.none(), hostile_file)
    options = [hostile_value, st.none()]
    if field["choices"]:
        options.append(st.sampled_from(field["choices"]))
    if field["kind"] in ("hidden", "submit", "button"):
        options.append(st.none())  # the form's own markers, sent or left out
    return st.one_of(*options)


def payload_strategy(fields):
    names = sorted(name for name in fields if name != "csrfmiddlewaretoken")
    keys = st.fixed_dictionaries({name: field_value(fields[name]) for name in names})
    extra = st.dictionaries(
        st.text(alphabet=string.ascii_lowercase + "-_[]", min_size=1, max_size=12), hostile_value, max_size=2
    )
    return st.tuples(keys, extra).map(lambda pair: {**pair[1], **{k: v for k, v in pair[0].items() if v is not None}})


def row_counts():
    tables = sorted(t for t in connection.introspection.table_names() if t not in LOG_TABLES)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608 - catalogue names
        cursor.execute("SELECT " + counts)  # noqa: S608
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _first_role(entry, allowed):
    for role in ROLES:
        expected = entry.expected(role)
        if allowed(expected):
            return role
    return None


def targets(data):
    """(role, URL posted to, fields) for every form on the matrix's pages and every POST-only row."""
    found = {}
    pages = []
    for entry in _entries():
        if entry.include:
            continue
        url = entry.url(data)
        if entry.method == "post":
            role = _first_role(entry, lambda e: e.status in (200, 302) and "/accounts/login/" not in e.text)
            if role:
                sample = entry.post_data(data) if entry.post_data else {}
                fields = {name: {"kind": "text", "choices": [str(value)]} for name, value in sample.items()}
                found.setdefault((role, url.split("?")[0]), (role, url, fields))
            continue
        role = _first_role(entry, lambda e: e.status == 200)
        if role is not None:
            pages.append((role, url))
    for role, url in pages + ACCOUNT_PAGES:
        client = _client(data, role)
        response = client.get(url)
        if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        for action, fields in post_forms(response.content.decode(errors="replace"), url):
            found.setdefault((role, action.split("?")[0]), (role, action, fields))
    return list(found.values())


def _client(data, role):
    client = Client()
    if data["users"][role] is not None:
        client.force_login(data["users"][role])
    return client


def _refusal_reason(response):
    """How the answer says no, or None when it is not a refusal."""
    if 400 <= response.status_code < 500:
        return "status"
    if response.status_code in (301, 302, 303):
        levels = [m.level for m in get_messages(response.wsgi_request)]
        return "message" if any(level >= message_levels.WARNING for level in levels) else None
    body = response.content.decode(errors="replace")
    return "form errors" if any(mark in body for mark in ERROR_MARKS) else None


def _shown_again(response, action):
    """Whether the answer holds the form that was posted (a post form to the same address)."""
    path = action.split("?")[0]
    body = response.content.decode(errors="replace")
    return any(posted_to.split("?")[0] == path for posted_to, _ in post_forms(body, action))


# A review's draft is saved even when the submission is refused, and the page says so.
DRAFT_TABLES = {"projects_review", "projects_score", "portal_auditevent"}
DRAFT_SAVED = "Your draft was saved, but the review is not submitted yet."
silent = set()


def _fuzz(data, role, action, fields, outcomes):
    """EXAMPLES_PER_FORM hostile posts to one form, each checked and rolled back."""

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(payload=payload_strategy(fields))
    def post_malformed(payload):
        client = _client(data, role)
        with transaction.atomic():
            before = row_counts()
            response = client.post(action, payload)
            assert response.status_code < 500, f"{role} POST {action} {payload!r}: {response.status_code}"
            reason = _refusal_reason(response)
            outcomes.setdefault(action, set()).add((response.status_code, reason))
            if reason is not None:
                after = row_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                body = response.content.decode(errors="replace")
                if changed and set(changed) <= DRAFT_TABLES and DRAFT_SAVED in body:
                    pass  # a review's draft is kept on purpose, and the page says so (projects.views.stc.review)
                else:
                    assert not changed, f"{role} POST {action} refused ({reason}) but stored rows: {changed}"
                if reason == "status":
                    body = response.content.decode(errors="replace")
                    assert body.strip(), f"{role} POST {action}: {response.status_code} without a word"
            elif response.status_code == 200 and row_counts() == before and _shown_again(response, action):
                # The same form back without an error and nothing stored (e.g. the action's button left
                # out, or an unbound form): the person cannot tell that nothing happened. The test fails
                # on these at the end of the run. (A page that answers with another page, such as
                # "You are unsubscribed", is an outcome, not a form shown again.)
                silent.add(f"{role} POST {action.split('?')[0]}")
            transaction.set_rollback(True)

    post_malformed()


def test_every_form_refuses_malformed_input_clearly_and_stores_nothing(matrix_data, db):  # noqa: F811
    forms = targets(matrix_data)
    posted_to = {action.split("?")[0] for _, action, _ in forms}
    # The discovery finds the forms people use (a sample that must always be among them).
    for expected in ("/en/newsletter/subscribe/", "/en/accounts/signup/", "/en/accounts/login/", "/en/partners/join/"):
        assert expected in posted_to, f"no form found posting to {expected}: {sorted(posted_to)}"
    assert len(forms) >= 20, sorted(posted_to)
    problems = []
    outcomes = {}

    for role, action, fields in forms:
        try:
            _fuzz(matrix_data, role, action, fields, outcomes)
        except AssertionError as error:
            problems.append(str(error).splitlines()[0][:500])

    assert problems == [], "\n".join(problems)
    assert not silent, "Shown again without a word of why:\n  " + "\n  ".join(sorted(silent))
