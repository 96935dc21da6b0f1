"""Creates the role groups, the French and Spanish locales and the English home page as site root.

Translations of the home page (fr, es) are made with wagtail-localize, by the secretariat or by
seed_demo; until then /fr/ and /es/ show the English page.
"""

import uuid

from django.db import migrations

GROUPS = [
    "Secretariat",
    "STC chair",
    "STC reviewer",
    "Partner editor",
    "Funder",
    "Regional correspondent",
    "Friend",
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)

    Locale = apps.get_model("wagtailcore", "Locale")
    en, _ = Locale.objects.get_or_create(language_code="en")
    for code in ("fr", "es"):
        Locale.objects.get_or_create(language_code=code)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("portal", "HomePage")

    # Replace Wagtail's placeholder page (created by its own migrations) with our home page.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Soils for food security and climate",
        draft_title="Soils for food security and climate",
        slug="home",
        content_type=home_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=en.pk,
        translation_key=uuid.uuid4(),
        live=True,
        intro="",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
                        site_name="4 per 1000")


def backwards(apps, schema_editor):
    apps.get_model("portal", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_pages"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
