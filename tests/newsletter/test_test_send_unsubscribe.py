"""A test send carries a working one-click unsubscribe for its recipient, not a link to the archive."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from newsletter.models import Subscriber

from .factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _send_test(client_for, edition, addresses):
    response = client_for("secretariat").post(
        f"/en/newsletter/editions/{edition.pk}/test-send/", {"addresses": addresses, "language": "fr"}
    )
    assert response.status_code == 302


def _unsubscribe_path(message):
    return urlsplit(message.extra_headers["List-Unsubscribe"].strip("<>")).path


def test_a_subscribed_test_recipient_unsubscribes_with_one_click(client_for, client):
    reader = SubscriberFactory(email="Proof@example.org")
    edition = EditionFactory()
    _send_test(client_for, edition, "proof@example.org")
    (message,) = mail.outbox
    path = _unsubscribe_path(message)
    assert path.startswith("/newsletter/unsubscribe/")
    assert path in message.body and path in message.alternatives[0][0]
    assert "Do you want to stop receiving the newsletter" in client.get(path).content.decode()
    assert client.post(path).status_code == 200  # RFC 8058: the mail client POSTs, no session, no CSRF token
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_a_test_recipient_without_a_subscription_gets_a_link_that_works(client_for, client):
    edition = EditionFactory()
    _send_test(client_for, edition, "editor@example.org")
    path = _unsubscribe_path(mail.outbox[0])
    assert "editor@example.org" not in path
    SubscriberFactory(email="editor@example.org")  # subscribes after the test, then uses the test's link
    page = client.get(path).content.decode()
    assert "Do you want to stop receiving the newsletter" in page
    response = client.post(path)
    assert response.status_code == 200 and "unsubscribe_invalid" not in response.templates[0].name
    assert Subscriber.objects.get(email="editor@example.org").status == Subscriber.Status.UNSUBSCRIBED


def test_a_tampered_test_link_is_refused(client_for, client):
    edition = EditionFactory()
    _send_test(client_for, edition, "editor@example.org")
    path = _unsubscribe_path(mail.outbox[0])
    assert client.post(path.rstrip("/") + "x/").status_code == 400
