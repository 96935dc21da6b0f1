"""Thin Celery wrappers (DESIGN.md: tasks wrap services, are idempotent, acks_late where they mail).
Nothing imports this module but Celery and apps.py: services queue these tasks by name
(portal.celery.enqueue_on_commit)."""

from celery import shared_task
from django.core.management import call_command

from . import mail

_MAIL_RETRIES = {
    "acks_late": True,
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


# The message exists only in this task: with the broker down it is sent by the process that queues it.
@shared_task(**_MAIL_RETRIES, run_here_when_broker_down=True)
def send_email(payload: dict) -> int:
    """Send one rendered message (portal.mail.queue_message). Returns how many the backend accepted."""
    return mail.send_payload(payload)


@shared_task(**_MAIL_RETRIES)
def send_recorded_mail(mail_id: int) -> int:
    """Send one recorded mail once (portal.mail.send_recorded: claim, send, mark sent)."""
    return mail.send_recorded(mail_id)


@shared_task
def resend_unsent_mail() -> int:
    """Every quarter of an hour (beat row from portal/migrations): recorded mails still unsent a
    quarter of an hour after they were queued are queued again, up to mail.MAIL_MAX_ATTEMPTS attempts
    (portal.mail.unsent_mail_due). Returns how many."""
    ids = mail.unsent_mail_due()
    for mail_id in ids:
        send_recorded_mail.delay(mail_id)
    return len(ids)


@shared_task
def clear_expired_sessions() -> None:
    """Daily housekeeping (beat schedule row created by portal/migrations/0007): expired sessions go."""
    call_command("clearsessions")


@shared_task
def publish_scheduled_pages() -> None:
    """Every minute (beat row from portal/migrations/0012): Wagtail publishes the pages and snippets
    whose "go live" time has come and unpublishes those whose "expiry" time has passed."""
    from django.core.management import call_command

    call_command("publish_scheduled")


@shared_task
def prune_personal_data() -> dict:
    """Daily (beat row from portal/migrations/0017): recorded mails sent more than
    MAIL_BODY_RETENTION_DAYS ago keep only their key, recipient reference, state and dates; security
    log lines older than SECURITY_LOG_RETENTION_DAYS go. Batched and idempotent (portal.privacy.prune)."""
    from . import privacy

    return privacy.prune()
