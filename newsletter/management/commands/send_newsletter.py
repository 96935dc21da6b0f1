"""Run the sending engine in this process, without Celery (operators, tests, the embedded default)."""

import os
import socket

from django.core.management.base import BaseCommand

from newsletter.engine.send import run_worker


class Command(BaseCommand):
    help = "Send the queued deliveries of editions being sent, then stop."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}:{os.getpid()}:cli")
        parser.add_argument("--edition", type=int, default=None, help="Only this edition (id).")
        parser.add_argument("--batch", type=int, default=100)
        parser.add_argument("--seconds", type=int, default=3600, help="Stop after this long.")
        parser.add_argument(
            "--stale-after", type=int, default=None, help="Seconds after which a claim counts as stale."
        )

    def handle(self, *args, worker_id, edition, batch, seconds, stale_after, **options):
        total = run_worker(worker_id, edition_id=edition, size=batch, seconds=seconds, stale_after=stale_after)
        self.stdout.write(f"sent {total.sent}, retried {total.retried}, failed {total.failed}")
