from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from portal.celery import app as celery_app


@pytest.mark.django_db
def test_the_beat_schedule_is_read_from_the_database():
    assert celery_app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    row = PeriodicTask.objects.get(name="Clear expired sessions", enabled=True)
    entry = ModelEntry(row, app=celery_app)  # what the database scheduler runs
    assert entry.task == "portal.tasks.clear_expired_sessions"
    assert entry.schedule.hour == {3}
    assert entry.schedule.minute == {17}


@pytest.mark.django_db
def test_the_nightly_task_removes_expired_sessions_only():
    from portal.tasks import clear_expired_sessions

    now = timezone.now()
    Session.objects.create(session_key="old" * 8, session_data="x", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="new" * 8, session_data="x", expire_date=now + timedelta(days=1))
    clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 8]
