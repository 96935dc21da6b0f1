"""newsletter owns the beat row of its weekly press digest, Mondays at 07:00 UTC.
portal/migrations/0009 created it when the mail engine landed; this takes it over by name. A row that
exists keeps its schedule and pause (the secretariat may have changed them in the admin); only its task
is made sure of. Backwards there is nothing to undo: the row is what portal/0009 left."""

from django.db import migrations

NAME = "Press review: weekly digest"
TASK = "newsletter.tasks.send_press_digest"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    weekly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="1", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK}, create_defaults={"task": TASK, "crontab": weekly, "enabled": True}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0006_admin_labels_translated"),
        ("portal", "0009_mail_beat_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
