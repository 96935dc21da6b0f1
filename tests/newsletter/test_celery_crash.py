"""A real Celery worker, on the Redis broker and PostGIS, killed with SIGKILL while it sends an edition,
then a new worker and the beat task's stale-claim recovery: everybody gets the edition exactly once.

Needs REDIS_URL and a PostGIS DATABASE_URL (skipped without them, see tests/conftest.py): the worker is a
separate process, so it must see the test database, which an in-memory SpatiaLite one is not. Timing-dependent:
`make stress` runs it in loops."""

import collections
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from newsletter import editions, tasks
from newsletter.engine import claims
from newsletter.models import Delivery, Edition, Subscriber
from portal.celery import app as celery_app

from .factories import EditionFactory, SectionFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgis, pytest.mark.stress]

BASE_DIR = Path(settings.BASE_DIR)
SUBJECT = {"en": "Soil news", "fr": "Nouvelles des sols", "es": "Noticias de suelos"}


def _test_database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgis://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(env, log):
    return subprocess.Popen(  # noqa: S603 - fixed command line
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-c",
            "1",
            "--pool",
            "solo",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture
def workers():
    started = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_celery_worker_killed_mid_edition_then_recovery_sends_each_message_once(smtp_server, workers, tmp_path):
    languages = ["en", "fr", "es"]
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"kill{i}@example.net", language=languages[i % 3], status="active", consent_at=timezone.now())
        for i in range(300)
    )
    edition = EditionFactory(subject_en="Soil news", subject_fr="Nouvelles des sols", subject_es="Noticias de suelos")
    SectionFactory(edition=edition)
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
        "SITE_URL": settings.SITE_URL,
        # Slow enough that the kill lands in the middle, fast enough for a short test.
        "NEWSLETTER_RATE_PER_SECOND": "60",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    celery_app.control.purge()  # nothing left in the queue by an earlier run
    log = (tmp_path / "workers.log").open("wb")
    first = _start_worker(env, log)
    workers.append(first)
    celery_app.conf.task_always_eager = False
    try:
        editions.start_sending(edition)  # commits, then queues the edition's tasks on Redis
        _wait(lambda: len(smtp_server.messages) >= 40 or first.poll() is not None, 240, "the first messages")
        assert first.poll() is None, "the worker stopped on its own: " + (tmp_path / "workers.log").read_text()[-3000:]
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        received_before = len(smtp_server.messages)
        stale = Delivery.objects.filter(edition=edition, status="claimed").count()
        assert 40 <= received_before < 300
        assert stale > 0  # the killed worker left claims behind

        # Later: the claims are older than NEWSLETTER_CLAIM_TIMEOUT, a new worker runs, and beat's task
        # puts the stale claims back in the queue and starts a worker for the edition.
        Delivery.objects.filter(edition=edition, status="claimed").update(
            claimed_at=timezone.now() - timedelta(seconds=claims.claim_timeout() + 60)
        )
        workers.append(_start_worker(env, log))
        tasks.resume_due_deliveries.delay()
        _wait(lambda: Edition.objects.get(pk=edition.pk).status == "sent", 240, "the edition to be sent")
    finally:
        celery_app.conf.task_always_eager = True
        log.close()  # the workers keep their own copies of the descriptor
    time.sleep(0.3)  # the loopback server records the last message asynchronously

    deliveries = {d.pk: d for d in Delivery.objects.filter(edition=edition).select_related("subscriber")}
    by_recipient = collections.Counter(rcpt for _t, rcpts, _m in smtp_server.messages for rcpt in rcpts)
    by_delivery = collections.Counter(int(m["X-Newsletter-Delivery"]) for _t, _r, m in smtp_server.messages)
    assert {a: n for a, n in by_recipient.items() if n > 1} == {}, "duplicates"
    assert {d: n for d, n in by_delivery.items() if n > 1} == {}, "duplicates"
    assert set(by_recipient) == {s.email for s in subscribers}, "somebody is missing"
    assert set(by_delivery) == set(deliveries)
    for _t, [recipient], message in smtp_server.messages:
        delivery = deliveries[int(message["X-Newsletter-Delivery"])]
        assert delivery.subscriber.email == recipient
        assert message["Subject"].startswith(SUBJECT[delivery.subscriber.language])
    assert {d.status for d in deliveries.values()} == {"sent"}
    print(f"killed after {received_before} messages with {stale} claims left; 300 received once each")
