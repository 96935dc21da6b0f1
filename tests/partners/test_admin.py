import csv
import io

import pytest
from django.contrib.gis.geos import Point

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
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "name": "Export Lab",
            "acronym": org.acronym,
            "slug": org.slug,
            "status": "partner",
            "college": "research",
            "country": "FR",
            "region": "europe",
            "website": "",
            "year_joined": "2016",
            "themes": "water",
            "latitude": "12.25",
            "longitude": "1.5",
        }
    ]
    assert "hidden@export.example" not in response.content.decode()


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
    assert rows[0][:3] == ["name", "acronym", "slug"]
    assert [r[0] for r in rows[1:]] == ["Export Lab", "Second Lab"]
    assert rows[1][-2:] == [12.25, 1.5]
    assert not any("hidden@export.example" in str(cell) for row in rows for cell in row)
