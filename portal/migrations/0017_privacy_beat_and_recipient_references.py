"""Personal data (docs/security.md): the daily privacy task as a beat row (03:40 UTC: recorded mails'
bodies past MAIL_BODY_RETENTION_DAYS, security log lines past SECURITY_LOG_RETENTION_DAYS), and the
recipient reference (a keyed hash of the address) of the mails recorded before it existed, in batches,
so that erasure finds them by index."""

from django.db import migrations
from django.utils.crypto import salted_hmac

NAME = "Personal data: prune mail bodies and the security log"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": "portal.tasks.prune_personal_data", "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


def references(apps, schema_editor):
    SentMail = apps.get_model("portal", "SentMail")
    last = 0
    while True:
        rows = list(
            SentMail.objects.filter(pk__gt=last, recipient="").exclude(to="").order_by("pk").values_list("pk", "to")[:2000]
        )
        if not rows:
            return
        for pk, to in rows:
            reference = salted_hmac("portal.mail.recipient", to.strip().lower()).hexdigest()[:32]
            SentMail.objects.filter(pk=pk).update(recipient=reference)
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0016_privacy_erased_account_mail_pruning_security_log"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        migrations.RunPython(schedule, unschedule),
        migrations.RunPython(references, migrations.RunPython.noop),
    ]
