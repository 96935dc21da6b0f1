"""The portal's mail engine (portal.mail.send_once): rendered in the recipient's language, recorded
under a unique key, queued after commit, marked sent by the task, never sent twice."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.mail import send_once
from portal.models import SentMail
from portal.tasks import send_recorded_mail
from tests.factories import UserFactory
from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "projects/mail/reminder_draft"


def _context():
    # The template writes its own link after site_url (which the context may set, as here).
    return {"call": CallFactory(), "site_url": "https://portal.example.org"}


def test_a_mail_is_rendered_in_the_recipients_language_recorded_and_marked_sent(django_capture_on_commit_callbacks):
    user = UserFactory(language="fr", email="amina@example.org")
    context = _context()
    with django_capture_on_commit_callbacks(execute=True):
        record = send_once("test:reminder:1", user=user, template=TEMPLATE, context=context)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert mail.outbox[0].subject.startswith("Rappel")
    assert "https://portal.example.org/" in mail.outbox[0].body
    stored = SentMail.objects.get(key="test:reminder:1")
    assert (stored.pk, stored.to, stored.language, stored.template) == (record.pk, user.email, "fr", TEMPLATE)
    assert stored.subject == mail.outbox[0].subject
    assert stored.sent_at is not None and stored.sent_at >= stored.queued_at


def test_the_same_key_is_mailed_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    context = _context()
    with django_capture_on_commit_callbacks(execute=True):
        first = send_once("test:once", user=user, template=TEMPLATE, context=context)
        second = send_once("test:once", user=user, template=TEMPLATE, context=context)
    with django_capture_on_commit_callbacks(execute=True):
        third = send_once("test:once", user=user, template=TEMPLATE, context=context)
    assert first is not None and second is None and third is None
    assert len(mail.outbox) == 1
    assert SentMail.objects.filter(key="test:once").count() == 1


def test_the_database_refuses_a_second_record_with_the_same_key():
    SentMail.objects.create(key="test:unique", to="a@example.org", template=TEMPLATE, language="en", subject="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        SentMail.objects.create(key="test:unique", to="b@example.org", template=TEMPLATE, language="en", subject="B")
    assert list(SentMail.objects.values_list("to", flat=True)) == ["a@example.org"]


def test_a_rolled_back_change_records_and_mails_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    context = _context()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_once("test:rollback", user=user, template=TEMPLATE, context=context)
            raise RuntimeError("the change failed after deciding to mail")
    assert mail.outbox == []
    assert not SentMail.objects.filter(key="test:rollback").exists()
    # The occasion was not used up: once the change succeeds, the mail goes.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_once("test:rollback", user=user, template=TEMPLATE, context=context) is not None
    assert len(mail.outbox) == 1


def test_a_task_delivered_twice_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        record = send_once("test:redelivered", user=user, template=TEMPLATE, context=_context())
    sent_at = SentMail.objects.get(pk=record.pk).sent_at
    assert send_recorded_mail.delay(record.pk).get() == 0  # the broker hands the same task out again
    assert len(mail.outbox) == 1
    assert SentMail.objects.get(pk=record.pk).sent_at == sent_at


def test_an_address_gets_the_language_of_its_account_else_the_one_given(django_capture_on_commit_callbacks):
    UserFactory(email="pilar@example.org", language="es")
    context = _context()
    with django_capture_on_commit_callbacks(execute=True):
        send_once("test:to:account", to="PILAR@example.org", template=TEMPLATE, context=context)
        send_once("test:to:nobody", to="nobody@example.net", language="fr", template=TEMPLATE, context=context)
        send_once("test:to:default", to="other@example.net", template=TEMPLATE, context=context)
    languages = dict(SentMail.objects.values_list("key", "language"))
    assert languages == {"test:to:account": "es", "test:to:nobody": "fr", "test:to:default": "en"}
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["PILAR@example.org"].startswith("Recordatorio")
    assert subjects["nobody@example.net"].startswith("Rappel")
    assert subjects["other@example.net"].startswith("Reminder")


def test_the_secretariat_reads_the_record_in_the_admin_and_cannot_change_it(client_for):
    record = SentMail.objects.create(
        key="test:admin",
        to="leak-check@example.org",
        template=TEMPLATE,
        language="en",
        subject="Reminder: your draft is not submitted",
        queued_at=timezone.now() - datetime.timedelta(minutes=5),
        sent_at=timezone.now(),
    )
    secretariat = client_for("secretariat")
    page = secretariat.get("/django-admin/portal/sentmail/").content.decode()
    assert "Reminder: your draft is not submitted" in page and "leak-check@example.org" in page
    assert "/django-admin/portal/sentmail/add/" not in page
    detail = secretariat.get(f"/django-admin/portal/sentmail/{record.pk}/change/").content.decode()
    assert "test:admin" in detail and 'name="_save"' not in detail
    refused = secretariat.post(f"/django-admin/portal/sentmail/{record.pk}/change/", {"to": "x@example.org"})
    assert refused.status_code == 403
    assert SentMail.objects.get(pk=record.pk).to == "leak-check@example.org"
    partner = client_for("partner").get("/django-admin/portal/sentmail/")
    assert partner.status_code == 302 and partner["Location"].startswith("/django-admin/login/")


def _unsent(key, *, minutes_ago, **fields):
    queued = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    payload = {"subject": f"Subject {key}", "body": "Body\n", "to": [f"{key}@example.org"]}
    return SentMail.objects.create(
        key=key,
        to=f"{key}@example.org",
        template=TEMPLATE,
        language="en",
        subject=key,
        payload=payload,
        queued_at=queued,
        **fields,
    )


def test_a_mail_being_sent_by_another_worker_is_left_alone():
    record = _unsent("claimed", minutes_ago=2, sending_since=timezone.now() - datetime.timedelta(minutes=1))
    assert send_recorded_mail.delay(record.pk).get() == 0
    assert mail.outbox == []
    # A claim older than the timeout is a dead worker's: the mail goes, once.
    SentMail.objects.filter(pk=record.pk).update(sending_since=timezone.now() - datetime.timedelta(minutes=30))
    assert send_recorded_mail.delay(record.pk).get() == 1
    assert send_recorded_mail.delay(record.pk).get() == 0
    assert [m.to for m in mail.outbox] == [["claimed@example.org"]]
    stored = SentMail.objects.get(pk=record.pk)
    assert stored.sent_at is not None and stored.sending_since is None and stored.attempts == 1


def test_a_failed_send_is_recorded_released_and_retried(settings):
    record = _unsent("refused", minutes_ago=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with pytest.raises(OSError):
        send_recorded_mail.apply(args=[record.pk], throw=True, retries=8)  # the last retry: it gives up
    stored = SentMail.objects.get(pk=record.pk)
    assert stored.sent_at is None and stored.sending_since is None and stored.attempts == 1
    assert "Connection refused" in stored.error or "Errno" in stored.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_recorded_mail.delay(record.pk).get() == 1
    stored.refresh_from_db()
    assert stored.sent_at is not None and stored.error == "" and stored.attempts == 2


def test_the_sweep_queues_again_what_the_broker_lost_and_nothing_else():
    from portal.mail import MAIL_MAX_ATTEMPTS
    from portal.tasks import resend_unsent_mail

    _unsent("lost", minutes_ago=20)
    _unsent("just-queued", minutes_ago=2)  # its task is still on its way
    _unsent("given-up", minutes_ago=90, attempts=MAIL_MAX_ATTEMPTS, error="550 no such user")
    _unsent("done", minutes_ago=60, sent_at=timezone.now())
    assert resend_unsent_mail.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["lost@example.org"]]
    assert resend_unsent_mail.delay().get() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_beat_runs_the_sweep_every_quarter_of_an_hour():
    from django_celery_beat.models import PeriodicTask

    row = PeriodicTask.objects.get(name="Mail: send again what was not sent", enabled=True)
    assert row.task == "portal.tasks.resend_unsent_mail"
    assert (row.interval.every, row.interval.period) == (15, "minutes")


def test_project_reminders_go_through_the_engine_under_their_own_key(django_capture_on_commit_callbacks):
    from projects import services as projects
    from tests.projects.factories import ProposalFactory

    call = CallFactory()
    owner = UserFactory(language="es")
    ProposalFactory(call=call, owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        projects.send_due_reminders(call.submission_deadline - datetime.timedelta(days=6))
    record = SentMail.objects.get()
    assert record.key == f"projects:reminder:{call.pk}:draft:7d:{owner.pk}"
    assert (record.to, record.language, record.template) == (owner.email, "es", "projects/mail/reminder_draft")
    assert record.sent_at is not None and mail.outbox[0].subject == record.subject
