#!/usr/bin/env python3
"""Write a QCAT API v1 list answer of N technologies built from QCAT's own vocabulary.

Every value keyword comes from practices/data/qcat/ (QCAT's 2015 vocabulary, the 2018 edition's changes,
QCAT's countries): the file reads as QCAT would write it, at any size, to try or time the importer.

    .venv/bin/python scripts/qcat_sample.py 5000 /tmp/technologies.json
    time .venv/bin/python manage.py import_practices /tmp/technologies.json --dry-run
"""

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from qcat_mapping import vocabulary  # noqa: E402

WORDS = {
    "en": ["soil", "carbon", "compost", "mulch", "terraces", "hedgerows", "trees", "grazing", "residues", "pits"],
    "fr": ["sol", "carbone", "compost", "paillage", "terrasses", "haies", "arbres", "pâturage", "résidus", "zaï"],
    "es": ["suelo", "carbono", "compost", "acolchado", "terrazas", "setos", "árboles", "pastoreo", "residuos", "hoyos"],
}


def values(vocab, group, key):
    return [value for value, _label in vocab[(group, key)]]


def technology(number, rng, vocab):
    """One API v1 record (raw keyword data) of edition 2015 or 2018, with real QCAT keywords."""
    edition = rng.choice(["2015", "2018"])
    languages = ["en", *rng.sample(["fr", "es"], rng.randint(0, 2))]
    words = {lang: rng.sample(WORDS[lang], 3) for lang in languages}
    name = {lang: " ".join(words[lang]).capitalize() + f" {number}" for lang in languages}
    definition = {lang: f"{' '.join(words[lang][:2]).capitalize()} ({number})." for lang in languages}
    pick = rng.sample
    data = {
        "qg_name": [{"name": name}],
        "tech_qg_1": [{"tech_definition": definition}],
        "qg_location": [{"country": rng.choice(values(vocab, "qg_location", "country"))}],
        "qg_location_map": [
            {
                "location_map": json.dumps(
                    {
                        "type": "FeatureCollection",
                        "features": [
                            {
                                "type": "Feature",
                                "geometry": {
                                    "type": "Point",
                                    "coordinates": [round(rng.uniform(-170, 170), 4), round(rng.uniform(-55, 65), 4)],
                                },
                            }
                        ],
                    }
                )
            }
        ],
        "tech_qg_20": [{"tech_slm_group": pick(values(vocab, "tech_qg_20", "tech_slm_group"), rng.randint(1, 3))}],
        "tech_qg_8": [{"tech_measures": pick(values(vocab, "tech_qg_8", "tech_measures"), rng.randint(1, 2))}],
        "tech_qg_21": [
            {"tech_measures_agronomic_sub": pick(values(vocab, "tech_qg_21", "tech_measures_agronomic_sub"), 1)}
        ],
        "tech_qg_55": [{"tech_agroclimatic_zone": pick(values(vocab, "tech_qg_55", "tech_agroclimatic_zone"), 1)}],
        "tech_qg_54": [{"tech_rainfall": pick(values(vocab, "tech_qg_54", "tech_rainfall"), rng.randint(1, 2))}],
        "tech_qg_56": [{"tech_altitudinalzone": pick(values(vocab, "tech_qg_56", "tech_altitudinalzone"), 1)}],
        "tech_qg_19": [{"tech_watersupply": rng.choice(values(vocab, "tech_qg_19", "tech_watersupply"))}],
    }
    if edition == "2018":
        data["tech_qg_9"] = [{"tech_landuse_2018": pick(values(vocab, "tech_qg_9", "tech_landuse_2018"), 2)}]
    else:
        data["tech_qg_9"] = [{"tech_landuse": pick(values(vocab, "tech_qg_9", "tech_landuse"), 2)}]
    return {
        "code": f"technologies_{100000 + number}",
        "name": name,
        "data": data,
        "status": ["public", "Public"],
        "updated": f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z",
        "translations": languages,
        "original_locale": languages[0],
        "configurations": ["technologies"],
    }


def answer(count, seed=4):
    rng, vocab = random.Random(seed), vocabulary()
    results = [technology(number, rng, vocab) for number in range(1, count + 1)]
    return {"count": count, "next": None, "previous": None, "results": results}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=4)
    options = parser.parse_args(argv)
    options.output.write_text(json.dumps(answer(options.count, options.seed), ensure_ascii=False), encoding="utf-8")
    print(f"{options.count} technologies written to {options.output}")


if __name__ == "__main__":
    main()
