import io

import pytest
from django_celery_beat.models import PeriodicTask

from newsletter import demo
from newsletter.models import Edition, Section, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_feeds_the_archive(client):
    demo.seed(1, io.StringIO())
    demo.seed(1, io.StringIO())
    assert Subscriber.objects.count() == 6
    assert Edition.objects.count() == 2
    assert Section.objects.count() == 2
    page = client.get("/es/newsletter/archive/").content.decode()
    assert "Primavera 2026: suelos que almacenan carbono" in page
    assert "reader" not in page


def test_due_deliveries_are_picked_up_every_minute_by_beat():
    row = PeriodicTask.objects.get(name="Newsletter: resume due deliveries", enabled=True)
    assert row.task == "newsletter.tasks.resume_due_deliveries"
    assert (row.interval.every, row.interval.period) == (1, "minutes")
