"""Which worker sends which deliveries. A delivery is queued, claimed by one worker (``claimed_by``,
``claimed_at``), then sent or failed; a claim whose worker died goes back to the queue once it is
older than NEWSLETTER_CLAIM_TIMEOUT (recover_stale_claims, run by beat every minute)."""

from datetime import timedelta

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Delivery, Edition


def claim_timeout():
    """Seconds after which a claim counts as abandoned; a living worker gives its batch back at half."""
    return getattr(settings, "NEWSLETTER_CLAIM_TIMEOUT", 600)


def recover_stale_claims(timeout=None):
    """Claims older than the timeout (a worker died) go back to the queue. Returns how many."""
    limit = timezone.now() - timedelta(seconds=claim_timeout() if timeout is None else timeout)
    return Delivery.objects.filter(status=Delivery.Status.CLAIMED, claimed_at__lt=limit).update(
        status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None
    )


def claim_batch(worker_id, size, edition_id=None):
    """Claim up to ``size`` queued deliveries of sending editions for ``worker_id``.

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so workers never wait for each other. SpatiaLite
    has no row locks: one UPDATE ... WHERE pk IN (SELECT ... LIMIT n) statement takes the write lock
    before it reads, so two worker processes on one file never pick the same rows (and never fail on
    a read snapshot that another writer made stale, as a read-then-write transaction can)."""
    now = timezone.now()
    candidates = Delivery.objects.filter(status=Delivery.Status.QUEUED, edition__status=Edition.Status.SENDING)
    candidates = candidates.filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
    if edition_id is not None:
        candidates = candidates.filter(edition_id=edition_id)
    candidates = candidates.order_by("pk")
    if db_connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            ids = list(candidates.values_list("pk", flat=True)[:size])
            if not ids:
                return []
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CLAIMED, claimed_at=now, claimed_by=worker_id
            )
        mine = Delivery.objects.filter(pk__in=ids)
    else:
        claimed = Delivery.objects.filter(pk__in=candidates.values("pk")[:size], status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CLAIMED, claimed_at=now, claimed_by=worker_id
        )
        if not claimed:
            return []
        mine = Delivery.objects.filter(claimed_at=now)
    return list(
        mine.filter(status=Delivery.Status.CLAIMED, claimed_by=worker_id).select_related("subscriber").order_by("pk")
    )


def release(deliveries, worker_id):
    """Give deliveries this worker claimed (and has not sent) back to the queue. Returns how many."""
    return Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.CLAIMED, claimed_by=worker_id
    ).update(status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None)


def mine(delivery, worker_id):
    """The delivery as long as this worker holds it: claimed, or marked sent by this worker (a failure
    reported after the mark, see smtp.send_message, takes the mark back)."""
    return Delivery.objects.filter(
        pk=delivery.pk, status__in=[Delivery.Status.CLAIMED, Delivery.Status.SENT], claimed_by=worker_id
    )


def editions_with_due_deliveries():
    """Editions being sent that have queued deliveries due now (retries after backoff included)."""
    now = timezone.now()
    return list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, edition__status=Edition.Status.SENDING)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .values_list("edition_id", flat=True)
        .distinct()
    )
