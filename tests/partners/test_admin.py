import codecs
import csv
import io

import pytest
from django.contrib.gis.geos import Point
from django.utils import translation

from partners.admin import export_csv
from partners.models import Organisation
from portal.models import Theme

from .factories import OfficeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_csv_export_has_one_row_per_organisation_and_no_contact_address():
    org = OrganisationFactory(
        name="Export Lab", contact_email="hidden@export.example", themes=[Theme.objects.get(code="water")]
    )
    OfficeFactory(organisation=org, location=Point(1.5, 12.25, srid=4326))
    response = export_csv(None, None, Organisation.objects.all())
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        {
            "Name": "Export Lab",
            "Acronym": org.acronym,
            "Slug": org.slug,
            "Status": "Partner",
            "College": "Research and education institutions",
            "Country": "FR",
            "World region": "Europe",
            "Website": "",
            "Year joined": "2016",
            "Themes": "Water management",
            "Latitude": "12.25",
            "Longitude": "1.5",
        }
    ]
    assert "hidden@export.example" not in response.content.decode()


def test_exports_speak_the_language_of_the_admin_and_defuse_formulas():
    from openpyxl import load_workbook

    from partners.admin import export_xlsx

    OrganisationFactory(name='=HYPERLINK("https://evil.example","Soil Lab")', acronym="-2+3")
    with translation.override("fr"):
        csv_response = export_csv(None, None, Organisation.objects.all())
        xlsx_response = export_xlsx(None, None, Organisation.objects.all())
    header, row = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert (header[0], header[1], header[3], header[6]) == ("Nom", "Sigle", "Statut", "Région du monde")
    assert row[:2] == ['\'=HYPERLINK("https://evil.example","Soil Lab")', "'-2+3"]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.title == "organisations"
    assert [c.value for c in sheet[1]][:2] == ["Nom", "Sigle"]
    name, acronym = sheet["A2"], sheet["B2"]
    assert (name.value, name.data_type, name.quotePrefix) == (
        '=HYPERLINK("https://evil.example","Soil Lab")',
        "s",
        True,
    )
    assert (acronym.value, acronym.data_type) == ("-2+3", "s")


def test_xlsx_export_has_the_same_rows_as_the_csv():
    from openpyxl import load_workbook

    from partners.admin import export_xlsx

    org = OrganisationFactory(name="Export Lab", contact_email="hidden@export.example")
    OfficeFactory(organisation=org, location=Point(1.5, 12.25, srid=4326))
    OrganisationFactory(name="Second Lab")
    response = export_xlsx(None, None, Organisation.objects.order_by("name"))
    assert response["Content-Disposition"] == 'attachment; filename="organisations.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Name", "Acronym", "Slug"]
    assert [r[0] for r in rows[1:]] == ["Export Lab", "Second Lab"]
    assert rows[1][-2:] == [12.25, 1.5]
    assert not any("hidden@export.example" in str(cell) for row in rows for cell in row)
