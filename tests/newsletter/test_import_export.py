import codecs
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletter.models import Subscriber
from portal.models import Theme

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def _export(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/newsletter/subscribers/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(codecs.BOM_UTF8)
    return len(queries), list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_lists_every_subscriber_with_consent_in_constant_queries(client_for):
    secretariat = client_for("secretariat")
    secretariat.get("/en/newsletter/subscribers/export.csv")  # warm per-process caches
    theme = Theme.objects.first()
    for _ in range(3):
        SubscriberFactory().themes.add(theme)
    small, rows = _export(secretariat)
    assert len(rows) == 3
    assert rows[0]["Themes"] == theme.code and rows[0]["Consent given from"] == "192.0.2.1"
    assert rows[0]["Consent given at"] and rows[0]["Status"] == "active"
    for _ in range(27):
        SubscriberFactory().themes.add(theme)
    large, rows = _export(secretariat)
    assert len(rows) == 30 and small == large


def test_import_takes_only_rows_with_consent_and_reports_the_rest(client_for):
    SubscriberFactory(email="known@example.net", status="unsubscribed")
    content = (
        b"email,language,consent_at\n"
        b"new-fr@example.net,fr,2025-03-01T10:00:00\n"
        b"no-consent@example.net,es,\n"
        b"KNOWN@example.net,en,2025-03-01T10:00:00\n"
        b"not an address,en,2025-03-01T10:00:00\n"
    )
    upload = SimpleUploadedFile("subscribers.csv", content, content_type="text/csv")
    page = client_for("secretariat").post("/en/newsletter/subscribers/import/", {"file": upload}).content.decode()
    assert "1 subscriber imported." in page
    assert "no-consent@example.net (no consent time)" in page
    assert "KNOWN@example.net (already known)" in page
    new = Subscriber.objects.get(email="new-fr@example.net")
    assert (new.status, new.language, new.consent_at.year) == ("active", "fr", 2025)
    assert not Subscriber.objects.filter(email="no-consent@example.net").exists()
    assert Subscriber.objects.get(email="known@example.net").status == "unsubscribed"


def test_a_french_export_imports_again_unchanged_formula_like_address_included(client_for):
    secretariat = client_for("secretariat")
    SubscriberFactory(email="=cmd@example.net", language="es")
    content = secretariat.get("/fr/newsletter/subscribers/export.csv").content
    header, row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[:4] == ["Adresse e-mail", "Langue", "Statut", "Consentement donné le"]
    assert row[0] == "'=cmd@example.net"  # a spreadsheet shows it as text, never runs it
    Subscriber.objects.all().delete()
    upload = SimpleUploadedFile("subscribers.csv", content, content_type="text/csv")
    page = secretariat.post("/fr/newsletter/subscribers/import/", {"file": upload}).content.decode()
    assert Subscriber.objects.get().email == "=cmd@example.net", page
    assert Subscriber.objects.get().language == "es"


def test_import_of_a_binary_file_is_a_form_error(client_for):
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81garbage", content_type="text/csv")
    response = client_for("secretariat").post("/en/newsletter/subscribers/import/", {"file": upload})
    assert "This file is not a UTF-8 CSV file." in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_import_of_a_file_over_20_mb_is_a_form_error(client_for):
    header = b"email,language,consent_at\n"
    row = b"someone@example.org,fr,2026-01-01T00:00:00Z\n"
    upload = SimpleUploadedFile("big.csv", header + row * (20 * 1024 * 1024 // len(row) + 1), content_type="text/csv")
    response = client_for("secretariat").post("/en/newsletter/subscribers/import/", {"file": upload})
    assert "The CSV file must be smaller than 20 MB." in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_other_roles_get_no_export(client_for):
    SubscriberFactory(email="private@example.net")
    response = client_for("partner").get("/en/newsletter/subscribers/export.csv")
    assert response.status_code == 404
    assert "private@example.net" not in response.content.decode()


def test_gdpr_erasure_removes_the_address_for_good_from_the_admin(client_for):
    from newsletter import editions, subscriptions
    from newsletter.models import Delivery

    from .factories import EditionFactory

    erased = SubscriberFactory(email="forget.me@example.org")
    kept = SubscriberFactory(email="keep.me@example.org")
    edition = EditionFactory()
    editions.create_deliveries(edition)
    assert Delivery.objects.filter(subscriber=erased).exists()

    secretariat = client_for("secretariat")
    response = secretariat.post(
        "/django-admin/newsletter/subscriber/",
        {"action": "erase_for_good", "_selected_action": [erased.pk]},
        follow=True,
    )
    assert "1 people erased, with their consent records and deliveries." in response.content.decode()
    assert not Subscriber.objects.filter(email__iexact="forget.me@example.org").exists()
    assert not Delivery.objects.filter(subscriber_id=erased.pk).exists()
    assert Subscriber.objects.filter(pk=kept.pk).exists() and Delivery.objects.filter(subscriber=kept).exists()
    # The person may subscribe again later, with a new consent.
    new = subscriptions.subscribe(email="forget.me@example.org", language="fr")
    assert new.status == Subscriber.Status.PENDING and new.consent_at is None
