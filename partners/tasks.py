"""Thin Celery wrappers over partners.services."""

from celery import shared_task


@shared_task
def remind_stale_sheets() -> int:
    """Daily (beat row from partners/migrations/0008): editors of sheets not updated for a year, once each."""
    from .services import remind_stale_sheets as remind

    return remind()
