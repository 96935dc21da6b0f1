"""gunicorn on loopback with production settings (DEBUG=0, whitenoise, the CSP), for the soak test
(scripts/soak.py) and `benchmarks/run.py --http`: the portal as it is served, not as the test client
calls it."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def port_is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def production_env(static_root):
    """The environment of a served portal on loopback: DATABASE_URL and REDIS_URL as they are."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "loopback-only-" + os.urandom(8).hex()),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEMO_MODE": "1",  # the demo accounts log in (they cannot outside demo mode)
        "SECURE_COOKIES": "0",  # plain http on loopback: no TLS proxy in front
        "STATIC_ROOT": str(static_root),
        # One client address sends everything; the per-IP limit is not what is measured.
        "API_RATE_LIMIT": "100000000",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextlib.contextmanager
def gunicorn(port, workers, *, prepare=None):
    """Start gunicorn (``workers`` processes) on 127.0.0.1:``port``, wait until /health/ answers and
    yield (process, base URL, environment). ``prepare(env)`` runs before the start (migrate, seed)."""
    if not port_is_free(port):
        raise SystemExit(f"Port {port} is in use: choose another.")
    static_root = Path(tempfile.mkdtemp(prefix="served-static-"))
    env = production_env(static_root)
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        manage(env, "collectstatic", "--no-input", "-v", "0")
        if prepare is not None:
            prepare(env)
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--timeout", "60", "--backlog", "2048"]
        server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command line
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(base + "/health/", timeout=10).status_code in (200, 503):
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.5)
        yield server, base, env
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(static_root, ignore_errors=True)
