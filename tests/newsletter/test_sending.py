import collections
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone

from newsletter import editions
from newsletter.engine import claims, send
from newsletter.models import Delivery, Edition, Subscriber

from .factories import EditionFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBJECT_PREFIX = {"en": "Soil news", "fr": "Nouvelles des sols", "es": "Noticias de suelos"}
SECTION_TITLE = {"en": "Success story", "fr": "Réussite", "es": "Caso de éxito"}


def _subscribers(n):
    languages = ["en", "fr", "es"]
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{i}@example.net",
            language=languages[i % 3],
            status="active",
            consent_at=timezone.now(),
        )
        for i in range(n)
    )


UNSUBSCRIBE_LABEL = {"en": "Unsubscribe:", "fr": "Se désabonner :", "es": "Darse de baja:"}


def test_edition_reaches_1000_subscribers_once_each_in_their_language(smtp_server, django_capture_on_commit_callbacks):
    subscribers = _subscribers(1000)
    SubscriberFactory(email="left@example.net", status="unsubscribed")
    edition = EditionFactory()
    SectionFactory(edition=edition)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        editions.start_sending(edition)
    elapsed = time.monotonic() - started

    received = collections.Counter(rcpt for _t, rcpts, _m in smtp_server.messages for rcpt in rcpts)
    assert len(smtp_server.messages) == 1000
    assert set(received.values()) == {1}
    assert smtp_server.to("left@example.net") == []
    deliveries = dict(Delivery.objects.values_list("subscriber_id", "pk"))
    by_address = {rcpts[0]: message for _t, rcpts, message in smtp_server.messages}
    for subscriber in subscribers:
        message = by_address[subscriber.email]
        assert message["To"] == subscriber.email
        assert message["X-Newsletter-Delivery"] == str(deliveries[subscriber.pk])
        assert message["Subject"].startswith(SUBJECT_PREFIX[subscriber.language])
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert SECTION_TITLE[subscriber.language] in html and SECTION_TITLE[subscriber.language] in text
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = message["List-Unsubscribe"].strip().strip("<>")
        assert url.startswith("https://portal.example.org/newsletter/unsubscribe/")
        assert subscriber.email not in url
        assert f"{UNSUBSCRIBE_LABEL[subscriber.language]} {url}" in text
        assert url in html
    assert len({m["List-Unsubscribe"] for m in by_address.values()}) == 1000
    edition.refresh_from_db()
    assert edition.status == "sent"
    assert editions.progress(edition)["sent"] == 1000
    assert Delivery.objects.filter(status="sent").count() == 1000
    print(f"1000 messages over loopback SMTP in {elapsed:.2f} s ({1000 / elapsed:.0f} messages/s)")

    # The one-click header works as a mail provider uses it (RFC 8058): a POST of
    # "List-Unsubscribe=One-Click", without session or CSRF token. Every 10th reader, all languages.
    client = Client(enforce_csrf_checks=True)
    leaving = subscribers[::10]
    for subscriber in leaving:
        path = urlparse(by_address[subscriber.email]["List-Unsubscribe"].strip().strip("<>")).path
        response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200
    statuses = dict(Subscriber.objects.filter(email__startswith="reader").values_list("email", "status"))
    assert {statuses[s.email] for s in leaving} == {"unsubscribed"}
    assert {statuses[s.email] for s in subscribers if s not in leaving} == {"active"}


def test_language_without_text_falls_back_to_english(smtp_server):
    _subscribers(3)
    edition = EditionFactory(subject_es="", intro_es="")
    Edition.objects.filter(pk=edition.pk).update(status="sending", started_at=timezone.now())
    editions.create_deliveries(edition)
    send.send_batch("w1", size=10)
    [spanish] = smtp_server.to("reader2@example.net")
    assert spanish["Subject"].startswith("Soil news")
    [french] = smtp_server.to("reader1@example.net")
    assert french["Subject"].startswith("Nouvelles des sols")


def test_create_deliveries_is_idempotent():
    _subscribers(5)
    edition = EditionFactory()
    assert editions.create_deliveries(edition) == 5
    _subscribers_more = SubscriberFactory(email="latecomer@example.net")
    assert editions.create_deliveries(edition) == 6
    assert editions.create_deliveries(edition) == 6
    assert Delivery.objects.filter(subscriber=_subscribers_more).count() == 1


def _sending_edition(n):
    subscribers = _subscribers(n)
    edition = EditionFactory()
    Edition.objects.filter(pk=edition.pk).update(status="sending", started_at=timezone.now())
    editions.create_deliveries(edition)
    edition.refresh_from_db()
    return edition, subscribers


def test_temporary_refusal_is_retried_after_backoff_and_delivered_once(smtp_server, settings):
    edition, subscribers = _sending_edition(3)
    smtp_server.refuse["reader1@example.net"] = ["451 4.7.1 Greylisted, try again later"]
    result = send.send_batch("w1", size=10)
    assert (result.sent, result.retried, result.failed) == (2, 1, 0)
    delivery = Delivery.objects.get(subscriber=subscribers[1])
    assert delivery.status == "queued" and delivery.attempts == 1
    assert "451" in delivery.error
    assert delivery.not_before > timezone.now() + timedelta(seconds=50)
    # Not before its time...
    assert send.send_batch("w1", size=10).claimed == 0
    # ...then once.
    Delivery.objects.filter(pk=delivery.pk).update(not_before=timezone.now())
    assert send.send_batch("w1", size=10).sent == 1
    assert len(smtp_server.to("reader1@example.net")) == 1
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_permanent_refusal_is_recorded_with_its_reason(smtp_server):
    edition, subscribers = _sending_edition(2)
    smtp_server.refuse["reader0@example.net"] = ["550 5.1.1 No such user here"]
    result = send.send_batch("w1", size=10)
    assert (result.sent, result.failed) == (1, 1)
    delivery = Delivery.objects.get(subscriber=subscribers[0])
    assert delivery.status == "failed"
    assert "550" in delivery.error and "No such user" in delivery.error
    progress = editions.progress(edition)
    assert (progress["sent"], progress["failed"], progress["remaining"]) == (1, 1, 0)


def test_too_many_temporary_failures_end_as_failed(smtp_server, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0
    _edition, subscribers = _sending_edition(1)
    smtp_server.refuse["reader0@example.net"] = ["452 4.2.2 Mailbox full"] * 5
    send.send_batch("w1", size=10)
    send.send_batch("w1", size=10)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert "Mailbox full" in delivery.error
    assert smtp_server.messages == []


def test_stale_claims_of_a_dead_worker_are_recovered_and_sent_once(smtp_server):
    edition, subscribers = _sending_edition(10)
    dead = claims.claim_batch("dead-worker", 4)
    assert len(dead) == 4
    alive = send.send_batch("w2", size=100)
    assert alive.sent == 6  # the claimed rows are not touched by another worker
    assert claims.recover_stale_claims() == 0  # not stale yet
    Delivery.objects.filter(claimed_by="dead-worker").update(claimed_at=timezone.now() - timedelta(hours=1))
    assert claims.recover_stale_claims() == 4
    assert send.send_batch("w2", size=100).sent == 4
    received = collections.Counter(rcpt for _t, rcpts, _m in smtp_server.messages for rcpt in rcpts)
    assert received == {s.email: 1 for s in subscribers}
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_two_workers_never_claim_the_same_delivery():
    _sending_edition(10)
    first = claims.claim_batch("w1", 6)
    second = claims.claim_batch("w2", 6)
    assert len(first) == 6 and len(second) == 4
    assert not {d.pk for d in first} & {d.pk for d in second}


def test_pause_stops_claims_resume_and_cancel(smtp_server, django_capture_on_commit_callbacks):
    edition, _subscribers_ = _sending_edition(5)
    editions.pause_sending(edition)
    assert send.send_batch("w1", size=10).claimed == 0
    with django_capture_on_commit_callbacks(execute=True):
        editions.resume_sending(edition)
    assert len(smtp_server.messages) == 5
    edition.refresh_from_db()
    assert edition.status == "sent"
    with pytest.raises(editions.EditionStateError):
        editions.cancel_sending(edition)

    other, _ = EditionFactory(), None
    Edition.objects.filter(pk=other.pk).update(status="sending", started_at=timezone.now())
    editions.create_deliveries(other)
    editions.cancel_sending(other)
    assert send.send_batch("w1", size=10).claimed == 0
    other.refresh_from_db()
    assert other.status == "cancelled"
    assert len(smtp_server.messages) == 5


def test_unsubscribed_meanwhile_gets_nothing(smtp_server):
    _edition, subscribers = _sending_edition(2)
    Subscriber.objects.filter(pk=subscribers[0].pk).update(status="unsubscribed")
    result = send.send_batch("w1", size=10)
    assert (result.sent, result.failed) == (1, 1)
    assert smtp_server.to(subscribers[0].email) == []
    assert Delivery.objects.get(subscriber=subscribers[0]).error == "not subscribed any more"


def test_global_rate_is_honoured(smtp_server, settings):
    settings.NEWSLETTER_RATE_PER_SECOND = 20
    _sending_edition(50)
    started = time.monotonic()
    send.send_batch("w1", size=100)
    elapsed = time.monotonic() - started
    assert len(smtp_server.messages) == 50
    # 50 messages at 20 per second need three one-second windows: more than one second in all.
    assert elapsed >= 1.0
    # The counter lives in the shared cache, so another worker in the same second finds it full.
    second = int(time.time())
    from django.core.cache import cache

    cache.set(f"newsletter:rate:{second}", 20, 5)
    cache.set(f"newsletter:rate:{second + 1}", 20, 5)
    send.wait_for_rate_slot(20)
    assert int(time.time()) >= second + 2


def test_unreachable_server_gives_the_batch_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    _sending_edition(3)
    with pytest.raises(OSError):
        send.send_batch("w1", size=10)
    assert set(Delivery.objects.values_list("status", "claimed_by")) == {("queued", "")}


def test_beat_task_recovers_stale_claims_and_sends_due_deliveries(smtp_server):
    from newsletter.tasks import resume_due_deliveries

    edition, subscribers = _sending_edition(4)
    claims.claim_batch("dead-worker", 2)
    Delivery.objects.filter(claimed_by="dead-worker").update(claimed_at=timezone.now() - timedelta(hours=1))
    resume_due_deliveries.delay()
    assert sorted(r for _t, rcpts, _m in smtp_server.messages for r in rcpts) == sorted(s.email for s in subscribers)
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_refusal_after_the_whole_body_takes_the_sent_mark_back(smtp_server):
    _edition, subscribers = _sending_edition(2)
    smtp_server.refuse_data["reader0@example.net"] = ["452 4.3.1 Insufficient system storage"]
    smtp_server.refuse_data["reader1@example.net"] = ["554 5.7.1 Message rejected as spam"]
    result = send.send_batch("w1", size=10)
    assert (result.sent, result.retried, result.failed) == (0, 1, 1)
    first, second = (Delivery.objects.get(subscriber=s) for s in subscribers)
    assert (first.status, first.sent_at, first.attempts) == ("queued", None, 1)
    assert "452" in first.error
    assert (second.status, second.sent_at) == ("failed", None)
    assert "rejected as spam" in second.error
    assert smtp_server.messages == []


def test_server_without_pipelining_refusals_are_handled_the_same(smtp_server):
    smtp_server.pipelining = False
    _edition, subscribers = _sending_edition(4)
    smtp_server.refuse["reader1@example.net"] = ["451 4.7.1 Greylisted, try again later"]
    smtp_server.refuse["reader2@example.net"] = ["550 5.1.1 No such user here"]
    smtp_server.refuse_data["reader3@example.net"] = ["554 5.7.1 Message rejected as spam"]
    result = send.send_batch("w1", size=10)
    assert (result.sent, result.retried, result.failed) == (1, 1, 2)
    assert [rcpts for _t, rcpts, _m in smtp_server.messages] == [["reader0@example.net"]]
    statuses = {d.subscriber.email: (d.status, d.error) for d in Delivery.objects.select_related("subscriber")}
    assert statuses["reader0@example.net"] == ("sent", "")
    assert statuses["reader1@example.net"][0] == "queued" and "451" in statuses["reader1@example.net"][1]
    assert statuses["reader2@example.net"][0] == "failed" and "550" in statuses["reader2@example.net"][1]
    assert statuses["reader3@example.net"][0] == "failed" and "spam" in statuses["reader3@example.net"][1]


def test_a_slow_server_never_lets_a_claim_in_use_look_stale(smtp_server, settings):
    import asyncio

    settings.NEWSLETTER_CLAIM_TIMEOUT = 1  # a claim older than 1 s could be recovered by another worker
    _edition, subscribers = _sending_edition(4)
    fast = smtp_server.handle_DATA

    async def slow(server, session, envelope):
        await asyncio.sleep(0.6)
        return await fast(server, session, envelope)

    smtp_server.handle_DATA = slow
    result = send.send_batch("w1", size=10)
    # After the first message the batch is older than half the timeout: the rest goes back unsent.
    assert (result.claimed, result.sent, result.released) == (4, 1, 3)
    assert sorted(Delivery.objects.values_list("status", "claimed_by")) == [("queued", "")] * 3 + [("sent", "w1")]
    smtp_server.handle_DATA = fast
    assert send.send_batch("w2", size=10).sent == 3
    received = collections.Counter(r for _t, [r], _m in smtp_server.messages)
    assert received == {s.email: 1 for s in subscribers}


def test_a_mark_timeout_too_long_for_the_claim_timeout_is_reported(settings):
    from django.core.checks import run_checks

    settings.NEWSLETTER_CLAIM_TIMEOUT, settings.NEWSLETTER_MARK_TIMEOUT = 600, 30
    assert "newsletter.W002" not in [m.id for m in run_checks()]
    settings.NEWSLETTER_MARK_TIMEOUT = 300
    [warning] = [m for m in run_checks() if m.id == "newsletter.W002"]
    assert "NEWSLETTER_MARK_TIMEOUT (300 s)" in warning.msg and "600 s" in warning.msg
