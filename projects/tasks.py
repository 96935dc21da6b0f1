"""Thin Celery wrappers over projects.services."""

from celery import shared_task


@shared_task
def send_reminders() -> int:
    """Hourly (beat row from projects/migrations/0003): deadline reminders, each sent once."""
    from .services import send_due_reminders

    return send_due_reminders()
