"""partners owns the beat row of its daily reminder: editors of sheets not updated for a year, at 06:40
UTC. portal/migrations/0009 created it when the mail engine landed; this takes it over by name. A row
that exists keeps its schedule and pause (the secretariat may have changed them in the admin); only its
task is made sure of. Backwards there is nothing to undo: the row is what portal/0009 left."""

from django.db import migrations

NAME = "Partner sheets not updated for a year"
TASK = "partners.tasks.remind_stale_sheets"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK}, create_defaults={"task": TASK, "crontab": daily, "enabled": True}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_admin_labels_translated"),
        ("portal", "0009_mail_beat_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
