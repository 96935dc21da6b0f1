"""Thin Celery wrappers (DESIGN.md: tasks wrap services, are idempotent, acks_late where they mail)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from . import counters
from .mail import payload_to_message


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(self, payload: dict) -> int:
    """Send one rendered message. Returns the number of messages the backend accepted."""
    message = payload_to_message(payload)
    with get_connection() as connection:
        message.connection = connection
        return message.send()


# A claim older than this belongs to a dead worker (sending one message takes seconds).
MAIL_CLAIM_TIMEOUT = timedelta(minutes=10)
# After this many failed attempts a recorded mail is left for a person to look at (admin, "last error").
MAIL_MAX_ATTEMPTS = 10


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_recorded_mail(self, mail_id: int) -> int:
    """Send one recorded mail (portal.mail.send_once) and mark it sent. The mail is claimed first with
    a conditional UPDATE: a mail already sent, or being sent by another worker, is not sent again (the
    broker hands a task out twice when a worker dies before acknowledging it). Returns the number of
    messages the backend accepted (0: nothing to do)."""
    from .models import SentMail

    now = timezone.now()
    claimed = (
        SentMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - MAIL_CLAIM_TIMEOUT))
        .update(sending_since=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return 0
    record = SentMail.objects.get(pk=mail_id)
    message = payload_to_message(record.payload)
    for prefix, (counter, rate_setting) in getattr(settings, "MAIL_RATE_LIMITS", {}).items():
        if record.key.startswith(prefix):  # a mailing to many (the press digest): the newsletter's rate
            counters.wait_for_slot(counter, getattr(settings, rate_setting, 0))
            break
    try:
        with get_connection() as connection:
            message.connection = connection
            accepted = message.send()
    except Exception as error:
        # Released, so that the retry (or the sweep) can claim it again.
        SentMail.objects.filter(pk=mail_id).update(sending_since=None, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    SentMail.objects.filter(pk=mail_id).update(sent_at=timezone.now(), sending_since=None, error="")
    return accepted


@shared_task
def resend_unsent_mail() -> int:
    """Every quarter of an hour (beat row from portal/migrations): recorded mails still unsent a
    quarter of an hour after they were queued (the broker lost the task, or its retries ran out) are
    queued again, up to MAIL_MAX_ATTEMPTS attempts. Returns how many."""
    from .models import SentMail

    now = timezone.now()
    due = (
        SentMail.objects.filter(sent_at__isnull=True, queued_at__lt=now - timedelta(minutes=15))
        .filter(attempts__lt=MAIL_MAX_ATTEMPTS)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - MAIL_CLAIM_TIMEOUT))
        .values_list("pk", flat=True)
    )
    ids = list(due[:1000])
    for mail_id in ids:
        send_recorded_mail.delay(mail_id)
    return len(ids)


@shared_task
def clear_expired_sessions() -> None:
    """Daily housekeeping (beat schedule row created by portal/migrations/0007): expired sessions go."""
    from django.core.management import call_command

    call_command("clearsessions")


@shared_task
def publish_scheduled_pages() -> None:
    """Every minute (beat row from portal/migrations/0012): Wagtail publishes the pages and snippets
    whose "go live" time has come and unpublishes those whose "expiry" time has passed."""
    from django.core.management import call_command

    call_command("publish_scheduled")
