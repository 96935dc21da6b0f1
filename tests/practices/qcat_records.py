"""QCAT technologies for the tests, built from QCAT's own vocabulary (practices/data/qcat/).

Value keywords are never written by hand here: a test names a QCAT answer by its question group, key
and English label as QCAT's vocabulary gives them ("agroforestry" of ``tech_slm_group``), and gets the
keyword QCAT itself would store.
"""

import json

from scripts.qcat_mapping import vocabulary

VOCABULARY = vocabulary()


def values(group, key):
    """Every value keyword of a key, in QCAT's order."""
    return [value for value, _label in VOCABULARY[(group, key)]]


def keyword(group, key, label):
    """The value keyword QCAT stores for the answer labelled ``label``."""
    found = [value for value, value_label in VOCABULARY[(group, key)] if value_label == label]
    assert found, f"QCAT's vocabulary has no “{label}” for {group} {key}"
    return found[0]


def label(group, key, value):
    return dict(VOCABULARY[(group, key)])[value]


def raw_data(answers, *, name=None, definition=None, location=None, description=None):
    """QCAT's raw keyword data: ``answers`` maps (question group, key) to a keyword or a list of them."""
    data = {}
    if name is not None:
        data["qg_name"] = [{"name": name}]
    if definition is not None:
        data["tech_qg_1"] = [{"tech_definition": definition}]
    if description is not None:
        data["tech_qg_2"] = [{"tech_description": description}]
    if location is not None:
        data["qg_location_map"] = [{"location_map": location if isinstance(location, str) else json.dumps(location)}]
    for (group, key), value in answers.items():
        entries = data.setdefault(group, [{}])
        entries[0][key] = value
    return data


def point(lon, lat):
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {}}],
    }


def v1_record(number, answers, *, name, definition=None, status=("public", "Public"), **extra):
    """A record of QCAT's API v1 (list or detail): raw data with its metadata."""
    languages = list(name)
    if definition is None:
        definition = {language: f"{text}: what it is, in one sentence." for language, text in name.items()}
    return {
        "code": f"technologies_{number}",
        "name": name,
        "definition": definition,
        "data": raw_data(
            answers,
            name=name,
            definition=definition or None,
            description=extra.pop("description", None),
            location=extra.pop("location", None),
        ),
        "status": list(status),
        "updated": extra.pop("updated", "2019-03-12T10:21:04.123456Z"),
        "translations": extra.pop("translations", languages),
        "original_locale": extra.pop("original_locale", languages[0]),
        "configurations": ["technologies"],
        "native_configuration": True,
        **extra,
    }


def v1_list(records):
    return {"count": len(records), "next": None, "previous": None, "results": records}


def v2_detail(answers, *, name, definition=None, location=None):
    """An API v2 detail answer (the configured questionnaire) in English: every answer by its label.

    ``answers`` maps (question group, key) to keywords; checkboxes and radio buttons list their labels,
    image checkboxes ``[label, image, details, keyword]``, selects give one label: what QCAT's
    ConfiguredQuestionnaire writes for each question type."""
    groups = {
        "qg_name": {"label": "", "children": {"name": {"label": "Name", "value": [{"key": "Name", "value": name}]}}},
    }
    if definition is not None:
        groups["tech_qg_1"] = {
            "label": "",
            "children": {"tech_definition": {"label": "Definition", "value": [{"value": definition}]}},
        }
    if location is not None:
        groups["qg_location_map"] = {
            "label": "",
            "children": {"location_map": {"label": "Map", "value": [{"value": json.dumps(location)}]}},
        }
    for (group, key), value in answers.items():
        kind = next(row for row in VOCABULARY_TYPES if row[:2] == (group, key))[2]
        chosen = value if isinstance(value, list) else [value]
        if kind == "image_checkbox":
            entry = {"values": [[label(group, key, v), f"/static/{v}.png", "", v] for v in chosen]}
        elif kind in ("checkbox", "radio"):
            entry = {"values": [label(group, key, v) for v in chosen]}
        else:
            entry = {"value": label(group, key, chosen[0])}
        question = {"label": key, "value": [{"key": key, **entry}]}
        groups.setdefault(group, {"label": "", "children": {}})["children"][key] = question
    return {
        "section_general_information": {
            "label": "General information",
            "children": {
                "tech__1": {
                    "label": "General information",
                    "children": {"tech__1__1": {"label": "Name", "children": groups}},
                }
            },
        }
    }


def _types():
    import csv

    from scripts.qcat_mapping import VOCABULARIES

    rows = set()
    for path in VOCABULARIES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows |= {(r["questiongroup"], r["key"], r["type"]) for r in csv.DictReader(handle, delimiter="\t")}
    return rows


VOCABULARY_TYPES = _types()
