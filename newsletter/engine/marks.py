"""The exactly-once mark of a delivery, written while the SMTP server still holds the message.

A message is committed by two independent systems: the SMTP server keeps it once it reads the final "."
of DATA, the database keeps the mark once it commits the UPDATE. No protocol makes the two one event,
so the engine makes the gap between them as small as a process can: see smtp.send_message.

``SyncMarks`` runs the UPDATE and waits for its result before the "." is sent: the gap is the whole
round trip to the database (on SQLite a local write, on PostgreSQL a network round trip plus the
server's work, which on a loaded machine reached milliseconds). ``PipelinedMarks`` (PostgreSQL outside
a transaction, what every worker uses) writes the UPDATE to the database's socket, sends the "." at
once, and only then reads the database's answer: the gap is the time between two writes to two
sockets, a few microseconds. Data written to a socket is delivered by the kernel even when the process
is killed a moment later, so a SIGKILL after both writes loses nothing and repeats nothing.

A database that does not answer (a lock held on the row, a server or network gone silent) must not
hold the worker for ever: every wait of ``PipelinedMarks`` ends after NEWSLETTER_MARK_TIMEOUT seconds
with MarkTimeout. The mark is then left to the database (never cancelled, never written again by this
worker): docs/newsletter-engine.md, "A mark the database does not answer".
"""

import select
import time

from django.conf import settings
from django.db import connection as db_connection
from django.utils import timezone

# Table and columns are the model's (tests run it on both backends).
MARK_SENT_SQL = (
    "UPDATE newsletter_delivery SET status = %s, sent_at = %s, attempts = attempts + 1, error = '' "
    "WHERE id = %s AND status = %s AND claimed_by = %s"
)


def mark_timeout():
    """Seconds a mark may wait for the database (keep it well below half NEWSLETTER_CLAIM_TIMEOUT)."""
    return getattr(settings, "NEWSLETTER_MARK_TIMEOUT", 30)


class MarkTimeout(Exception):
    """The database gave no answer within the mark timeout. ``written``: the mark's UPDATE had been
    wholly handed to the kernel (the server may still apply it); False: it had not, and the caller must
    not end the message (no "." may follow)."""

    def __init__(self, message, *, written):
        super().__init__(message)
        self.written = written


class SyncMarks:
    """The mark on Django's own connection (SQLite, or PostgreSQL inside a transaction in tests)."""

    def mark(self, delivery_id, worker_id):
        """Commits the mark (autocommit) and returns a callable giving its row count."""
        now = db_connection.ops.adapt_datetimefield_value(timezone.now())
        with db_connection.cursor() as cursor:
            cursor.execute(MARK_SENT_SQL, ["sent", now, delivery_id, "claimed", worker_id])
            rowcount = cursor.rowcount
        return lambda: rowcount

    def close(self):
        pass


class PipelinedMarks:
    """A second, asynchronous psycopg2 connection to the same database, for marks only (autocommit,
    as every asynchronous connection is). ``durable=False`` lets the commit skip waiting for the disk:
    still atomic and kept when the worker dies; only a crash of the database server itself can lose
    the last fraction of a second of marks (those messages would be sent again). ``timeout``: seconds
    any answer of the database may take (NEWSLETTER_MARK_TIMEOUT by default); past it MarkTimeout, and
    the connection is closed for good."""

    def __init__(self, *, durable, timeout=None):
        import psycopg2

        self._psycopg2 = psycopg2
        self.timeout = mark_timeout() if timeout is None else timeout
        params = db_connection.get_connection_params()
        params.pop("cursor_factory", None)
        self.connection = psycopg2.connect(**params, async_=1)
        self._wait()
        if not durable:
            cursor = self.connection.cursor()
            cursor.execute("SET synchronous_commit TO off")
            self._wait()

    def _wait(self, until_written=False):
        """Drive the asynchronous connection: until the query is wholly written (``until_written``) or
        until its result has arrived; MarkTimeout when the database is silent for the timeout."""
        extensions = self._psycopg2.extensions
        fileno = self.connection.fileno()
        deadline = time.monotonic() + self.timeout
        written = not until_written  # waiting for a result: the query went out before
        while True:
            state = self.connection.poll()
            if state == extensions.POLL_OK:
                return
            if state == extensions.POLL_WRITE:
                ready = select.select([], [fileno], [], max(deadline - time.monotonic(), 0))[1]
            elif state == extensions.POLL_READ:
                written = True
                if until_written:
                    return
                ready = select.select([fileno], [], [], max(deadline - time.monotonic(), 0))[0]
            else:  # pragma: no cover - psycopg2 raises for errors; any other state is a bug
                raise self._psycopg2.OperationalError(f"unexpected poll state {state}")
            if not ready:
                # Closed, not cancelled: an UPDATE the server already holds (waiting for a lock) is
                # still applied when the lock goes, which is what a message already sent needs.
                self.connection.close()
                raise MarkTimeout(f"the database did not answer within {self.timeout} s", written=written)

    def mark(self, delivery_id, worker_id):
        """Sends the UPDATE (wholly handed to the kernel when this returns) and returns a callable that
        waits for its result and gives its row count. Both may raise MarkTimeout."""
        cursor = self.connection.cursor()
        cursor.execute(MARK_SENT_SQL, ["sent", timezone.now(), delivery_id, "claimed", worker_id])
        self._wait(until_written=True)

        def result():
            self._wait()
            return cursor.rowcount

        return result

    def close(self):
        self.connection.close()


def marks_for_worker(*, durable):
    """The marks a worker in this process should use."""
    if db_connection.vendor == "postgresql" and not db_connection.in_atomic_block:
        return PipelinedMarks(durable=durable)
    return SyncMarks()
