"""Who reads, posts and moderates where; private categories leak nowhere."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from forum import services
from forum.models import Category, Notification

from .conftest import PLANTED

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_scopes_are_checked_by_the_database(forum):
    for bad in ("everyone", "college:", "region:Europe!", "college:farmers;drop"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Category.objects.create(slug=f"bad-{len(bad)}", name="Bad", read_scope=bad, post_scope="member")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(slug="bad-post", name="Bad", read_scope="public", post_scope="public")
    assert not Category.objects.filter(slug__startswith="bad").exists()


def test_private_categories_are_404_and_unlisted_for_outsiders(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    index = client_of(people["outsider"]).get("/en/forum/").content.decode()
    assert (
        "Cover crops" in index
        and "Friends&#x27; corner" not in index
        and "Farmers" not in index
        and "Secretariat</strong>" not in index
    )
    assert client_of(people["outsider"]).get("/en/forum/c/college-farmers/").status_code == 404
    assert client_of(None).get("/en/forum/c/friends/").status_code == 404
    assert client_of(people["friend"]).get("/en/forum/c/college-farmers/").status_code == 404
    page = client_of(people["farmer"]).get("/en/forum/c/college-farmers/")
    assert page.status_code == 200 and "Start a topic" in page.content.decode()
    friends = client_of(people["friend"]).get("/en/forum/").content.decode()
    assert "Friends&#x27; corner" in friends
    # Reading is not posting: an outsider cannot open a topic in the Friends' corner.
    assert (
        client_of(people["outsider"])
        .post("/en/forum/c/friends/new/", {"title": "Hello there", "body": "x", "language": "en"})
        .status_code
        == 404
    )
    assert not cats["friends"].topics.exists()


def test_a_planted_string_in_a_private_category_reaches_no_outsider(
    forum, seasoned, settings, django_capture_on_commit_callbacks
):
    """Pages, lists, search, notifications, mail and mention suggestions of someone outside."""
    settings.FORUM_MAIL_AFTER_MINUTES = 0
    cats, people = forum["categories"], forum["people"]
    farmer, outsider, friend = people["farmer"], people["outsider"], people["friend"]
    services.profile_for(outsider)
    services.profile_for(friend)
    services.set_level(outsider, category=cats["public"], level=3)
    # The farmer mentions the outsider and the friend in the college's private category.
    topic = services.start_topic(
        cats["college"],
        by=farmer,
        title=f"Plan {PLANTED}",
        body=f"{PLANTED} @oscar-outsider @fatou-friend",
        language="en",
    )
    assert not Notification.objects.filter(user__in=[outsider, friend]).exists()
    # Someone the outsider may read about mails them too, so the outbox is not empty by accident.
    services.start_topic(cats["public"], by=friend, title="Open topic", body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_mails(now=timezone.now() + timedelta(minutes=1))
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert all(PLANTED not in m.body and PLANTED not in m.subject for m in mail.outbox)
    client = client_of(outsider)
    for url in (
        "/en/forum/",
        "/en/forum/c/cover-crops/",
        "/en/forum/search/?q=Zanzibar",
        "/en/forum/search/?q=confidential",
        "/en/forum/search/?q=Plan",
        "/en/forum/notifications/",
        "/en/my/",
    ):
        response = client.get(url)
        assert PLANTED not in response.content.decode(), url
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get("/en/forum/mentions/?category=college-farmers&q=aw").status_code == 404
    # Inside, it is found.
    assert PLANTED in client_of(farmer).get("/en/forum/search/?q=Zanzibar").content.decode()


def test_mention_suggestions_offer_only_people_who_may_read_the_category(forum):
    people = forum["people"]
    for key in ("farmer", "friend", "outsider"):
        services.profile_for(people[key])
    services.profile_for(people["friend2"])
    answer = client_of(people["friend"]).get("/en/forum/mentions/?category=friends&q=pe").json()
    assert answer["results"] == [{"handle": "pedro-amigo", "name": "Pedro Amigo"}]
    answer = client_of(people["friend"]).get("/en/forum/mentions/?category=friends&q=os").json()
    assert answer["results"] == []  # Oscar is no Friend
    answer = client_of(people["friend"]).get("/en/forum/mentions/?category=cover-crops&q=os").json()
    assert answer["results"] == [{"handle": "oscar-outsider", "name": "Oscar Outsider"}]


def test_moved_topic_takes_its_notifications_out_of_reach(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    services.profile_for(people["outsider"])
    topic = services.start_topic(
        cats["public"], by=people["friend"], title="Soon private", body=f"{PLANTED} hi @oscar-outsider"
    )
    assert Notification.objects.filter(user=people["outsider"]).count() == 1
    services.move(topic, by=people["secretariat"], category=cats["secretariat"])
    page = client_of(people["outsider"]).get("/en/forum/notifications/").content.decode()
    assert PLANTED not in page and "Soon private" not in page
    assert "Notifications (0 unread)" in page


def test_correspondents_moderate_their_region_only(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    europe = services.start_topic(
        cats["region"], by=people["friend"], title="Haies en Bretagne", body="Texte", language="fr"
    )
    other = services.start_topic(cats["public"], by=people["friend"], title="Elsewhere topic", body="Text")
    corr = client_of(people["correspondent"])
    assert corr.post(f"/en/forum/p/{europe.posts.get().pk}/moderate/", {"action": "hide"}).status_code == 302
    assert europe.posts.get().status == "hidden"
    assert corr.post(f"/en/forum/p/{other.posts.get().pk}/moderate/", {"action": "hide"}).status_code == 404
    assert other.posts.get().status == "published"
    log = corr.get("/en/forum/moderation/log/").content.decode()
    assert "Haies en Bretagne" in log and "Elsewhere topic" not in log
