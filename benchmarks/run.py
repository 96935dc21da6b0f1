"""`make bench`: speed and memory of the public pages on demo data, against stated goals.

It builds its own database (a SpatiaLite file in a temporary folder, or DATABASE_URL when set, whose
database it migrates and seeds: point it at a throw-away one; REDIS_URL makes the cache Redis), loads
`seed_demo --scale SCALE`, then requests each page REPEAT times through Django's test client and reports
the time of the first request (cold caches), the median and 95th percentile of the others, the number of
SQL queries, the bytes sent and the peak Python memory of one request. It exits non-zero when a goal is
missed, so a regression shows.

    make bench                     # --scale initiative: 50,120 practices, 10,240 organisations, ...
    make bench BENCH_SCALE=20      # the hand-written demo data 20 times only (a quick run)

A database that already holds the generated data keeps it (seed_demo adds it once), so a second run on
the same DATABASE_URL skips the generation.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Goals per page: (median ms, p95 ms, queries, KB of HTML). Measured on a 2-core machine; see README.
GOALS = {
    "/en/": (150, 300, 15, 60),
    "/fr/": (150, 300, 15, 60),
    "/es/noticias/": (150, 300, 15, 60),
    "/health/": (50, 100, 3, 2),
}
# Domain apps add their public pages here as they arrive (path: goals).
try:
    from benchmarks.pages import HEADERS
    from benchmarks.pages import PAGES as EXTRA_PAGES
except ImportError:
    EXTRA_PAGES, HEADERS = {}, {}
GOALS.update(EXTRA_PAGES)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="initiative", help="seed_demo --scale: N or initiative (the default)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument(
        "--no-seed", action="store_true", help="measure the data DATABASE_URL already holds (no migrate, no seed)"
    )
    parser.add_argument("--only", default="", help="measure only the pages whose path contains this text")
    parser.add_argument(
        "--http",
        action="store_true",
        help="through gunicorn on loopback (DEBUG=0, --workers), as the portal is served: the time of each "
        "answer's last byte and the bytes sent; queries and memory are the in-process run's",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers with --http (default 2)")
    parser.add_argument("--port", type=int, default=8105, help="gunicorn's port with --http (default 8105)")
    args = parser.parse_args()

    workdir = WORKDIR
    os.environ.setdefault("DATABASE_URL", f"spatialite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("API_RATE_LIMIT", "1000000")  # one client asks the API a thousand times a minute
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    cache_name = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    served = f"gunicorn ({args.workers} workers, DEBUG=0)" if args.http else f"test client (DEBUG={settings.DEBUG:d})"
    print(f"Database: {engine} · cache {cache_name} · scale {args.scale} · {served}")
    if not args.no_seed:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", "--scale", args.scale, "--force", stdout=sys.stdout)
        print(f"Migrate and seed: {time.perf_counter() - started:.1f} s\n")
    cache.clear()  # the first request of each page meets cold caches
    if not args.http:
        return measure(args, InProcess())
    connection.close()  # the served workers use their own connections
    from benchmarks.server import gunicorn

    with gunicorn(args.port, args.workers) as (_server, base, _env):
        return measure(args, OverHttp(base, args.workers))


class InProcess:
    """Django's test client in this process: also the queries and the peak Python memory of a request."""

    warmups = 0

    def __init__(self):
        from django.test import Client

        import portal.wsgi  # noqa: F401 - the process as gunicorn loads it (its garbage collector set up)

        self.client = Client(HTTP_HOST="localhost")

    def get(self, path, headers):
        """(status, body as sent): a streamed answer is timed until its last byte."""
        response = self.client.get(path, **headers)
        return response.status_code, response.getvalue()

    def inspect(self, path, headers):
        """(queries, peak MB, body) of one more request."""
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()  # DEBUG keeps a query log; start the count from an empty one
        with CaptureQueriesContext(connection) as queries:
            tracemalloc.start()
            _status, body = self.get(path, headers)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        query_count = len(queries)  # read before the log is cleared: the context reads it lazily
        reset_queries()
        return query_count, peak / 2**20, body


class OverHttp:
    """A keep-alive HTTP client against the served portal. A page without headers of its own asks for
    no compression, so that its KB are the HTML's, as in the in-process run."""

    def __init__(self, base, workers):
        import requests

        self.base, self.session = base, requests.Session()
        # Each worker loads its templates and fills its caches on its own first requests of a page; the
        # other workers' first ones are not counted (the first worker's is, as "first ms").
        self.warmups = 2 * (workers - 1)
        for _ in range(4 * workers):
            self.get("/en/", {})

    def get(self, path, headers):
        asked = {name[5:].replace("_", "-").title(): value for name, value in headers.items()}
        response = self.session.get(
            self.base + path, headers={"Accept-Encoding": "identity", **asked}, stream=True, timeout=60
        )
        body = response.raw.read(decode_content=False)  # the bytes as sent
        response.close()
        return response.status_code, body

    def inspect(self, path, headers):
        return None, None, self.get(path, headers)[1]


def measure(args, client):
    # The machine may be shared: every figure is printed with the load average (1 min) it was measured at.
    print(f"Load average at the start: {' '.join(f'{n:.2f}' for n in os.getloadavg())} ({os.cpu_count()} CPUs)\n")
    header = (
        f"{'page':<56}{'first ms':>9}{'median ms':>10}{'p95 ms':>8}{'queries':>9}{'KB':>7}{'peak MB':>9}{'load':>6}"
        "  verdict"
    )
    print(header)
    print("-" * len(header))
    missed, met = [], []
    for path, (goal_median, goal_p95, goal_queries, goal_kb) in GOALS.items():
        if args.only not in path:
            continue
        headers = HEADERS.get(path, {})
        begin = time.perf_counter()
        status, _body = client.get(path, headers)  # warm-up: templates, caches
        first = (time.perf_counter() - begin) * 1000
        if status != 200:
            missed.append(f"{path} answered {status}")
            print(f"{path:<56} HTTP {status}")
            continue
        for _ in range(client.warmups):
            client.get(path, headers)
        timings = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            client.get(path, headers)
            timings.append((time.perf_counter() - begin) * 1000)
        query_count, peak, body = client.inspect(path, headers)
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        kb = len(body) / 1024
        problems = []
        if median > goal_median:
            problems.append(f"median {median:.0f} > {goal_median} ms")
        if p95 > goal_p95:
            problems.append(f"p95 {p95:.0f} > {goal_p95} ms")
        if query_count is not None and query_count > goal_queries:
            problems.append(f"{query_count} > {goal_queries} queries")
        if kb > goal_kb:
            problems.append(f"{kb:.0f} > {goal_kb} KB")
        verdict = "ok" if not problems else "MISSED: " + ", ".join(problems)
        missed += [f"{path}: {p}" for p in problems]
        if not problems:
            met.append(path)
        load = os.getloadavg()[0]
        queries = f"{query_count:>9}" if query_count is not None else f"{'-':>9}"
        memory = f"{peak:>9.1f}" if peak is not None else f"{'-':>9}"
        figures = f"{first:>9.1f}{median:>10.1f}{p95:>8.1f}{queries}{kb:>7.1f}{memory}{load:>6.1f}"
        print(f"{path:<56}{figures}  {verdict}", flush=True)

    print(f"\nLoad average at the end: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"Goals met: {len(met)} pages of {len(met) + len({m.split(': ')[0] for m in missed})}.")
    if missed:
        print("Goals missed:\n  " + "\n  ".join(missed))
        return 1
    print("All goals met.")
    return 0


# This run's own folder (another benchmark may be running beside it), removed at the end.
WORKDIR = tempfile.mkdtemp(prefix="portal-bench-")

if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
