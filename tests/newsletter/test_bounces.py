import json

import pytest
from django.test import Client

from newsletter import subscriptions
from newsletter.models import Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
URL = "/newsletter/webhooks/bounces/"


def _post(payload, signature=None):
    body = json.dumps(payload).encode()
    signature = subscriptions.webhook_signature(body) if signature is None else signature
    return Client(enforce_csrf_checks=True).post(
        URL, body, content_type="application/json", headers={"X-Signature": signature}
    )


def test_hard_bounce_and_complaint_suppress_at_once():
    hard, complaint = SubscriberFactory(email="gone@example.net"), SubscriberFactory(email="angry@example.net")
    response = _post([{"email": "GONE@example.net", "type": "hard"}, {"email": complaint.email, "type": "complaint"}])
    assert response.json() == {"ok": True, "events": 2}
    hard.refresh_from_db()
    complaint.refresh_from_db()
    assert (hard.status, hard.hard_bounces) == ("suppressed", 1)
    assert complaint.status == "suppressed"


def test_soft_bounces_suppress_after_the_threshold(settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 3
    subscriber = SubscriberFactory()
    for expected in ["active", "active", "suppressed"]:
        _post({"email": subscriber.email, "type": "soft"})
        subscriber.refresh_from_db()
        assert subscriber.status == expected
    assert subscriber.soft_bounces == 3


def test_unsigned_or_forged_calls_change_nothing():
    subscriber = SubscriberFactory()
    response = _post({"email": subscriber.email, "type": "hard"}, signature="0" * 64)
    assert response.status_code == 403 and response.json() == {"error": "bad signature"}
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_malformed_event_is_refused_and_nothing_half_saved():
    first = SubscriberFactory()
    response = _post([{"email": first.email, "type": "hard"}, {"email": "x@example.net", "type": "weird"}])
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.status == "active"
    assert _post({"email": "unknown@example.net", "type": "hard"}).json()["ok"] is True
    assert Subscriber.objects.count() == 1
