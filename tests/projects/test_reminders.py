"""Deadline reminders: drafts before the submission deadline, pending reviews before the review
deadline, each person once per step, run by the hourly beat row."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from projects import services
from projects.models import Reminder
from tests.factories import UserFactory

from .factories import AssignmentFactory, CallFactory, ProposalFactory, reviewing_call, submitted_review

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_runs_the_reminders_hourly():
    row = PeriodicTask.objects.get(name="Call deadline reminders", enabled=True)
    assert row.task == "projects.tasks.send_reminders" and row.crontab.hour == "*"


def test_draft_owner_is_reminded_once_at_seven_days_and_once_at_one_day(django_capture_on_commit_callbacks):
    call = CallFactory()
    owner = UserFactory(language="fr")
    ProposalFactory(call=call, owner=owner)
    ProposalFactory(call=call, owner=owner)  # two drafts, still one reminder
    ProposalFactory(call=call, status="submitted", submitted_at=timezone.now())  # submitted: no reminder
    deadline = call.submission_deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(deadline - datetime.timedelta(days=10)) == 0
        assert services.send_due_reminders(deadline - datetime.timedelta(days=6)) == 1
        assert services.send_due_reminders(deadline - datetime.timedelta(days=5)) == 0
        assert services.send_due_reminders(deadline - datetime.timedelta(hours=20)) == 1
        assert services.send_due_reminders(deadline - datetime.timedelta(hours=2)) == 0
    assert [m.to for m in mail.outbox] == [[owner.email], [owner.email]]
    assert mail.outbox[0].subject.startswith("Rappel")
    assert list(Reminder.objects.values_list("step", flat=True).order_by("step")) == ["1d", "7d"]


def test_pending_reviewers_are_reminded_but_not_those_done_or_conflicted(django_capture_on_commit_callbacks):
    call = reviewing_call()
    pending = AssignmentFactory(proposal__call=call)
    done = AssignmentFactory(proposal=pending.proposal)
    submitted_review(done)
    AssignmentFactory(proposal=pending.proposal, conflict="yes", conflict_declared_at=call.opens_at)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_due_reminders(call.review_deadline - datetime.timedelta(days=3))
        again = services.send_due_reminders(call.review_deadline - datetime.timedelta(days=2))
    assert (sent, again) == (1, 0)
    assert [m.to for m in mail.outbox] == [[pending.reviewer.email]]
    assert "Reminder: reviews pending" in mail.outbox[0].subject


def test_nobody_is_reminded_once_the_chair_closed_reviewing_and_published(django_capture_on_commit_callbacks):
    from portal import roles

    chair = UserFactory(role=roles.STC_CHAIR)
    reviewing = reviewing_call()
    AssignmentFactory(proposal__call=reviewing)
    services.close_reviewing(reviewing, by=chair)
    still_open = CallFactory()
    ProposalFactory(call=still_open)
    services.close_reviewing(still_open, by=chair)
    services.publish_decisions(still_open, by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(reviewing.review_deadline - datetime.timedelta(days=3)) == 0
        assert services.send_due_reminders(still_open.submission_deadline - datetime.timedelta(days=3)) == 0
    assert mail.outbox == []
