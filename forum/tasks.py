"""Thin Celery wrappers over the forum's services; beat runs them (rows in migration 0002)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_due_notification_mails():
    return services.send_due_mails()


@shared_task(acks_late=True)
def send_daily_digests():
    return services.send_daily_digests()
