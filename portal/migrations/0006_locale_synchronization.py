"""French and Spanish page trees follow the English one: a new English page gets FR and ES aliases
(showing the English content) until somebody translates it with wagtail-localize."""

from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    english = Locale.objects.get(language_code="en")
    for code in ("fr", "es"):
        LocaleSynchronization.objects.get_or_create(locale=Locale.objects.get(language_code=code), sync_from=english)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_load_vocabularies"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
