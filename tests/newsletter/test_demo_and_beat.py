import io

import pytest
from django_celery_beat.models import PeriodicTask

from newsletter import demo
from newsletter.models import Edition, NewsletterPage, Section, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_feeds_the_archive(client):
    demo.seed(1, io.StringIO())
    demo.seed(1, io.StringIO())
    assert Subscriber.objects.count() == 6
    assert Edition.objects.count() == 3
    assert Section.objects.count() == 2
    # The edition composed in the CMS: one page per language, sent by interest.
    assert NewsletterPage.objects.filter(live=True, alias_of__isnull=True).count() == 3
    cms = Edition.objects.get(page__isnull=False)
    assert cms.by_interest and cms.status == "sent"
    page = client.get("/es/newsletter/archive/").content.decode()
    assert "Primavera 2026: suelos que almacenan carbono" in page
    assert "Otoño 2026: terrazas, cultivos de cobertura y el Sahel" in page
    assert "reader" not in page
    page = client.get(f"/fr/newsletter/archive/{cms.key}/").content.decode()
    assert "Semer un couvert après la récolte" in page and "Sahel : un réseau régional est né" in page


def test_due_deliveries_are_picked_up_every_minute_by_beat():
    row = PeriodicTask.objects.get(name="Newsletter: resume due deliveries", enabled=True)
    assert row.task == "newsletter.tasks.resume_due_deliveries"
    assert (row.interval.every, row.interval.period) == (1, "minutes")
