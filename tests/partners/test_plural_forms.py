"""Counts through ngettext, dates in the locale's format (issue 14: "1 bureaux d'organisations sur la carte")."""

import datetime

import pytest

from practices.models import Practice
from tests.practices.factories import make_practice

from .test_initiatives import make_initiative

pytestmark = pytest.mark.django_db


def test_the_map_count_has_a_singular_and_a_plural_in_french(client):
    html = client.get("/fr/partners/map/").content.decode()
    assert 'data-count-one="{count} bureau d\'organisation sur la carte"' in html
    assert 'data-count-other="{count} bureaux d\'organisations sur la carte"' in html


def test_initiative_dates_are_written_in_the_readers_format(client):
    make_initiative("CIRCASA", actual_start="2017-11-01", actual_end="2020-10-31")
    html = client.get("/fr/initiatives/circasa/").content.decode()
    assert "1 novembre 2017 – 31 octobre 2020" in html
    assert "2017-11-01" not in html


def test_the_sheet_date_documented_is_written_in_the_readers_format(client):
    practice = make_practice(name_es="Acolchado")
    Practice.objects.filter(pk=practice.pk).update(documented_on=datetime.date(2024, 3, 5))
    html = client.get(f"/es/practices/{practice.slug}/").content.decode()
    assert "5 de marzo de 2024" in html
