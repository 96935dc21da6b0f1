import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import editions, subscriptions
from newsletter.models import Delivery, Edition

from .factories import EditionFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _sent_edition(**kwargs):
    edition = EditionFactory(**kwargs)
    Edition.objects.filter(pk=edition.pk).update(status="sent", started_at=timezone.now(), finished_at=timezone.now())
    edition.refresh_from_db()
    return edition


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_editions_list_costs_the_same_queries_for_3_and_30_editions(client_for):
    secretariat = client_for("secretariat")
    secretariat.get("/en/newsletter/editions/")  # warm per-process caches (site, locales)
    subscribers = [SubscriberFactory() for _ in range(3)]
    for _ in range(3):
        edition = EditionFactory()
        for s in subscribers:
            Delivery.objects.create(edition=edition, subscriber=s, status="sent", sent_at=timezone.now())
    small, page = _count_queries(secretariat, "/en/newsletter/editions/")
    assert page.count("<tr><td><a") == 3
    for _ in range(27):
        EditionFactory()
    large, page = _count_queries(secretariat, "/en/newsletter/editions/")
    assert page.count("<tr><td><a") == 30
    assert small == large
    print(f"editions list: {large} queries for 3 and 30 editions")


def test_archive_lists_sent_editions_of_the_language_only_same_queries(client):
    for i in range(3):
        _sent_edition(subject_en=f"Sent in English {i}", subject_es="")
    EditionFactory(subject_en="Still a draft")
    client.get("/en/newsletter/archive/")  # warm per-process caches (site, locales)
    small, page = _count_queries(client, "/en/newsletter/archive/")
    assert page.count("Sent in English") == 3
    assert "Still a draft" not in page
    for i in range(27):
        _sent_edition(subject_en=f"Sent in English {i + 3}", subject_es="")
    large, page = _count_queries(client, "/en/newsletter/archive/")
    assert page.count("Sent in English") == 30
    assert small == large
    spanish = client.get("/es/newsletter/archive/").content.decode()
    assert "Sent in English" not in spanish
    assert "Todavía no se ha publicado ninguna edición en este idioma." in spanish


def test_archive_of_a_draft_is_not_found(client):
    draft = EditionFactory()
    response = client.get(f"/en/newsletter/archive/{draft.key}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_progress_page_and_json(client_for):
    edition = EditionFactory(title="March edition")
    Edition.objects.filter(pk=edition.pk).update(status="sending", started_at=timezone.now())
    a, b, c = SubscriberFactory(), SubscriberFactory(), SubscriberFactory()
    Delivery.objects.create(edition=edition, subscriber=a, status="sent", sent_at=timezone.now())
    Delivery.objects.create(edition=edition, subscriber=b, status="failed", error="550 no such user")
    Delivery.objects.create(edition=edition, subscriber=c)
    secretariat = client_for("secretariat")
    page = secretariat.get(f"/en/newsletter/editions/{edition.pk}/").content.decode()
    assert "March edition" in page and 'id="progress-remaining">1<' in page
    assert a.email not in page
    data = json.loads(secretariat.get(f"/en/newsletter/editions/{edition.pk}/progress.json").content)
    assert (data["sent"], data["failed"], data["remaining"], data["total"]) == (1, 1, 1, 3)
    assert data["status"] == "sending"
    assert data["rate"] > 0 and data["expected_end"]


def test_preview_in_each_language(client_for):
    edition = EditionFactory()
    SectionFactory(edition=edition)
    secretariat = client_for("secretariat")
    french = secretariat.get(f"/en/newsletter/editions/{edition.pk}/preview/fr/").content.decode()
    assert edition.subject_fr in french and "Réussite" in french and 'lang="fr"' in french
    assert secretariat.get(f"/en/newsletter/editions/{edition.pk}/preview/de/").status_code == 404


def test_test_send_goes_to_the_given_addresses_only(client_for, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    SubscriberFactory(email="real-reader@example.net")
    secretariat = client_for("secretariat")
    response = secretariat.post(
        f"/en/newsletter/editions/{edition.pk}/test-send/",
        {"addresses": "a@example.org, b@example.org", "language": "es"},
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert mail.outbox[0].subject == f"[TEST] {edition.subject_es}"
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.count() == 0


def test_test_send_with_a_bad_address_keeps_the_input(client_for):
    edition = EditionFactory()
    response = client_for("secretariat").post(
        f"/en/newsletter/editions/{edition.pk}/test-send/", {"addresses": "good@example.org, nope", "language": "fr"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "nope is not a valid e-mail address." in page
    assert "good@example.org, nope" in page
    assert mail.outbox == []


def test_secretariat_starts_and_the_edition_is_sent(client_for, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    SubscriberFactory(language="fr")
    SubscriberFactory(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("secretariat").post(f"/en/newsletter/editions/{edition.pk}/start/")
    assert response["Location"] == f"/en/newsletter/editions/{edition.pk}/"
    edition.refresh_from_db()
    assert edition.status == "sent"
    assert sorted(m.subject for m in mail.outbox) == sorted([edition.subject_fr, edition.subject_es])


@pytest.mark.parametrize("role", ["friend", "partner", "chair"])
def test_other_roles_cannot_start_a_send(client_for, role):
    edition = EditionFactory()
    SubscriberFactory()
    response = client_for(role).post(f"/en/newsletter/editions/{edition.pk}/start/")
    assert response.status_code == 404
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_starting_twice_is_refused_with_a_message(client_for, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    editions.cancel_sending(edition)
    secretariat = client_for("secretariat")
    response = secretariat.post(f"/en/newsletter/editions/{edition.pk}/action/", {"action": "start"}, follow=True)
    assert "This cannot be done while the edition is cancelled." in response.content.decode()
    assert Delivery.objects.count() == 0


def test_no_subscriber_address_on_any_public_page(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="secret-reader@example.net")
    pending = SubscriberFactory(email="secret-pending@example.net", status="pending", consent_at=None)
    edition = _sent_edition(key="public")
    Delivery.objects.create(edition=edition, subscriber=subscriber, status="sent", sent_at=timezone.now())
    urls = [
        "/en/newsletter/subscribe/",
        "/en/newsletter/subscribe/sent/",
        "/en/newsletter/archive/",
        "/en/newsletter/archive/public/",
        f"/newsletter/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}/",
        f"/en/newsletter/confirm/{subscriptions.confirm_token(pending)}/",
        urlsplit(subscriptions.press_unsubscribe_url(subscriber)).path,
        "/en/newsletter/press/",
        # The public API.
        "/api/v1/practices/",
        "/api/v1/practices.geojson",
        "/api/v1/practices.csv",
        "/api/v1/openapi.json",
        "/api/v1/partners.geojson",
        "/api/v1/initiatives.geojson",
        "/api/v1/initiatives.csv",
        "/api/v1/hotspots.geojson",
    ]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        assert "secret-" not in response.getvalue().decode(), url  # getvalue(): streamed exports too
    page = client.post(urlsplit(subscriptions.press_unsubscribe_url(subscriber)).path).content.decode()
    assert "The press review is stopped" in page and "secret-" not in page
    page = client.post(f"/newsletter/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}/").content.decode()
    assert "You are unsubscribed" in page and "secret-" not in page
