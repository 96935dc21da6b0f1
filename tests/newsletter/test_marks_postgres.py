"""The pipelined mark on PostgreSQL (newsletter/engine/marks.py): a worker outside a transaction writes each
delivery's mark on a second connection just before the final "." of DATA and reads its answer after.

Collected only when DATABASE_URL is PostGIS (see conftest.py): elsewhere workers use the plain mark."""

import time

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from newsletter import editions
from newsletter.engine import claims, send
from newsletter.engine.marks import PipelinedMarks
from newsletter.models import Delivery, Edition, Subscriber

from .factories import EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
