"""Thin Celery wrappers (DESIGN.md: tasks wrap services, are idempotent, acks_late where they mail)."""

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone

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


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_recorded_mail(self, mail_id: int) -> int:
    """Send one recorded mail (portal.mail.send_once) and mark it sent. A mail already marked sent is
    not sent again (the task runs twice when a worker dies after sending but before acknowledging)."""
    from .models import SentMail

    record = SentMail.objects.filter(pk=mail_id, sent_at__isnull=True).first()
    if record is None:
        return 0
    message = payload_to_message(record.payload)
    with get_connection() as connection:
        message.connection = connection
        accepted = message.send()
    SentMail.objects.filter(pk=mail_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return accepted


@shared_task
def clear_expired_sessions() -> None:
    """Daily housekeeping (beat schedule row created by portal/migrations/0007): expired sessions go."""
    from django.core.management import call_command

    call_command("clearsessions")
