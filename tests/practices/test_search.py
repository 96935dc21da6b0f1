"""Search quality in each language, on PostgreSQL full-text search (CI) and on the embedded default."""

import pytest

from .factories import make_practice


@pytest.fixture
def sheets(db):
    return {
        "agroforestry": make_practice(
            name_en="Parkland agroforestry",
            name_fr="Agroforesterie de parc",
            name_es="Agroforestería de parque",
            definition_fr="Des arbres dans les champs de céréales.",
        ),
        "cover": make_practice(
            category="cover-crops",
            name_en="Cover crop after harvest",
            name_fr="Couvert végétal après la récolte",
            name_es="Cultivo de cobertura después de la cosecha",
            definition_fr="Un couvert végétal garde le sol couvert.",
            definition_es="Un cultivo de cobertura mantiene el suelo cubierto.",
        ),
        "grazing": make_practice(
            category="grazing-management",
            name_en="Rotational grazing",
            name_fr="Pâturage tournant",
            name_es="Pastoreo rotativo",
        ),
    }


def names(response):
    return [p.name for p in response.context["page"].object_list]


def test_french_query_finds_french_agroforestry_sheet(client, sheets):
    response = client.get("/fr/practices/", {"q": "agroforesterie"})
    assert names(response) == ["Agroforesterie de parc"]
    assert "1 pratique trouvée" in response.content.decode()


def test_french_plural_finds_the_singular(client, sheets):
    response = client.get("/fr/practices/", {"q": "couverts végétaux"})
    assert names(response) == ["Couvert végétal après la récolte"]


def test_spanish_query_finds_the_spanish_sheet(client, sheets):
    response = client.get("/es/practices/", {"q": "cultivos de cobertura"})
    assert names(response) == ["Cultivo de cobertura después de la cosecha"]


def test_a_query_matching_nothing_says_so(client, sheets):
    response = client.get("/en/practices/", {"q": "hydroponics"})
    assert names(response) == []
    assert "No practice matches these criteria" in response.content.decode()


def test_unpublished_sheets_are_never_found(client, sheets):
    make_practice(published=False, name_en="Secret agroforestry draft", name_fr="Agroforesterie secrète")
    response = client.get("/fr/practices/", {"q": "agroforesterie"})
    assert names(response) == ["Agroforesterie de parc"]
    assert "secrète" not in response.content.decode()
