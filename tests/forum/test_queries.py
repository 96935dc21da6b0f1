"""The category, topic, index, search and notification pages cost the same number of queries at two sizes."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from forum import attachments, services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _image():
    out = BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, "PNG")
    return attachments.check(SimpleUploadedFile("x.png", out.getvalue()))


def _grow(forum, start, stop):
    cats, people = forum["categories"], forum["people"]
    for i in range(start, stop):
        author = UserFactory(display_name=f"Writer {i}")
        topic = services.start_topic(
            cats["public"], by=author, title=f"Topic number {i}", body=f"Body {i} @fatou-friend"
        )
        services.reply(topic, by=people["friend2"], body="A reply", files=[_image()])
    main = cats["public"].topics.order_by("pk").first()
    for i in range(start, stop):
        services.reply(main, by=UserFactory(display_name=f"Replier {i}"), body=f"Reply {i}", files=[_image()])
    return main


def _count(client, url):
    client.get(url)  # warm caches (site, navigation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("path", ["category", "topic", "index", "search", "notifications"])
def test_pages_cost_the_same_at_two_sizes(forum, seasoned, path):
    people = forum["people"]
    services.profile_for(people["friend"])
    client = Client()
    client.force_login(people["friend"])
    counts = []
    for start, stop in ((0, 2), (2, 8)):
        main = _grow(forum, start, stop)
        url = {
            "category": "/en/forum/c/cover-crops/",
            "topic": main.get_absolute_url(),
            "index": "/en/forum/",
            "search": "/en/forum/search/?q=reply",
            "notifications": "/en/forum/notifications/",
        }[path]
        count, page = _count(client, url)
        counts.append(count)
    seen = {
        "category": "Topic number 7",
        "topic": "Reply 7",
        "index": "8 topics",
        "search": "16 posts found",
        "notifications": "Writer 7",
    }
    assert seen[path] in page
    assert counts[0] == counts[1], counts
