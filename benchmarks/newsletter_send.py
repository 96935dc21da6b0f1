"""Newsletter send speed: N deliveries to a local SMTP sink, by real worker processes.

Builds its own SpatiaLite database in a temporary folder (or DATABASE_URL: a throw-away PostGIS
database, created and dropped here when the name starts with "portal_bench"), creates N active
subscribers in three languages and one edition with four sections, then starts ``--workers``
processes of ``manage.py send_newsletter`` (the engine the Celery task runs, without a broker) and
reports messages per second and each worker's peak memory (maximum RSS).

The sink is a separate process, as a mail server is. ``--sink lean`` (default) speaks just enough SMTP
to accept and count messages, and offers PIPELINING like Postfix; it costs a few microseconds a
message, so the figure is the engine's. ``--sink aiosmtpd`` is the library the tests use: about 250
messages a second on this machine's shared cores, whatever the client does. Both count every
X-Newsletter-Delivery header, so the run fails when a message is missing or repeated.

    .venv/bin/python benchmarks/newsletter_send.py --deliveries 100000 --workers 2
    .venv/bin/python benchmarks/newsletter_send.py --deliveries 5000 --profile   # one worker, cProfile
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_PER_SECOND = 500

# A minimal SMTP server: replies to each command line, collects DATA up to "<CRLF>.<CRLF>" and notes
# the X-Newsletter-Delivery header of each message. Prints "ready", then on a line from stdin prints
# "count distinct first_time last_time cpu_seconds".
LEAN_SINK = r"""
import asyncio, sys, time

received = []  # (time, delivery id)


class Session(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""
        self.in_data = False
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, chunk):
        self.buffer += chunk
        replies = []
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    break
                message, self.buffer = self.buffer[: end + 2], self.buffer[end + 5 :]
                self.in_data = False
                header = message.find(b"\r\nX-Newsletter-Delivery: ")
                delivery = message[header + 25 : message.find(b"\r\n", header + 25)] if header >= 0 else b""
                received.append((time.time(), delivery))
                replies.append(b"250 2.0.0 Ok: queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                break
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            verb = line[:4].upper()
            if verb == b"EHLO":
                replies.append(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.in_data = True
                self.buffer = b"\r\n" + self.buffer  # so an empty message still ends at CRLF.CRLF
                replies.append(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                replies.append(b"221 2.0.0 Bye\r\n")
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                replies.append(b"250 2.0.0 Ok\r\n")
            else:
                replies.append(b"502 5.5.2 Command not recognized\r\n")
        if replies:
            self.transport.write(b"".join(replies))


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Session, "127.0.0.1", int(sys.argv[1]))
    print("ready", flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)
    server.close()
    ids = [d for _t, d in received]
    first = received[0][0] if received else 0
    last = received[-1][0] if received else 0
    print(len(received), len(set(ids)), first, last, time.process_time(), flush=True)


asyncio.run(main())
"""

AIOSMTPD_SINK = r"""
import sys, time
from aiosmtpd.controller import Controller

received = []


class Sink:
    async def handle_DATA(self, server, session, envelope):
        content = envelope.content
        header = content.find(b"\r\nX-Newsletter-Delivery: ")
        delivery = content[header + 25 : content.find(b"\r\n", header + 25)] if header >= 0 else b""
        received.append((time.time(), delivery))
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.readline()
controller.stop()
ids = [d for _t, d in received]
first, last = (received[0][0], received[-1][0]) if received else (0, 0)
print(len(received), len(set(ids)), first, last, time.process_time(), flush=True)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(kind):
    port = free_port()
    code = LEAN_SINK if kind == "lean" else AIOSMTPD_SINK
    sink = subprocess.Popen(  # noqa: S603 - fixed command line
        [sys.executable, "-c", code, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert sink.stdout.readline().strip() == "ready"
    return sink, port


def stop_sink(sink):
    sink.stdin.write("\n")
    sink.stdin.flush()
    count, distinct, first, last, cpu = sink.stdout.readline().split()
    sink.wait(timeout=30)
    return int(count), int(distinct), float(first), float(last), float(cpu)


def prepare_database(url):
    """A fresh PostGIS database for a postgis:// URL whose name starts with portal_bench."""
    if not url.startswith(("postgis://", "postgres://", "postgresql://")):
        return None
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith("portal_bench"):
        return None
    host, port, user = parsed.hostname or "127.0.0.1", str(parsed.port or 5432), parsed.username or "postgres"
    options = ["-h", host, "-p", port, "-U", user]
    subprocess.run(["dropdb", *options, "--if-exists", name], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *options, name], check=True)  # noqa: S603, S607
    subprocess.run(["psql", *options, "-q", name, "-c", "create extension postgis"], check=True)  # noqa: S603, S607
    return options, name


def seed(deliveries):
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter import editions
    from newsletter.models import Edition, Section, Subscriber

    call_command("migrate", verbosity=0, interactive=False)
    languages = settings.LANGUAGE_CODES
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"bench{i}@example.net", language=languages[i % len(languages)], status="active", consent_at=now
            )
            for i in range(deliveries)
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
    editions.create_deliveries(edition)
    return edition


def run_workers(count, edition_id, batch, env):
    """``count`` send_newsletter processes; returns (seconds from start to last exit, [peak RSS in MB],
    CPU seconds of all workers, number of failed workers)."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 - fixed command line
            [
                sys.executable,
                "manage.py",
                "send_newsletter",
                "--worker-id",
                f"bench-{index}",
                "--edition",
                str(edition_id),
                "--batch",
                str(batch),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for index in range(count)
    ]
    peaks, cpu, failures = [], 0.0, 0
    for process in processes:
        # wait4 gives the child's resource usage: CPU time and maximum resident set size (KB).
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peaks.append(usage.ru_maxrss / 1024)
        cpu += usage.ru_utime + usage.ru_stime
        print(f"  worker {process.args[4]}: {process.stdout.read().strip()} (exit {process.returncode})")
        failures += process.returncode != 0
    return time.perf_counter() - started, peaks, cpu, failures


def main(workdir):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2, help="send_newsletter processes (default 2)")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--sink", choices=["lean", "aiosmtpd"], default="lean")
    parser.add_argument("--profile", action="store_true", help="one worker in this process, under cProfile")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", f"spatialite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["NEWSLETTER_RATE_PER_SECOND"] = "0"
    os.environ.pop("REDIS_URL", None)  # no rate limit, so no shared counter needed
    created = prepare_database(os.environ["DATABASE_URL"])
    sink, port = start_sink(args.sink)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    database = os.environ["DATABASE_URL"].split("://")[0]
    try:
        import django

        django.setup()
        from django.db import connection
        from django.db.models import Count

        from newsletter.engine import send
        from newsletter.models import Delivery

        started = time.perf_counter()
        edition = seed(args.deliveries)
        seconds = time.perf_counter() - started
        print(f"{args.deliveries} subscribers and deliveries created in {seconds:.1f} s ({database})")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            total = send.run_worker("bench", edition_id=edition.pk, size=args.batch, seconds=10**6)
            profiler.disable()
            wall = time.perf_counter() - started
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
            print(f"profiled: {total.sent} sent in {wall:.1f} s ({total.sent / wall:.0f}/s under the profiler)")
            peaks, cpu, failures = [], 0.0, 0
        else:
            connection.close()
            wall, peaks, cpu, failures = run_workers(args.workers, edition.pk, args.batch, dict(os.environ))
        count, distinct, first, last, sink_cpu = stop_sink(sink)
        sink = None
        deliveries = Delivery.objects.filter(edition=edition).values_list("status")
        statuses = dict(deliveries.annotate(n=Count("pk")).values_list("status", "n"))
        edition.refresh_from_db()
    finally:
        if sink is not None:
            sink.kill()
    sending = max(last - first, 0.001)
    rate = count / sending
    print(
        f"{database}, {args.workers if not args.profile else 1} worker(s), {args.sink} sink: "
        f"{count} messages received ({distinct} distinct deliveries) in {sending:.1f} s = {rate:.0f} messages/s; "
        f"{count / wall:.0f}/s counting worker start-up ({wall:.1f} s)"
    )
    if peaks:
        print("peak RSS per worker: " + ", ".join(f"{peak:.0f} MB" for peak in peaks))
        print(
            f"CPU: workers {cpu:.1f} s in all ({1000 * cpu / max(count, 1):.2f} ms a message, start-up included), "
            f"sink {sink_cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
    print(f"deliveries: {statuses}; edition {edition.status}")
    if created:
        connection.close()
        options, name = created
        subprocess.run(["dropdb", *options, "--if-exists", name], check=False)  # noqa: S603, S607
    ok = count == distinct == args.deliveries and statuses == {"sent": args.deliveries} and edition.status == "sent"
    if failures or not ok:
        print("MISSED: not every delivery was sent exactly once")
        return 1
    if args.profile:
        return 0
    if rate < GOAL_PER_SECOND:
        print(f"MISSED: goal {GOAL_PER_SECOND} messages/s")
        return 1
    print(f"Goal met ({GOAL_PER_SECOND} messages/s).")
    return 0


if __name__ == "__main__":
    folder = tempfile.mkdtemp(prefix="portal-bench-send-")
    try:
        sys.exit(main(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
