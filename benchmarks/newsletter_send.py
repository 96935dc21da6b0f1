"""Newsletter send speed: N deliveries to a local SMTP sink (aiosmtpd on loopback, accepts and drops).

Builds its own SpatiaLite database in a temporary folder (or DATABASE_URL: point it at a throw-away
database), creates N active subscribers in three languages and one edition, then runs the sending
engine in this process (one worker, no rate limit) and reports messages per second and the worker's
peak Python memory (tracemalloc) and maximum RSS.

    .venv/bin/python benchmarks/newsletter_send.py --deliveries 100000
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_PER_SECOND = 500


SINK = """
import sys, time
from aiosmtpd.controller import Controller

class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        return "250 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.readline()
print(Sink.count, flush=True)
controller.stop()
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ.setdefault("DATABASE_URL", f"spatialite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import socket
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The sink runs in its own process, as a real mail server would: it must not share our GIL.
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SINK, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert sink.stdout.readline().strip() == "ready"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter import services
    from newsletter.models import Edition, Section, Subscriber

    settings.NEWSLETTER_RATE_PER_SECOND = 0
    call_command("migrate", verbosity=0, interactive=False)
    languages = ["en", "fr", "es"]
    now = timezone.now()
    started = time.perf_counter()
    Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"bench{i}@example.net", language=languages[i % 3], status="active", consent_at=now)
            for i in range(args.deliveries)
        ),
        batch_size=2000,
    )
    edition = Edition.objects.create(
        title="Bench", key="bench", subject_en="Soil news", subject_fr="Nouvelles des sols", subject_es="Noticias"
    )
    for position in range(4):
        Section.objects.create(
            edition=edition,
            position=position,
            title_en="Success story",
            title_fr="Réussite",
            title_es="Caso de éxito",
            body_en="Cover crops doubled the carbon stock. " * 20,
            body_fr="Les couverts végétaux ont doublé le stock de carbone. " * 20,
            body_es="Los cultivos de cobertura duplicaron el stock de carbono. " * 20,
        )
    Edition.objects.filter(pk=edition.pk).update(status="sending", started_at=timezone.now())
    services.create_deliveries(edition)
    print(f"{args.deliveries} subscribers and deliveries created in {time.perf_counter() - started:.1f} s")

    tracemalloc.start()
    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    total = services.run_worker("bench", edition_id=edition.pk, size=args.batch, seconds=10**6)
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sink.stdin.write("\n")
    sink.stdin.flush()
    received = int(sink.stdout.readline())
    sink.wait(timeout=10)
    rate = total.sent / elapsed
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"sent {total.sent} (SMTP sink received {received}) in {elapsed:.1f} s: {rate:.0f} messages/s; "
        f"peak Python memory {peak / 2**20:.1f} MB; max RSS {rss_mb:.0f} MB"
    )
    if total.sent != args.deliveries or received != args.deliveries:
        print("MISSED: not every delivery was sent exactly once")
        return 1
    if rate < GOAL_PER_SECOND:
        print(f"MISSED: goal {GOAL_PER_SECOND} messages/s")
        return 1
    print("Goal met.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for folder in Path(tempfile.gettempdir()).glob("portal-bench-*"):
            shutil.rmtree(folder, ignore_errors=True)
