"""The role × URL matrix (pretix/Zulip habit): every URL pattern of the project is listed here,
with what anonymous and each role get. tests/test_url_matrix.py fails when a pattern is missing.

Each app keeps its rows in tests/matrix/<app>.py as ``ENTRIES = [Entry(...), ...]``.

An ``Expect`` is what a person sees: a status and a text that must be on the page (or the start of
the redirect target); every row names one. A download that is not text names a ``read`` function that
turns its bytes into what the person reads (``xlsx_text``). A denied object answers 404 with the "Page not
found" page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "applicant", "friend", "partner", "funder", "correspondent", "reviewer", "chair", "secretariat"]


@dataclass(frozen=True)
class Expect:
    status: int
    text: str  # must appear in the body (2xx/4xx) or in the Location header (3xx)
    read: Callable[[bytes], str] | None = None  # the body as the person reads it, for files that are not text


def xlsx_text(body):
    """Every cell of every sheet of a spreadsheet, one line per row, cells separated by tabs."""
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(body), read_only=True)
    return "\n".join(
        "\t".join("" if value is None else str(value) for value in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def ok(text):
    return Expect(200, text)


def redirect(to):
    return Expect(302, to)


NOT_FOUND = Expect(404, "Page not found")
LOGIN = Expect(302, "/accounts/login/")
FORBIDDEN_ADMIN = Expect(403, "403 Forbidden")  # allauth's secure_admin_login refuses non-staff accounts


@dataclass
class Entry:
    """One URL pattern (``pattern``, the full route as tests/test_url_matrix.py spells it, the
    language prefix written ``<lang>/``) or every pattern of a third-party include (``include``: the
    included module's name or namespace, e.g. ``allauth.urls``, ``admin``).

    ``url`` builds a concrete URL from the ``data`` fixture dict the app's ``setup`` returns.
    ``expect`` maps a role to its Expect; ``default`` is for roles not named.
    """

    url: Callable[[dict], str]
    default: Expect
    expect: dict = field(default_factory=dict)
    pattern: str = ""
    include: str = ""
    method: str = "get"
    post_data: Callable[[dict], dict] | None = None
    note: str = ""

    def expected(self, role):
        return self.expect.get(role, self.default)

    @property
    def key(self):
        return self.pattern or f"include:{self.include}"
