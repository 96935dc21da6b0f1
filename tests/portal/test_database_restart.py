"""PostgreSQL restarted under a running portal: the portal recovers without a restart of its own
(docs/security.md, "Faults: PostgreSQL restarted").

A restart of the server ends every connection; these tests end exactly the connections of the
processes they start (pg_terminate_backend on the backends carrying their own application_name), not the
shared server, which other people use. The processes only read the migrated test database.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from portal import backups
from tests.processes import celery_solo_worker

ROOT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(app_name):
    from django.db import connection

    s = connection.settings_dict
    credentials = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    where = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"postgis://{credentials}@{where}?application_name={app_name}"


def _server():
    from django.db import connection

    return backups.Database.from_settings(connection.settings_dict)


def _backends(app_name):
    """The pids of the backends connected under this application name."""
    sql = f"SELECT pid FROM pg_stat_activity WHERE application_name = '{app_name}'"  # noqa: S608 - our own name
    return {int(pid) for pid in _server().psql(sql)}


def _terminate(app_name):
    """What a restart does to the portal's connections: each ends under it. Returns how many ended."""
    ended = _server().psql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{app_name}'"  # noqa: S608
    )
    deadline = time.monotonic() + 10
    while _backends(app_name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _backends(app_name)
    return ended.count("t")


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback http
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _environment(app_name):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(DATABASE_URL=_database_url(app_name), DEBUG="1", DJANGO_SETTINGS_MODULE="portal.settings")
    return env


@pytest.fixture
def gunicorn(django_db_setup):
    """gunicorn (one worker, one thread: every request on the same kept connection) on a free loopback port."""
    app_name = f"restart_{secrets.token_hex(4)}"
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=_environment(app_name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if _get(base + "/health/")[0] in (200, 503):
                break
        except OSError:
            pass
        assert process.poll() is None, process.stderr.read().decode()[-3000:]
        assert time.monotonic() < deadline, "gunicorn did not answer within 90 s"
        time.sleep(0.5)
    try:
        yield base, app_name, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _worker_pids(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return {int(pid) for pid in children}


# The django_db mark makes pytest-django create the test database (it creates only the databases that the
# selected tests ask for): run alone, with only django_db_setup, these tests met a stale or missing one.
@pytest.mark.django_db
@pytest.mark.postgis
def test_pages_answer_again_right_after_the_database_drops_every_connection(gunicorn):
    base, app_name, master = gunicorn
    status, body = _get(base + "/health/")
    assert status == 200 and json.loads(body)["database"] == "ok"
    status, body = _get(base + "/en/partners/")
    assert status == 200 and "Partners" in body
    before = _backends(app_name)
    assert before, "the worker keeps its connection between requests (CONN_MAX_AGE)"
    workers = _worker_pids(master)

    for _ in range(2):  # twice: a second outage after the recovery is survived as well
        assert _terminate(app_name) >= 1
        # The first request after the outage: the kept connection is found dead and replaced.
        status, body = _get(base + "/en/partners/")
        assert status == 200, body[-2000:]
        assert "Partners" in body
        status, body = _get(base + "/health/")
        assert status == 200 and json.loads(body)["database"] == "ok"
        status, body = _get(base + "/api/v1/practices/")
        assert status == 200 and json.loads(body)["count"] >= 0
        after = _backends(app_name)
        assert after and not after & before, "a new connection serves the requests"
        before = after

    assert _worker_pids(master) == workers, "the same worker process served before and after: no restart"
    assert master.poll() is None


@pytest.mark.django_db
@pytest.mark.postgis
@pytest.mark.redis
def test_a_celery_worker_keeps_no_connection_between_tasks_and_runs_them_after_a_restart(django_db_setup, tmp_path):
    from portal.celery import app as celery_app
    from portal.tasks import resend_unsent_mail

    app_name = f"restart_worker_{secrets.token_hex(4)}"
    queue = f"restart-{os.getpid()}-{time.monotonic_ns()}"
    env = {**_environment(app_name), "REDIS_URL": os.environ["REDIS_URL"]}
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        celery_solo_worker(queue),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    celery_app.conf.task_always_eager = False
    try:
        # The sweep reads the recorded mails (none unsent in the test database): a real query each time.
        assert resend_unsent_mail.apply_async(queue=queue).get(timeout=90) == 0
        # Celery's Django fixup closes the connection after each task: between tasks the worker holds
        # none, so a restart between tasks leaves nothing stale behind; one during a task fails that
        # task, which is retried (mail) or swept again (beat).
        assert _backends(app_name) == set()
        _terminate(app_name)
        assert resend_unsent_mail.apply_async(queue=queue).get(timeout=60) == 0
        assert process.poll() is None, "the worker lived through it"
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
