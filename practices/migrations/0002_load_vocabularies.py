"""Controlled vocabularies of the practice sheet, with stable codes and EN/FR/ES labels."""

from django.db import migrations

CATEGORIES = [
    ("agroforestry", "Agroforestry", "Agroforesterie", "Agroforestería"),
    ("cover-crops", "Cover crops", "Couverts végétaux", "Cultivos de cobertura"),
    ("conservation-agriculture", "Conservation agriculture", "Agriculture de conservation", "Agricultura de conservación"),
    ("residue-management", "Crop residue management", "Gestion des résidus de culture", "Manejo de residuos de cultivos"),
    ("organic-amendments", "Organic amendments and compost", "Amendements organiques et compost", "Enmiendas orgánicas y compost"),
    ("grazing-management", "Grazing management", "Gestion du pâturage", "Manejo del pastoreo"),
    ("crop-rotations", "Improved crop rotations", "Rotations culturales améliorées", "Rotaciones de cultivos mejoradas"),
    ("perennial-crops", "Perennial crops", "Cultures pérennes", "Cultivos perennes"),
    ("forest-management", "Forest management", "Gestion forestière", "Manejo forestal"),
    ("peatland-wetland", "Peatland and wetland conservation", "Conservation des tourbières et zones humides", "Conservación de turberas y humedales"),
    ("biochar", "Biochar", "Biochar", "Biocarbón"),
    ("crop-livestock", "Integrated crop-livestock systems", "Systèmes intégrés culture-élevage", "Sistemas integrados agrícola-ganaderos"),
    ("land-restoration", "Restoration of degraded land", "Restauration des terres dégradées", "Restauración de tierras degradadas"),
    ("water-management", "Soil and water conservation", "Conservation des eaux et des sols", "Conservación de suelos y aguas"),
]

# IPCC 2019 Refinement, Vol. 4, ch. 3, annex 3A.5.
CLIMATE_ZONES = [
    ("tropical-montane", "Tropical montane", "Tropical montagnard", "Tropical montano"),
    ("tropical-wet", "Tropical wet", "Tropical très humide", "Tropical muy húmedo"),
    ("tropical-moist", "Tropical moist", "Tropical humide", "Tropical húmedo"),
    ("tropical-dry", "Tropical dry", "Tropical sec", "Tropical seco"),
    ("warm-temperate-moist", "Warm temperate moist", "Tempéré chaud humide", "Templado cálido húmedo"),
    ("warm-temperate-dry", "Warm temperate dry", "Tempéré chaud sec", "Templado cálido seco"),
    ("cool-temperate-moist", "Cool temperate moist", "Tempéré froid humide", "Templado frío húmedo"),
    ("cool-temperate-dry", "Cool temperate dry", "Tempéré froid sec", "Templado frío seco"),
    ("boreal-moist", "Boreal moist", "Boréal humide", "Boreal húmedo"),
    ("boreal-dry", "Boreal dry", "Boréal sec", "Boreal seco"),
    ("polar-moist", "Polar moist", "Polaire humide", "Polar húmedo"),
    ("polar-dry", "Polar dry", "Polaire sec", "Polar seco"),
]

# WRB 2022: the 32 Reference Soil Groups, in key order.
SOIL_GROUPS = [
    ("HS", "Histosols", "Histosols", "Histosoles"),
    ("AT", "Anthrosols", "Anthrosols", "Antrosoles"),
    ("TC", "Technosols", "Technosols", "Tecnosoles"),
    ("CR", "Cryosols", "Cryosols", "Criosoles"),
    ("LP", "Leptosols", "Leptosols", "Leptosoles"),
    ("SN", "Solonetz", "Solonetz", "Solonetz"),
    ("VR", "Vertisols", "Vertisols", "Vertisoles"),
    ("SC", "Solonchaks", "Solontchaks", "Solonchaks"),
    ("GL", "Gleysols", "Gleysols", "Gleysoles"),
    ("AN", "Andosols", "Andosols", "Andosoles"),
    ("PZ", "Podzols", "Podzols", "Podzoles"),
    ("PT", "Plinthosols", "Plinthosols", "Plintosoles"),
    ("PL", "Planosols", "Planosols", "Planosoles"),
    ("ST", "Stagnosols", "Stagnosols", "Stagnosoles"),
    ("NT", "Nitisols", "Nitisols", "Nitisoles"),
    ("FR", "Ferralsols", "Ferralsols", "Ferralsoles"),
    ("CH", "Chernozems", "Chernozems", "Chernozems"),
    ("KS", "Kastanozems", "Kastanozems", "Kastanozems"),
    ("PH", "Phaeozems", "Phaeozems", "Phaeozems"),
    ("UM", "Umbrisols", "Umbrisols", "Umbrisoles"),
    ("DU", "Durisols", "Durisols", "Durisoles"),
    ("GY", "Gypsisols", "Gypsisols", "Gipsisoles"),
    ("CL", "Calcisols", "Calcisols", "Calcisoles"),
    ("RT", "Retisols", "Rétisols", "Retisoles"),
    ("AC", "Acrisols", "Acrisols", "Acrisoles"),
    ("LX", "Lixisols", "Lixisols", "Lixisoles"),
    ("AL", "Alisols", "Alisols", "Alisoles"),
    ("LV", "Luvisols", "Luvisols", "Luvisoles"),
    ("CM", "Cambisols", "Cambisols", "Cambisoles"),
    ("AR", "Arenosols", "Arénosols", "Arenosoles"),
    ("FL", "Fluvisols", "Fluvisols", "Fluvisoles"),
    ("RG", "Regosols", "Régosols", "Regosoles"),
]

SOIL_CLASSES = [
    ("hac", "High-activity clay mineral soils", "Sols minéraux à argiles à forte activité", "Suelos minerales de arcilla de alta actividad"),
    ("lac", "Low-activity clay mineral soils", "Sols minéraux à argiles à faible activité", "Suelos minerales de arcilla de baja actividad"),
    ("sandy", "Sandy soils", "Sols sableux", "Suelos arenosos"),
    ("spodic", "Spodic soils", "Sols spodiques", "Suelos espódicos"),
    ("volcanic", "Volcanic soils", "Sols volcaniques", "Suelos volcánicos"),
    ("wetland", "Wetland soils", "Sols de zones humides", "Suelos de humedales"),
    ("organic", "Organic soils", "Sols organiques", "Suelos orgánicos"),
]

LAND_USES = [
    ("forest-land", "Forest land", "Terres forestières", "Tierras forestales"),
    ("cropland", "Cropland", "Terres cultivées", "Tierras de cultivo"),
    ("grassland", "Grassland", "Prairies", "Pastizales"),
    ("wetlands", "Wetlands", "Zones humides", "Humedales"),
    ("settlements", "Settlements", "Établissements", "Asentamientos"),
    ("other-land", "Other land", "Autres terres", "Otras tierras"),
]

TABLES = {
    "Category": CATEGORIES,
    "ClimateZone": CLIMATE_ZONES,
    "SoilGroup": SOIL_GROUPS,
    "SoilClass": SOIL_CLASSES,
    "LandUse": LAND_USES,
}


def load(apps, schema_editor):
    for model_name, rows in TABLES.items():
        model = apps.get_model("practices", model_name)
        for position, (code, en, fr, es) in enumerate(rows):
            model.objects.update_or_create(
                code=code.lower(),
                defaults={"label": en, "label_en": en, "label_fr": fr, "label_es": es, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
