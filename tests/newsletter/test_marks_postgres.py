"""The pipelined mark on PostgreSQL (newsletter/engine/marks.py): a worker outside a transaction writes each
delivery's mark on a second connection just before the final "." of DATA and reads its answer after.

Needs a PostGIS DATABASE_URL (skipped on SpatiaLite, see tests/conftest.py): elsewhere workers use the plain
mark."""

import collections
import threading
import time

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from newsletter import editions
from newsletter.engine import claims, send
from newsletter.engine.marks import MarkTimeout, PipelinedMarks
from newsletter.models import Delivery, Edition, Subscriber

from .factories import EditionFactory

pytestmark = [pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


def _sending_edition(n):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"pipe{i}@example.net",
            language="enfres"[2 * (i % 3) : 2 * (i % 3) + 2],
            status="active",
            consent_at=timezone.now(),
        )
        for i in range(n)
    )
    edition = EditionFactory()
    Edition.objects.filter(pk=edition.pk).update(status="sending", started_at=timezone.now())
    editions.create_deliveries(edition)
    return edition


def _own_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    db = psycopg2.connect(**params)
    db.autocommit = True
    return db


def test_each_mark_is_committed_before_the_server_accepts_the_message(smtp_server):
    edition = _sending_edition(6)
    seen = {}
    observer = _own_connection()
    recorder_handle_data = smtp_server.handle_DATA

    async def handle_data(server, session, envelope):
        # The server has read the final "."; it answers only after a pause. The mark was written
        # before that ".", so by now another connection sees it committed.
        time.sleep(0.05)
        with observer.cursor() as cursor:
            cursor.execute(
                "SELECT d.status FROM newsletter_delivery d JOIN newsletter_subscriber s ON s.id = d.subscriber_id "
                "WHERE s.email = %s",
                [envelope.rcpt_tos[0]],
            )
            seen[envelope.rcpt_tos[0]] = cursor.fetchone()[0]
        return await recorder_handle_data(server, session, envelope)

    smtp_server.handle_DATA = handle_data
    try:
        total = send.run_worker("pipe", edition_id=edition.pk)
    finally:
        observer.close()
    assert total.sent == 6
    assert seen == {f"pipe{i}@example.net": "sent" for i in range(6)}
    assert sorted(r for _t, [r], _m in smtp_server.messages) == sorted(seen)
    assert set(Delivery.objects.values_list("status", "attempts", "claimed_by")) == {("sent", 1, "pipe")}
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 0
    assert Edition.objects.get(pk=edition.pk).status == "sent"


def test_a_mark_for_a_claim_another_worker_holds_changes_nothing():
    _sending_edition(2)
    mine, theirs = claims.claim_batch("me", 1)[0], claims.claim_batch("them", 1)[0]
    marks = PipelinedMarks(durable=False)
    try:
        assert marks.mark(theirs.pk, "me")() == 0
        assert marks.mark(mine.pk, "me")() == 1
    finally:
        marks.close()
    assert Delivery.objects.get(pk=theirs.pk).status == "claimed"
    assert Delivery.objects.get(pk=mine.pk).status == "sent"


@pytest.mark.parametrize(("durable", "expected"), [(False, "off"), (True, "on")])
def test_marks_wait_for_the_disk_only_when_asked(durable, expected):
    marks = PipelinedMarks(durable=durable)
    try:
        cursor = marks.connection.cursor()
        cursor.execute("SHOW synchronous_commit")
        marks._wait()
        assert cursor.fetchone() == (expected,)
    finally:
        marks.close()


def _wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_a_mark_the_database_does_not_answer_stops_the_worker_and_nobody_gets_two_copies(smtp_server, settings):
    """Another transaction holds a lock on one delivery's row, so its mark waits. The worker must not
    wait for ever (its claims would go stale, and another worker would send them again): it gives up
    after NEWSLETTER_MARK_TIMEOUT, leaves that delivery to its pending mark, gives the rest back and
    raises. Once the lock goes, the database applies the mark; the next worker sends only the rest."""
    settings.NEWSLETTER_MARK_TIMEOUT = 1
    edition = _sending_edition(3)
    first, stuck, last = Delivery.objects.filter(edition=edition).select_related("subscriber").order_by("pk")
    locker = _own_connection()
    locker.autocommit = False
    locked = threading.Event()
    record_rcpt = smtp_server.handle_RCPT

    async def handle_rcpt(server, session, envelope, address, rcpt_options):
        # The RCPT of the middle reader: the batch is claimed and its first message sent; now somebody
        # else locks this reader's delivery (as a long transaction or a migration would).
        if address == stuck.subscriber.email and not locked.is_set():
            with locker.cursor() as cursor:
                cursor.execute("SELECT id FROM newsletter_delivery WHERE id = %s FOR UPDATE", [stuck.pk])
            locked.set()
        return await record_rcpt(server, session, envelope, address, rcpt_options)

    smtp_server.handle_RCPT = handle_rcpt
    # An engine without the timeout would wait for the lock: it goes after 30 s, so that such an engine
    # fails this test (it sends everything, raises nothing) rather than hanging it.
    unlock = threading.Timer(30, locker.rollback)
    unlock.start()
    started = time.monotonic()
    try:
        with pytest.raises(MarkTimeout) as stopped:
            send.run_worker("stuck", edition_id=edition.pk)
        waited = time.monotonic() - started
        assert locked.is_set() and stopped.value.written  # the "." went out after the mark's UPDATE
        assert waited < 15
        # While the lock holds: the first reader is marked, the middle one still claimed by the stopped
        # worker (not given back: its message went out), the last one back in the queue at once.
        rows = dict(Delivery.objects.values_list("pk", "status"))
        assert rows == {first.pk: "sent", stuck.pk: "claimed", last.pk: "queued"}
        assert Delivery.objects.get(pk=last.pk).claimed_by == ""
        assert _wait_until(lambda: len(smtp_server.messages) == 2, 10)
        assert sorted(r for _t, [r], _m in smtp_server.messages) == sorted(
            [first.subscriber.email, stuck.subscriber.email]
        )
    finally:
        unlock.cancel()
        locker.rollback()
        locker.close()
    # The lock gone, the database applies the mark the worker left pending.
    assert _wait_until(lambda: Delivery.objects.get(pk=stuck.pk).status == "sent", 10)
    assert Delivery.objects.filter(pk=stuck.pk, claimed_by="stuck", attempts=1, sent_at__isnull=False).exists()
    total = send.run_worker("next", edition_id=edition.pk)
    assert (total.claimed, total.sent) == (1, 1)
    received = collections.Counter(r for _t, [r], _m in smtp_server.messages)
    assert received == {d.subscriber.email: 1 for d in (first, stuck, last)}
    assert Edition.objects.get(pk=edition.pk).status == "sent"


def test_a_silent_database_ends_the_wait_for_a_mark():
    """The mark's own wait, without a worker around it: a blocked UPDATE raises MarkTimeout after the
    timeout (the UPDATE was written: the server may still apply it), and the connection is closed."""
    _sending_edition(1)
    [mine] = claims.claim_batch("me", 1)
    locker = _own_connection()
    locker.autocommit = False
    unlock = threading.Timer(20, locker.rollback)  # so that a wait without timeout fails, not hangs
    try:
        with locker.cursor() as cursor:
            cursor.execute("SELECT id FROM newsletter_delivery WHERE id = %s FOR UPDATE", [mine.pk])
        unlock.start()
        marks = PipelinedMarks(durable=False, timeout=0.5)
        result = marks.mark(mine.pk, "me")
        started = time.monotonic()
        with pytest.raises(MarkTimeout) as stopped:
            result()
        assert 0.4 < time.monotonic() - started < 5
        assert stopped.value.written
        assert marks.connection.closed
    finally:
        unlock.cancel()
        locker.rollback()
        locker.close()
    assert _wait_until(lambda: Delivery.objects.get(pk=mine.pk).status == "sent", 10)
