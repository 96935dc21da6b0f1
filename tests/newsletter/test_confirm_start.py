"""Starting a send is never a single click: a confirmation page says who will be mailed first, and on the
embedded default the send runs in the background so the page answers at once."""

import re
import time

import pytest
from django.core import mail

from newsletter.models import Delivery, Edition
from portal.models import Region, Theme

from .factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _row(page, label):
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>(\d+)</td>", page)
    return int(match.group(1)) if match else None


def test_the_start_button_answers_with_the_confirmation_and_mails_nobody(client_for):
    edition = EditionFactory()
    SubscriberFactory.create_batch(2, language="fr")
    SubscriberFactory(language="es")
    SubscriberFactory(language="en", status="pending", consent_at=None)
    secretariat = client_for("secretariat")
    response = secretariat.post(f"/en/newsletter/editions/{edition.pk}/action/", {"action": "start"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/newsletter/editions/{edition.pk}/start/"
    assert "This edition will be mailed to 3 subscribers." in page
    assert (_row(page, "French"), _row(page, "Spanish"), _row(page, "English")) == (2, 1, 0)
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert Delivery.objects.count() == 0 and mail.outbox == []


def test_the_confirmation_of_an_edition_by_interest_counts_each_interest(client_for):
    edition = EditionFactory(by_interest=True)
    agroforestry = Theme.objects.get(code="agroforestry")
    europe = Region.objects.get(code="europe")
    SubscriberFactory().themes.add(agroforestry)
    both = SubscriberFactory()
    both.themes.add(agroforestry)
    both.regions.add(europe)
    SubscriberFactory(language="fr")
    page = client_for("secretariat").get(f"/en/newsletter/editions/{edition.pk}/start/").content.decode()
    assert _row(page, agroforestry.label) == 2
    assert _row(page, europe.label) == 1
    assert "Subscribers who chose no interest (they get every section): 1" in page


def test_the_confirmation_is_in_french_too(client_for):
    edition = EditionFactory()
    SubscriberFactory()
    page = client_for("secretariat").get(f"/fr/newsletter/editions/{edition.pk}/start/").content.decode()
    assert "Cette édition sera envoyée à 1 abonné." in page


def test_confirming_starts_the_send(client_for, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    SubscriberFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("secretariat").post(f"/en/newsletter/editions/{edition.pk}/start/", follow=True)
    assert "Sending has started." in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == "sent"
    assert [m.subject for m in mail.outbox] == [edition.subject_fr]


def test_a_started_edition_has_no_confirmation_to_give(client_for):
    edition = EditionFactory()
    Edition.objects.filter(pk=edition.pk).update(status="cancelled")
    response = client_for("secretariat").post(f"/en/newsletter/editions/{edition.pk}/start/", follow=True)
    assert "This cannot be done while the edition is cancelled." in response.content.decode()
    assert Delivery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_on_the_embedded_default_the_send_runs_after_the_page_answered(client_for, settings):
    settings.EAGER_SENDS_IN_BACKGROUND = True
    settings.NEWSLETTER_RATE_PER_SECOND = 20
    edition = EditionFactory()
    SubscriberFactory.create_batch(30)
    secretariat = client_for("secretariat")
    response = secretariat.post(f"/en/newsletter/editions/{edition.pk}/start/")
    assert response.status_code == 302
    first = secretariat.get(f"/en/newsletter/editions/{edition.pk}/progress.json").json()
    assert first["status"] == "sending" and first["remaining"] > 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        last = secretariat.get(f"/en/newsletter/editions/{edition.pk}/progress.json").json()
        if last["status"] == "sent":
            break
        time.sleep(0.2)
    assert last["status"] == "sent" and last["sent"] == 30
    assert len(mail.outbox) == 30
