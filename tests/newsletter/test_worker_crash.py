"""A sending worker killed with SIGKILL in the middle of an edition, then a second worker: every
subscriber gets the edition exactly once (see docs/newsletter-engine.md for the window that remains:
on SQLite the mark's local write before the final "."). The workers are real processes on a real
SpatiaLite file (the test database lives in memory, which another process cannot see). Timing-dependent:
`make stress` runs it in loops."""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SEED = """
from django.utils import timezone
from newsletter import editions
from newsletter.models import Edition, Subscriber
now = timezone.now()
Subscriber.objects.bulk_create(
    Subscriber(email=f"crash{i}@example.net", language="enfres"[2 * (i % 3):2 * (i % 3) + 2], status="active",
               consent_at=now) for i in range(300))
edition = Edition.objects.create(title="Crash", key="crash", subject_en="Crash test", subject_fr="Essai",
                                 subject_es="Prueba", status="sending", started_at=now)
editions.create_deliveries(edition)
"""


def _manage(env, *args, **kwargs):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, **kwargs)  # noqa: S603


@pytest.mark.stress
@pytest.mark.django_db
def test_worker_killed_mid_send_leaves_nobody_missing(tmp_path, smtp_server):
    database = tmp_path / "crash.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"spatialite:///{database}",
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    env.pop("REDIS_URL", None)
    assert _manage(env, "migrate", "-v", "0").wait(timeout=300) == 0
    assert _manage(env, "shell", "-c", SEED).wait(timeout=120) == 0

    first = _manage(env, "send_newsletter", "--worker-id", "first", "--batch", "100")
    deadline = time.monotonic() + 120
    while len(smtp_server.messages) < 40 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.01)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    received_before_restart = len(smtp_server.messages)
    with sqlite3.connect(database) as db:
        stale = db.execute("SELECT count(*) FROM newsletter_delivery WHERE status = 'claimed'").fetchone()[0]
    assert 40 <= received_before_restart < 300
    assert stale > 0  # the killed worker left claims behind

    second = _manage(env, "send_newsletter", "--worker-id", "second", "--stale-after", "0", stdout=subprocess.PIPE)
    assert second.wait(timeout=300) == 0
    time.sleep(0.2)  # the loopback server records the last message asynchronously

    received = collections.Counter(rcpt for _t, rcpts, _m in smtp_server.messages for rcpt in rcpts)
    with sqlite3.connect(database) as db:
        unsent = db.execute(
            "SELECT id, status, attempts, not_before, error FROM newsletter_delivery WHERE status != 'sent'"
        ).fetchall()
    assert set(received) == {f"crash{i}@example.net" for i in range(300)}, f"somebody is missing: {unsent}"
    duplicates = {address: n for address, n in received.items() if n > 1}
    assert duplicates == {}
    with sqlite3.connect(database) as db:
        statuses = dict(db.execute("SELECT status, count(*) FROM newsletter_delivery GROUP BY status").fetchall())
        edition_status = db.execute("SELECT status FROM newsletter_edition").fetchone()[0]
    assert statuses == {"sent": 300}
    assert edition_status == "sent"
    print(f"killed after {received_before_restart} messages, {stale} stale claims left, no duplicate, nobody missing")
