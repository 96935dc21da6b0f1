"""The mail engine's periodic tasks, as database rows (editable and pausable in the admin):

- every day at 06:40 UTC, the editors of partner sheets not updated for a year are reminded;
- every Monday at 07:00 UTC, the press review of the past week goes to the subscribers who chose it;
- every 15 minutes, recorded mails still unsent (a lost broker message, retries run out) are queued again.

The call and review deadline reminders keep their hourly row (projects/migrations/0003): their steps
are "7 days" and "1 day before the deadline", and an hourly run sends the 1-day reminder within an hour
of the moment it becomes due, where a daily run could send it only a few hours before the deadline.
Running more often costs nothing: each reminder is claimed once (Reminder row and engine key)."""

from django.db import migrations

RESEND = "Mail: send again what was not sent"
ROWS = {
    "Partner sheets not updated for a year": (
        "partners.tasks.remind_stale_sheets",
        {"minute": "40", "hour": "6", "day_of_week": "*"},
    ),
    "Press review: weekly digest": (
        "newsletter.tasks.send_press_digest",
        {"minute": "0", "hour": "7", "day_of_week": "1"},
    ),
}


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_15_minutes, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=RESEND, defaults={"task": "portal.tasks.resend_unsent_mail", "interval": every_15_minutes, "enabled": True}
    )
    for name, (task, when) in ROWS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(**when, day_of_month="*", month_of_year="*", timezone="UTC")
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[RESEND, *ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_sent_mail_record"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
