#!/usr/bin/env python3
"""Keep practices/data/qcat_mapping.tsv in step with QCAT's own vocabulary.

The mapping file says, for every value keyword of the QCAT keys the portal reads, which term of the
portal it becomes (the ``target``; empty when the portal has no equivalent). The decisions (targets,
notes, precedence) live in the file and, once migrated, in the admin ("QCAT mappings"); this script only
derives the rows from QCAT's vocabulary:

- every value of every key in ``KEYS`` gets a row (a new value arrives with an empty target, to decide),
- QCAT's English labels are refreshed,
- a row whose value is no longer in the vocabulary is reported (kept: old records may still carry it).

Vocabulary files (practices/data/qcat/, see its README): QCAT's 2015 technologies vocabulary (a copy of
../shared/qcat/technologies-2015-vocabulary.tsv), the 2018 edition's changes to the keys read here, and
QCAT's country list. Countries map to ISO 3166 alpha-2 through django-countries.

    .venv/bin/python scripts/qcat_mapping.py          # rewrite the mapping file, print what changed
    .venv/bin/python scripts/qcat_mapping.py --check  # exit 1 if the file is not in step (CI, tests)
"""

import argparse
import csv
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
DATA = BASE / "practices" / "data"
VOCABULARIES = [
    DATA / "qcat" / "technologies-2015-vocabulary.tsv",
    DATA / "qcat" / "technologies-2018-changes.tsv",
    DATA / "qcat" / "global-countries.tsv",
]
MAPPING = DATA / "qcat_mapping.tsv"
COLUMNS = ["questiongroup", "key", "value", "label_en", "kind", "target", "editions", "position", "note"]

# (question group, key, portal vocabulary, QCAT editions that have the key). The order is the
# precedence of the rows: for a field holding one term (category, measure type, water supply) the row
# that comes first wins when a record has several mapped values.
KEYS = [
    ("tech_qg_20", "tech_slm_group", "category", "2015 2018"),
    ("tech_qg_21", "tech_agronomic_tillage", "category", "2018"),
    ("tech_qg_21", "tech_residue_management", "category", "2018"),
    ("tech_qg_21", "tech_measures_agronomic_sub", "category", "2015 2018"),
    ("tech_qg_8", "tech_measures", "measure_type", "2015 2018"),
    ("tech_qg_9", "tech_landuse", "land_use", "2015"),
    ("tech_qg_9", "tech_landuse_2018", "land_use", "2018"),
    ("tech_qg_13", "tech_lu_mixed_sub", "land_use", "2015"),
    ("tech_qg_235", "tech_lu_mixed_select", "land_use", "2018"),
    ("tech_qg_55", "tech_agroclimatic_zone", "climate_zone", "2015 2018"),
    ("tech_qg_54", "tech_rainfall", "rainfall", "2015 2018"),
    ("tech_qg_56", "tech_altitudinalzone", "altitude", "2015 2018"),
    ("tech_qg_19", "tech_watersupply", "water_supply", "2015 2018"),
    ("qg_location", "country", "country", "2015 2018"),
]


def vocabulary():
    """{(question group, key): [(value keyword, English label), …]} in QCAT's order; the files that
    come later (the 2018 changes) replace a key's values of the earlier ones."""
    values = {}
    for path in VOCABULARIES:
        seen = set()
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if not row["value"]:
                    continue
                group = (row["questiongroup"], row["key"])
                if group not in seen:
                    values[group], seen = [], seen | {group}
                values[group].append((row["value"], row["value_label_en"]))
    return values


def country_target(value):
    from django_countries.data import ALT_CODES

    alpha2 = {alpha3: code for code, (alpha3, _numeric) in ALT_CODES.items()}
    return alpha2.get(value.removeprefix("country_"), "")


def read_mapping(path=MAPPING):
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def derive(existing):
    """The rows of the mapping file, and what changed: (rows, added, relabelled, gone)."""
    known = {}
    for row in existing:
        known.setdefault((row["questiongroup"], row["key"], row["value"]), []).append(row)
    values = vocabulary()
    rows, added, relabelled, used = [], [], [], set()
    position = 0
    for group, key, kind, editions in KEYS:
        for value, label in values.get((group, key), []):
            position += 10
            decided = known.get((group, key, value))
            if not decided:
                target = country_target(value) if kind == "country" else ""
                decided = [{"target": target, "note": ""}]
                added.append((key, value))
            for row in decided:
                if row.get("label_en") not in (None, label):
                    relabelled.append((key, value, row["label_en"], label))
                rows.append(
                    {
                        "questiongroup": group,
                        "key": key,
                        "value": value,
                        "label_en": label,
                        "kind": kind,
                        "target": row["target"],
                        "editions": editions,
                        "position": str(position),
                        "note": row["note"],
                    }
                )
            used.add((group, key, value))
    gone = [row for row in existing if (row["questiongroup"], row["key"], row["value"]) not in used]
    return rows + gone, added, relabelled, gone


def write_mapping(rows, path=MAPPING):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is in step")
    options = parser.parse_args(argv)
    existing = read_mapping()
    rows, added, relabelled, gone = derive(existing)
    for key, value in added:
        print(f"new QCAT value, target to decide: {key} {value}")
    for key, value, old, new in relabelled:
        print(f"QCAT relabelled {key} {value}: {old!r} → {new!r}")
    for row in gone:
        print(f"no longer in QCAT's vocabulary (kept): {row['key']} {row['value']}")
    if options.check:
        in_step = [{c: r.get(c, "") for c in COLUMNS} for r in existing] == rows
        print("in step" if in_step else f"{MAPPING.relative_to(BASE)} is not in step: run this script")
        return 0 if in_step else 1
    write_mapping(rows)
    print(f"{len(rows)} rows written to {MAPPING.relative_to(BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
