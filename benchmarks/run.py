"""`make bench`: speed and memory of the public pages on demo data, against stated goals.

It builds its own database (a SpatiaLite file in a temporary folder, or DATABASE_URL when set, whose
database it migrates and seeds: point it at a throw-away one), loads `seed_demo --scale N`, then requests
each page REPEAT times through Django's test client and reports the median and 95th percentile time,
the number of SQL queries, the bytes sent and the peak Python memory of one request. It exits non-zero
when a goal is missed, so a regression shows.

    make bench                     # scale 20
    make bench BENCH_SCALE=100     # more data
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
    from benchmarks.pages import PAGES as EXTRA_PAGES
except ImportError:
    EXTRA_PAGES = {}
GOALS.update(EXTRA_PAGES)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=20, help="seed_demo --scale (default 20)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ.setdefault("DATABASE_URL", f"spatialite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"Database: {connection.settings_dict['ENGINE'].rsplit('.', 1)[-1]} · scale {args.scale}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=args.scale, force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Migrate and seed: {time.perf_counter() - started:.1f} s\n")

    client = Client(HTTP_HOST="localhost")
    header = f"{'page':<56}{'median ms':>10}{'p95 ms':>8}{'queries':>9}{'KB':>7}{'peak MB':>9}  verdict"
    print(header)
    print("-" * len(header))
    missed = []
    for path, (goal_median, goal_p95, goal_queries, goal_kb) in GOALS.items():
        response = client.get(path)  # warm-up: templates, caches
        if response.status_code != 200:
            missed.append(f"{path} answered {response.status_code}")
            print(f"{path:<56} HTTP {response.status_code}")
            continue
        timings = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - begin) * 1000)
        reset_queries()  # DEBUG keeps a query log; start the count from an empty one
        with CaptureQueriesContext(connection) as queries:
            tracemalloc.start()
            response = client.get(path)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        query_count = len(queries)  # read before the log is cleared: the context reads it lazily
        reset_queries()
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        kb = len(response.content) / 1024
        problems = []
        if median > goal_median:
            problems.append(f"median {median:.0f} > {goal_median} ms")
        if p95 > goal_p95:
            problems.append(f"p95 {p95:.0f} > {goal_p95} ms")
        if query_count > goal_queries:
            problems.append(f"{query_count} > {goal_queries} queries")
        if kb > goal_kb:
            problems.append(f"{kb:.0f} > {goal_kb} KB")
        verdict = "ok" if not problems else "MISSED: " + ", ".join(problems)
        missed += [f"{path}: {p}" for p in problems]
        print(f"{path:<56}{median:>10.1f}{p95:>8.1f}{query_count:>9}{kb:>7.1f}{peak / 2**20:>9.1f}  {verdict}")

    print()
    if missed:
        print("Goals missed:\n  " + "\n  ".join(missed))
        return 1
    print("All goals met.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for folder in Path(tempfile.gettempdir()).glob("portal-bench-*"):
            shutil.rmtree(folder, ignore_errors=True)
