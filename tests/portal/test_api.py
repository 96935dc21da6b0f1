"""The public API (/api/v1/) described by what it serves: every endpoint is in the generated OpenAPI
schema, every answer fits it (schemathesis, through the Django WSGI application: no network), a
refusal is a 400 or 429 that says why, the per-IP limit covers every endpoint, and no answer carries
personal data."""

import csv
import io
import json
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from partners.models import InitiativeRole
from tests.factories import UserFactory
from tests.newsletter.factories import SubscriberFactory
from tests.partners.factories import EditorFactory, OfficeFactory, OrganisationFactory
from tests.partners.test_initiatives import make_initiative
from tests.practices.factories import make_practice

HOTSPOTS = Path(__file__).parents[1] / "partners" / "data" / "hotspots.geojson"
ENDPOINTS = [
    "/api/v1/practices/",
    "/api/v1/practices.geojson",
    "/api/v1/practice-places.geojson",
    "/api/v1/practices.csv",
    "/api/v1/partners.geojson",
    "/api/v1/initiatives.geojson",
    "/api/v1/initiatives.csv",
    "/api/v1/hotspots.geojson",
]


@pytest.fixture
def published(db):
    """Something in every layer, with personal data planted where the API must never look."""
    make_practice(name_en="Shea parkland", evidence="both", location=[[-17.4, 14.7], [-16.9, 14.1]])
    make_practice(name_en="Cover crops", category="cover-crops", evidence="", location=[], countries=[])
    lab = OrganisationFactory(name="Mapped Lab", slug="mapped-lab", contact_email="secret-contact@hidden.example")
    OfficeFactory(organisation=lab, label="Field station")
    EditorFactory(organisation=lab, user=UserFactory(email="secret-editor@hidden.example"))
    initiative = make_initiative("CIRCASA", countries=("FR", "KE"), status=2, kind="consortium")
    InitiativeRole.objects.create(initiative=initiative, organisation=lab, role="lead")
    SubscriberFactory(email="secret-reader@hidden.example")
    call_command("import_hotspots", str(HOTSPOTS), stdout=io.StringIO())


def _schema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def wsgi_app(settings):
    """Requests reach the project's WSGI application in the test's thread and database transaction.
    Django's handler closes the connection after each request; the test client stops that, so does this."""
    settings.API_RATE_LIMIT = 1_000_000
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded when the module is collected, from the schema the application serves (no database needed).
# (schemathesis.pytest.from_fixture would load it per test, but does not run under pytest 9.) DEBUG is
# off as in the tests, because this first request imports the URLconf, which adds media/ when it is on.
with override_settings(DEBUG=False):
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        get_wsgi_application(),
        config=schemathesis.Config.from_dict(
            {
                "generation": {"max-examples": 12, "deterministic": True},
                "phases": {"stateful": {"enabled": False}},
                "operations": [
                    {
                        # The partner map's filter codes (regions, themes) are rows of the database, not
                        # enumerated in the schema: a well-formed unknown code is refused with 400, by design.
                        "include-path": "/api/v1/partners.geojson",
                        "checks": {"positive_data_acceptance": {"enabled": False}},
                    }
                ],
            }
        ),
    )


def refusals_say_why(ctx, response, case):
    """A 400 or 429 is JSON with a sentence saying what was refused."""
    if response.status_code in (400, 429):
        body = json.loads(response.content)
        assert isinstance(body.get("error"), str) and len(body["error"]) > 10, body


@schema.parametrize()
@hypothesis_settings(
    # No deadline: speed is `make bench`'s business; on a loaded machine one case took 8.4 s.
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_answer_fits_the_schema_and_no_request_breaks_the_server(case, published, wsgi_app):
    # The WSGI client does not decode brotli/gzip bodies, which the API sends to clients that ask for them
    # (tested in tests/practices/test_api.py and tests/partners/test_public.py): ask for plain bodies here.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, additional_checks=[refusals_say_why])


def test_the_schema_describes_every_endpoint_in_the_format_it_sends(client, db):
    paths = _schema(client)["paths"]
    assert sorted(paths) == sorted(ENDPOINTS)
    media = {path: list(operation["get"]["responses"]["200"]["content"]) for path, operation in paths.items()}
    assert media["/api/v1/practices/"] == ["application/json"]
    assert media["/api/v1/practices.csv"] == media["/api/v1/initiatives.csv"] == ["text/csv"]
    assert {media[p][0] for p in ENDPOINTS if p.endswith(".geojson")} == {"application/geo+json"}
    for operation in paths.values():
        assert set(operation["get"]["responses"]) == {"200", "400", "429"}
    # Models call many of their choices Kind or Status; in the schema each keeps its own values.
    components = _schema(client)["components"]["schemas"]
    assert components["HotspotKind"]["enum"] == ["potential", "loss"]
    assert components["InitiativeKind"]["enum"] == ["project", "programme", "network", "consortium"]


def test_records_carry_exactly_the_fields_the_schema_declares(client, published):
    components = _schema(client)["components"]["schemas"]

    def declared(name):
        return set(components[name]["properties"])

    record = client.get("/api/v1/practices/").json()["results"][0]
    assert set(record) == declared("PracticeRecord") == set(components["PracticeRecord"]["required"])
    assert len(record) == 19
    feature = json.loads(client.get("/api/v1/practices.geojson").getvalue())["features"][0]
    assert set(feature["properties"]) == declared("PracticeRecord")
    place = client.get("/api/v1/practice-places.geojson").json()["features"][0]
    assert set(place["properties"]) == declared("PracticePlaceProperties") == {"name", "url"}
    # The CSV has one column per field of the record, in the schema's order, headed in the client's language.
    from practices.api import CSV_LABELS

    header = next(csv.reader(io.StringIO(client.get("/api/v1/practices.csv").content.decode("utf-8-sig"))))
    assert header == [str(CSV_LABELS[name]) for name in components["PracticeRecord"]["properties"]]
    assert header[:3] == ["Identifier", "Slug", "Web address"]
    for url, name in [
        ("/api/v1/partners.geojson", "PartnerProperties"),
        ("/api/v1/initiatives.geojson", "InitiativeProperties"),
        ("/api/v1/hotspots.geojson", "HotspotProperties"),
    ]:
        properties = json.loads(client.get(url).content)["features"][0]["properties"]
        assert set(properties) <= declared(name), url
        assert set(components[name].get("required", [])) <= set(properties), url


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/api/v1/practices/?page_size=500", "page_size: Input should be less than or equal to 200"),
        ("/api/v1/practices/?page=two", "page: Input should be a valid integer"),
        ("/api/v1/practices.geojson?lang=de", "lang: Input should be 'en', 'fr' or 'es'"),
        ("/api/v1/practices.csv?evidence=rumour", "evidence: Input should be 'field', 'scientific' or 'both'"),
        ("/api/v1/practices/?q=compost%00", "q: String should match pattern"),
        ("/api/v1/initiatives.geojson?status=9", "status: Input should be 1, 2, 3, 4, 5 or 6"),
        ("/api/v1/initiatives.csv?kind=club", "kind: Input should be 'project'"),
        ("/api/v1/partners.geojson?country=France", "country: String should match pattern"),
    ],
)
def test_a_parameter_out_of_the_schema_is_refused_with_what_was_expected(client, db, url, problem):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert problem in response.json()["error"]


def test_empty_filters_of_a_submitted_form_mean_no_filter(client, published):
    blank = {"q": "", "lang": "", "evidence": "", "rate": "", "sort": "", "country": ""}
    assert client.get("/api/v1/practices/", blank).json()["count"] == 2
    features = client.get("/api/v1/partners.geojson", {"college": "", "region": "", "country": "", "theme": ""})
    assert [f["properties"]["name"] for f in json.loads(features.content)["features"]] == ["Mapped Lab"]
    page = client.get("/api/v1/initiatives.geojson", {"theme": "", "region": "", "kind": "", "status": ""})
    assert [f["properties"]["name"] for f in json.loads(page.content)["features"]] == ["CIRCASA"]


def test_an_unknown_partner_filter_code_is_refused_with_the_form_message(client, published):
    response = client.get("/api/v1/partners.geojson", {"region": "atlantis"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Unknown filter value."
    assert "Select a valid choice" in body["errors"]["region"][0]


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/v1/openapi.json", "/api/v1/"])
def test_every_endpoint_is_rate_limited_per_address(client, published, settings, url):
    settings.API_RATE_LIMIT = 2
    assert [client.get(url, REMOTE_ADDR="10.0.0.7").status_code for _ in range(2)] == [200, 200]
    refused = client.get(url, REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429
    assert refused.json()["error"] == "Too many requests: at most 2 a minute."
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get(url, REMOTE_ADDR="10.0.0.8").status_code == 200


def test_one_budget_per_address_across_endpoints(client, published, settings):
    """Moving from the partner map to the initiatives does not give a client a fresh allowance."""
    settings.API_RATE_LIMIT = 3
    statuses = [
        client.get(url, REMOTE_ADDR="10.0.0.9").status_code
        for url in ["/api/v1/partners.geojson", "/api/v1/initiatives.geojson", "/api/v1/initiatives.csv"] * 2
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_head_answers_like_get_without_a_body(client, published):
    response = client.head("/api/v1/partners.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response.content == b""


def test_no_answer_carries_personal_data(client, published):
    urls = ["/api/v1/", "/api/v1/openapi.json", *_schema(client)["paths"]]
    for url in urls:
        for params in ({}, {"lang": "fr"}, {"page_size": 200}):
            response = client.get(url, params if url.startswith("/api/v1/practices") else {})
            assert response.status_code == 200, url
            body = response.getvalue().decode()  # getvalue(): the streamed initiatives CSV too
            assert "secret-" not in body, url
            assert "hidden.example" not in body, url


def test_a_refusal_is_worded_in_the_language_the_client_asks_for(client, db, settings):
    settings.API_RATE_LIMIT = 1
    client.get("/api/v1/hotspots.geojson", REMOTE_ADDR="10.0.0.10")
    refused = client.get("/api/v1/hotspots.geojson", REMOTE_ADDR="10.0.0.10", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.json()["error"] == "Demasiadas solicitudes: como máximo 1 por minuto."
    unknown = client.get("/api/v1/partners.geojson", {"theme": "nothing"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert unknown.json()["error"] == "Valeur de filtre inconnue."
