"""Synonyms widen a search across languages: abono verde = engrais vert = green manure = cover crop."""

import pytest

from practices import search
from practices.models import SynonymGroup

from .factories import make_practice


def names(response):
    return sorted(p.name_en or p.name_fr for p in response.context["page"].object_list)


@pytest.fixture
def green_manure(db):
    english = make_practice(
        name_en="Velvet bean as a green manure", name_fr="", name_es="", definition_fr="", definition_es=""
    )
    cover = make_practice(name_en="Cover crops after maize", name_fr="", name_es="", definition_fr="", definition_es="")
    french = make_practice(
        name_en="",
        name_fr="Engrais vert de sorgho avant le riz",
        name_es="",
        definition_en="",
        definition_es="",
        original_language="fr",
    )
    make_practice(name_en="Rotational grazing", name_fr="Pâturage tournant", name_es="Pastoreo rotativo")
    return english, cover, french


def test_abono_verde_on_the_spanish_page_finds_english_and_french_green_manure_sheets(client, green_manure):
    response = client.get("/es/practices/", {"q": "abono verde"})
    assert names(response) == [
        "Cover crops after maize",
        "Engrais vert de sorgho avant le riz",
        "Velvet bean as a green manure",
    ]
    assert "3 prácticas encontradas" in response.content.decode()


def test_without_the_synonym_group_abono_verde_finds_nothing(client, green_manure):
    SynonymGroup.objects.filter(terms__term="abono verde").delete()
    response = client.get("/es/practices/", {"q": "abono verde"})
    assert names(response) == []


def test_the_secretariat_adds_a_synonym_in_the_admin_and_searches_use_it_at_once(client, green_manure, client_for):
    assert names(client.get("/en/practices/", {"q": "frijol terciopelo"})) == []
    rows = [("es", "frijol terciopelo"), ("en", "velvet bean")]
    form = {"label": "Velvet bean", "terms-TOTAL_FORMS": "2", "terms-INITIAL_FORMS": "0"}
    for n, (language, term) in enumerate(rows):
        form.update({f"terms-{n}-language": language, f"terms-{n}-term": term})
    response = client_for("secretariat").post("/django-admin/practices/synonymgroup/add/", form, follow=True)
    assert "velvet bean, frijol terciopelo" in response.content.decode()  # the list shows the group's terms
    assert names(client.get("/en/practices/", {"q": "frijol terciopelo"})) == ["Velvet bean as a green manure"]


def test_expand_replaces_the_term_and_keeps_the_other_words():
    groups = [[("es", "abono verde"), ("fr", "engrais vert"), ("en", "green manure")]]
    assert search.expand("Abono verde maíz", groups) == [
        ("Abono verde maíz", None),
        ("engrais vert maíz", "fr"),
        ("green manure maíz", "en"),
    ]
    assert search.expand("compost", groups) == [("compost", None)]
