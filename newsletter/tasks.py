"""Thin Celery wrappers over the newsletter's services (engine, bounces, press review). Nothing imports
this module but Celery and apps.py: services queue these tasks by name (portal.celery.enqueue_on_commit)."""

import os
import socket

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from . import bounces, press
from .engine import claims
from .engine.send import run_worker
from .models import Delivery, Edition


@shared_task(bind=True, acks_late=True)
def send_edition(self, edition_id):
    """One worker's share of an edition. It sends for up to a minute, then queues itself again while
    work remains, so no task outlives the broker's visibility timeout."""
    worker_id = f"{socket.gethostname()}:{os.getpid()}:{self.request.id}"
    run_worker(worker_id, edition_id=edition_id)
    now_claimable = Delivery.objects.filter(
        edition_id=edition_id, status=Delivery.Status.QUEUED, edition__status=Edition.Status.SENDING
    ).filter(not_before__isnull=True)
    if now_claimable.exists() and not self.request.is_eager:
        send_edition.delay(edition_id)


@shared_task
def resume_due_deliveries():
    """Beat: stale claims back to the queue, and a worker for every edition with due deliveries
    (retries after backoff, editions whose workers died)."""
    claims.recover_stale_claims()
    for edition_id in claims.editions_with_due_deliveries():
        send_edition.delay(edition_id)


@shared_task
def process_bounce_mailbox():
    """Beat, every 10 minutes: read BOUNCE_MAILBOX_URL like `manage.py process_bounces` (nothing when it is
    not set). One run at a time across workers (a cache lock), so a report is never counted twice."""
    url = getattr(settings, "BOUNCE_MAILBOX_URL", "")
    if not url or not cache.add("newsletter:bounce-mailbox:lock", 1, timeout=600):
        return None
    try:
        counts = bounces.process_mailbox(bounces.open_mailbox(url))
    finally:
        cache.delete("newsletter:bounce-mailbox:lock")
    return vars(counts)


@shared_task
def send_press_digest():
    """Weekly (beat row from portal/migrations): the past week's press review to those who chose it."""
    return press.send_press_digest()
