"""The name (in each language), the acronym and the logo of an organisation are part of its sheet
revision: the editor proposes them, the secretariat sees them in the diff, and they are published only
when the revision is approved. Names are translated fields with a fallback."""

import importlib
import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model

from partners import services
from partners.models import Organisation, SheetRevision
from portal import roles
from portal.models import AuditEvent

from ..factories import UserFactory
from .factories import EditorFactory, OfficeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _png(width=400, height=200, colour=(20, 110, 60)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def sheet():
    org = OrganisationFactory(
        slug="afd",
        name="French Development Agency",
        acronym="AFD",
        description_en="Aid.",
        description_fr="",
        description_es="",
    )
    OfficeFactory(organisation=org, location=Point(2.37, 48.83, srid=4326))
    editor = UserFactory(email="editor-afd@example.org", role=roles.PARTNER_EDITOR)
    EditorFactory(user=editor, organisation=org)
    client = Client()
    client.force_login(editor)
    secretariat = Client()
    secretariat.force_login(UserFactory(role=roles.SECRETARIAT))
    return {"org": org, "editor": editor, "client": client, "secretariat": secretariat}


def _post(**overrides):
    data = {
        "name_en": "French Development Agency",
        "name_fr": "Agence française de développement",
        "name_es": "Agencia Francesa de Desarrollo",
        "acronym": "AFD-Groupe",
        "description_en": "Aid.",
        "description_fr": "",
        "description_es": "",
        "website": "",
        "location": json.dumps({"type": "Point", "coordinates": [2.37, 48.83]}),
    }
    data.update(overrides)
    return data


def test_logo_name_and_acronym_wait_for_approval_then_every_language_shows_its_name(
    sheet, client, django_capture_on_commit_callbacks
):
    logo = SimpleUploadedFile("Mon logo (final).png", _png(), content_type="image/png")
    response = sheet["client"].post("/en/my/organisation/afd/", _post(logo=logo), follow=True)
    assert "waiting for the secretariat" in response.content.decode()
    revision = SheetRevision.objects.get()
    image = get_image_model().objects.get(pk=revision.data["logo"])
    # The stored name is the server's, never the uploader's.
    assert "Mon logo" not in image.file.name and "final" not in image.file.name
    assert image.file.name.rsplit("/", 1)[-1].startswith("logo-afd-") and image.file.name.endswith(".png")
    assert (image.width, image.height) == (400, 200)
    assert revision.data["name_fr"] == "Agence française de développement"
    assert revision.data["acronym"] == "AFD-Groupe"

    # Nothing is public yet.
    public = client.get("/fr/partners/afd/").content.decode()
    assert "Agence française de développement" not in public and "French Development Agency" in public
    assert "<img" not in public.split("<article", 1)[1].split("</h1>", 1)[1].split("<dl>", 1)[0]

    # The secretariat sees the names, the acronym and both logos (the new one as a thumbnail).
    diff = sheet["secretariat"].get(f"/en/partners/revisions/{revision.pk}/").content.decode()
    assert "Name (French)" in diff and "Agence française de développement" in diff
    assert "AFD-Groupe" in diff
    rendition = image.get_rendition("max-160x80")
    assert rendition.url in diff and 'alt="Proposed logo"' in diff
    assert (rendition.width, rendition.height) == (160, 80)
    changed = diff.count("(changed)")
    assert changed == 4  # French name, Spanish name, acronym, logo

    with django_capture_on_commit_callbacks(execute=True):
        sheet["secretariat"].post(f"/en/partners/revisions/{revision.pk}/", {"action": "approve"})
    org = Organisation.objects.get(pk=sheet["org"].pk)
    assert (org.name_en, org.name_fr, org.name_es) == (
        "French Development Agency",
        "Agence française de développement",
        "Agencia Francesa de Desarrollo",
    )
    assert org.acronym == "AFD-Groupe" and org.logo_id == image.pk
    event = AuditEvent.objects.get(verb="sheet_revision.approved")
    assert sorted(event.data["changed"]) == ["acronym", "logo", "name_es", "name_fr"]

    french = client.get("/fr/partners/afd/").content.decode()
    assert "<h1>Agence française de développement" in french and rendition.url in french
    tag = next(part for part in french.split("<img")[1:] if rendition.url in part.split(">", 1)[0])
    assert "Agence française de développement" in tag.split(">", 1)[0]  # its alt text names the partner
    assert "<h1>Agencia Francesa de Desarrollo" in client.get("/es/partners/afd/").content.decode()
    assert "<h1>French Development Agency" in client.get("/en/partners/afd/").content.decode()


def test_a_file_that_is_not_an_image_or_too_large_is_refused_and_nothing_is_stored(sheet):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4\n%%EOF\n", content_type="image/png")
    page = sheet["client"].post("/en/my/organisation/afd/", _post(logo=fake)).content.decode()
    assert "The logo must be a PNG, JPEG, GIF or WebP image." in page
    assert "Agence française de développement" in page  # what was typed stays
    assert "PNG, JPEG, GIF or WebP, smaller than 2 MB." in page and "Maximum filesize" not in page

    # 2.5 MB of noise as a real PNG: an image, but too large.
    import os

    noisy = PILImage.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    assert buffer.tell() > 2 * 1024 * 1024
    big = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    page = sheet["client"].post("/en/my/organisation/afd/", _post(logo=big)).content.decode()
    assert "The logo must be smaller than 2 MB." in page
    assert not SheetRevision.objects.exists() and not get_image_model().objects.exists()


def test_the_name_is_required_in_one_language_and_the_others_fall_back(sheet, client):
    page = sheet["client"].post("/en/my/organisation/afd/", _post(name_en="", name_fr="", name_es="")).content
    assert "Write the name of the organisation in at least one language." in page.decode()
    assert not SheetRevision.objects.exists()

    revision = services.propose_revision(
        sheet["org"], {**_post(name_en="", name_es=""), "themes": [], "location": [2.37, 48.83]}, by=sheet["editor"]
    )
    services.approve_revision(revision, by=None)
    # Only French is written: English and Spanish readers get the French name.
    assert "<h1>Agence française de développement" in client.get("/en/partners/afd/").content.decode()
    assert "<h1>Agence française de développement" in client.get("/es/partners/afd/").content.decode()


def test_a_second_logo_before_approval_replaces_the_first_which_is_deleted(sheet):
    sheet["client"].post("/en/my/organisation/afd/", _post(logo=SimpleUploadedFile("a.png", _png())))
    first = SheetRevision.objects.get().data["logo"]
    sheet["client"].post("/en/my/organisation/afd/", _post(logo=SimpleUploadedFile("b.png", _png(colour=(1, 2, 3)))))
    second = SheetRevision.objects.get().data["logo"]
    assert first != second
    assert list(get_image_model().objects.values_list("pk", flat=True)) == [second]
    # Saving again without a file keeps the proposed logo.
    sheet["client"].post("/en/my/organisation/afd/", _post(description_en="Aid, again."))
    assert SheetRevision.objects.get().data["logo"] == second


def test_directory_search_and_map_find_a_name_in_any_language_and_show_the_readers(sheet, client):
    org = sheet["org"]
    org.name_fr = "Agence française de développement"
    org.save()
    french = client.get("/fr/partners/", {"q": "Development Agency"}).content.decode()
    assert "Agence française de développement" in french
    english = client.get("/en/partners/", {"q": "française"}).content.decode()
    assert "French Development Agency" in english
    from django.utils import translation

    from partners import queries

    with translation.override("fr"):
        names = [f["properties"]["name"] for f in queries.map_features()]
    assert names == ["Agence française de développement"]
    with translation.override("es"):
        names = [f["properties"]["name"] for f in queries.map_features()]
    assert names == ["French Development Agency"]
    # The map's API answers in the language its page asks for, each language cached apart.
    for lang, name in (("fr", "Agence française de développement"), ("es", "French Development Agency")):
        data = client.get("/api/v1/partners.geojson", {"lang": lang}).json()
        assert [f["properties"]["name"] for f in data["features"]] == [name]


def test_the_data_migration_keeps_the_names_written_before_as_english():
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    org = OrganisationFactory(name="Soil Trust")
    with connection.cursor() as cursor:  # the row as it was before the migration: one untranslated name
        cursor.execute(
            "UPDATE partners_organisation SET name = %s, name_en = NULL, name_fr = NULL, name_es = NULL WHERE id = %s",
            ["Soil Trust", org.pk],
        )
    historical = MigrationLoader(connection).project_state(("partners", "0010_organisation_name_translated")).apps
    migration = importlib.import_module("partners.migrations.0010_organisation_name_translated")
    migration.keep_existing_names(historical, None)
    assert Organisation.objects.filter(pk=org.pk).values_list("name_en", "name_fr").get() == ("Soil Trust", None)
