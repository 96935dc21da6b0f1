"""Redis stopped for real: a redis-server of the test's own, on a spare loopback port (never the
machine's Redis on 6379), stopped and started again in the middle of the test.

With it down, every page and the API still answer (the cache degrades to misses, rate limits fail
open, login lockouts keep counting in the database), /health/ names what is down, and queuing a task
never fails a request. When it comes back, a real Celery worker that lived through the outage takes
queued work again."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.utils import timezone

from partners.models import College
from portal.celery import app as celery_app
from portal.celery import broker_is_back
from portal.mail import message_to_payload
from portal.models import SentMail
from portal.tasks import resend_unsent_mail, send_email

from ..factories import PASSWORD, UserFactory
from ..partners.factories import OfficeFactory, OrganisationFactory
from ..practices.factories import make_practice

BASE_DIR = Path(settings.BASE_DIR)
MESSAGE = "Hello, we would like to work with you on agroforestry trials in Burkina Faso."
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port(start=6390):
    # Each pytest-xdist worker probes its own range: while one worker's server is stopped mid-test, another
    # worker must not take its port.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    start += 100 * int(worker[2:] or 0)
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free loopback port for a test Redis")


class RedisServer:
    """redis-server on 127.0.0.1:<port>, append-only file in a temporary folder (like the deployment's
    redis service), so what was queued survives a stop and start."""

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.process = None

    def url(self, db):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed command line
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--dir", str(self.folder), "--daemonize", "no", "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("the test Redis did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", self.port)) != 0, "the test Redis still answers"


@pytest.fixture
def redis_server(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        pytest.fail("redis-server is missing: install Debian's redis-server (.ci/run does).")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_celery_pools():
    # The app keeps its broker connection pools once made; the broker address changes in these tests.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def portal_on_redis(redis_server, settings):
    """The portal's cache and Celery broker on the test Redis, configured as in production."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": redis_server.url(0),
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.broker_url = redis_server.url(1)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False
    _reset_celery_pools()
    broker_is_back()
    try:
        yield redis_server
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous
        _reset_celery_pools()
        broker_is_back()


@pytest.fixture
def public_data(cms_pages):
    practice = make_practice(name_en="Shea parkland under the outage")
    org = OrganisationFactory(name="Mapped Lab", slug="mapped", college=College.PRIVATE)
    OfficeFactory(organisation=org, location=Point(10.5, -3.25, srid=4326))
    return practice


def _public_pages_answer(client, practice):
    home = client.get("/en/")
    assert home.status_code == 200
    assert "Soils for food security and climate" in home.content.decode()
    api = client.get("/api/v1/practices/")
    assert api.status_code == 200
    assert [r["name"] for r in api.json()["results"]] == ["Shea parkland under the outage"]
    geojson = client.get("/api/v1/partners.geojson")
    assert geojson.status_code == 200
    assert [f["properties"]["name"] for f in json.loads(geojson.content)["features"]] == ["Mapped Lab"]
    sheet = client.get(f"/en/practices/{practice.slug}/")
    assert sheet.status_code == 200
    assert "Shea parkland under the outage" in sheet.content.decode()


@pytest.mark.django_db
def test_with_redis_stopped_pages_api_and_login_still_answer_and_health_names_redis(
    client, portal_on_redis, public_data, django_capture_on_commit_callbacks, settings
):
    django_settings = settings
    redis_server = portal_on_redis
    _public_pages_answer(client, public_data)
    report = client.get("/health/").json()
    assert (report["cache"], report["broker"], report["status"], report["down"]) == ("ok", "ok", "ok", [])

    redis_server.stop()

    started = time.monotonic()
    _public_pages_answer(client, public_data)
    # Refused at once on loopback: the cache costs nothing while Redis is down.
    assert time.monotonic() - started < 10
    health = client.get("/health/")
    report = health.json()
    assert health.status_code == 200  # the portal still serves: degraded, not out of rotation
    assert report["status"] == "degraded"
    assert report["down"] == ["cache", "broker"]
    assert report["database"] == "ok"
    assert report["cache"].startswith("error") and report["broker"].startswith("error")

    # Logging in works, and the per-IP API limit fails open (it counts in Redis).
    UserFactory(email="during-outage@example.org")
    response = client.post("/en/accounts/login/", {"login": "during-outage@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/my/"
    assert "My space" in client.get("/en/my/").content.decode()
    django_settings.API_RATE_LIMIT = 2
    assert [client.get("/api/v1/practices/").status_code for _ in range(4)] == [200, 200, 200, 200]

    # Signing up queues the verification mail: with no broker it is sent by the web process itself.
    other = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(
            "/en/accounts/signup/",
            {"email": "newcomer@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body

    # A message to a partner is recorded (SentMail) and the page says so; its task cannot be queued
    # (and the per-person contact limit, counted in Redis, fails open).
    OrganisationFactory(slug="target", name="Target Lab", contact_email="private@target.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/partners/target/contact/", {"message": MESSAGE}, follow=True)
    assert "Your message was sent to Target Lab." in response.content.decode()
    record = SentMail.objects.get(to="private@target.example")
    assert record.sent_at is None and record.attempts == 0
    assert len(mail.outbox) == 1  # only the verification mail: nothing reached the partner yet

    redis_server.start()
    broker_is_back()
    report = client.get("/health/").json()
    assert (report["cache"], report["broker"], report["status"]) == ("ok", "ok", "ok")
    cache.set("outage:after", "back", 30)
    assert cache.get("outage:after") == "back"

    # Once Redis is back, the quarter-hourly sweep (beat) queues the recorded mail again and it is sent.
    SentMail.objects.filter(pk=record.pk).update(queued_at=timezone.now() - timedelta(minutes=16))
    celery_app.conf.task_always_eager = True
    assert resend_unsent_mail() == 1
    record.refresh_from_db()
    assert record.sent_at is not None
    assert mail.outbox[-1].to == ["private@target.example"] and MESSAGE in mail.outbox[-1].body


# --- A real worker lives through the outage ---------------------------------------------------------
@pytest.fixture
def worker(redis_server, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"outage-{os.getpid()}-{time.monotonic_ns()}"
    env = {
        **os.environ,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "REDIS_URL": redis_server.url(1),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "-c", "1", "--pool", "solo",
         "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue, mail_dir, tmp_path / "worker.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_files(folder, count, timeout, log):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.iterdir())
        if len(files) >= count:
            return [f.read_text() for f in files]
        time.sleep(0.2)
    raise AssertionError(f"{count} mails expected in {timeout}s; worker log:\n{log.read_text()[-3000:]}")


def _queue_mail(queue, subject):
    message = EmailMessage(subject, "Rendez-vous à Dakar.", to=["partner@example.org"])
    return send_email.apply_async(args=[message_to_payload(message)], queue=queue)


@pytest.mark.django_db
def test_queued_work_resumes_when_redis_returns(portal_on_redis, worker):
    redis_server = portal_on_redis
    queue, mail_dir, log = worker
    assert _queue_mail(queue, "Before the outage") is not None
    assert "Subject: Before the outage" in _wait_for_files(mail_dir, 1, 60, log)[0]

    redis_server.stop()
    time.sleep(2)  # the worker notices the lost connection and starts retrying
    # Queuing while the broker is down does not raise: the payload-only mail task runs here instead
    # (its file lands in this process's mailbox, not the worker's folder).
    result = _queue_mail(queue, "During the outage")
    assert result is not None and result.successful()
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "During the outage"

    redis_server.start()
    broker_is_back()
    _reset_celery_pools()
    assert _queue_mail(queue, "After the outage") is not None
    texts = _wait_for_files(mail_dir, 2, 90, log)
    assert any("Subject: After the outage" in text for text in texts)
    assert not any("During the outage" in text for text in texts)  # sent once, by the web process
    assert SentMail.objects.count() == 0
