"""Contact this partner: through the portal, logged in, rate-limited, the address never shown."""

import pytest
from django.core import mail
from django.test import Client

from partners import services
from portal.models import SentMail

from ..factories import UserFactory
from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Hello, we would like to work with you on agroforestry trials in Burkina Faso."


@pytest.fixture
def sender():
    user = UserFactory(email="sender@example.org", first_name="Awa", last_name="Traoré")
    client = Client()
    client.force_login(user)
    return client


def test_message_reaches_the_partner_without_revealing_the_address(sender, django_capture_on_commit_callbacks):
    OrganisationFactory(slug="target", name="Target Lab", contact_email="private@target.example")
    page = sender.get("/en/partners/target/contact/").content.decode()
    assert "private@target.example" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = sender.post("/en/partners/target/contact/", {"message": MESSAGE}, follow=True)
    page = response.content.decode()
    assert "Your message was sent to Target Lab." in page
    assert "private@target.example" not in page
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["private@target.example"] and sent.reply_to == ["sender@example.org"]
    assert MESSAGE in sent.body and "Awa Traoré" in sent.body
    assert sent.subject == "[4 per 1000] A message about Target Lab through the 4 per 1000 portal"
    # Recorded by the mail engine (retried if the SMTP server fails, never sent twice).
    [record] = SentMail.objects.filter(key__startswith="partners:contact:")
    assert record.to == "private@target.example" and record.sent_at is not None


def test_an_empty_post_shows_what_is_missing(sender, django_capture_on_commit_callbacks):
    # An empty QueryDict is falsy: `request.POST or None` left the form unbound and the page came back silent.
    OrganisationFactory(slug="target", name="Target Lab", contact_email="private@target.example")
    with django_capture_on_commit_callbacks(execute=True):
        page = sender.post("/en/partners/target/contact/", {}).content.decode()
    assert "This field is required." in page
    assert mail.outbox == []


def test_anonymous_visitors_must_log_in(client):
    OrganisationFactory(slug="target")
    response = client.post("/en/partners/target/contact/", {"message": MESSAGE})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert mail.outbox == []


def test_unpublished_organisations_cannot_be_contacted(sender, django_capture_on_commit_callbacks):
    OrganisationFactory(slug="hidden", name="Hidden Lab", published=False, contact_email="hidden@lab.example")
    page = sender.get("/en/partners/hidden/contact/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode() and "Hidden Lab" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = sender.post("/en/partners/hidden/contact/", {"message": MESSAGE})
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert mail.outbox == [] and not SentMail.objects.exists()


def test_too_many_messages_are_refused_and_the_text_is_kept(sender, django_capture_on_commit_callbacks):
    OrganisationFactory(slug="target")
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(services.CONTACT_LIMIT):
            sender.post("/en/partners/target/contact/", {"message": MESSAGE})
        page = sender.post("/en/partners/target/contact/", {"message": MESSAGE + " Sixth."}).content.decode()
    assert "You have sent many messages in the last hour" in page
    assert "Sixth." in page
    assert len(mail.outbox) == services.CONTACT_LIMIT


def test_a_too_short_message_is_refused(sender):
    OrganisationFactory(slug="target")
    page = sender.post("/en/partners/target/contact/", {"message": "hi"}).content.decode()
    assert "Ensure this value has at least 20 characters" in page
    assert mail.outbox == []
