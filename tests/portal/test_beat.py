from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from portal.celery import app as celery_app

# Each app owns its rows: (migration that writes it, row name, task, crontab minute, hour, day of week).
DOMAIN_ROWS = [
    ("partners.migrations.0008_stale_sheet_beat_schedule", "Partner sheets not updated for a year",
     "partners.tasks.remind_stale_sheets", {40}, {6}, set(range(7))),
    ("newsletter.migrations.0007_press_digest_beat_schedule", "Press review: weekly digest",
     "newsletter.tasks.send_press_digest", {0}, {7}, {1}),
]  # fmt: skip


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


@pytest.mark.django_db
@pytest.mark.parametrize(("migration", "name", "task", "minute", "hour", "day_of_week"), DOMAIN_ROWS)
def test_domain_apps_own_their_beat_rows(migration, name, task, minute, hour, day_of_week):
    import importlib

    from django.apps import apps

    entry = ModelEntry(PeriodicTask.objects.get(name=name, enabled=True), app=celery_app)
    importlib.import_module(task.rsplit(".", 1)[0])  # what a worker's autodiscovery imports
    assert entry.task == task and task in celery_app.tasks
    assert (entry.schedule.minute, entry.schedule.hour, entry.schedule.day_of_week) == (minute, hour, day_of_week)
    owner = importlib.import_module(migration)
    # The owner's migration writes the row when it is missing...
    PeriodicTask.objects.filter(name=name).delete()
    owner.forwards(apps, None)
    assert ModelEntry(PeriodicTask.objects.get(name=name, enabled=True), app=celery_app).task == task
    # ...and, run again over a row the secretariat paused, keeps the pause and adds no second row.
    PeriodicTask.objects.filter(name=name).update(enabled=False)
    owner.forwards(apps, None)
    assert list(PeriodicTask.objects.filter(name=name).values_list("enabled", flat=True)) == [False]
