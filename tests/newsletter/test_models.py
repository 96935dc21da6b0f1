import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from newsletter.models import Delivery, Subscriber

from .factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case():
    SubscriberFactory(email="Ana@Example.net")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriberFactory(email="ana@example.NET")
    assert Subscriber.objects.count() == 1


def test_nobody_is_active_without_recorded_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriberFactory(status=Subscriber.Status.ACTIVE, consent_at=None)
    pending = SubscriberFactory(status=Subscriber.Status.PENDING, consent_at=None)
    assert pending.status == "pending"


def test_one_delivery_per_edition_and_subscriber():
    edition, subscriber = EditionFactory(), SubscriberFactory()
    Delivery.objects.create(edition=edition, subscriber=subscriber)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(edition=edition, subscriber=subscriber)
    assert Delivery.objects.count() == 1


def test_a_sent_delivery_has_its_time():
    edition, subscriber = EditionFactory(), SubscriberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(edition=edition, subscriber=subscriber, status="sent")
    Delivery.objects.create(edition=edition, subscriber=subscriber, status="sent", sent_at=timezone.now())


def test_edition_subject_falls_back_to_english():
    edition = EditionFactory(subject_en="Soil news", subject_es="")
    with translation.override("fr"):
        assert edition.subject.startswith("Nouvelles des sols")
    with translation.override("es"):
        assert edition.subject == "Soil news"
    assert edition.languages() == ["en", "fr"]
