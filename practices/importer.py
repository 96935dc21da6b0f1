"""Import practice sheets from WOCAT QCAT (raw keyword format of API v2, editions 2015 and 2018) and CSV.

Each record is imported in its own transaction: a bad record is reported and skipped, never half
written, and never stops the others. A record whose WOCAT code is already known updates that sheet; a
record without a known code whose name and country match an existing sheet is reported as a likely
duplicate instead of being created.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Practice

QCAT_PERMALINK = "https://qcat.wocat.net/en/wocat/technologies/view/{code}/"

# QCAT values (2015 and 2018 editions) → the portal's vocabularies.
LAND_USES = {
    "tech_lu_cropland": "cropland",
    "tech_lu_grazingland": "grassland",
    "tech_lu_forest": "forest-land",
    "tech_lu_mixed": "cropland",
    "tech_lu_settlements": "settlements",
    "tech_lu_waterways": "wetlands",
    "tech_lu_unproductive": "other-land",
}
MEASURES = {
    "measures_agronomic": "agronomic",
    "measures_vegetative": "vegetative",
    "measures_structural": "structural",
    "measures_management": "management",
}
SLM_GROUPS = {
    "tech_slm_group_agroforestry": "agroforestry",
    "tech_slm_group_cover": "cover-crops",
    "tech_slm_group_minimaldisturbance": "conservation-agriculture",
    "tech_slm_group_residue": "residue-management",
    "tech_slm_group_soilfertilityintegrated": "organic-amendments",
    "tech_slm_group_pastoralism": "grazing-management",
    "tech_slm_group_rotational": "crop-rotations",
    "tech_slm_group_forestmanagement": "forest-management",
    "tech_slm_group_wetlandprotection": "peatland-wetland",
    "tech_slm_group_integratedcroplivestock": "crop-livestock",
    "tech_slm_group_watermanagement": "water-management",
    "tech_slm_group_rehabilitation": "land-restoration",
}


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (identifier, reason)

    def summary(self):
        lines = [f"Created: {len(self.created)}", f"Updated: {len(self.updated)}", f"Skipped: {len(self.skipped)}"]
        lines += [f"  - {identifier}: {reason}" for identifier, reason in self.skipped]
        return "\n".join(lines)


class RecordError(Exception):
    pass


def _keys(data):
    """Every key → value of every question group (QCAT nests values in lists of dicts)."""
    values = {}
    for group in (data or {}).values():
        for entry in group if isinstance(group, list) else [group]:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    values.setdefault(key, value)
    return values


def _translated(value, prefix, sheet):
    if isinstance(value, dict):
        for language in settings.LANGUAGE_CODES:
            if value.get(language):
                sheet[f"{prefix}_{language}"] = str(value[language]).strip()
    elif isinstance(value, str) and value.strip():
        sheet[f"{prefix}_en"] = value.strip()


def _as_list(value):
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


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
        if not (isinstance(point[0], (int, float)) and isinstance(point[1], (int, float))):
            raise RecordError("location_map has a position that is not a number")
    return points


def qcat_sheet(record):
    """A QCAT technology record → sheet data for services.apply_sheet_data."""
    if not isinstance(record, dict) or "code" not in record or "data" not in record:
        raise RecordError("not a QCAT record (needs code and data)")
    if record.get("status", "public") != "public":
        raise RecordError(f"status is {record.get('status')}, only public sheets are imported")
    values = _keys(record["data"])
    sheet = {"wocat_code": str(record["code"]), "wocat_url": QCAT_PERMALINK.format(code=record["code"])}
    _translated(values.get("name"), "name", sheet)
    _translated(values.get("tech_definition"), "definition", sheet)
    _translated(values.get("tech_description"), "description", sheet)
    if not any(sheet.get(f"name_{lang}") for lang in settings.LANGUAGE_CODES):
        raise RecordError("no name")
    if values.get("name_local"):
        sheet["local_name"] = str(values["name_local"])[:200]
    sheet["countries"] = [c.removeprefix("country_").upper() for c in _as_list(values.get("country"))]
    sheet["location"] = _points(values.get("location_map"))
    land = _as_list(values.get("tech_landuse_2018") or values.get("tech_landuse"))
    sheet["land_uses"] = sorted({LAND_USES[v] for v in land if v in LAND_USES})
    measures = [MEASURES[m] for m in _as_list(values.get("tech_measures")) if m in MEASURES]
    sheet["measure_type"] = measures[0] if measures else "management"
    groups = [SLM_GROUPS[g] for g in _as_list(values.get("tech_slm_group")) if g in SLM_GROUPS]
    if not groups:
        raise RecordError("no SLM group that maps to a practice category")
    sheet["category"] = groups[0]
    if record.get("updated"):
        sheet["documented_on"] = str(record["updated"])[:10]
    languages = record.get("translations") or ["en"]
    sheet["original_language"] = languages[0] if languages[0] in settings.LANGUAGE_CODES else "en"
    sheet["licence"] = "CC BY-SA 4.0"
    sheet["contributor"] = "WOCAT"
    return sheet


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


def _likely_duplicate(sheet):
    names = [sheet.get(f"name_{lang}") for lang in settings.LANGUAGE_CODES if sheet.get(f"name_{lang}")]
    candidates = Practice.objects.filter(name_en__in=names) | Practice.objects.filter(name_fr__in=names)
    candidates = candidates | Practice.objects.filter(name_es__in=names)
    countries = set(sheet.get("countries") or [])
    for practice in candidates.distinct():
        if not countries or countries & {c.code for c in practice.countries}:
            return practice
    return None


def import_sheet(identifier, sheet, report):
    code = sheet.get("wocat_code") or ""
    existing = Practice.objects.filter(wocat_code=code).first() if code else None
    if existing is None:
        duplicate = _likely_duplicate(sheet)
        if duplicate is not None:
            report.skipped.append((identifier, f"likely duplicate of “{duplicate.name}” ({duplicate.slug})"))
            return
    practice = existing or Practice(original_language=sheet.get("original_language", "en"))
    try:
        with transaction.atomic():
            services.apply_sheet_data(practice, sheet)
            if not practice.published:
                services.publish_practice(practice)
    except ValidationError as error:
        reasons = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        report.skipped.append((identifier, reasons))
        return
    (report.updated if existing else report.created).append(practice)


def import_file(path):
    report = Report()
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    if str(path).lower().endswith(".csv"):
        for identifier, sheet, problem in csv_sheets(text):
            if problem:
                report.skipped.append((identifier, problem))
            else:
                import_sheet(identifier, sheet, report)
        return report
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise RecordError(f"{path} is neither CSV nor JSON: {error}") from error
    records = payload.get("results", [payload]) if isinstance(payload, dict) else payload
    for index, record in enumerate(records, start=1):
        identifier = record.get("code", f"record {index}") if isinstance(record, dict) else f"record {index}"
        try:
            sheet = qcat_sheet(record)
        except RecordError as error:
            report.skipped.append((identifier, str(error)))
            continue
        import_sheet(identifier, sheet, report)
    return report
