"""Beat rows of the forum: every five minutes the notifications due for mail (those that waited
FORUM_MAIL_AFTER_MINUTES and were not seen on the site), every day at 06:00 UTC the daily digests.
Database rows, never a broker ETA."""

from django.db import migrations

ROWS = {
    "Forum: mail due notifications": "forum.tasks.send_due_notification_mails",
    "Forum: daily digests": "forum.tasks.send_daily_digests",
}


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    (due_name, due_task), (digest_name, digest_task) = ROWS.items()
    PeriodicTask.objects.update_or_create(
        name=due_name, defaults={"task": due_task}, create_defaults={"task": due_task, "interval": every_five, "enabled": True}
    )
    PeriodicTask.objects.update_or_create(
        name=digest_name, defaults={"task": digest_task}, create_defaults={"task": digest_task, "crontab": daily, "enabled": True}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=list(ROWS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_categories_topics_posts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
