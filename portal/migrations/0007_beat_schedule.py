"""The beat schedule lives in the database (django-celery-beat): the secretariat can see and pause
it from the admin, and a redeploy does not reset it. Domain apps add their rows the same way."""

from django.db import migrations


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="17", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name="Clear expired sessions",
        defaults={"task": "portal.tasks.clear_expired_sessions", "crontab": nightly, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name="Clear expired sessions").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_locale_synchronization"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
