"""The one way the portal writes CSV and XLSX files that people open in a spreadsheet.

Formula injection (OWASP "CSV Injection"; ASVS 5.0 requirement 1.2.10): a spreadsheet treats a cell whose text
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so an applicant's title
``=HYPERLINK(...)`` would run in the chair's spreadsheet. Text cells are therefore neutralised:

- CSV has no cell types, so OWASP's rule applies as written: such a cell gets a leading apostrophe
  (spreadsheets read it as "this is text" and hide it) and every text cell is quoted, so a ``;`` in it
  cannot start a new cell where a French or Spanish spreadsheet uses ``;`` as the separator.
- XLSX cells are typed: a text cell is written as a string (``inlineStr``) with the *quote prefix* style,
  which is exactly what a spreadsheet stores when a person types the apostrophe. The text reads as it
  was written (no visible apostrophe, nothing altered for a program that reads the file) and stays text
  even when someone edits the cell and presses Enter.

Numbers, dates and booleans keep their type: a negative number is not a formula and is not touched.
CSV files start with a UTF-8 byte order mark, without which spreadsheets read UTF-8 as a legacy code
page (``Agroforestería`` becomes ``AgroforesterÃ­a``). Column headers are labels (lazy translations),
rendered in the active language when the file is written; ``columns_by_label`` maps a header read back
in any of ``settings.LANGUAGES`` to its column key, so an exported file can be imported again.
"""

import csv
import datetime
import decimal
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """A column of an export: a stable key (for code and re-imports) and a translated header label."""

    key: str
    label: str | Promise

    def __str__(self):
        return str(self.label)


def is_formula_like(text):
    """Would a spreadsheet read this text as a formula? (Leading spaces do not hide the trigger.)"""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def _plain(value):
    """The value a cell holds: numbers, dates and booleans as themselves, everything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # spreadsheets have no time zones
        return value
    if isinstance(value, datetime.date):
        return value
    return str.__str__(str(value))  # lazy translations, codes …; a SafeString becomes a plain str


def csv_cell(value):
    """A value as it is written into a CSV file (text neutralised)."""
    if type(value) is str:  # most cells of an export: no conversion to make
        return "'" + value if is_formula_like(value) else value
    value = _plain(value)
    if isinstance(value, str):
        return "'" + value if is_formula_like(value) else value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def header_row(columns):
    """Header labels in the active language, capitalised as the admin shows field names."""
    return [capfirst(str(column)) for column in columns]


def write_csv(stream, rows, *, header=None):
    """Write ``header`` (labels or ``Column``s, rendered in the active language) and ``rows`` to a text
    stream, BOM first. Text cells are quoted and neutralised; numbers stay bare."""
    stream.write(BOM)
    writer = csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    if header is not None:
        writer.writerow([csv_cell(label) for label in header_row(header)])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def csv_response(filename, rows, *, header=None):
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, rows, header=header)
    return response


class _Lines:
    """What csv.writer writes into: the text of the rows written since the last ``take()``."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text, self.parts = "".join(self.parts), []
        return text


# Rows per chunk sent by a streamed CSV (about 40 KB of an export of initiatives).
STREAM_ROWS = 200


def csv_streaming_response(filename, rows, *, header=None):
    """A CSV written as it is sent (same cells as ``write_csv``): the first bytes leave before the last
    row is read, and the file is never held whole. ``rows`` is iterated while the response is sent, in
    the language active now (the response may be read after the view has returned)."""
    language = translation.get_language()

    def chunks():
        with translation.override(language):
            lines = _Lines()
            writer = csv.writer(lines, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
            lines.write(BOM)
            if header is not None:
                writer.writerow([csv_cell(label) for label in header_row(header)])
            for number, row in enumerate(rows, 1):
                writer.writerow([csv_cell(value) for value in row])
                if number % STREAM_ROWS == 0:
                    yield lines.take().encode()
            yield lines.take().encode()

    response = StreamingHttpResponse(chunks(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def kept_while_sent(response, key, seconds, *, limit=16 * 2**20):
    """Keep a streamed answer's bytes in the cache under ``key`` once its last byte has been sent (an
    answer broken off, or larger than ``limit``, is not kept). The caller answers the next request
    from the cache (``cached_csv_response``) until the key's version moves."""

    def sent_and_kept(parts):
        kept, size = [], 0
        for part in parts:
            if kept is not None:
                size += len(part)
                if size <= limit:
                    kept.append(part)
                else:
                    kept = None
            yield part
        if kept is not None:
            cache.set(key, b"".join(kept), seconds)

    response.streaming_content = sent_and_kept(response.streaming_content)
    return response


def cached_csv_response(filename, body):
    """A CSV answer from bytes ``kept_while_sent`` kept."""
    response = HttpResponse(body, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    # Control characters are not allowed in XLSX text: openpyxl would refuse the whole file.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl makes "=…" a formula; a text cell is never one
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def write_xlsx(stream, rows, *, header=None, title="export"):
    """Write one worksheet named ``title`` (header in the active language, then ``rows``) to a binary
    stream. Written in openpyxl's write-only mode: memory stays flat for large exports."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])  # the XLSX limit for a sheet name
    if header is not None:
        sheet.append([_xlsx_cell(sheet, label) for label in header_row(header)])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(stream)


def xlsx_response(filename, rows, *, header=None, title="export"):
    response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_xlsx(response, rows, header=header, title=title)
    return response


def columns_by_label(columns):
    """``{header as read: key}`` for the key and the label of each column in every language of
    ``settings.LANGUAGES`` (case-insensitive), to read an exported file back."""
    found = {}
    for column in columns:
        found[column.key.casefold()] = column.key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                found[str(column.label).casefold()] = column.key
    return found


def read_cell(text):
    """The text ``csv_cell`` wrote: the apostrophe added before a formula-like text is taken off."""
    if isinstance(text, str) and text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def keyed_rows(dict_rows, columns):
    """Rows of ``csv.DictReader`` with their headers (keys or labels in any language) turned into keys
    and the cells as they were before ``csv_cell`` neutralised them."""
    lookup = columns_by_label(columns)
    for row in dict_rows:
        yield {
            lookup.get((name or "").strip().lstrip(BOM).casefold(), name): read_cell(value)
            for name, value in row.items()
        }
