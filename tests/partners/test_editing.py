"""Partner editors propose changes; the secretariat approves or returns them; editors are told."""

import html
import json

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.test import Client

from partners import services
from partners.models import SheetRevision
from portal import roles
from portal.models import Theme

from ..factories import UserFactory
from .factories import EditorFactory, OfficeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    org = OrganisationFactory(
        slug="org-a",
        name="Org A",
        acronym="OA",
        description_en="Old text.",
        description_es="",
        website="https://old.example",
    )
    OfficeFactory(organisation=org, location=Point(2.0, 48.0, srid=4326))
    editor = UserFactory(email="editor-a@example.org", role=roles.PARTNER_EDITOR, language="fr")
    EditorFactory(user=editor, organisation=org)
    client = Client()
    client.force_login(editor)
    return {"org": org, "editor": editor, "client": client}


def _post(**overrides):
    data = {
        "name_en": "Org A",
        "acronym": "OA",
        "description_en": "New text about our soils.",
        "description_fr": "Nouveau texte sur nos sols.",
        "description_es": "",
        "website": "https://new.example",
        "themes": ["agroforestry", "research"],
        "location": json.dumps({"type": "Point", "coordinates": [3.5, 45.25]}),
    }
    data.update(overrides)
    return data


def test_editor_edit_creates_a_pending_revision_and_the_public_sheet_is_unchanged(sheet, client):
    response = sheet["client"].post("/en/my/organisation/org-a/", _post(), follow=True)
    assert "waiting for the secretariat" in response.content.decode()
    revision = SheetRevision.objects.get(organisation=sheet["org"])
    assert revision.status == "pending" and revision.author == sheet["editor"]
    assert revision.data["location"] == [3.5, 45.25]
    assert revision.data["themes"] == ["agroforestry", "research"]

    public = client.get("/en/partners/org-a/").content.decode()
    assert "Old text." in public and "New text about our soils." not in public
    geojson = client.get("/api/v1/partners.geojson").content.decode()
    assert "[2.0,48.0]" in geojson and "45.25" not in geojson

    # The editor sees their pending text when they come back, and a second edit replaces it.
    form = sheet["client"].get("/en/my/organisation/org-a/").content.decode()
    assert "New text about our soils." in form
    sheet["client"].post("/en/my/organisation/org-a/", _post(description_en="Second try."))
    assert SheetRevision.objects.filter(organisation=sheet["org"]).count() == 1
    assert SheetRevision.objects.get().data["description_en"] == "Second try."


def test_bad_input_keeps_what_was_typed_and_saves_nothing(sheet):
    response = sheet["client"].post(
        "/en/my/organisation/org-a/",
        _post(website="not a web address", location='{"type": "Point", "coordinates": [500, 10]}'),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid URL." in page
    assert "outside longitude" in page
    assert "New text about our soils." in page  # nothing typed is lost
    assert not SheetRevision.objects.exists()


def test_a_geometry_in_another_crs_is_refused(sheet):
    location = {
        "type": "Point",
        "coordinates": [3.5, 45.2],
        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
    }
    page = sheet["client"].post("/en/my/organisation/org-a/", _post(location=json.dumps(location))).content.decode()
    assert "EPSG:4326" in page
    assert not SheetRevision.objects.exists()


def test_description_is_required_in_one_language(sheet):
    page = (
        sheet["client"]
        .post("/en/my/organisation/org-a/", _post(description_en="", description_fr="", description_es=""))
        .content.decode()
    )
    assert "Write the description in at least one language." in page
    assert not SheetRevision.objects.exists()


def test_editor_of_org_a_cannot_touch_org_b(sheet):
    org_b = OrganisationFactory(slug="org-b", description_en="B's own text.")
    other_editor = UserFactory(role=roles.PARTNER_EDITOR)
    EditorFactory(user=other_editor, organisation=org_b)
    services.propose_revision(org_b, {"description_en": "B pending"}, by=other_editor)
    pending_b = SheetRevision.objects.get(organisation=org_b)
    secretariat_urls = [f"/en/partners/revisions/{pending_b.pk}/", "/en/partners/revisions/"]

    response = sheet["client"].get("/en/my/organisation/org-b/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    response = sheet["client"].post("/en/my/organisation/org-b/", _post(description_en="Hijacked"))
    assert response.status_code == 404
    for url in secretariat_urls:
        assert sheet["client"].get(url).status_code == 404
    response = sheet["client"].post(secretariat_urls[0], {"action": "approve"})
    assert response.status_code == 404

    org_b.refresh_from_db()
    pending_b.refresh_from_db()
    assert org_b.description_en == "B's own text."
    assert pending_b.status == "pending" and pending_b.data["description_en"] == "B pending"


@pytest.fixture
def secretariat_client():
    client = Client()
    client.force_login(UserFactory(role=roles.SECRETARIAT))
    return client


def test_secretariat_sees_a_field_by_field_diff_and_approves(
    sheet, secretariat_client, client, django_capture_on_commit_callbacks
):
    sheet["client"].post("/en/my/organisation/org-a/", _post())
    revision = SheetRevision.objects.get()

    listing = secretariat_client.get("/en/partners/revisions/").content.decode()
    assert "Org A" in listing
    page = secretariat_client.get(f"/en/partners/revisions/{revision.pk}/").content.decode()
    assert "Old text." in page and "New text about our soils." in page
    assert "https://old.example" in page and "https://new.example" in page
    assert page.count("(changed)") == 5  # every field but the Spanish description

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(f"/en/partners/revisions/{revision.pk}/", {"action": "approve"}, follow=True)
    assert "The revision is approved" in response.content.decode()

    revision.refresh_from_db()
    assert revision.status == "approved" and revision.decided_at is not None
    org = sheet["org"]
    org.refresh_from_db()
    assert org.description_en == "New text about our soils." and org.website == "https://new.example"
    assert sorted(org.themes.values_list("code", flat=True)) == ["agroforestry", "research"]
    office = org.offices.get()
    assert (office.location.x, office.location.y) == (3.5, 45.25)

    assert "New text about our soils." in client.get("/en/partners/org-a/").content.decode()
    assert "Nouveau texte sur nos sols." in client.get("/fr/partners/org-a/").content.decode()
    assert "[3.5,45.25]" in client.get("/api/v1/partners.geojson").content.decode()

    # The editor (who reads French) is told in French.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor-a@example.org"]
    assert "Vos modifications de Org A sont publiées" in mail.outbox[0].subject
    assert "Le secrétariat a approuvé" in mail.outbox[0].body

    # History is kept; a decided revision cannot be decided again.
    with pytest.raises(services.RevisionError):
        services.approve_revision(revision, by=None)


def test_a_post_without_a_decision_or_on_a_decided_revision_says_nothing_changed(sheet, secretariat_client):
    sheet["client"].post("/en/my/organisation/org-a/", _post())
    revision = SheetRevision.objects.get()
    url = f"/en/partners/revisions/{revision.pk}/"

    page = secretariat_client.post(url, {}).content.decode()
    assert "Nothing was changed: choose one of the buttons on this page." in page
    revision.refresh_from_db()
    assert revision.status == "pending"

    secretariat_client.post(url, {"action": "approve"})
    page = secretariat_client.post(url, {"action": "return", "message": "Too late."}).content.decode()
    assert "This was already decided: nothing was changed." in page
    revision.refresh_from_db()
    assert revision.status == "approved" and revision.message == ""


def test_secretariat_returns_with_a_message(sheet, secretariat_client, django_capture_on_commit_callbacks):
    sheet["client"].post("/en/my/organisation/org-a/", _post())
    revision = SheetRevision.objects.get()
    url = f"/en/partners/revisions/{revision.pk}/"

    page = secretariat_client.post(url, {"action": "return", "message": ""}).content.decode()
    assert "This field is required." in page
    revision.refresh_from_db()
    assert revision.status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(url, {"action": "return", "message": "Please add a Spanish description."})
    revision.refresh_from_db()
    assert revision.status == "returned" and revision.message == "Please add a Spanish description."
    sheet["org"].refresh_from_db()
    assert sheet["org"].description_en == "Old text."
    assert len(mail.outbox) == 1
    assert "Please add a Spanish description." in mail.outbox[0].body
    assert "renvoyé" in mail.outbox[0].body


def test_my_organisation_lists_several_sheets(sheet):
    second = OrganisationFactory(name="Second Org", slug="second-org")
    EditorFactory(user=sheet["editor"], organisation=second)
    page = sheet["client"].get("/en/my/organisation/").content.decode()
    assert "/en/my/organisation/org-a/" in page and "/en/my/organisation/second-org/" in page


def test_editor_form_shows_the_office_map_over_its_visible_geojson_field(sheet):
    page = sheet["client"].get("/en/my/organisation/org-a/").content.decode()
    assert "js/portal_map.js" in page and "js/location_map.js" in page
    assert 'data-location-map data-input="id_location"' in page
    field = page[page.index('<textarea name="location"') :].split("</textarea>")[0]
    assert "hidden" not in field.split(">")[0]  # the text stays the way to give the point without JavaScript
    assert '{"type": "Point", "coordinates": [2.0, 48.0]}' in html.unescape(field)
    assert Theme.objects.get(code="agroforestry").label in page


def test_a_returned_revision_comes_back_into_the_form_with_the_message(sheet):
    revision = services.propose_revision(
        sheet["org"], {**services.sheet_data(sheet["org"]), "description_en": "Draft needing work."}, by=sheet["editor"]
    )
    services.return_revision(revision, by=None, message="Please describe your field trials.")
    page = sheet["client"].get("/en/my/organisation/org-a/").content.decode()
    assert "Please describe your field trials." in page
    assert "Draft needing work." in page


def test_an_unpublished_sheet_is_seen_by_its_editors_only(sheet, client):
    sheet["org"].published = False
    sheet["org"].save()
    assert "Edit this sheet" in sheet["client"].get("/en/partners/org-a/").content.decode()
    stranger = Client()
    stranger.force_login(UserFactory(role=roles.PARTNER_EDITOR))
    for visitor in (client, stranger):
        response = visitor.get("/en/partners/org-a/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode() and "Old text." not in response.content.decode()


def test_approved_versions_are_kept_as_history(sheet):
    for text in ("First version.", "Second version."):
        revision = services.propose_revision(
            sheet["org"], {**services.sheet_data(sheet["org"]), "description_en": text}, by=sheet["editor"]
        )
        services.approve_revision(revision, by=None)
    history = SheetRevision.objects.filter(organisation=sheet["org"], status="approved").order_by("decided_at")
    assert [r.data["description_en"] for r in history] == ["First version.", "Second version."]
    page = sheet["client"].get("/en/my/organisation/org-a/").content.decode()
    assert page.count(f"proposed by {sheet['editor']}") == 2
