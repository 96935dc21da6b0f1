"""Soak test (`make soak`, docs/operations.md): gunicorn on loopback with the demo data, production
settings (DEBUG=0, whitenoise, the CSP), N connections of mixed anonymous and signed-in traffic for
SOAK_SECONDS; then the figures: requests, statuses, latency, and each worker's memory (RSS) after the
warm-up and at the end.

Exit 1 on any 5xx, on a request that fails outright (connection reset, timeout), on a worker that died
or was replaced, or on memory that keeps growing (a worker's RSS at the end more than
--rss-growth-mb above its RSS after the warm-up).

The database is DATABASE_URL's (else the embedded SpatiaLite file); it is migrated and seed_demo is
loaded first (--no-seed skips that). The per-IP API limit is raised for the run (one client address
sends everything), as the limit itself is not what is measured.
"""

import argparse
import collections
import os
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.server import gunicorn, manage  # noqa: E402 - after the project's folder is on the path

PASSWORD = "demo-4p1000"  # noqa: S105 - the demo accounts' published password (README)
# Demo accounts without a second factor (staff, STC and admin accounts need TOTP).
ACCOUNTS = [
    "partner@demo.test",
    "applicant@demo.test",
    "funder@demo.test",
    "friend@demo.test",
    "correspondent@demo.test",
]

ANONYMOUS = [
    (10, "/en/"),
    (4, "/fr/"),
    (4, "/es/"),
    (6, "/en/partners/"),
    (3, "/en/partners/map/"),
    (4, "/api/v1/partners.geojson"),
    (6, "/en/practices/"),
    (4, "/api/v1/practices/"),
    (2, "/api/v1/practices.geojson"),
    (3, "/en/news/"),
    (2, "/en/events/"),
    (2, "/en/search/?q=soil"),
    (2, "/en/about/"),
    (2, "/en/accounts/login/"),
    (1, "/health/"),
    (1, "/sitemap.xml"),
    (1, "/en/does-not-exist/"),
]
SIGNED_IN = [
    (6, "/en/my/"),
    (4, "/en/partners/"),
    (3, "/en/practices/"),
    (3, "/en/"),
    (2, "/en/accounts/email/"),
]


def _rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def _workers(master_pid):
    path = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return sorted(int(pid) for pid in path.read_text().split()) if path.exists() else []


def _weighted(pairs):
    return [path for weight, path in pairs for _ in range(weight)]


def _discover(base):
    """A few sheets found on the list pages, so that the traffic opens detail pages too."""
    extra = []
    for listing, pattern in (
        ("/en/practices/", r'href="(/en/practices/[a-z0-9-]+/)"'),
        ("/en/partners/", r'href="(/en/partners/[a-z0-9-]+/)"'),
    ):
        body = requests.get(base + listing, timeout=60).text
        found = sorted(
            set(re.findall(pattern, body))
            - {
                "/en/practices/map/",
                "/en/partners/map/",
                "/en/partners/join/",
                "/en/practices/mine/",
                "/en/practices/propose/",
            }
        )
        extra += [(2, path) for path in found[:6]]
    return extra


def _login(base, email):
    session = requests.Session()
    page = session.get(base + "/en/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        base + "/en/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": base + "/en/accounts/login/"},
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"Could not log in as {email}: {response.status_code}")
    return session.cookies.get_dict()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.by_kind = collections.Counter()
        self.latencies = []
        self.failures = collections.Counter()
        self.server_errors = collections.Counter()

    def add(self, kind, path, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.by_kind[kind] += 1
            self.latencies.append(seconds)
            if status >= 500:
                self.server_errors[f"{status} {path}"] += 1

    def fail(self, path, error):
        with self.lock:
            self.failures[f"{type(error).__name__} {path}"] += 1


def _client(base, stop, stats, paths, cookies, kind, seed):
    rng = random.Random(seed)
    session = requests.Session()
    if cookies:
        session.cookies.update(cookies)
    while not stop.is_set():
        path = rng.choice(paths)
        started = time.monotonic()
        try:
            response = session.get(base + path, timeout=60, allow_redirects=False)
            response.content  # noqa: B018 - read the whole body
        except requests.RequestException as error:
            stats.fail(path, error)
            continue
        stats.add(kind, path, response.status_code, time.monotonic() - started)
        if (
            kind == "signed-in"
            and response.status_code == 302
            and "/accounts/login/" in response.headers.get("Location", "")
        ):
            stats.fail(path, RuntimeError("signed out"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 600)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("SOAK_CONNECTIONS", 50)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOAK_PORT", 8104)))
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docker-compose runs 3)")
    parser.add_argument("--signed-in-share", type=float, default=0.4)
    parser.add_argument("--warmup", type=int, default=None, help="seconds before the first RSS figure")
    parser.add_argument("--rss-growth-mb", type=float, default=30.0)
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else max(15, args.seconds // 10)

    def prepare(env):
        print(f"Database: {env.get('DATABASE_URL', 'embedded SpatiaLite (db.sqlite3)')}")
        if not args.no_seed:
            manage(env, "migrate", "--no-input", "-v", "0")
            manage(env, "seed_demo", "--force")

    with gunicorn(args.port, args.workers, prepare=prepare) as (server, base, _env):
        workers_at_start = _workers(server.pid)
        anonymous = _weighted(ANONYMOUS + _discover(base))
        signed_in = _weighted(SIGNED_IN)
        jars = [_login(base, email) for email in ACCOUNTS]

        stats = Stats()
        stop = threading.Event()
        n_signed = round(args.connections * args.signed_in_share)
        threads = []
        for i in range(args.connections):
            kind = "signed-in" if i < n_signed else "anonymous"
            threads.append(
                threading.Thread(
                    target=_client,
                    args=(
                        base,
                        stop,
                        stats,
                        signed_in if kind == "signed-in" else anonymous,
                        jars[i % len(jars)] if kind == "signed-in" else None,
                        kind,
                        i,
                    ),
                    daemon=True,
                )
            )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples = []  # (seconds since start, {pid: rss kB})
        warm = None
        while time.monotonic() - started < args.seconds:
            time.sleep(5)
            elapsed = time.monotonic() - started
            sample = {pid: _rss_kb(pid) for pid in _workers(server.pid)}
            samples.append((elapsed, sample))
            if warm is None and elapsed >= warmup:
                warm = sample
            with stats.lock:
                done = sum(stats.statuses.values())
            print(
                f"  {elapsed:5.0f} s  {done:7d} requests  RSS MB "
                + " ".join(f"{(kb or 0) / 1024:.0f}" for kb in sample.values()),
                flush=True,
            )
        stop.set()
        for thread in threads:
            thread.join(timeout=70)
        duration = time.monotonic() - started
        end = {pid: _rss_kb(pid) for pid in _workers(server.pid)}

    total = sum(stats.statuses.values())
    latencies = sorted(stats.latencies)
    print()
    print(
        f"{args.connections} connections ({n_signed} signed in) for {duration:.0f} s against gunicorn "
        f"({args.workers} workers): {total} requests, {total / duration:.1f}/s"
    )
    print("statuses: " + ", ".join(f"{code}: {n}" for code, n in sorted(stats.statuses.items())))
    if latencies:
        q = statistics.quantiles(latencies, n=100)
        print(
            f"latency: median {statistics.median(latencies) * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
            f"p99 {q[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
    print(
        "worker RSS (MB) after the warm-up -> end: "
        + ", ".join(
            f"{pid}: {(warm or {}).get(pid, 0) / 1024:.0f} -> {(end.get(pid) or 0) / 1024:.0f}" for pid in sorted(end)
        )
    )

    problems = []
    if stats.server_errors:
        problems.append("server errors: " + ", ".join(f"{k} x{n}" for k, n in stats.server_errors.most_common(10)))
    if stats.failures:
        problems.append("failed requests: " + ", ".join(f"{k} x{n}" for k, n in stats.failures.most_common(10)))
    if sorted(end) != workers_at_start:
        problems.append(f"workers replaced or died: {workers_at_start} -> {sorted(end)}")
    for pid, kb in end.items():
        before = (warm or {}).get(pid)
        if before and kb and (kb - before) / 1024 > args.rss_growth_mb:
            problems.append(f"worker {pid} grew {(kb - before) / 1024:.0f} MB after the warm-up")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: no 5xx, no failed request, worker memory flat.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
