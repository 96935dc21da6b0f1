"""Command lines of the real processes some tests start (a Celery worker on Redis)."""

import sys


def celery_solo_worker(queue):
    """One Celery worker process of the portal that consumes ``queue`` only, one task at a time, without
    the cluster chatter (gossip, mingle, heartbeat) that a single test worker does not need."""
    return [
        sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "-c", "1", "--pool", "solo",
        "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
