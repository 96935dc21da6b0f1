"""Ids posted to multiple-choice fields: beyond 64 bits they are invalid choices, not a server error
(found by tests/test_fuzz_forms.py: SQLite raised OverflowError inside Django's own field)."""

import pytest

from newsletter.forms import SubscribeForm
from portal.models import Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["99999999999999999999999", "-99999999999999999999999"])
def test_an_id_beyond_64_bits_is_an_invalid_choice(value):
    form = SubscribeForm(data={"email": "a@example.org", "language": "fr", "themes": [value]})
    assert not form.is_valid()
    assert form.errors["themes"] == [f"“{value}” is not a valid value."]


def test_real_ids_are_still_accepted():
    theme = Theme.objects.first()
    form = SubscribeForm(data={"email": "a@example.org", "language": "fr", "themes": [str(theme.pk)]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["themes"]) == [theme]
