"""A submitted practice draft tells its reviewers (the secretariat), once per submission, in their language."""

import pytest
from django.core import mail

from portal import roles
from practices import services
from tests.factories import UserFactory

from .factories import sheet

pytestmark = pytest.mark.django_db


def test_a_submitted_draft_mails_each_reviewer_once_in_their_language(role_users, django_capture_on_commit_callbacks):
    UserFactory(email="revisora@example.org", language="es", role=roles.SECRETARIAT)
    author = role_users["friend"]
    draft = services.save_draft(author=author, data=sheet(name_en="Mulching with banana leaves"))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_draft(draft, by=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_draft(draft, by=author)  # submitted again while waiting: nobody is mailed twice
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {role_users["secretariat"].email, "revisora@example.org"} and len(mail.outbox) == 2
    english = sent[role_users["secretariat"].email]
    assert english.subject.endswith("A practice draft to review: Mulching with banana leaves")
    assert f"/en/practices/review/{draft.pk}/" in english.body
    assert "Un borrador de práctica por revisar" in sent["revisora@example.org"].subject
    assert "/es/practices/review/" in sent["revisora@example.org"].body


def test_a_draft_returned_and_submitted_again_mails_again(role_users, django_capture_on_commit_callbacks):
    author = role_users["friend"]
    draft = services.save_draft(author=author, data=sheet(name_en="Mulching"))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_draft(draft, by=author)
        services.return_draft(draft, by=role_users["secretariat"], comment="Add a reference.")
    mail.outbox.clear()
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_draft(draft, by=author)
    assert [m.to[0] for m in mail.outbox] == [role_users["secretariat"].email]
