"""Partner sheets not updated for a year: their editors are reminded once per year of staleness, in
their language, with the link to their sheet editor; a sheet updated recently gets nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from partners import services
from partners.models import Organisation
from partners.tasks import remind_stale_sheets
from portal.models import SentMail
from tests.factories import UserFactory

from .factories import EditorFactory, OrganisationFactory, RevisionFactory

pytestmark = pytest.mark.django_db


def _last_updated(organisation, days_ago):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Organisation.objects.filter(pk=organisation.pk).update(updated=moment)
    return moment


def test_beat_runs_the_stale_sheet_reminder_daily():
    row = PeriodicTask.objects.get(name="Partner sheets not updated for a year", enabled=True)
    assert row.task == "partners.tasks.remind_stale_sheets"
    assert (row.crontab.hour, row.crontab.minute, row.crontab.day_of_week) == ("6", "40", "*")


def test_editors_of_a_stale_sheet_are_reminded_once_in_their_language(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://portal.example.org"
    organisation = OrganisationFactory(name="Terres Vivantes")
    french = EditorFactory(organisation=organisation, user=UserFactory(language="fr", email="ed-fr@example.org"))
    spanish = EditorFactory(organisation=organisation, user=UserFactory(language="es", email="ed-es@example.org"))
    EditorFactory(organisation=organisation, user=UserFactory(is_active=False, email="gone@example.org"))
    _last_updated(organisation, 400)
    with django_capture_on_commit_callbacks(execute=True):
        remind_stale_sheets.delay()
        remind_stale_sheets.delay()  # beat ran twice (or two workers): nothing more
    assert sorted(m.to[0] for m in mail.outbox) == ["ed-es@example.org", "ed-fr@example.org"]
    to_french = next(m for m in mail.outbox if m.to == [french.user.email])
    assert to_french.subject == "[4 pour 1000] La fiche de Terres Vivantes est-elle à jour ?"
    assert "https://portal.example.org/fr/my/organisation/\n" in to_french.body
    assert "n'a pas été mise à jour depuis le" in to_french.body
    to_spanish = next(m for m in mail.outbox if m.to == [spanish.user.email])
    assert "https://portal.example.org/es/my/organisation/\n" in to_spanish.body
    assert "Terres Vivantes" in to_spanish.subject
    assert SentMail.objects.filter(key__startswith=f"partners:stale-sheet:{organisation.pk}:").count() == 2


def test_a_sheet_updated_recently_gets_nothing(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    EditorFactory(organisation=organisation)
    _last_updated(organisation, 300)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_sheets() == 0
    assert mail.outbox == []
    assert not SentMail.objects.exists()


def test_a_sheet_waiting_for_the_secretariat_or_unpublished_gets_nothing(django_capture_on_commit_callbacks):
    pending = OrganisationFactory()
    EditorFactory(organisation=pending)
    RevisionFactory(organisation=pending)  # the editors already proposed changes
    hidden = OrganisationFactory(published=False)
    EditorFactory(organisation=hidden)
    _last_updated(pending, 500)
    _last_updated(hidden, 500)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_sheets() == 0
    assert mail.outbox == []


def test_a_sheet_still_untouched_a_year_later_gets_one_more_reminder_and_an_update_restarts_the_clock(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    EditorFactory(organisation=organisation, user=UserFactory(email="editor@example.org"))
    _last_updated(organisation, 370)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_sheets(now) == 1
        assert services.remind_stale_sheets(now + datetime.timedelta(days=200)) == 0
        assert services.remind_stale_sheets(now + datetime.timedelta(days=365)) == 1
        assert services.remind_stale_sheets(now + datetime.timedelta(days=366)) == 0
    assert len(mail.outbox) == 2
    # The editors update the sheet (approved): a year after that, a new reminder is due again.
    new_update = now + datetime.timedelta(days=450)
    Organisation.objects.filter(pk=organisation.pk).update(updated=new_update)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_stale_sheets(new_update + datetime.timedelta(days=300)) == 0
        assert services.remind_stale_sheets(new_update + datetime.timedelta(days=366)) == 1
    assert len(mail.outbox) == 3
