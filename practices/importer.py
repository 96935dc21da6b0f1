"""Import practice sheets from WOCAT QCAT technologies and from CSV (``manage.py import_practices``).

QCAT answers, detected by their shape (docs/import.md):

- API v1 list (``{"count", "next", "results": [...]}``) and detail records: the raw keyword ``data``
  with ``code``, ``name`` (every translation), ``status`` as a pair (``["public", "Public"]``),
  ``updated``, ``translations`` and ``original_locale``;
- QCAT's raw keyword JSON: the ``data`` alone (``{"qg_name": [...], "tech_qg_9": [...]}``) or with its
  status (``{"status": "public", "data": {...}}``, API v2 "fetch questionnaire data");
- the API v2 detail answer of one technology: the configured questionnaire (sections, categories,
  question groups and questions with labels and values in one language);
- a list of any of these. API v2 *list* answers carry no data: each record is reported with its
  ``details`` link to download.

Values become the portal's terms through the ``QcatMapping`` table (practices/qcat.py). A value the
table does not know is counted and reported, never dropped silently; a record with no value that maps to
a category is imported under "other practices". Each record is written in its own savepoint: a bad
record is reported and skipped, never half written. Known WOCAT codes update their sheet (a new
published version); a record without a known code whose name and country match a sheet is reported as a
likely duplicate instead of being created.
"""

import contextlib
import csv
import io
import itertools
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from . import services
from .models import Practice
from .qcat import Mapping, parse_range

QCAT_PERMALINK = "https://qcat.wocat.net/en/wocat/technologies/view/{code}/"
OTHER_CATEGORY = "other-practices"
DEFAULT_MEASURE_TYPE = "management"
# QCAT's questionnaire status codes (apps/questionnaire/conf.py), for records that carry the number.
QCAT_STATUSES = {1: "draft", 2: "submitted", 3: "reviewed", 4: "public", 5: "rejected", 6: "inactive"}
# Keys of free text and numbers the importer reads; the keys with fixed values come from the mapping.
TEXT_KEYS = {"name": "name", "tech_definition": "definition", "tech_description": "description"}
# The sheet's one-line fields (Practice.name, Practice.definition): longer QCAT texts are shortened.
TEXT_LIMITS = {"name": 200, "definition": 400}
CODE_IN_NAME = re.compile(r"^([a-z]+)_\d+$")
BATCH = 250  # records per transaction (each in its own savepoint)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


class RecordError(Exception):
    pass


@dataclass
class Report:
    dry_run: bool = False
    created: list = field(default_factory=list)  # (identifier, name)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (identifier, reason)
    warnings: list = field(default_factory=list)  # (identifier, message): imported, with a caveat
    unknown: Counter = field(default_factory=Counter)  # (key, value) → records: not in the mapping
    unmapped: Counter = field(default_factory=Counter)  # (key, value) → records: known, no portal term
    other_practices: list = field(default_factory=list)  # identifiers imported under "other practices"
    formats: Counter = field(default_factory=Counter)
    mapping_problems: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def records(self):
        return len(self.created) + len(self.updated) + len(self.skipped)

    def summary(self, verbosity=1):
        would = "Would be " if self.dry_run else ""
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        if self.formats:
            lines.append("Read: " + ", ".join(f"{n} × {name}" for name, n in self.formats.most_common()))
        lines += [
            f"{would}Created: {len(self.created)}",
            f"{would}Updated: {len(self.updated)}",
            f"Skipped: {len(self.skipped)}",
        ]
        if self.dry_run or verbosity > 1:
            lines += [f"  + {identifier}: {name}" for identifier, name in self.created]
            lines += [f"  ~ {identifier}: {name}" for identifier, name in self.updated]
        lines += [f"  - {identifier}: {reason}" for identifier, reason in self.skipped]
        if self.other_practices:
            lines.append(
                f"Under “other practices” (no value maps to a category): {len(self.other_practices)}: "
                + ", ".join(self.other_practices[:20])
                + (" …" if len(self.other_practices) > 20 else "")
            )
        if self.warnings:
            lines.append(f"Warnings: {len(self.warnings)}")
            lines += [f"  ! {identifier}: {message}" for identifier, message in self.warnings]
        if self.unknown:
            lines.append(f"Unknown QCAT values (not in the QCAT mappings, not imported): {len(self.unknown)}")
            lines += [f"  ? {key} {value}: {n} record(s)" for (key, value), n in sorted(self.unknown.items())]
        if self.unmapped and (verbosity > 1 or self.dry_run):
            lines.append(f"QCAT values without a portal term: {len(self.unmapped)}")
            lines += [f"  · {key} {value}: {n} record(s)" for (key, value), n in sorted(self.unmapped.items())]
        lines += [f"Mapping problem: {problem}" for problem in self.mapping_problems]
        if self.records:
            per_thousand = self.seconds / self.records * 1000
            lines.append(f"{self.records} records in {self.seconds:.1f} s ({per_thousand:.1f} s per 1,000)")
        return "\n".join(lines)


# --- Reading QCAT answers ---------------------------------------------------------------------------
@dataclass
class QcatRecord:
    """One technology, whatever answer it came from: texts by language and the (group, key, value)
    answers (``labels``: answers known only by their label, from an API v2 detail)."""

    format: str
    code: str = ""
    status: str = "public"
    texts: dict = field(default_factory=dict)  # "name" → {"en": …}
    local_name: str = ""
    values: list = field(default_factory=list)  # (questiongroup, key, value keyword)
    labels: list = field(default_factory=list)  # (questiongroup, key, label)
    rainfall_mm: float | None = None
    location_map: object = None
    updated: str = ""
    translations: list = field(default_factory=list)
    original_locale: str = ""


def _status(value):
    if isinstance(value, list | tuple) and value:
        value = value[0]
    if isinstance(value, int):
        return QCAT_STATUSES.get(value, str(value))
    return str(value or "public").lower()


def _text(record, name, value, language):
    if isinstance(value, dict):
        record.texts.setdefault(name, {}).update({k: str(v).strip() for k, v in value.items() if v})
    elif isinstance(value, str) and value.strip():
        record.texts.setdefault(name, {}).setdefault(language, value.strip())


def _read_answer(record, mapping, group, key, value, language, *, by_label=False):
    if key in TEXT_KEYS:
        _text(record, TEXT_KEYS[key], value, language)
    elif key == "name_local" and value:
        record.local_name = str(value).strip()
    elif key == "location_map" and value:
        record.location_map = value
    elif key == "tech_rainfall_annual" and value not in (None, ""):
        try:
            record.rainfall_mm = float(value)
        except (TypeError, ValueError):
            pass
    elif mapping.reads(group, key):
        for item in value if isinstance(value, list) else [value]:
            if item in (None, "", [], False):
                continue
            if isinstance(item, list | tuple):
                # API v2: [label, keyword] (raw values) or [label, image, details, keyword] (image checkbox)
                label, keyword = item[0], item[-1]
                if isinstance(keyword, str) and mapping.lookup(group, key, keyword) is not None:
                    record.values.append((group, key, keyword))
                else:
                    record.labels.append((group, key, str(label)))
            elif by_label:
                record.labels.append((group, key, str(item)))
            else:
                record.values.append((group, key, str(item)))


def from_raw_data(data, mapping, *, fmt, language):
    """QCAT's raw keyword data: ``{question group: [{key: value, …}, …]}``."""
    if not isinstance(data, dict):
        raise RecordError("data is not a dictionary of question groups")
    record = QcatRecord(format=fmt)
    for group, entries in data.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    _read_answer(record, mapping, group, key, value, language)
    return record


def _walk_configured(node, parent, visit):
    """Depth-first over an API v2 detail answer; ``visit(questiongroup, key, question)``."""
    for keyword, child in node.items():
        if not isinstance(child, dict):
            continue
        if isinstance(child.get("children"), dict):
            _walk_configured(child["children"], keyword, visit)
        elif "value" in child:
            visit(parent, keyword, child)


def from_configured(answer, mapping, *, language):
    """The API v2 detail answer: values are labels in the answer's language (``language``)."""
    record = QcatRecord(format="QCAT API v2 detail")

    def visit(group, key, question):
        entries = question.get("value")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            value = entry.get("values") if "values" in entry else entry.get("value")
            if isinstance(value, list) and key not in TEXT_KEYS:
                value = [v for v in value if v not in (None, "")]
            _read_answer(record, mapping, group, key, value, language, by_label=True)

    _walk_configured(answer, "", visit)
    return record


def _looks_like_raw_data(payload):
    return (
        bool(payload)
        and all(isinstance(k, str) and "qg_" in k for k in payload)
        and all(isinstance(v, list) for v in payload.values())
    )


def _looks_configured(payload):
    return (
        bool(payload)
        and all(isinstance(v, dict) and isinstance(v.get("children"), dict) for v in payload.values())
        and any(k.startswith("section_") for k in payload)
    )


def qcat_records(payload, mapping, *, code_hint="", language="en"):
    """(identifier, QcatRecord or RecordError) for every record of a QCAT answer, detected by shape."""
    if isinstance(payload, list):
        for index, item in enumerate(payload, start=1):
            yield from qcat_records(item, mapping, language=language, code_hint=f"record {index}")
        return
    if not isinstance(payload, dict):
        yield code_hint or "file", RecordError("not a QCAT answer (neither a record nor a list of records)")
        return
    if isinstance(payload.get("results"), list):
        for index, item in enumerate(payload["results"], start=1):
            yield from qcat_records(item, mapping, language=language, code_hint=f"record {index}")
        return
    if "data" in payload and isinstance(payload["data"], dict) and "code" in payload:
        fmt = "QCAT API v1 record" if "original_locale" in payload or "translations" in payload else "QCAT record"
        yield _coded(payload, mapping, fmt=fmt, language=language)
        return
    if "details" in payload and "code" in payload:
        yield (
            str(payload["code"]),
            RecordError(f"an API v2 list record carries no data: download its details ({payload['details']})"),
        )
        return
    code = code_hint if CODE_IN_NAME.match(code_hint or "") else ""
    identifier = code or code_hint or "file"
    try:
        if isinstance(payload.get("data"), dict):
            record = from_raw_data(payload["data"], mapping, fmt="QCAT raw keyword JSON", language=language)
            record.status = _status(payload.get("status"))
        elif _looks_like_raw_data(payload):
            record = from_raw_data(payload, mapping, fmt="QCAT raw keyword JSON", language=language)
        elif _looks_configured(payload):
            record = from_configured(payload, mapping, language=language)
        else:
            raise RecordError("not a QCAT technology (unrecognised JSON shape)")
    except RecordError as error:
        yield identifier, error
        return
    record.code = code
    yield identifier, record


def _coded(payload, mapping, *, fmt, language):
    code = str(payload["code"])
    try:
        record = from_raw_data(payload["data"], mapping, fmt=fmt, language=payload.get("original_locale") or language)
    except RecordError as error:
        return code, error
    record.code = code
    record.status = _status(payload.get("status"))
    if isinstance(payload.get("name"), dict) and not record.texts.get("name"):
        _text(record, "name", payload["name"], language)
    record.updated = str(payload.get("updated") or "")
    record.translations = [t for t in payload.get("translations") or [] if isinstance(t, str)]
    record.original_locale = payload.get("original_locale") or ""
    return code, record


# --- A QCAT record → sheet data --------------------------------------------------------------------
def _points(location_map):
    """Points of the QCAT location map (a GeoJSON string or object, EPSG:4326)."""
    if not location_map:
        return []
    try:
        geojson = json.loads(location_map) if isinstance(location_map, str) else location_map
    except ValueError as error:
        raise RecordError("location_map is not valid GeoJSON") from error
    features = geojson.get("features", [geojson]) if isinstance(geojson, dict) else []
    points = []
    for feature in features:
        geometry = feature.get("geometry", feature) if isinstance(feature, dict) else {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Point":
            points.append(coordinates[:2])
        elif kind == "MultiPoint":
            points += [c[:2] for c in coordinates]
        elif kind in ("Polygon", "MultiPolygon"):
            ring = coordinates[0] if kind == "Polygon" else coordinates[0][0]
            if len(ring) > 1 and ring[0] == ring[-1]:
                ring = ring[:-1]  # the closing position repeats the first
            xs, ys = [c[0] for c in ring], [c[1] for c in ring]
            points.append([sum(xs) / len(xs), sum(ys) / len(ys)])
    for point in points:
        if not (isinstance(point[0], int | float) and isinstance(point[1], int | float)):
            raise RecordError("location_map has a position that is not a number")
    return points


def _first(terms):
    return min(terms, key=lambda t: t.position).target if terms else None


def _bounds(terms):
    ranges = [parse_range(t.target) for t in terms]
    if not ranges:
        return None, None
    low = min(r[0] for r in ranges)
    high = None if any(r[1] is None for r in ranges) else max(r[1] for r in ranges)
    return low, high


def qcat_sheet(record, mapping, report, identifier):
    """A QcatRecord → sheet data for services.apply_sheet_data; mapping outcomes go to ``report``."""
    if record.status != "public":
        raise RecordError(f"status is {record.status}, only public sheets are imported")
    if record.code and not record.code.startswith("technologies_"):
        raise RecordError(f"not a technology ({record.code.rsplit('_', 1)[0]})")
    languages = language_codes()
    sheet = {}
    if record.code:
        sheet["wocat_code"] = record.code
        sheet["wocat_url"] = QCAT_PERMALINK.format(code=record.code)
    else:
        report.warnings.append((identifier, "no QCAT code: a later import cannot update this sheet"))
    for name in TEXT_KEYS.values():
        for language, text in record.texts.get(name, {}).items():
            if language in languages:
                limit = TEXT_LIMITS.get(name)
                if limit and len(text) > limit:
                    text = Truncator(text).chars(limit)
                    report.warnings.append((identifier, f"{name} ({language}) shortened to {limit} characters"))
                sheet[f"{name}_{language}"] = text
    if not any(sheet.get(f"name_{language}") for language in languages):
        others = ", ".join(sorted(record.texts.get("name", {}))) or "none"
        raise RecordError(f"no name in the portal's languages (QCAT has: {others})")
    if not any(sheet.get(f"definition_{language}") for language in languages):
        # The sheet needs its one-sentence definition: the start of QCAT's description stands in.
        for language in languages:
            if sheet.get(f"description_{language}"):
                sheet[f"definition_{language}"] = Truncator(sheet[f"description_{language}"]).chars(400)
        if not any(sheet.get(f"definition_{language}") for language in languages):
            raise RecordError("no definition (tech_definition) nor description in the portal's languages")
        report.warnings.append((identifier, "no definition: the start of the description stands in"))
    if record.local_name:
        sheet["local_name"] = record.local_name[:200]

    terms = {kind: [] for kind in ("category", "measure_type", "land_use", "climate_zone", "rainfall",
                                   "altitude", "water_supply", "country")}  # fmt: skip
    answers = list(record.values)
    for group, key, label in record.labels:
        value = mapping.value_of_label(group, key, label)
        if value is None:
            report.unknown[(key, f"“{label}”")] += 1
        else:
            answers.append((group, key, value))
    for group, key, value in dict.fromkeys(answers):  # once per record
        found = mapping.lookup(group, key, value)
        if found is None:
            report.unknown[(key, value)] += 1
        elif not found:
            report.unmapped[(key, value)] += 1
        for term in found or []:
            terms[term.kind].append(term)

    category = _first(terms["category"])
    if category is None:
        category = OTHER_CATEGORY
        report.other_practices.append(identifier)
    sheet["category"] = category
    measure = _first(terms["measure_type"])
    if measure is None:
        measure = DEFAULT_MEASURE_TYPE
        report.warnings.append((identifier, f"no measure type maps: “{measure}” assumed"))
    sheet["measure_type"] = measure
    sheet["land_uses"] = sorted({t.target for t in terms["land_use"]})
    sheet["climate_zones"] = sorted({t.target for t in terms["climate_zone"]})
    sheet["countries"] = sorted({t.target for t in terms["country"]})
    if record.rainfall_mm is not None and record.rainfall_mm >= 0:
        sheet["rainfall_min_mm"] = sheet["rainfall_max_mm"] = round(record.rainfall_mm)
    else:
        sheet["rainfall_min_mm"], sheet["rainfall_max_mm"] = _bounds(terms["rainfall"])
    sheet["altitude_min_m"], sheet["altitude_max_m"] = _bounds(terms["altitude"])
    water = _first(terms["water_supply"])
    if water:
        sheet["water_supply"] = water
    try:
        sheet["location"] = _points(record.location_map)
    except RecordError as error:
        report.warnings.append((identifier, f"{error}: imported without a place on the map"))
        sheet["location"] = []
    if record.updated:
        sheet["documented_on"] = record.updated[:10]
    original = record.original_locale or (record.translations[0] if record.translations else "")
    sheet["original_language"] = original if original in languages else settings.LANGUAGE_CODE
    sheet["licence"] = "CC BY-SA 4.0"
    sheet["contributor"] = "WOCAT"
    return sheet


# --- CSV --------------------------------------------------------------------------------------------
CSV_LISTS = ("countries", "climate_zones", "soil_groups", "land_uses")


def csv_sheets(text):
    reader = csv.DictReader(io.StringIO(text))
    for number, row in enumerate(reader, start=2):
        identifier = row.get("wocat_code") or row.get("name_en") or f"line {number}"
        sheet = {k: v.strip() for k, v in row.items() if k and v is not None and v.strip() and k not in ("lon", "lat")}
        for key in CSV_LISTS:
            if key in sheet:
                sheet[key] = [v.strip() for v in sheet[key].split(";") if v.strip()]
        if row.get("lon") and row.get("lat"):
            try:
                sheet["location"] = [[float(row["lon"]), float(row["lat"])]]
            except ValueError:
                yield identifier, None, "lon/lat are not numbers"
                continue
        if "rate" in sheet:
            sheet["measurements"] = [
                {
                    "site": sheet.pop("site", "") or identifier,
                    "rate": sheet.pop("rate"),
                    "duration_years": sheet.pop("duration_years", "1"),
                    "depth_from_cm": sheet.pop("depth_from_cm", "0"),
                    "depth_to_cm": sheet.pop("depth_to_cm", "30"),
                    "method": sheet.pop("method", "tier1"),
                }
            ]
        yield identifier, sheet, None


# --- Writing ----------------------------------------------------------------------------------------
class Catalogue:
    """The sheets already there (and those of the file so far), read once: WOCAT codes and names."""

    def __init__(self):
        self.by_code, self.by_name = {}, {}
        fields = ["pk", "slug", "name", "wocat_code", "countries", *(f"name_{lang}" for lang in language_codes())]
        for practice in Practice.objects.only(*fields).iterator(chunk_size=2000):
            if practice.wocat_code:
                self.by_code[practice.wocat_code] = practice.pk
            self.add(practice.name, practice.slug, {c.code for c in practice.countries}, practice)

    def add(self, name, where, countries, names):
        """``names``: a practice or a sheet dict, whose name_<language> are indexed."""
        for language in language_codes():
            text = names.get(f"name_{language}") if isinstance(names, dict) else getattr(names, f"name_{language}")
            if text:
                self.by_name.setdefault(text.casefold(), []).append((name, where, countries))

    def likely_duplicate(self, sheet):
        countries = set(sheet.get("countries") or [])
        for language in language_codes():
            name = sheet.get(f"name_{language}")
            for found_name, where, found_countries in self.by_name.get((name or "").casefold(), []):
                if not countries or countries & found_countries:
                    return found_name, where
        return None


# Sheets with these rows (CSV results) take the one-by-one path of services.apply_sheet_data.
ROWS = {"steps", "measurements", "photos", "references", "organisations", "initiatives"}


def _reasons(error):
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())


def import_sheet(identifier, sheet, report, catalogue, context):
    """One sheet through apply_sheet_data and publish_practice (the path of sheets with rows)."""
    pk = catalogue.by_code.get(sheet.get("wocat_code") or "")
    if pk:
        practice = Practice.objects.get(pk=pk)
    else:
        practice = Practice(original_language=sheet.get("original_language", settings.LANGUAGE_CODE))
        # A new sheet has no related rows yet: nothing to replace (saves a query per list).
        sheet = {k: v for k, v in sheet.items() if v != [] or k in ("category", "measure_type")}
    try:
        with transaction.atomic():
            services.apply_sheet_data(practice, sheet)
            services.publish_practice(practice)
    except ValidationError as error:
        report.skipped.append((identifier, _reasons(error)))
        return
    context.slugs.add(practice.slug)
    if practice.wocat_code:
        catalogue.by_code[practice.wocat_code] = context.codes[practice.wocat_code] = practice.pk
    (report.updated if pk else report.created).append((identifier, practice.name))


def import_chunk(chunk, report, catalogue, context):
    """A batch of ``(identifier, sheet or None, problem)``: duplicates and problems reported, sheets of
    fields and vocabularies published together (services.publish_imported), the others one by one."""
    codes = [sheet.get("wocat_code") for _identifier, sheet, _problem in chunk if sheet]
    existing = Practice.objects.in_bulk([catalogue.by_code[c] for c in codes if c in catalogue.by_code])
    together = []
    for identifier, sheet, problem in chunk:
        if problem:
            report.skipped.append((identifier, problem))
            continue
        pk = catalogue.by_code.get(sheet.get("wocat_code") or "")
        if pk is None:
            duplicate = catalogue.likely_duplicate(sheet)
            if duplicate is not None:
                report.skipped.append((identifier, f"likely duplicate of “{duplicate[0]}” ({duplicate[1]})"))
                continue
            name = next((sheet[f"name_{lang}"] for lang in language_codes() if sheet.get(f"name_{lang}")), "")
            catalogue.add(name, f"{identifier}, earlier in this file", set(sheet.get("countries") or []), sheet)
        if set(sheet) & ROWS:
            import_sheet(identifier, sheet, report, catalogue, context)
        else:
            together.append((identifier, existing.get(pk), sheet))
    for identifier, outcome in services.publish_imported(together, context=context):
        if isinstance(outcome, ValidationError):
            report.skipped.append((identifier, _reasons(outcome)))
            continue
        updated = outcome.wocat_code in catalogue.by_code
        (report.updated if updated else report.created).append((identifier, outcome.name))
        if outcome.wocat_code:
            catalogue.by_code[outcome.wocat_code] = outcome.pk


class _DryRun(Exception):
    pass


def import_items(items, *, dry_run=False, progress=None, total=None, report=None):
    """Write ``(identifier, sheet or None, problem)`` items, committing every BATCH records (a record
    is its own savepoint). ``dry_run`` does every step inside one transaction and rolls it back.
    ``progress(done, total, seconds)`` is called after each batch."""
    report = report or Report()
    report.dry_run = dry_run
    start, done, items = time.monotonic(), 0, iter(items)
    try:
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            catalogue, context = Catalogue(), services.SheetContext()
            while chunk := list(itertools.islice(items, BATCH)):
                with transaction.atomic():
                    import_chunk(chunk, report, catalogue, context)
                done += len(chunk)
                if progress:
                    progress(done, total, time.monotonic() - start)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.seconds = time.monotonic() - start
    return report


def _qcat_items(payload, report, *, code_hint, language):
    mapping = Mapping.load()
    report.mapping_problems = mapping.problems
    for identifier, record in qcat_records(payload, mapping, code_hint=code_hint, language=language):
        if isinstance(record, RecordError):
            yield identifier, None, str(record)
            continue
        identifier = record.code or identifier
        report.formats[record.format] += 1
        try:
            yield identifier, qcat_sheet(record, mapping, report, identifier), None
        except RecordError as error:
            yield identifier, None, str(error)


def count_records(payload):
    if isinstance(payload, list):
        return len(payload)
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        return len(payload["results"])
    return 1


def import_file(path, *, dry_run=False, progress=None, language=None):
    """Import a QCAT JSON answer or a CSV file; returns the Report. ``language``: the language of an API
    v2 detail answer's texts (default: the site's)."""
    report = Report(dry_run=dry_run)
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    if str(path).lower().endswith(".csv"):
        rows = list(csv_sheets(text))
        return import_items(rows, dry_run=dry_run, progress=progress, total=len(rows), report=report)
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise RecordError(f"{path} is neither CSV nor JSON: {error}") from error
    items = _qcat_items(payload, report, code_hint=Path(path).stem, language=language or settings.LANGUAGE_CODE)
    return import_items(items, dry_run=dry_run, progress=progress, total=count_records(payload), report=report)
