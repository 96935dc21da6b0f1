import django.db.models.deletion
from django.db import migrations, models


def logos_to_images(apps, schema_editor):
    """Each logo file already on a sheet becomes a Wagtail image (the same file, not copied), so that
    pages show it as a rendition. A file that is missing or unreadable is left out (the sheet keeps no
    logo) rather than stopping the migration."""
    from django.core.files.storage import default_storage
    from PIL import Image as PILImage

    Organisation = apps.get_model("partners", "Organisation")
    Image = apps.get_model("wagtailimages", "Image")
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    for organisation in Organisation.objects.exclude(logo="").exclude(logo__isnull=True):
        name = organisation.logo.name
        try:
            with default_storage.open(name, "rb") as handle, PILImage.open(handle) as picture:
                width, height = picture.size
            size = default_storage.size(name)
        except (OSError, ValueError):
            continue
        image = Image.objects.create(
            title=f"Logo of {organisation.name_en or organisation.name}"[:255],
            file=name,
            width=width,
            height=height,
            file_size=size,
            collection=root,
        )
        organisation.logo_image = image
        organisation.save(update_fields=["logo_image"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_organisation_name_translated"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="logo_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="logo",
            ),
        ),
        migrations.RunPython(logos_to_images, migrations.RunPython.noop),
        migrations.RemoveField(model_name="organisation", name="logo"),
        migrations.RenameField(model_name="organisation", old_name="logo_image", new_name="logo"),
    ]
