"""Sending an edition: a worker claims a batch of deliveries, sends each message at the global rate and
marks it sent as the SMTP server takes it (smtp.send_message, marks.py), retries temporary failures with
backoff and stops within a second when the edition is paused or cancelled. run_worker repeats batches
for a while (a Celery task or ``manage.py send_newsletter``); docs/newsletter-engine.md tells why each
step is where it is.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal import counters

from .. import rendering
from ..content import edition_content
from ..models import LANGUAGE_CHOICES, Delivery, Edition, Subscriber
from ..subscriptions import UnsubscribeUrls
from . import claims, smtp
from .marks import MarkTimeout, SyncMarks, marks_for_worker
from .mime import MessageTemplate

RATE_COUNTER = "newsletter:rate"  # shared with settings.MAIL_RATE_LIMITS

logger = logging.getLogger(__name__)


def rate_per_second():
    """Messages per second across all workers (0: no limit)."""
    return getattr(settings, "NEWSLETTER_RATE_PER_SECOND", 50)


def max_attempts():
    return getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)


def retry_delay(attempts):
    """Backoff after the n-th temporary failure: 1, 2, 4, 8... minutes."""
    return timedelta(seconds=getattr(settings, "NEWSLETTER_RETRY_BASE_SECONDS", 60) * 2 ** max(attempts - 1, 0))


def wait_for_rate_slot(rate=None):
    """Block until the global rate (NEWSLETTER_RATE_PER_SECOND) allows one more message. The counter
    lives in the shared cache (Redis on real services), so the rate holds across every worker; the
    press digest (portal.mail.send_recorded, settings.MAIL_RATE_LIMITS) counts in it too."""
    counters.wait_for_slot(RATE_COUNTER, rate_per_second() if rate is None else rate)


def finish_if_done(edition_id):
    """Mark a sending edition sent once no delivery is queued or claimed. One conditional UPDATE: atomic
    on both databases, and it never waits for a lock that another worker's marks hold."""
    unfinished = Delivery.objects.filter(edition_id=OuterRef("pk"), status__in=["queued", "claimed"])
    return bool(
        Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING)
        .exclude(Exists(unfinished))
        .update(status=Edition.Status.SENT, finished_at=timezone.now())
    )


class RenderCache:
    """Renders of a batch: once per (edition, language), or per (edition, language, chosen sections)
    when the edition goes by interest. Readers' interests come in two queries for the whole batch."""

    def __init__(self, editions, deliveries):
        self.editions = editions
        self.contents = {}
        self.rendered = {}
        self.interests = {}
        if any(edition.by_interest for edition in editions.values()):
            ids = [d.subscriber_id for d in deliveries if editions[d.edition_id].by_interest]
            self.interests = {pk: (set(), set()) for pk in ids}
            themes = Subscriber.themes.through.objects.filter(subscriber_id__in=ids)
            for subscriber_id, code in themes.values_list("subscriber_id", "theme__code"):
                self.interests[subscriber_id][0].add(code)
            regions = Subscriber.regions.through.objects.filter(subscriber_id__in=ids)
            for subscriber_id, code in regions.values_list("subscriber_id", "region__code"):
                self.interests[subscriber_id][1].add(code)

    def get(self, edition_id, subscriber, language):
        edition = self.editions[edition_id]
        if (edition_id, language) not in self.contents:
            self.contents[edition_id, language] = edition_content(edition, language)
        content = self.contents[edition_id, language]
        sections = content.select(*self.interests[subscriber.pk]) if edition.by_interest else None
        key = (edition_id, language, sections)
        if key not in self.rendered:
            self.rendered[key] = rendering.render_content(edition, content, sections=sections)
        return self.rendered[key]


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0


def send_batch(worker_id, size=100, edition_id=None, connection=None, rate=None, marks=None):
    """Claim a batch and send it, honouring the global rate. Each message is marked sent as the SMTP
    server takes it (see smtp.send_message); a temporary failure (4xx, lost connection) goes back to the
    queue with backoff until NEWSLETTER_MAX_ATTEMPTS, a permanent one (5xx) is recorded as failed with
    its reason. A delivery to somebody who unsubscribed meanwhile is recorded as failed, not sent.

    A mark the database does not answer (marks.MarkTimeout) stops the batch: that delivery is left
    claimed, the rest goes back to the queue, the SMTP connection is dropped and MarkTimeout is raised
    (docs/newsletter-engine.md, "A mark the database does not answer")."""
    result = BatchResult()
    deliveries = claims.claim_batch(worker_id, size, edition_id=edition_id)
    result.claimed = len(deliveries)
    if not deliveries:
        return result
    editions = {e.pk: e for e in Edition.objects.filter(pk__in={d.edition_id for d in deliveries})}
    renders = RenderCache(editions, deliveries)
    templates = {}
    unsubscribe_urls = UnsubscribeUrls()
    own_connection = connection is None
    connection = connection or get_connection()
    # Open once for the batch: send_messages on a closed backend opens and closes per call.
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        # The server is unreachable: give the batch back at once rather than after the claim timeout.
        claims.release(deliveries, worker_id)
        raise
    is_smtp = isinstance(connection, SMTPBackend)
    marks = marks or SyncMarks()
    last_check = claimed = time.monotonic()
    # Past half the claim timeout (a very slow server), the rest of the batch goes back to the queue:
    # a claim this worker still uses must never look stale to the recovery of another.
    hold = claims.claim_timeout() / 2
    try:
        for index, delivery in enumerate(deliveries):
            if time.monotonic() - claimed > hold:
                result.released = claims.release(deliveries[index:], worker_id)
                break
            if time.monotonic() - last_check > 1:
                # Pause and cancel take effect within a second: the rest of the batch is released.
                last_check = time.monotonic()
                live = set(
                    Edition.objects.filter(pk__in=editions, status=Edition.Status.SENDING).values_list("pk", flat=True)
                )
                if delivery.edition_id not in live:
                    result.released = claims.release(deliveries[index:], worker_id)
                    break
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.ACTIVE:
                claims.mine(delivery, worker_id).update(status=Delivery.Status.FAILED, error="not subscribed any more")
                result.failed += 1
                continue
            language = subscriber.language if subscriber.language in dict(LANGUAGE_CHOICES) else "en"
            rendered = renders.get(delivery.edition_id, subscriber, language)
            # One MIME build per rendering (edition, language, chosen sections) and batch; the renders
            # live in ``renders`` for the whole batch, so their identity is a stable key.
            if id(rendered) not in templates:
                templates[id(rendered)] = MessageTemplate(
                    rendered,
                    placeholder=rendering.UNSUBSCRIBE_PLACEHOLDER,
                    headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                )
            template = templates[id(rendered)]
            unsubscribe = unsubscribe_urls(subscriber)

            def mark_sent(delivery=delivery):
                return marks.mark(delivery.pk, worker_id)

            wait_for_rate_slot(rate)
            try:
                if is_smtp:
                    envelope = template.stamp(to=subscriber.email, unsubscribe=unsubscribe, delivery_id=delivery.pk)
                    smtp.send_message(connection, envelope, mark_sent)
                else:
                    # Other backends (console, file, locmem in tests) take Django messages.
                    message = rendering.build_message(
                        template.rendered,
                        to=subscriber.email,
                        unsubscribe=unsubscribe,
                        delivery_id=delivery.pk,
                        connection=connection,
                    )
                    connection.send_messages([message])
                    mark_sent()()
            except MarkTimeout as timeout:
                # This delivery stays as it is, claimed by this worker, and is never touched again here:
                # writing to its row would wait for the same silent database, and taking it back would
                # send a message that may be out already a second time. Its pending mark, if the database
                # applies it, makes it sent; if not, its claim goes stale and recovery queues it again.
                # The rest of the batch was never sent: back to the queue at once.
                logger.error(
                    "newsletter delivery %s: the database did not answer its mark (%s; written: %s); "
                    "the worker stops and gives back the rest of its batch",
                    delivery.pk,
                    timeout,
                    timeout.written,
                )
                if is_smtp:
                    smtp.abort(connection)
                else:
                    connection.close()
                result.released = claims.release(deliveries[index + 1 :], worker_id)
                raise
            except (smtplib.SMTPException, OSError) as error:
                attempts = delivery.attempts + 1
                if smtp.is_temporary(error) and attempts < max_attempts():
                    claims.mine(delivery, worker_id).update(
                        status=Delivery.Status.QUEUED,
                        attempts=attempts,
                        claimed_by="",
                        claimed_at=None,
                        sent_at=None,
                        not_before=timezone.now() + retry_delay(attempts),
                        error=smtp.describe(error),
                    )
                    result.retried += 1
                else:
                    claims.mine(delivery, worker_id).update(
                        status=Delivery.Status.FAILED, attempts=attempts, sent_at=None, error=smtp.describe(error)
                    )
                    result.failed += 1
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    connection.close()
                    try:
                        connection.open()
                    except (smtplib.SMTPException, OSError):
                        claims.release(deliveries[index + 1 :], worker_id)
                        raise
                continue
            result.sent += 1
    finally:
        if own_connection:
            connection.close()
    for edition_pk in editions:
        finish_if_done(edition_pk)
    return result


def use_wal(cursor, attempts=50):
    """Put a SQLite database file in WAL mode (kept in the file). Asked first: switching takes the
    database alone, which fails ("database is locked") while another worker sends, but a file another
    worker switched already needs nothing. Two workers starting together: the one that waits retries."""
    from sqlite3 import OperationalError

    from django.db import OperationalError as DjangoOperationalError

    for attempt in range(attempts):
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0].lower() in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except (OperationalError, DjangoOperationalError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.1)


def run_worker(worker_id, edition_id=None, size=100, seconds=55, connection=None, stale_after=None):
    """Send batches until nothing is claimable or ``seconds`` have passed. Returns the totals. Raises
    MarkTimeout when the database stops answering marks (see send_batch)."""
    total = BatchResult()
    durable = getattr(settings, "NEWSLETTER_DURABLE_MARKS", False)
    if db_connection.vendor == "sqlite" and not db_connection.in_atomic_block:
        # One small commit per message: with SQLite's default rollback journal every commit waits for
        # two fsyncs (~20 ms). WAL with synchronous=NORMAL keeps commits atomic and durable against a
        # crashed process (what we guard against) and costs one fsync per checkpoint instead.
        with db_connection.cursor() as cursor:
            use_wal(cursor)
            cursor.execute("PRAGMA synchronous=" + ("FULL" if durable else "NORMAL"))
    # On PostgreSQL the marks go over a second connection, pipelined with the SMTP "." (marks.py);
    # by default their commits do not wait for the disk (~4 ms a message here), which only a crash of
    # the database server itself can undo (NEWSLETTER_DURABLE_MARKS=1 waits).
    marks = marks_for_worker(durable=durable)
    try:
        claims.recover_stale_claims(stale_after)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = send_batch(worker_id, size=size, edition_id=edition_id, connection=connection, marks=marks)
            for field in ("claimed", "sent", "retried", "failed", "released"):
                setattr(total, field, getattr(total, field) + getattr(result, field))
            if not result.claimed or result.released:
                break
    finally:
        marks.close()
    return total
