"""The secretariat works in the Django admin in French and Spanish too: every name it shows for the
portal's own apps and models (app, model, field labels) is a translated string."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db.models import GeneratedField
from django.utils import translation
from django.utils.functional import Promise

OWN_APPS = ("portal", "partners", "practices", "projects", "newsletter", "community")


def _labels():
    """(where, text) for every admin label of the portal's own apps that people read."""
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in OWN_APPS:
            continue
        yield f"{meta.app_label} app", apps.get_app_config(meta.app_label).verbose_name
        yield f"{meta.label} verbose_name", meta.verbose_name
        yield f"{meta.label} verbose_name_plural", meta.verbose_name_plural
        for field in meta.get_fields():
            if getattr(field, "auto_created", False) or not hasattr(field, "verbose_name"):
                continue
            if isinstance(field, GenericForeignKey):  # a pointer of two columns, never shown as a field
                continue
            if isinstance(field, GeneratedField):  # computed by the database for search, never shown
                continue
            # modeltranslation's per-language copies (name_fr) are labelled from the original field.
            if getattr(field, "translated_field", None) is not None:
                continue
            yield f"{meta.label}.{field.name}", field.verbose_name


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_admin_label_of_the_portal_is_translated(language):
    untranslated = []
    for where, text in _labels():
        if not isinstance(text, Promise):  # a plain str never reaches gettext
            untranslated.append((where, str(text)))
            continue
        with translation.override("en"):
            source = str(text)
        with translation.override(language):
            shown = str(text)
        catalog = translation.trans_real.translation(language)._catalog
        if shown == source and source not in catalog:
            untranslated.append((where, source))
    assert untranslated == [], "\n".join(f"{where}: {text}" for where, text in untranslated)
