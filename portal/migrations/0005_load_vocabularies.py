"""Loads the shared vocabularies (themes, world regions) with stable codes and EN/FR/ES labels.
Later changes to the lists are new data migrations: codes never change meaning."""

from django.db import migrations

THEMES = [
    ("agroforestry", "Agroforestry", "Agroforesterie", "Agroforestería"),
    ("cover-crops", "Cover crops", "Couverts végétaux", "Cultivos de cobertura"),
    ("conservation-agriculture", "Conservation agriculture", "Agriculture de conservation", "Agricultura de conservación"),
    ("grazing-management", "Grazing and grassland management", "Gestion du pâturage et des prairies", "Manejo del pastoreo y de los pastizales"),
    ("organic-amendments", "Organic amendments and compost", "Amendements organiques et compost", "Enmiendas orgánicas y compost"),
    ("soil-restoration", "Restoration of degraded soils", "Restauration des sols dégradés", "Restauración de suelos degradados"),
    ("peatlands-wetlands", "Peatlands and wetlands", "Tourbières et zones humides", "Turberas y humedales"),
    ("forest-management", "Forest management", "Gestion forestière", "Manejo forestal"),
    ("rice-systems", "Rice systems", "Systèmes rizicoles", "Sistemas arroceros"),
    ("measurement-mrv", "Measurement, reporting and verification", "Mesure, notification et vérification", "Medición, notificación y verificación"),
    ("food-security", "Food security", "Sécurité alimentaire", "Seguridad alimentaria"),
    ("adaptation", "Adaptation and resilience", "Adaptation et résilience", "Adaptación y resiliencia"),
    ("biodiversity", "Soil biodiversity", "Biodiversité des sols", "Biodiversidad del suelo"),
    ("water", "Water management", "Gestion de l'eau", "Gestión del agua"),
    ("policy", "Policy and governance", "Politiques et gouvernance", "Políticas y gobernanza"),
    ("finance", "Finance and investment", "Financement et investissement", "Financiación e inversión"),
    ("capacity-building", "Training and capacity building", "Formation et renforcement des capacités", "Formación y fortalecimiento de capacidades"),
    ("research", "Research and innovation", "Recherche et innovation", "Investigación e innovación"),
    ("gender-inclusion", "Social and gender inclusion", "Inclusion sociale et de genre", "Inclusión social y de género"),
]

REGIONS = [
    ("north-america", "North America", "Amérique du Nord", "América del Norte"),
    ("central-america-caribbean", "Central America and Caribbean", "Amérique centrale et Caraïbes", "América Central y el Caribe"),
    ("south-america", "South America", "Amérique du Sud", "América del Sur"),
    ("sub-saharan-africa", "Sub-Saharan Africa", "Afrique subsaharienne", "África subsahariana"),
    ("north-africa-middle-east", "North Africa and Middle East", "Afrique du Nord et Moyen-Orient", "Norte de África y Oriente Medio"),
    ("europe", "Europe", "Europe", "Europa"),
    ("central-asia", "Central Asia", "Asie centrale", "Asia Central"),
    ("south-and-east-asia", "South and East Asia", "Asie du Sud et de l'Est", "Asia del Sur y del Este"),
    ("south-east-asia", "South-East Asia", "Asie du Sud-Est", "Sudeste Asiático"),
    ("oceania", "Oceania", "Océanie", "Oceanía"),
]


def load(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Region", REGIONS)):
        model = apps.get_model("portal", model_name)
        for position, (code, en, fr, es) in enumerate(rows):
            model.objects.update_or_create(
                code=code,
                defaults={"label": en, "label_en": en, "label_fr": fr, "label_es": es, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_vocabularies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
