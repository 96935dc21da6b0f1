"""The QCAT mapping (practices/data/qcat_mapping.tsv) and the "other practices" category.

"Other practices" holds imported QCAT technologies none of whose values maps to a category: they are
published and searchable rather than lost, and the secretariat finds them in the admin (filter by
category) to classify them or to extend the mapping. A later change of the file reaches existing
databases through a new migration; the admin is where the mapping lives once loaded.
"""

import csv
from pathlib import Path

from django.db import migrations

MAPPING = Path(__file__).resolve().parent.parent / "data" / "qcat_mapping.tsv"
OTHER = ("other-practices", "Other practices", "Autres pratiques", "Otras prácticas")


def load(apps, schema_editor):
    Category = apps.get_model("practices", "Category")
    QcatMapping = apps.get_model("practices", "QcatMapping")
    code, en, fr, es = OTHER
    last = Category.objects.order_by("-position").values_list("position", flat=True).first() or 0
    Category.objects.get_or_create(
        code=code, defaults={"label": en, "label_en": en, "label_fr": fr, "label_es": es, "position": last + 1}
    )
    with MAPPING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    QcatMapping.objects.bulk_create(
        QcatMapping(
            questiongroup=row["questiongroup"],
            key=row["key"],
            value=row["value"],
            label_en=row["label_en"],
            kind=row["kind"],
            target=row["target"],
            editions=row["editions"],
            position=int(row["position"] or 0),
            note=row["note"],
        )
        for row in rows
    )


def unload(apps, schema_editor):
    apps.get_model("practices", "QcatMapping").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_qcatmapping")]

    operations = [migrations.RunPython(load, unload)]
