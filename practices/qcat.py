"""QCAT's vocabulary in the portal's terms: the ``QcatMapping`` table, read once per import.

A QCAT record names its answers by value keyword (``tech_slm_group_agroforestry``), or, in an API v2
detail answer, by their label in one language ("agroforestry"). ``Mapping`` answers, for a question
group, a key and a value (or its English label): unknown (no row), known without a portal term (rows
with an empty target) or the portal terms, each with its precedence.
"""

from dataclasses import dataclass

from django_countries import countries

from .models import Category, ClimateZone, LandUse, MeasureType, QcatMapping, WaterSupply

TABLES = {"category": Category, "land_use": LandUse, "climate_zone": ClimateZone}
CHOICES = {"measure_type": MeasureType, "water_supply": WaterSupply}
RANGES = ("rainfall", "altitude")


def parse_range(target):
    """``"251-500"`` → (251, 500); ``"4001-"`` → (4001, None); anything else → None."""
    low, dash, high = (target or "").partition("-")
    if not dash or not low.strip().isdigit() or (high.strip() and not high.strip().isdigit()):
        return None
    low, high = int(low), int(high) if high.strip() else None
    if high is not None and high < low:
        return None
    return low, high


def target_label(kind, target):
    """The label of ``target`` in the vocabulary ``kind`` (active language), or None if it names nothing."""
    if kind in TABLES:
        term = TABLES[kind].objects.filter(code=target).first()
        return term.label if term else None
    if kind in CHOICES:
        return dict(CHOICES[kind].choices).get(target)
    if kind == "country":
        return countries.name(target) or None
    if kind in RANGES:
        bounds = parse_range(target)
        if bounds is None:
            return None
        return f"{bounds[0]}–{bounds[1]}" if bounds[1] is not None else f"≥ {bounds[0]}"
    return None


def attach_target_labels(mappings):
    """Set ``target_label_cached`` on each QcatMapping, with one query per vocabulary table."""
    mappings = list(mappings)
    labels = {}
    for kind, model in TABLES.items():
        codes = {m.target for m in mappings if m.kind == kind and m.target}
        labels[kind] = {term.code: term.label for term in model.objects.filter(code__in=codes)} if codes else {}
    for mapping in mappings:
        if not mapping.target:
            mapping.target_label_cached = None
        elif mapping.kind in TABLES:
            mapping.target_label_cached = labels[mapping.kind].get(mapping.target)
        else:
            mapping.target_label_cached = target_label(mapping.kind, mapping.target)


@dataclass(frozen=True)
class Term:
    kind: str
    target: str
    position: int


class Mapping:
    """The mapping table in memory. ``problems`` lists rows whose target names nothing (a category
    removed since, a typo in the admin): they count as known values without a portal term."""

    def __init__(self, rows):
        self.terms = {}
        self.keys = set()
        self.labels = {}
        self.problems = []
        codes = {kind: set(model.objects.values_list("code", flat=True)) for kind, model in TABLES.items()}
        for row in rows:
            where = (row.questiongroup, row.key)
            self.keys.add(where)
            found = self.terms.setdefault((*where, row.value), [])
            if row.label_en:
                self.labels.setdefault((*where, row.label_en.casefold()), row.value)
            if not row.target:
                continue
            valid = row.target in codes[row.kind] if row.kind in TABLES else target_label(row.kind, row.target)
            if not valid:
                self.problems.append(f"{row.key} {row.value} → “{row.target}” is not a {row.get_kind_display()}")
                continue
            found.append(Term(row.kind, row.target, row.position))

    @classmethod
    def load(cls):
        return cls(QcatMapping.objects.all())

    def reads(self, questiongroup, key):
        return (questiongroup, key) in self.keys or ("", key) in self.keys

    def lookup(self, questiongroup, key, value):
        """The portal terms of ``value`` (maybe none), or None when the mapping does not know it."""
        for where in ((questiongroup, key, value), ("", key, value)):
            if where in self.terms:
                return self.terms[where]
        return None

    def value_of_label(self, questiongroup, key, label):
        """The value keyword whose English label is ``label`` (case-insensitive), or None."""
        folded = str(label).strip().casefold()
        return self.labels.get((questiongroup, key, folded)) or self.labels.get(("", key, folded))
