import re

import pytest
from django.core import mail, signing
from django.test import Client

from newsletter import subscriptions
from newsletter.models import Subscriber
from portal.models import Region, Theme

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def _link(body):
    return re.search(r"http://\S+", body).group(0).replace("http://127.0.0.1:8000", "")


@pytest.fixture
def vocab():
    # Vocabularies are data (portal migrations): use the first of each.
    return Theme.objects.first(), Region.objects.first()


def test_sign_up_confirm_stores_consent_and_mails_in_the_chosen_language(
    client, vocab, django_capture_on_commit_callbacks
):
    theme, region = vocab
    page = client.get("/fr/newsletter/subscribe/")
    assert "Abonnez-vous à la lettre d'information" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/newsletter/subscribe/",
            {"email": "Ana@Example.net", "language": "es", "themes": [theme.pk], "regions": [region.pk]},
        )
    assert response.status_code == 302
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.status) == ("Ana@Example.net", "es", "pending")
    assert list(subscriber.themes.all()) == [theme] and list(subscriber.regions.all()) == [region]
    assert subscriber.consent_at is None
    [message] = mail.outbox
    assert message.to == ["Ana@Example.net"]
    assert message.subject == "Confirme su suscripción al boletín de la 4 por 1000"
    assert "ana@example.net" not in _link(message.body).lower()

    confirmed = client.get(_link(message.body), REMOTE_ADDR="203.0.113.9")
    assert "Suscripción confirmada" in confirmed.content.decode()  # the link opens in her language
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert subscriber.consent_at is not None
    assert subscriber.consent_ip == "203.0.113.9"


def test_bad_address_keeps_what_was_typed_and_stores_nothing(client, vocab):
    theme, _region = vocab
    response = client.post(
        "/en/newsletter/subscribe/", {"email": "not-an-address", "language": "fr", "themes": [theme.pk]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert 'value="not-an-address"' in page
    assert re.search(r'value="fr"[^>]*selected', page)
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_expired_link_gets_a_clear_page_and_stays_pending(client, settings, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(status="pending", consent_at=None)
    token = subscriptions.confirm_token(subscriber)
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    response = client.get(f"/en/newsletter/confirm/{token}/")
    assert response.status_code == 400
    assert "The link has expired." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_tampered_link_is_refused(client):
    subscriber = SubscriberFactory(status="pending", consent_at=None)
    token = subscriptions.confirm_token(subscriber)
    response = client.get(f"/en/newsletter/confirm/{token[:-2]}xx/")
    assert "The link is invalid or incomplete." in response.content.decode()
    # An unsubscribe token is not a confirmation token (different salt).
    response = client.get(f"/en/newsletter/confirm/{subscriptions.unsubscribe_token(subscriber)}/")
    assert "The link is invalid or incomplete." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="bo@example.net", status="unsubscribed")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletter/subscribe/", {"email": "BO@example.net", "language": "fr"})
    subscriber.refresh_from_db()
    assert Subscriber.objects.count() == 1
    assert (subscriber.status, subscriber.language) == ("pending", "fr")
    assert mail.outbox[0].subject == "Confirmez votre abonnement à la lettre d'information du 4 pour 1000"
    client.get(_link(mail.outbox[0].body))
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_suppressed_address_gets_no_mail_and_the_page_does_not_say_so(client, django_capture_on_commit_callbacks):
    SubscriberFactory(email="bounced@example.net", status="suppressed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/newsletter/subscribe/", {"email": "bounced@example.net", "language": "en"})
    assert response["Location"].endswith("/newsletter/subscribe/sent/")
    assert mail.outbox == []
    assert Subscriber.objects.get().status == "suppressed"


def test_one_click_unsubscribe_needs_no_login_nor_csrf():
    subscriber = SubscriberFactory(email="cy@example.net")
    token = subscriptions.unsubscribe_token(subscriber)
    assert token.split(":")[0] == subscriber.key.hex  # a random key, not the address nor the row id
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/newsletter/unsubscribe/{token}/")
    assert "Do you want to stop receiving the newsletter" in page.content.decode()
    assert "cy@example.net" not in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "active"  # a GET (link scanners) changes nothing

    response = client.post(f"/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.unsubscribed_at is not None


def test_unsubscribe_with_a_forged_token_changes_nothing():
    subscriber = SubscriberFactory()
    forged = signing.Signer(salt="something-else").sign(subscriber.key.hex)
    response = Client().post(f"/newsletter/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_logged_in_person_manages_their_own_subscription(client_for, role_users):
    from newsletter.models import Subscriber
    from portal.models import Theme

    client = client_for("friend")
    page = client.get("/fr/my/").content.decode()
    assert 'href="/fr/newsletter/mine/"' in page
    assert "Vous ne recevez pas la lettre" in client.get("/fr/newsletter/mine/").content.decode()

    theme = Theme.objects.get(code="agroforestry")
    response = client.post(
        "/fr/newsletter/mine/", {"language": "es", "themes": [theme.pk], "save": ""}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email__iexact="friend@example.org")
    assert subscriber.status == "active" and subscriber.language == "es"
    assert subscriber.consent_at is not None and subscriber.consent_ip == "198.51.100.4"
    assert list(subscriber.themes.all()) == [theme]
    assert subscriber.user == role_users["friend"]

    client.post("/fr/newsletter/mine/", {"unsubscribe": ""})
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_a_suppressed_address_stays_suppressed_from_the_account_page(client_for, role_users):
    from newsletter.models import Subscriber

    Subscriber.objects.create(email="friend@example.org", status="suppressed", language="en")
    client = client_for("friend")
    response = client.post("/en/newsletter/mine/", {"language": "en", "save": ""}, follow=True)
    assert "We cannot send newsletters to this address." in response.content.decode()
    assert Subscriber.objects.get(email="friend@example.org").status == "suppressed"
