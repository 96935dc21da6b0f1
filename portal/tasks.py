"""Thin Celery wrappers (DESIGN.md: tasks wrap services, are idempotent, acks_late where they mail)."""

from celery import shared_task
from django.core.mail import get_connection

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


@shared_task
def clear_expired_sessions() -> None:
    """Daily housekeeping (beat schedule row created by portal/migrations/0007): expired sessions go."""
    from django.core.management import call_command

    call_command("clearsessions")
