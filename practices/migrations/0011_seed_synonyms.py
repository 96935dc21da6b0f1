"""Synonym groups seeded with the portal's own vocabulary: each practice category and land use in its
three labels, and the common practice names of the demo sheets with the words farmers and projects use
for them (abono verde = engrais vert = green manure = cover crop). The secretariat edits them in the
Django admin afterwards; this migration only adds groups that are not there yet."""

from django.conf import settings
from django.db import migrations

GROUPS = {
    "Agroforestry": {
        "en": ["agroforestry", "trees on farms", "parkland"],
        "fr": ["agroforesterie", "arbres dans les champs", "parc arboré"],
        "es": ["agroforestería", "agrosilvicultura", "árboles en fincas"],
    },
    "Cover crops and green manure": {
        "en": ["cover crop", "cover crops", "green manure", "catch crop"],
        "fr": ["couvert végétal", "couverts végétaux", "engrais vert", "culture intermédiaire"],
        "es": ["cultivo de cobertura", "cultivos de cobertura", "abono verde", "cultivo de servicio"],
    },
    "Conservation agriculture and no-till": {
        "en": ["conservation agriculture", "no-till", "zero tillage", "direct seeding"],
        "fr": ["agriculture de conservation", "semis direct", "non-labour", "zéro labour"],
        "es": ["agricultura de conservación", "siembra directa", "labranza cero", "cero labranza"],
    },
    "Crop residues and mulch": {
        "en": ["crop residue management", "crop residues", "mulch", "mulching"],
        "fr": ["gestion des résidus de culture", "résidus de culture", "paillage", "mulch"],
        "es": ["manejo de residuos de cultivos", "rastrojos", "acolchado", "cobertura muerta"],
    },
    "Organic amendments and compost": {
        "en": ["organic amendments", "compost", "manure", "composting"],
        "fr": ["amendements organiques", "compost", "fumier", "compostage"],
        "es": ["enmiendas orgánicas", "compost", "estiércol", "compostaje"],
    },
    "Grazing management": {
        "en": ["grazing management", "rotational grazing", "managed grazing"],
        "fr": ["gestion du pâturage", "pâturage tournant", "pâturage rotatif"],
        "es": ["manejo del pastoreo", "pastoreo rotativo", "pastoreo rotacional"],
    },
    "Crop rotations": {
        "en": ["improved crop rotations", "crop rotation", "intercropping"],
        "fr": ["rotations culturales améliorées", "rotation des cultures", "cultures associées"],
        "es": ["rotaciones de cultivos mejoradas", "rotación de cultivos", "cultivos asociados"],
    },
    "Perennial crops": {
        "en": ["perennial crops"],
        "fr": ["cultures pérennes"],
        "es": ["cultivos perennes"],
    },
    "Forest management": {
        "en": ["forest management", "reforestation", "afforestation"],
        "fr": ["gestion forestière", "reboisement", "boisement"],
        "es": ["manejo forestal", "reforestación", "forestación"],
    },
    "Peatlands and wetlands": {
        "en": ["peatland and wetland conservation", "peatland", "rewetting"],
        "fr": ["conservation des tourbières et zones humides", "tourbière", "remise en eau"],
        "es": ["conservación de turberas y humedales", "turbera", "rehumectación"],
    },
    "Biochar": {"en": ["biochar"], "fr": ["biochar", "charbon végétal"], "es": ["biocarbón", "biochar"]},
    "Crop-livestock systems": {
        "en": ["integrated crop-livestock systems", "mixed farming"],
        "fr": ["systèmes intégrés culture-élevage", "polyculture-élevage"],
        "es": ["sistemas integrados agrícola-ganaderos", "sistemas mixtos"],
    },
    "Land restoration": {
        "en": ["restoration of degraded land", "land restoration"],
        "fr": ["restauration des terres dégradées", "restauration des terres"],
        "es": ["restauración de tierras degradadas", "restauración de tierras"],
    },
    "Soil and water conservation": {
        "en": ["soil and water conservation", "terraces", "half-moons"],
        "fr": ["conservation des eaux et des sols", "terrasses", "demi-lunes"],
        "es": ["conservación de suelos y aguas", "terrazas", "medias lunas"],
    },
    "Cropland": {"en": ["cropland"], "fr": ["terres cultivées"], "es": ["tierras de cultivo"]},
    "Grassland": {"en": ["grassland", "pasture"], "fr": ["prairies", "pâturage"], "es": ["pastizales", "pastos"]},
    "Forest land": {"en": ["forest land"], "fr": ["terres forestières"], "es": ["tierras forestales"]},
    "Wetlands": {"en": ["wetlands"], "fr": ["zones humides"], "es": ["humedales"]},
}


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("practices", "SynonymGroup")
    Synonym = apps.get_model("practices", "Synonym")
    languages = set(settings.LANGUAGE_CODES)
    for label, terms in GROUPS.items():
        group, created = SynonymGroup.objects.get_or_create(label=label)
        if not created:
            continue
        for language, words in terms.items():
            if language in languages:
                Synonym.objects.bulk_create(Synonym(group=group, language=language, term=w) for w in words)


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_drafts_proposal_key_synonyms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
