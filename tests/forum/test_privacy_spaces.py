import json

import pytest
from django.test import Client

from forum import privacy, services, spaces
from forum.models import Notification, Post
from portal.spaces import Space

pytestmark = pytest.mark.django_db


def test_export_and_erase_keep_the_posts_anonymised(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    leaving = people["friend"]
    topic = services.start_topic(cats["public"], by=leaving, title="Terraces", body="Stone walls keep the soil")
    services.reply(topic, by=people["friend2"], body="Thanks")
    data = privacy.export(leaving)
    json.dumps(data)
    assert data["posts"][0]["text"] == "Stone walls keep the soil" and data["profile"]["handle"] == "fatou-friend"
    privacy.erase(leaving, by=people["secretariat"])
    leaving.delete()
    post = Post.objects.get(number=1)
    assert post.author is None and post.body == "Stone walls keep the soil"
    assert not Notification.objects.filter(user_id=leaving.pk).exists()
    page = Client().get(topic.get_absolute_url()).content.decode()
    assert "Former member" in page and "Fatou" not in page


def test_space_panels_list_the_spaces_categories_to_those_who_may_read_them(forum):
    people = forum["people"]
    college = Space(kind="college", code="farmers", label="Farmers")
    [panel] = spaces.panels(college, people["farmer"])
    assert [c.slug for c in panel.context["categories"]] == ["college-farmers"]
    assert spaces.panels(college, people["secretariat"])[0].context["categories"][0].slug == "college-farmers"
    region = Space(kind="region", code="europe", label="Europe")
    assert [c.slug for c in spaces.panels(region, people["outsider"])[0].context["categories"]] == ["region-europe"]
