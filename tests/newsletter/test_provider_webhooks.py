"""Bounce and complaint webhooks of the chosen e-mail provider, through django-anymail
(newsletter/providers.py): payloads as Mailgun and Postmark send them, signed as they sign them."""

import base64
import hashlib
import hmac
import json

import pytest
from django.core.checks import run_checks
from django.test import Client

from newsletter.models import Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db
SECRET = "hooks:s3cret-basic-auth"
SIGNING_KEY = "mailgun-signing-key-123"


@pytest.fixture
def mailgun(settings):
    settings.EMAIL_PROVIDER = "mailgun"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def postmark(settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def _auth(secret=SECRET):
    return {"Authorization": "Basic " + base64.b64encode(secret.encode()).decode()}


def _mailgun_event(recipient, event="failed", severity="permanent", key=SIGNING_KEY, token="a" * 50):
    timestamp = "1764115200"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "severity": severity,
            "reason": "bounce" if severity == "permanent" else "generic",
            "recipient": recipient,
            "timestamp": 1764115200.5,
            "id": "G9Bn5sl1TC6nu79C8C0bwg",
            "delivery-status": {"code": 550, "message": "5.1.1 The email account does not exist"},
            "message": {"headers": {"message-id": "20261126.1@portal.example.org"}},
        },
    }


def _post(provider, payload, headers=None):
    return Client(enforce_csrf_checks=True).post(
        f"/newsletter/webhooks/{provider}/tracking/",
        json.dumps(payload),
        content_type="application/json",
        headers=_auth() if headers is None else headers,
    )


def _status(subscriber):
    subscriber.refresh_from_db()
    return subscriber.status


def test_a_mailgun_permanent_failure_suppresses_the_address(mailgun):
    gone = SubscriberFactory(email="gone@example.net")
    other = SubscriberFactory(email="happy@example.net")
    response = _post("mailgun", _mailgun_event("Gone@Example.net"))
    assert response.status_code == 200
    assert (_status(gone), gone.hard_bounces) == ("suppressed", 1)
    assert _status(other) == "active"


def test_mailgun_temporary_failures_count_as_soft_bounces(mailgun, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 2
    slow = SubscriberFactory(email="slow@example.net")
    assert _post("mailgun", _mailgun_event(slow.email, severity="temporary", token="b" * 50)).status_code == 200
    assert (_status(slow), slow.soft_bounces) == ("active", 1)
    _post("mailgun", _mailgun_event(slow.email, severity="temporary", token="c" * 50))
    assert _status(slow) == "suppressed"


def test_a_mailgun_complaint_and_unsubscribe_are_recorded(mailgun):
    angry = SubscriberFactory(email="angry@example.net")
    leaving = SubscriberFactory(email="leaving@example.net")
    _post("mailgun", _mailgun_event(angry.email, event="complained", severity=""))
    _post("mailgun", _mailgun_event(leaving.email, event="unsubscribed", severity="", token="d" * 50))
    assert _status(angry) == "suppressed"
    assert _status(leaving) == "unsubscribed" and leaving.unsubscribed_at is not None


def test_a_forged_mailgun_signature_or_a_wrong_secret_records_nothing(mailgun):
    reader = SubscriberFactory(email="reader@example.net")
    forged = _post("mailgun", _mailgun_event(reader.email, key="not-the-key"))
    assert forged.status_code == 400
    unauthenticated = _post("mailgun", _mailgun_event(reader.email), headers={})
    assert unauthenticated.status_code == 400
    wrong_secret = _post("mailgun", _mailgun_event(reader.email), headers=_auth("hooks:guess"))
    assert wrong_secret.status_code == 400
    assert (_status(reader), reader.hard_bounces) == ("active", 0)


def test_postmark_bounces_and_complaints(postmark, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 3
    hard = SubscriberFactory(email="hard@example.net")
    soft = SubscriberFactory(email="soft@example.net")
    spam = SubscriberFactory(email="spam@example.net")

    def bounce(email, kind, record="Bounce"):
        return {
            "RecordType": record,
            "ID": 4323372036854775807,
            "Type": kind,
            "TypeCode": 1,
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "Email": email,
            "From": "noreply@4p1000.org",
            "BouncedAt": "2026-11-26T03:00:00Z",
            "Description": "The server was unable to deliver your message.",
        }

    assert _post("postmark", bounce(hard.email, "HardBounce")).status_code == 200
    assert _post("postmark", bounce(soft.email, "SoftBounce")).status_code == 200
    assert _post("postmark", bounce(spam.email, "SpamComplaint", record="SpamComplaint")).status_code == 200
    assert _status(hard) == "suppressed"
    assert (_status(soft), soft.soft_bounces) == ("active", 1)
    assert _status(spam) == "suppressed"
    # Postmark signs nothing but the basic auth: without it, nothing happens.
    other = SubscriberFactory(email="other@example.net")
    assert _post("postmark", bounce(other.email, "HardBounce"), headers={}).status_code == 400
    assert _status(other) == "active"


def test_only_the_chosen_provider_with_a_secret_has_a_webhook(settings):
    reader = SubscriberFactory(email="reader@example.net")
    payload = {"RecordType": "Bounce", "Type": "HardBounce", "Email": reader.email, "ID": 1}
    settings.EMAIL_PROVIDER, settings.ANYMAIL = "", {}
    assert _post("postmark", payload).status_code == 403
    settings.EMAIL_PROVIDER, settings.ANYMAIL = "postmark", {}  # no shared secret: closed
    assert _post("postmark", payload).status_code == 403
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    assert _post("mailgun", _mailgun_event(reader.email)).status_code == 403  # not the chosen one
    assert _post("no-such-provider", payload).status_code == 403
    assert Subscriber.objects.get(pk=reader.pk).status == "active"


def test_system_checks_tell_what_is_missing(settings):
    settings.EMAIL_PROVIDER, settings.ANYMAIL = "mailgun", {}
    assert [m.id for m in run_checks() if m.id.startswith("newsletter.")] == ["newsletter.W001"]
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    [error] = [m for m in run_checks() if m.id.startswith("newsletter.")]
    assert error.id == "newsletter.E002" and "MAILGUN_WEBHOOK_SIGNING_KEY" in error.msg
    settings.EMAIL_PROVIDER = "pigeon"
    [error] = [m for m in run_checks() if m.id.startswith("newsletter.")]
    assert error.id == "newsletter.E001" and "postmark" in error.hint
    settings.EMAIL_PROVIDER, settings.ANYMAIL = "postmark", {"WEBHOOK_SECRET": SECRET}
    assert [m for m in run_checks() if m.id.startswith("newsletter.")] == []


def test_anymail_settings_come_from_the_environment_without_empty_values():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "EMAIL_PROVIDER": "mailgun",
        "ANYMAIL_WEBHOOK_SECRET": SECRET,
        "ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY": "",  # empty: left out, never an empty HMAC key
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    code = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_PROVIDER, s.ANYMAIL)"
    printed = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == f"mailgun {{'WEBHOOK_SECRET': '{SECRET}'}}"
