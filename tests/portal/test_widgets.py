"""portal.widgets.LongSelect writes the markup Django's Select writes, without a template per option."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.utils import translation

from portal.widgets import LongSelect, country_choices


class Markup(HTMLParser):
    """Tags with their attributes (in any order) and the text between them."""

    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.items.append(data.strip())


CHOICES = [("", "All"), ("FR", "France"), ("CI", "Côte d'Ivoire"), ("Other", [("x", 'Odd <"&">'), ("y", "Y")])]


@pytest.mark.parametrize("value", ["", "FR", "x", None, "unknown"])
def test_the_same_markup_as_djangos_select(value):
    attrs = {"id": "id_country", "class": "filter", "required": True}
    django_html = forms.Select(choices=CHOICES, attrs=attrs).render("country", value)
    ours = LongSelect(choices=CHOICES, attrs=attrs).render("country", value)
    assert Markup(ours).items == Markup(django_html).items
    assert ours.count(" selected") == (0 if value == "unknown" else 1)  # None chooses the empty option


def test_a_multiple_select_marks_every_chosen_option():
    class Multiple(LongSelect):
        allow_multiple_selected = True

    django_html = forms.SelectMultiple(choices=CHOICES).render("c", ["FR", "y"])
    ours = Multiple(choices=CHOICES).render("c", ["FR", "y"])
    assert Markup(ours).items == Markup(django_html).items


def test_the_directory_lists_countries_by_name_in_the_page_language(client, db):
    with translation.override("fr"):
        names = dict(country_choices())
    assert names["DE"] == "Allemagne"
    with translation.override("es"):
        assert dict(country_choices())["DE"] == "Alemania"
    page = client.get("/fr/partners/").content.decode()
    assert '<option value="DE">Allemagne</option>' in page
    assert page.index(">Afghanistan<") < page.index(">Allemagne<")
