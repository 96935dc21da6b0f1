"""Friends and partner editors propose sheets and edits; the secretariat publishes or returns them."""

import pytest

from practices.models import Practice, PracticeDraft

from .factories import make_practice

NEW_SHEET = {
    "name_en": "Mulching with banana leaves",
    "name_fr": "Paillage aux feuilles de bananier",
    "definition_en": "Banana leaves cover the soil between coffee plants.",
    "category": "residue-management",
    "measure_type": "agronomic",
    "climate_zones": ["tropical-moist"],
    "location": '{"type": "Point", "coordinates": [30.06, -1.95]}',
}


@pytest.fixture
def friend(role_users):
    return role_users["friend"]


@pytest.fixture
def secretariat_client(client_for):
    return client_for("secretariat")


def test_friend_saves_a_draft_comes_back_and_submits(client, friend):
    client.force_login(friend)
    response = client.post("/en/practices/propose/", {**NEW_SHEET, "save": ""})
    draft = PracticeDraft.objects.get(author=friend)
    assert response.status_code == 302 and response["Location"] == f"/en/practices/drafts/{draft.pk}/"
    assert draft.status == "draft"
    assert draft.data["name_fr"] == "Paillage aux feuilles de bananier"
    assert draft.data["location"] == [[30.06, -1.95]]
    # Nothing public yet.
    assert not Practice.objects.filter(published=True).exists()
    assert "Mulching" not in client.get("/en/practices/").content.decode()

    # Coming back: the form holds what was typed.
    html = client.get(f"/en/practices/drafts/{draft.pk}/").content.decode()
    assert 'value="Mulching with banana leaves"' in html
    assert "My practices" in client.get("/en/practices/mine/").content.decode()

    response = client.post(f"/en/practices/drafts/{draft.pk}/", {**NEW_SHEET, "submit": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_incomplete_submission_keeps_the_draft_and_names_the_missing_fields(client, friend):
    client.force_login(friend)
    response = client.post("/en/practices/propose/", {"name_en": "Half a sheet", "submit": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a category." in html
    assert "Define the practice in one sentence." in html
    assert 'value="Half a sheet"' in html  # nothing typed is lost
    draft = PracticeDraft.objects.get(author=friend)
    assert draft.status == "draft"


def test_bad_geojson_is_refused_with_a_message(client, friend):
    client.force_login(friend)
    response = client.post("/en/practices/propose/", {**NEW_SHEET, "location": "POINT(1 2)", "save": ""})
    assert "This is not valid GeoJSON." in response.content.decode()
    assert not PracticeDraft.objects.exists()


def test_secretariat_publishes_a_new_sheet(client, friend, secretariat_client):
    client.force_login(friend)
    client.post("/en/practices/propose/", {**NEW_SHEET, "submit": ""})
    draft = PracticeDraft.objects.get(author=friend, status="submitted")
    assert "Mulching with banana leaves" in secretariat_client.get("/en/practices/review/").content.decode()
    response = secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    practice = Practice.objects.get(name_en="Mulching with banana leaves")
    assert response["Location"] == practice.get_absolute_url()
    assert practice.published and practice.versions.count() == 1
    assert practice.owner == friend
    html = client.get("/fr/practices/").content.decode()
    assert "Paillage aux feuilles de bananier" in html


def test_secretariat_returns_with_comments_that_the_author_sees(client, friend, secretariat_client):
    client.force_login(friend)
    client.post("/en/practices/propose/", {**NEW_SHEET, "submit": ""})
    draft = PracticeDraft.objects.get(author=friend)
    response = secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "return", "comment": ""})
    assert "This field is required." in response.content.decode()
    secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "return", "comment": "Add a measurement."})
    draft.refresh_from_db()
    assert draft.status == "returned"
    assert "Add a measurement." in client.get(f"/en/practices/drafts/{draft.pk}/").content.decode()
    assert not Practice.objects.exists()


def test_editing_a_published_sheet_changes_it_only_on_publication(client, friend, secretariat_client):
    practice = make_practice(name_en="Hedgerows", definition_en="Old definition.")
    client.force_login(friend)
    response = client.get(f"/en/practices/{practice.slug}/edit/")
    assert 'value="Hedgerows"' in response.content.decode()
    form = {**NEW_SHEET, "name_en": "Hedgerows", "definition_en": "New definition.", "category": "agroforestry"}
    form["measure_type"] = "vegetative"
    client.post(f"/en/practices/{practice.slug}/edit/", {**form, "submit": ""})
    assert "Old definition." in client.get(practice.get_absolute_url()).content.decode()

    draft = PracticeDraft.objects.get(practice=practice)
    secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "New definition." in html
    assert "Version 2, published on" in html and "Version 1, published on" in html
    assert practice.versions.get(number=1).data["definition_en"] == "Old definition."


def test_people_who_may_not_contribute_or_moderate_get_404(client_for, friend):
    other_draft = PracticeDraft.objects.create(author=friend, data={"name_en": "Mine"})
    applicant = client_for("applicant")
    assert applicant.get("/en/practices/propose/").status_code == 404
    partner = client_for("partner")
    assert partner.get(f"/en/practices/drafts/{other_draft.pk}/").status_code == 404
    response = partner.post(f"/en/practices/drafts/{other_draft.pk}/", {"name_en": "Hijacked", "save": ""})
    assert response.status_code == 404
    other_draft.refresh_from_db()
    assert other_draft.data == {"name_en": "Mine"}
    assert client_for("reviewer").get("/en/practices/review/").status_code == 404
