"""Personal data: the download (/my/data.json), the erasure of an account (by the person, by the
secretariat), what is left of recorded mails after the retention period and after an erasure."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessLog
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from newsletter.models import Delivery, Subscriber
from newsletter.subscriptions import erase_subscribers
from partners.models import MembershipApplication, OrganisationEditor
from partners.services import send_contact_message
from portal import audit, privacy, roles
from portal.mail import send_once
from portal.models import AuditEvent, SecurityEvent, SentMail, User
from practices.models import PracticeDraft
from projects import queries
from projects.models import Assignment, Proposal, ProposalMember, Review, Score
from tests.factories import PASSWORD, UserFactory, activate_totp
from tests.newsletter.factories import EditionFactory, SubscriberFactory
from tests.partners.factories import ApplicationFactory, EditorFactory, OrganisationFactory, RevisionFactory
from tests.projects.factories import (
    AssignmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    accepted_member,
    reviewing_call,
    submitted_review,
)

pytestmark = pytest.mark.django_db

EMAIL = "zephyrine.quill@example.org"
OTHER_ADDRESS = "z.quill.home@example.net"
FIRST, LAST = "Zephyrine", "Quillfeather"
DISPLAY = "ZephQuill"


@pytest.fixture
def person(db):
    user = UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST, display_name=DISPLAY, language="fr")
    EmailAddress.objects.create(user=user, email=OTHER_ADDRESS, verified=True, primary=False)
    return user


@pytest.fixture
def other(db):
    return UserFactory(email="bartholomew.other@example.org", first_name="Bartholomew", last_name="Otherington")


@pytest.fixture
def world(person, other, django_capture_on_commit_callbacks):
    """The person everywhere the portal holds something about them, next to someone else's data."""
    call = reviewing_call()
    submitted = SubmittedProposalFactory(call=call, owner=person, title="Mulch for Sahel fields")
    draft = ProposalFactory(call=call, owner=person, title="A draft never sent")
    theirs = SubmittedProposalFactory(call=call, owner=other, title="Agroforestry in Casamance")
    accepted_member(theirs, person)
    ProposalMember.objects.create(proposal=submitted, email="cofriend@example.org", invited_by=person)
    review = submitted_review(AssignmentFactory(proposal=theirs, reviewer=person), value=5)
    submitted_review(AssignmentFactory(proposal=theirs, reviewer=UserFactory(role=roles.STC_REVIEWER)), value=3)
    PracticeDraft.objects.create(author=person, data={"name_en": "Zai pits by the author", "contact": EMAIL})
    organisation = OrganisationFactory(name="Sahel Soil Network")
    EditorFactory(user=person, organisation=organisation)
    RevisionFactory(author=person, organisation=organisation, message=f"Write to {EMAIL}")
    ApplicationFactory(applicant=person, description=f"{FIRST} {LAST} applies")
    subscriber = SubscriberFactory(email=EMAIL, user=person, press_review=True)
    Delivery.objects.create(edition=EditionFactory(), subscriber=subscriber)
    with django_capture_on_commit_callbacks(execute=True):
        send_once(f"test:decision:{person.pk}", user=person, template="portal/mail/account_erased", context={})
        send_contact_message(organisation, by=person, message="Could we visit your trial plots?")
    audit.record("proposal.submitted", submitted, by=person, contact=EMAIL)
    audit.record("user.invited", person, by=other)
    activate_totp(person)
    return {
        "call": call,
        "submitted": submitted,
        "draft": draft,
        "theirs": theirs,
        "review": review,
        "organisation": organisation,
    }


# --- The download ---------------------------------------------------------------------------------
def test_my_data_page_offers_the_download_and_the_erasure(person):
    client = Client()
    client.force_login(person)
    page = client.get("/en/my/").content.decode()
    assert "/en/my/data/" in page
    page = client.get("/en/my/data/")
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "Download my data (JSON)" in body and "/en/my/data.json" in body and "/en/my/data/erase/" in body


def test_the_download_holds_every_apps_part_and_nobody_elses(person, other, world):
    client = Client()
    client.force_login(person)
    response = client.get("/en/my/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data-4p1000.json"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)
    account = data["portal"]["account"]
    assert (account["email"], account["first_name"], account["last_name"], account["display_name"]) == (
        EMAIL,
        FIRST,
        LAST,
        DISPLAY,
    )
    assert account["language"] == "fr" and account["date_joined"]
    assert {a["email"] for a in data["portal"]["email_addresses"]} == {EMAIL, OTHER_ADDRESS}
    assert data["portal"]["two_factor"] == {"enabled": True, "methods": ["totp"]}
    assert data["newsletter"]["subscriptions"][0]["weekly_press_review"] is True
    projects = data["projects"]
    assert {p["title"] for p in projects["proposals_owned"]} == {"Mulch for Sahel fields", "A draft never sent"}
    assert [c["proposal"] for c in projects["co_applications"]] == ["Agroforestry in Casamance"]
    assert [r["scores"][0]["score"] for r in projects["reviews_written"]] == [5, 5][: len(projects["reviews_written"])]
    assert data["practices"]["practice_drafts"][0]["content"]["name_en"] == "Zai pits by the author"
    assert data["partners"]["organisations_edited"][0]["organisation"] == "Sahel Soil Network"
    assert data["partners"]["sheet_revisions_proposed"][0]["message"] == f"Write to {EMAIL}"
    assert "Could we visit your trial plots?" in data["partners"]["contact_requests"][0]["message"]
    assert [a["verb"] for a in data["portal"]["actions"]] == ["proposal.submitted"]
    # No one else's personal data, no secrets.
    for foreign in ("bartholomew.other@example.org", "Bartholomew", "Otherington", "cofriend@example.org"):
        assert foreign not in text
    from tests.factories import TEST_TOTP_SECRET

    assert person.password not in text
    assert TEST_TOTP_SECRET not in text and '"secret"' not in text


def test_the_download_is_for_the_signed_in_only_and_logged(person):
    assert Client().get("/en/my/data.json").status_code == 302
    client = Client()
    client.force_login(person)
    client.get("/en/my/data.json")
    line = SecurityEvent.objects.get(kind="export")
    assert (line.user_id, line.path, line.detail) == (person.pk, "/en/my/data.json", {"file": "my-data-4p1000.json"})


# --- The erasure ----------------------------------------------------------------------------------
def test_the_erasure_page_says_what_goes_and_asks_for_the_password(person, world):
    client = Client()
    client.force_login(person)
    page = client.get("/en/my/data/erase/").content.decode()
    assert "What is deleted" in page and "What stays, anonymised" in page and "former reviewer" in page
    wrong = client.post("/en/my/data/erase/", {"password": "not-it", "confirm": "on"})
    assert "This is not your password." in wrong.content.decode()
    unticked = client.post("/en/my/data/erase/", {"password": PASSWORD})
    assert "This field is required." in unticked.content.decode()
    assert User.objects.filter(email=EMAIL).exists() and not mail.outbox[2:]


def test_erasing_my_account(person, world, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(person)
    before = {p.pk: p.weighted_score for p in queries.ranking(world["call"])}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/my/data/erase/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "Your account has been erased." in response.content.decode()
    # Told once, in their language, before the address went.
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert mail.outbox[0].subject == "[4 pour 1000] Votre compte a été supprimé"
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get("/en/my/").status_code == 302  # signed out
    # The row stays (a submitted proposal and reviews point at it), emptied.
    row = User.objects.get(pk=person.pk)
    assert row.email == f"erased-{person.pk}@erased.invalid" and not row.is_active and not row.has_usable_password()
    assert (row.first_name, row.last_name, row.display_name) == ("", "", "") and row.erased_at
    assert str(row) == "Former member" and not row.groups.exists()
    # Proposals: the draft is gone, the submitted one stays for the call; co-application gone.
    assert not Proposal.objects.filter(pk=world["draft"].pk).exists()
    assert Proposal.objects.get(pk=world["submitted"].pk).owner_id == person.pk
    assert not ProposalMember.objects.filter(user_id=person.pk).exists()
    # The review stays with its scores: the ranking does not move.
    assert Score.objects.filter(review=world["review"]).count() == world["review"].scores.count() > 0
    assert {p.pk: p.weighted_score for p in queries.ranking(world["call"])} == before
    assert not PracticeDraft.objects.filter(author_id=person.pk).exists()
    assert not OrganisationEditor.objects.filter(user_id=person.pk).exists()
    assert not MembershipApplication.objects.filter(applicant_id=person.pk).exists()
    assert not Subscriber.objects.filter(email__iexact=EMAIL).exists()
    assert not EmailAddress.objects.filter(user_id=person.pk).exists()
    # The trail: one event without personal data; the security log line.
    event = AuditEvent.objects.get(verb="account.erased")
    assert event.actor is None and event.object_repr == f"#{person.pk}" and event.data["row"] == "anonymised"
    assert SecurityEvent.objects.filter(kind="erasure", detail__account=person.pk).exists()


def test_the_reviewer_is_shown_as_a_former_reviewer(person, world, client_for):
    privacy.erase_account(person, by=person)
    chair = client_for("secretariat")
    page = chair.get(f"/en/review/calls/{world['call'].year}/")
    body = page.content.decode()
    assert "former reviewer" in body and EMAIL not in body


def test_nothing_else_about_them_remains_in_any_text_column(person, world, client, django_capture_on_commit_callbacks):
    """Plant the address and the name wherever a text can hold them, erase, then read every char,
    text and JSON column of every table."""
    # A failed and a successful sign-in (axes and the security log), an admin log line, a contact
    # message through the site's form.
    Client().post("/en/accounts/login/", {"login": EMAIL, "password": "wrong"})
    AccessLog.objects.create(username=EMAIL, ip_address="192.0.2.7", user_agent="test", path_info="/")
    LogEntry.objects.create(
        user=UserFactory(),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=f"{FIRST} {LAST} <{EMAIL}>",
        action_flag=ADDITION,
        change_message=f"Added {EMAIL}",
    )
    Review.objects.filter(pk=world["review"].pk).update(feedback=f"Signed, {FIRST} {LAST}")
    Proposal.objects.filter(pk=world["submitted"].pk).update(summary=f"Led by {FIRST} {LAST} ({EMAIL})")
    needles = [EMAIL, OTHER_ADDRESS, f"{FIRST} {LAST}", DISPLAY]
    planted = _columns_naming(needles)
    for column in (
        "portal.User.email",
        "account.EmailAddress.email",
        "newsletter.Subscriber.email",
        "portal.SentMail.to",
        "portal.SentMail.payload",
        "portal.AuditEvent.data",
        "portal.AuditEvent.object_repr",
        "axes.AccessLog.username",
        "admin.LogEntry.change_message",
        "projects.Review.feedback",
        "projects.Proposal.summary",
        "practices.PracticeDraft.data",
        "partners.SheetRevision.message",
        "partners.MembershipApplication.description",
        "projects.ProposalMember.email",
    ):
        assert column in planted  # the scan sees them before
    privacy.erase_account(person, by=person)
    found = _columns_naming(needles)
    assert found == []
    # What stays is still there, anonymised.
    assert Review.objects.get(pk=world["review"].pk).feedback == "Signed, [former member]"
    assert Proposal.objects.get(pk=world["submitted"].pk).summary == "Led by [former member] ([former member])"
    assert SentMail.objects.filter(key=f"test:decision:{person.pk}", to="", pruned_at__isnull=False).exists()


def _columns_naming(needles):
    """Every "app.Model.field" char, text or JSON column of any table where a row contains a needle."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if field.get_internal_type() not in ("CharField", "TextField", "JSONField", "EmailField", "SlugField"):
                continue
            if type(field).__name__ == "StreamField":
                continue
            condition = Q()
            for needle in needles:
                condition |= Q(**{f"{field.attname}__icontains": needle})
            if model._base_manager.filter(condition).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_an_account_nothing_points_at_is_deleted(django_capture_on_commit_callbacks):
    friend = UserFactory(email="friend.only@example.org", role=roles.FRIEND)
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.erase_account(friend, by=friend) == "deleted"
    assert not User.objects.filter(pk=friend.pk).exists()
    assert [m.to for m in mail.outbox] == [["friend.only@example.org"]]
    assert AuditEvent.objects.get(verb="account.erased").data == {"account": friend.pk, "row": "deleted", "by": "self"}


def test_a_superuser_cannot_erase_themselves():
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    activate_totp(admin)
    assert client.get("/en/my/data/erase/").status_code == 404
    assert "another administrator must first take the role away" in client.get("/en/my/data/").content.decode()
    with pytest.raises(privacy.ErasureRefused):
        privacy.erase_account(admin, by=admin)


def test_the_secretariat_erases_an_account_after_confirming(
    person, world, client_for, django_capture_on_commit_callbacks
):
    staff = client_for("secretariat")
    form = {"action": "erase_accounts", "_selected_action": [person.pk]}
    page = staff.post("/django-admin/portal/user/", form)
    body = page.content.decode()
    assert page.status_code == 200 and EMAIL in body and "This cannot be undone." in body
    assert User.objects.get(pk=person.pk).erased_at is None  # asked first
    with django_capture_on_commit_callbacks(execute=True):
        done = staff.post("/django-admin/portal/user/", {**form, "confirm_erase": "1", "confirm": "on"}, follow=True)
    assert "1 account erased." in done.content.decode()
    assert User.objects.get(pk=person.pk).erased_at is not None
    event = AuditEvent.objects.get(verb="account.erased")
    assert event.actor.email == "secretariat@example.org" and event.data["by"] == "secretariat"


def test_others_cannot_use_the_erase_action(person, client_for):
    reviewer = client_for("partner")
    response = reviewer.post(
        "/django-admin/portal/user/", {"action": "erase_accounts", "_selected_action": [person.pk]}
    )
    assert response.status_code in (302, 403)
    assert User.objects.get(pk=person.pk).erased_at is None


# --- Recorded mails -------------------------------------------------------------------------------
def _sent(key, *, days_ago, to="reader@example.net"):
    with_address = send_once(key, to=to, template="portal/mail/account_erased", context={})
    when = timezone.now() - timedelta(days=days_ago)
    SentMail.objects.filter(pk=with_address.pk).update(queued_at=when, sent_at=when)
    return with_address.pk


def test_old_bodies_are_pruned_and_the_mail_is_still_never_sent_twice(settings):
    settings.MAIL_BODY_RETENTION_DAYS = 30
    old = _sent("test:digest:old", days_ago=31)
    recent = _sent("test:digest:recent", days_ago=2)
    mail.outbox.clear()
    assert privacy.prune() == {"mail_bodies": 1, "security_log": 0}
    pruned = SentMail.objects.get(pk=old)
    assert (pruned.to, pruned.subject, pruned.payload) == ("", "", {})
    assert pruned.key == "test:digest:old" and pruned.sent_at and pruned.pruned_at and len(pruned.recipient) == 32
    assert SentMail.objects.get(pk=recent).to == "reader@example.net"
    assert send_once("test:digest:old", to="reader@example.net", template="portal/mail/account_erased") is None
    assert mail.outbox == [] and SentMail.objects.filter(key="test:digest:old").count() == 1
    assert privacy.prune()["mail_bodies"] == 0  # idempotent


def test_pruning_goes_in_batches(settings):
    from portal.mail import prune_mail_bodies

    for n in range(5):
        _sent(f"test:batch:{n}", days_ago=40)
    assert prune_mail_bodies(batch=2) == 5
    assert not SentMail.objects.filter(pruned_at__isnull=True).exists()


def test_the_daily_task_is_a_beat_row_enqueued_by_name():
    from portal.celery import app

    row = PeriodicTask.objects.get(name="Personal data: prune mail bodies and the security log", enabled=True)
    assert row.task == "portal.tasks.prune_personal_data" and row.task in app.tasks
    assert (row.crontab.hour, row.crontab.minute) == ("3", "40")


def test_erasing_subscribers_removes_their_address_from_recorded_mails():
    reader = SubscriberFactory(email="reader.erased@example.net")
    keep = SubscriberFactory(email="reader.kept@example.net")
    _sent(f"newsletter:press-digest:2026-W10:{reader.pk}", days_ago=1, to=reader.email)
    _sent(f"newsletter:press-digest:2026-W10:{keep.pk}", days_ago=1, to=keep.email)
    assert erase_subscribers(Subscriber.objects.filter(pk=reader.pk)) == 1
    assert not SentMail.objects.filter(
        Q(to__icontains="reader.erased") | Q(payload__icontains="reader.erased")
    ).exists()
    erased = SentMail.objects.get(key=f"newsletter:press-digest:2026-W10:{reader.pk}")
    assert (erased.recipient, erased.subject) == ("", "")
    assert SentMail.objects.get(key=f"newsletter:press-digest:2026-W10:{keep.pk}").to == keep.email
    assert send_once(erased.key, to="reader.erased@example.net", template="portal/mail/account_erased") is None


def test_keys_never_spell_an_address(person, django_capture_on_commit_callbacks):
    from projects.services import _mail

    _mail(None, "portal/mail/account_erased", {}, email="invited.person@example.org")
    assert not SentMail.objects.filter(key__icontains="@").exists()


def test_the_erased_account_loses_its_sessions(person):
    client = Client()
    client.force_login(person)
    key = client.session.session_key
    privacy.erase_account(person, by=person)
    assert not Session.objects.filter(session_key=key).exists()
    assert Assignment.objects.count() == 0  # nothing was made up for them


def _activity(person, n):
    """``n`` of each thing a person can have: proposals, co-applications, reviews, drafts, revisions."""
    call = reviewing_call()
    for i in range(n):
        SubmittedProposalFactory(call=call, owner=person)
        accepted_member(SubmittedProposalFactory(call=call), person)
        submitted_review(AssignmentFactory(proposal=SubmittedProposalFactory(call=call), reviewer=person))
        PracticeDraft.objects.create(author=person, data={"name_en": f"Draft {i}"})
        RevisionFactory(author=person, status="approved", decided_at=timezone.now())
        EditorFactory(user=person)
        audit.record("proposal.submitted", call, by=person)


def test_the_download_costs_the_same_queries_for_little_and_much(person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(person)
    _activity(person, 1)
    client.get("/en/my/data.json")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/my/data.json").status_code == 200
    _activity(person, 4)
    with CaptureQueriesContext(connection) as large:
        data = json.loads(client.get("/en/my/data.json").content)
    assert len(data["projects"]["reviews_written"]) == 5 and len(data["partners"]["organisations_edited"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)
