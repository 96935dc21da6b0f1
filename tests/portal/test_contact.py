"""The contact page: a form to the secretariat, mailed once, rate-limited, nothing lost on error."""

import pytest
from django.core import mail
from django.core.cache import cache

from portal.models import SentMail
from portal.views import CONTACT_LIMIT

MESSAGE = {
    "name": "Awa Ndiaye",
    "email": "awa@example.org",
    "subject": "Joining as a farmers' union",
    "message": "How does our union join the Initiative?",
    "website": "",
}


@pytest.fixture
def contact(cms_pages):
    cache.clear()
    return "/en/contact/"


def test_a_message_reaches_the_secretariat_once(client, contact, django_capture_on_commit_callbacks):
    assert 'name="message"' in client.get(contact).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact, MESSAGE, follow=True)
    assert response.redirect_chain[-1][0] == contact
    assert "Thank you: we will answer soon." in response.content.decode()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["secretariat@demo.test"] and sent.reply_to == ["awa@example.org"]
    assert "Joining as a farmers' union" in sent.subject and "How does our union join the Initiative?" in sent.body
    assert SentMail.objects.filter(to="secretariat@demo.test", sent_at__isnull=False).count() == 1


def test_errors_keep_what_was_typed(client, contact):
    response = client.post(contact, {**MESSAGE, "email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Awa Ndiaye"' in html and "How does our union join the Initiative?</textarea>" in html
    assert "Enter a valid email address." in html
    assert not SentMail.objects.exists()


def test_errors_are_in_the_readers_language(client, contact):
    html = client.post("/es/contacto/", {**MESSAGE, "subject": ""}).content.decode()
    assert "Este campo es necesario." in html and 'value="Awa Ndiaye"' in html


def test_too_many_messages_from_one_address_are_refused_and_the_text_kept(client, contact):
    for n in range(CONTACT_LIMIT):
        assert client.post(contact, {**MESSAGE, "subject": f"Question {n}"}).status_code == 302
    response = client.post(contact, {**MESSAGE, "subject": "One more"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Too many messages from your connection" in html and 'value="One more"' in html
    assert SentMail.objects.count() == CONTACT_LIMIT


def test_robots_filling_the_trap_field_send_nothing(client, contact):
    response = client.post(contact, {**MESSAGE, "website": "http://spam.example"})
    assert response.status_code == 400 and not SentMail.objects.exists()
