"""Friends and partner editors propose sheets and edits; the secretariat publishes or returns them."""

import re

import pytest

from practices.models import Practice, PracticeDraft

from .factories import make_practice


def formsets(steps=(), results=()):
    """The management forms and rows of the steps and results formsets, as the browser sends them."""
    data = {}
    for prefix, rows in (("steps", steps), ("results", results), ("references", ()), ("photos", ())):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for n, row in enumerate(rows):
            data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


NEW_SHEET = {
    "name_en": "Mulching with banana leaves",
    "name_fr": "Paillage aux feuilles de bananier",
    "definition_en": "Banana leaves cover the soil between coffee plants.",
    "category": "residue-management",
    "measure_type": "agronomic",
    "climate_zones": ["tropical-moist"],
    "location": '{"type": "Point", "coordinates": [30.06, -1.95]}',
    **formsets(),
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
    response = client.post("/en/practices/propose/", {"name_en": "Half a sheet", "submit": "", **formsets()})
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
    response = applicant.post("/en/practices/propose/", {**NEW_SHEET, "save": ""})
    assert "Who may propose a practice" in response.content.decode()
    assert not PracticeDraft.objects.exclude(pk=other_draft.pk).exists()
    partner = client_for("partner")
    assert partner.get(f"/en/practices/drafts/{other_draft.pk}/").status_code == 404
    response = partner.post(
        f"/en/practices/drafts/{other_draft.pk}/", {"name_en": "Hijacked", "save": "", **formsets()}
    )
    assert response.status_code == 404
    other_draft.refresh_from_db()
    assert other_draft.data == {"name_en": "Mine"}
    assert client_for("reviewer").get("/en/practices/review/").status_code == 404


def test_steps_and_results_are_proposed_with_the_sheet(client, friend, secretariat_client):
    client.force_login(friend)
    step = {"phase": "establishment", "text": "Lay the leaves 10 cm thick.", "timing": "After weeding"}
    result = {"site": "Huye", "rate": "0.7", "duration_years": "6", "depth_from_cm": "0", "depth_to_cm": "30"}
    bad = {**result, "method": "paired", "depth_from_cm": "30", "depth_to_cm": "10"}
    response = client.post("/fr/practices/propose/", {**NEW_SHEET, **formsets([step], [bad]), "save": ""})
    html = response.content.decode()
    assert "La profondeur inférieure doit être sous la profondeur supérieure." in html
    assert "Lay the leaves 10 cm thick." in html  # nothing typed is lost
    assert not PracticeDraft.objects.exists()  # nothing half-saved

    good = {**result, "method": "paired"}
    client.post("/fr/practices/propose/", {**NEW_SHEET, **formsets([step], [good]), "submit": ""})
    draft = PracticeDraft.objects.get(author=friend)
    assert draft.data["steps"] == [
        {"phase": "establishment", "text_fr": "Lay the leaves 10 cm thick.", "timing_fr": "After weeding"}
    ]
    secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    practice = Practice.objects.get(name_en="Mulching with banana leaves")
    assert practice.original_language == "fr"
    html = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert "Lay the leaves 10 cm thick." in html and "After weeding" in html
    assert "Huye" in html and "0,70" in html
    assert str(practice.max_rate) == "0.70"


def test_the_whole_sheet_can_be_proposed(client, friend, secretariat_client):
    client.force_login(friend)
    form = {
        **NEW_SHEET,
        "introduction": "Introduced by a farmers' cooperative in 2012.",
        "co_benefits": "Less erosion; more earthworms.",
        "rainfall_min_mm": "800",
        "rainfall_max_mm": "1400",
        "cost_establishment": "120.50",
        "currency": "rwf",
        "documented_on": "2024-05-02",
        "video_url": "https://video.example/mulch",
        "references-TOTAL_FORMS": "1",
        "references-0-citation": "Mukuralinda et al. (2021). Mulching in Rwanda.",
        "references-0-doi": "10.1000/mulch",
    }
    bad = {**form, "rainfall_max_mm": "500", "save": ""}
    response = client.post("/es/practices/propose/", bad)
    assert "El límite superior no debe estar por debajo del inferior." in response.content.decode()
    client.post("/es/practices/propose/", {**form, "submit": ""})
    draft = PracticeDraft.objects.get(author=friend)
    assert draft.data["introduction_es"] == "Introduced by a farmers' cooperative in 2012."
    assert draft.data["cost_establishment"] == "120.50" and draft.data["currency"] == "RWF"
    secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    practice = Practice.objects.get(name_en="Mulching with banana leaves")
    assert (practice.rainfall_min_mm, practice.rainfall_max_mm) == (800, 1400)
    assert str(practice.documented_on) == "2024-05-02"
    html = client.get(f"/es/practices/{practice.slug}/").content.decode()
    assert "Less erosion; more earthworms." in html
    assert "Mukuralinda et al. (2021). Mulching in Rwanda." in html and "doi:10.1000/mulch" in html


def _jpeg():
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (1200, 800), (90, 140, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_photos_are_proposed_kept_across_visits_and_published(client, friend, secretariat_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path
    client.force_login(friend)
    not_an_image = SimpleUploadedFile("leaves.jpg", b"not an image", content_type="image/jpeg")
    form = {**NEW_SHEET, "photos-TOTAL_FORMS": "1", "photos-0-caption": "Leaves between coffee rows"}
    response = client.post("/en/practices/propose/", {**form, "photos-0-image": not_an_image, "save": ""})
    assert "Upload a valid image." in response.content.decode()
    assert not PracticeDraft.objects.exists() and not Image.objects.exists()

    photo = SimpleUploadedFile("leaves.jpg", _jpeg(), content_type="image/jpeg")
    client.post("/en/practices/propose/", {**form, "photos-0-image": photo, "save": ""})
    draft = PracticeDraft.objects.get(author=friend)
    image_id = draft.data["photos"][0]["image"]
    html = client.get(f"/en/practices/drafts/{draft.pk}/").content.decode()
    assert "Photo attached." in html and 'value="Leaves between coffee rows"' in html

    # Coming back and submitting keeps the attached photo; an image the draft never had is ignored.
    stranger = Image.objects.create(title="Someone else's", file=SimpleUploadedFile("x.jpg", _jpeg()))
    resubmit = {
        **NEW_SHEET,
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "1",  # as the page sends it: one photo was already attached
        "photos-0-image_id": str(image_id),
        "photos-0-caption": "Leaves between coffee rows",
        "photos-1-image_id": str(stranger.pk),
        "photos-1-caption": "Not mine",
        "submit": "",
    }
    client.post(f"/en/practices/drafts/{draft.pk}/", resubmit)
    draft.refresh_from_db()
    assert [row["image"] for row in draft.data["photos"]] == [image_id]
    secretariat_client.post(f"/en/practices/review/{draft.pk}/", {"action": "publish"})
    practice = Practice.objects.get(name_en="Mulching with banana leaves")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert 'alt="Leaves between coffee rows"' in html and ".webp" in html


def test_a_signed_in_person_who_may_not_propose_learns_who_may_and_how(client_for):
    html = client_for("applicant").get("/es/practices/propose/").content.decode()
    assert "Quién puede proponer una práctica" in html
    assert 'href="/es/partners/join/"' in html  # the membership application
    assert "Amigos del 4 por 1000" in html


def test_saving_lands_on_the_draft_page_and_a_second_submit_keeps_one_draft(client, friend):
    client.force_login(friend)
    form = client.get("/es/practices/propose/").content.decode()
    key = re.search(r'name="proposal_key" value="([0-9a-f-]+)"', form).group(1)
    sheet = {**NEW_SHEET, "proposal_key": key, "save": ""}
    first = client.post("/es/practices/propose/", sheet)
    again = client.post("/es/practices/propose/", sheet)  # a double click, or the back button and save
    draft = PracticeDraft.objects.get(author=friend)
    assert first["Location"] == again["Location"] == f"/es/practices/drafts/{draft.pk}/"
    page = client.get(first["Location"]).content.decode()
    # Titled by its name in a language it was written in (no Spanish name: the English one).
    assert "<h1>Mulching with banana leaves</h1>" in page
    assert f'action="/es/practices/drafts/{draft.pk}/"' in page
    assert "Mulching with banana leaves" in client.get("/es/practices/mine/").content.decode()
    assert "Práctica sin título" not in client.get("/es/practices/mine/").content.decode()


def test_an_incomplete_submit_then_a_fixed_one_keep_one_draft(client, friend):
    client.force_login(friend)
    response = client.post("/en/practices/propose/", {"name_en": "Half a sheet", "submit": "", **formsets()})
    draft = PracticeDraft.objects.get(author=friend)
    html = response.content.decode()
    assert f'action="/en/practices/drafts/{draft.pk}/"' in html  # the next submit updates this draft
    client.post(f"/en/practices/drafts/{draft.pk}/", {**NEW_SHEET, "name_en": "Half a sheet", "submit": ""})
    draft = PracticeDraft.objects.get(author=friend)
    assert draft.status == "submitted" and draft.data["name_en"] == "Half a sheet"


def test_a_draft_is_titled_by_the_name_written_in_any_language(client, friend):
    client.force_login(friend)
    PracticeDraft.objects.create(author=friend, data={"name_fr": "Paillage", "original_language": "fr"})
    html = client.get("/es/practices/mine/").content.decode()
    assert "Paillage" in html and "Práctica sin título" not in html


def test_the_author_deletes_a_draft_after_confirming(client, friend, client_for):
    draft = PracticeDraft.objects.create(author=friend, data={"name_en": "To delete"})
    assert client_for("partner").post(f"/en/practices/drafts/{draft.pk}/delete/").status_code == 404
    client.force_login(friend)
    page = client.get(f"/en/practices/drafts/{draft.pk}/delete/").content.decode()
    assert "Delete the draft “To delete”?" in page
    assert PracticeDraft.objects.filter(pk=draft.pk).exists()  # a GET only asks
    response = client.post(f"/en/practices/drafts/{draft.pk}/delete/", follow=True)
    assert "The draft “To delete” was deleted." in response.content.decode()
    assert not PracticeDraft.objects.filter(pk=draft.pk).exists()


def test_a_published_draft_cannot_be_deleted(client, friend):
    draft = PracticeDraft.objects.create(author=friend, status="published", data={"name_en": "History"})
    client.force_login(friend)
    assert client.post(f"/en/practices/drafts/{draft.pk}/delete/").status_code == 404
    assert PracticeDraft.objects.filter(pk=draft.pk).exists()


def test_the_form_puts_the_page_language_first_and_its_errors_there(client, friend):
    client.force_login(friend)
    html = client.get("/es/practices/propose/").content.decode()
    assert html.index('name="name_es"') < html.index('name="name_en"') < html.index('name="name_fr"') or (
        html.index('name="name_es"') < html.index('name="name_fr"') < html.index('name="name_en"')
    )
    assert html.index('name="definition_es"') < html.index('name="name_en"')
    # Country names in Spanish, sorted in Spanish.
    assert ">Alemania</option>" in html and ">Germany</option>" not in html
    assert html.index(">Alemania</option>") < html.index(">Bélgica</option>") < html.index(">Zambia</option>")

    response = client.post(
        "/es/practices/propose/", {"name_es": "Acolchado", "local_name": "mulch", "submit": "", **formsets()}
    )
    html = response.content.decode()
    assert 'value="Acolchado"' in html and 'value="mulch"' in html  # nothing typed is lost
    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    assert 'href="#id_definition_es"' in summary and "Defina la práctica en una frase." in summary
    assert 'href="#id_category"' in summary
    field = html[html.index('id="id_definition_es"') :]
    assert "Defina la práctica en una frase." in field[: field.index("</p>")]


def test_a_sheet_written_only_in_french_on_the_french_page_can_be_sent(client, friend):
    client.force_login(friend)
    sheet = {
        "name_fr": "Paillage",
        "definition_fr": "Des feuilles couvrent le sol.",
        "category": "residue-management",
        "measure_type": "agronomic",
        "submit": "",
        **formsets(),
    }
    client.post("/fr/practices/propose/", sheet)
    draft = PracticeDraft.objects.get(author=friend)
    assert draft.status == "submitted" and draft.data["original_language"] == "fr"
