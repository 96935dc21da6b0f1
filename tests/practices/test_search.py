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


# --- Common and rare words at volume: stored vectors on PostgreSQL, search_text elsewhere -------------
COMMON = {"en": "soil", "fr": "sol", "es": "suelo"}
CARBON = {"en": "carbon", "fr": "carbone", "es": "carbono"}
RARE = {"en": "zabuteko", "fr": "zabuteko", "es": "zabuteko"}  # a local name: the same in every language


@pytest.fixture
def corpus(db):
    """Twelve sheets about the soil (the common words), three with compost, one with a rare local name,
    one translated into English only, and one unpublished draft that nothing may find."""
    sheets = []
    for n in range(12):
        extra = {}
        if n < 3:
            extra = {
                "description_en": "Compost is spread before sowing.",
                "description_fr": "Le compost est épandu avant le semis.",
                "description_es": "El compost se esparce antes de la siembra.",
            }
        sheets.append(
            make_practice(
                name_en=f"Soil care {n}",
                name_fr=f"Soin des sols {n}",
                name_es=f"Cuidado del suelo {n}",
                definition_en="Farmers keep carbon in the soil.",
                definition_fr="Les agriculteurs gardent le carbone dans le sol.",
                definition_es="Los agricultores mantienen el carbono en el suelo.",
                **extra,
            )
        )
    sheets.append(
        make_practice(
            name_en="Zabuteko pits",
            name_fr="Fosses zabuteko",
            name_es="Hoyos zabuteko",
            local_name="zabuteko",
            definition_en="Planting pits that collect water.",
            definition_fr="Des trous de plantation qui recueillent l'eau.",
            definition_es="Hoyos de siembra que recogen el agua.",
        )
    )
    sheets.append(
        make_practice(
            name_en="Mulched terraces",
            name_fr="",
            name_es="",
            definition_en="Terraces keep the soil on the slope.",
            definition_fr="",
            definition_es="",
        )
    )
    make_practice(published=False, name_en="Soil draft", name_fr="Brouillon sol", name_es="Borrador suelo")
    return sheets


def found(client, language, word):
    response = client.get(f"/{language}/practices/", {"q": word})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_common_word_finds_every_published_sheet_that_has_it(client, corpus, language):
    response = found(client, language, COMMON[language])
    # The twelve soil sheets in every language; the English-only sheet is found in English, and from
    # the other languages only through its English text, which "sol" and "suelo" are not words of.
    expected = 13 if language == "en" else 12
    assert response.context["page"].paginator.count == expected
    html = response.content.decode()
    assert "draft" not in html.lower() and "Brouillon" not in html and "Borrador" not in html
    # Carbon is in the twelve soil sheets, not in the English-only one.
    assert found(client, language, CARBON[language]).context["page"].paginator.count == 12


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_word_of_some_sheets_and_a_rare_word_find_only_those(client, corpus, language):
    assert sorted(names(found(client, language, "compost"))) == sorted(
        getattr(p, f"name_{language}") for p in corpus[:3]
    )
    assert names(found(client, language, RARE[language])) == [getattr(corpus[12], f"name_{language}")]


def test_the_english_text_of_an_untranslated_sheet_is_found_from_every_language(client, corpus):
    for language in ("en", "fr", "es"):
        assert names(found(client, language, "terraces")) == ["Mulched terraces"]


def test_search_results_page_and_keep_their_count(client, corpus):
    pages = [
        client.get("/api/v1/practices/", {"q": "suelo", "lang": "es", "page_size": 5, "page": n}).json()
        for n in (1, 2, 3)
    ]
    assert [page["count"] for page in pages] == [12, 12, 12]
    seen = [record["slug"] for page in pages for record in page["results"]]
    assert len(seen) == len(set(seen)) == 12


def test_facet_counts_are_those_of_the_search_results(client, corpus):
    make_practice(
        name_en="Soil under rice",
        name_fr="Sol sous le riz",
        name_es="Suelo bajo arroz",
        category="water-management",
        climate_zones=["tropical-wet", "tropical-moist"],
        countries=["VN", "KH"],
        evidence="scientific",
        measurements=[{"site": "Can Tho", "rate": "1.2", "duration_years": 4, "depth_to_cm": 30, "method": "paired"}],
    )
    response = found(client, "fr", "sol")
    facets = response.context["facets"]
    assert response.context["page"].paginator.count == 13
    category = {term.code: n for term, n in facets["category"]}
    assert category["agroforestry"] == 12 and category["water-management"] == 1 and category["biochar"] == 0
    climate = {term.code: n for term, n in facets["climate"]}
    assert climate == {**climate, "tropical-dry": 12, "tropical-wet": 1, "tropical-moist": 1, "boreal-dry": 0}
    assert {code: n for code, _name, n in facets["country"]} == {"SN": 12, "VN": 1, "KH": 1}
    assert {value: n for value, _label, n in facets["evidence"]} == {"field": 12, "scientific": 1, "both": 0}
    assert dict(facets["rate"]) == {"lt05": 0, "05-1": 12, "1-2": 1, "gt2": 0}
    # A facet filter narrows the counts of the other facets (each facet keeps its own semantics).
    narrowed = client.get("/fr/practices/", {"q": "sol", "climate": "tropical-wet"}).context["facets"]
    assert {code: n for code, _name, n in narrowed["country"]} == {"VN": 1, "KH": 1}
    assert {term.code: n for term, n in narrowed["category"]}["agroforestry"] == 0


def test_counts_are_cached_until_a_sheet_is_published(client, corpus, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found(client, "en", "soil")
    with CaptureQueriesContext(connection) as warm:
        response = found(client, "en", "soil")
    assert not any("COUNT(" in q["sql"].upper() for q in warm.captured_queries)
    assert response.context["page"].paginator.count == 13
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(name_en="Soil and stones", name_fr="Sol et pierres", name_es="Suelo y piedras")
    assert found(client, "en", "soil").context["page"].paginator.count == 14
    assert client.get("/api/v1/practices/", {"q": "soil"}).json()["count"] == 14
