"""Practice sheets for tests, built through the same service the importer and the demo use."""

import itertools

from practices import services
from practices.models import Practice

_counter = itertools.count(1)


def sheet(**overrides):
    n = next(_counter)
    data = {
        "name_en": f"Practice {n}",
        "name_fr": f"Pratique {n}",
        "name_es": f"Práctica {n}",
        "definition_en": "A practice that stores carbon in soils.",
        "definition_fr": "Une pratique qui stocke du carbone dans les sols.",
        "definition_es": "Una práctica que almacena carbono en los suelos.",
        "category": "agroforestry",
        "measure_type": "vegetative",
        "evidence": "field",
        "countries": ["SN"],
        "location": [[-17.4, 14.7]],
        "climate_zones": ["tropical-dry"],
        "soil_groups": ["ar"],
        "land_uses": ["cropland"],
        "measurements": [
            {
                "site": "Thiès",
                "rate": "0.5",
                "duration_years": 5,
                "depth_from_cm": 0,
                "depth_to_cm": 30,
                "method": "paired",
            }
        ],
        "steps": [{"phase": "establishment", "text_en": "Plant trees.", "text_fr": "Planter des arbres."}],
    }
    data.update(overrides)
    return data


def make_practice(published=True, slug=None, **overrides):
    practice = Practice(slug=slug or "")
    services.apply_sheet_data(practice, sheet(**overrides))
    if published:
        services.publish_practice(practice)
    return practice
