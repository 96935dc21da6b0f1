"""A real task through the Redis broker, executed by a real Celery worker process (needs REDIS_URL: skipped,
with the reason, without it)."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMessage

from portal.celery import app as celery_app
from portal.mail import message_to_payload
from portal.tasks import send_email
from tests.processes import celery_solo_worker

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def worker(tmp_path):
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        celery_solo_worker(queue),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue, mail_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.redis
def test_a_mail_task_goes_through_redis_to_a_real_worker(worker, settings):
    queue, mail_dir = worker
    celery_app.conf.task_always_eager = False
    try:
        message = EmailMessage("Réunion des partenaires", "Rendez-vous à Dakar.", to=["partner@example.org"])
        result = send_email.apply_async(args=[message_to_payload(message)], queue=queue)
        assert result.get(timeout=60) == 1
    finally:
        celery_app.conf.task_always_eager = True
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    written = files[0].read_text()
    assert "To: partner@example.org" in written
    assert "Rendez-vous =C3=A0 Dakar." in written or "Rendez-vous à Dakar." in written


def test_mail_task_is_acknowledged_late():
    # A worker that dies while sending leaves the message in the broker for another worker.
    assert send_email.acks_late is True
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
