"""Subscriptions at Discourse's levels, notifications on the site and by mail (once, held back while
the person reads the forum, in their language, or in a daily digest)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from forum import services
from forum.models import ForumProfile, Level, Notification
from portal.models import SentMail

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def later(minutes=11):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_reply_notifies_the_author_on_the_site_and_by_mail_once_in_their_language(
    forum, seasoned, django_capture_on_commit_callbacks
):
    cats, people = forum["categories"], forum["people"]
    pedro, fatou = people["friend2"], people["friend"]  # Pedro reads Spanish
    topic = services.start_topic(
        cats["friends"], by=pedro, title="Semillas de vicia", body="¿Dónde comprar?", language="es"
    )
    services.reply(topic, by=fatou, body="Au marché de Thiès.", language="fr")
    page = client_of(pedro).get("/es/forum/notifications/").content.decode()
    assert "Notificaciones (1 sin leer)" in page and "Semillas de vicia" in page
    assert services.send_due_mails(now=later()) == 0  # Pedro has read it on the site: no mail
    assert Notification.objects.get(user=pedro).mail == "skipped"

    services.reply(topic, by=fatou, body="Ou à Kaolack.", language="fr")
    assert services.send_due_mails(now=timezone.now()) == 0  # not yet: he may come back
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_mails(now=later()) == 1
        assert services.send_due_mails(now=later()) == 0  # never twice
    message = mail.outbox[-1]
    assert message.to == [pedro.email]
    assert message.subject.startswith("Foro: Fatou Friend")
    assert "Ou à Kaolack." in message.body and "/es/forum/t/" in message.body
    assert SentMail.objects.filter(key__startswith="forum.notification.").count() == 1


def test_watchers_hear_of_every_post_and_muted_hear_nothing(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    author, watcher, muted = people["friend"], people["farmer"], people["correspondent"]
    services.set_level(watcher, category=cats["public"], level=Level.WATCHING)
    services.set_level(muted, category=cats["public"], level=Level.MUTED)
    services.profile_for(muted)
    topic = services.start_topic(cats["public"], by=author, title="Biochar doses", body="Ask @elena-corresponsal")
    assert Notification.objects.get(user=watcher).kind == "new_topic"
    assert not Notification.objects.filter(user=muted).exists()
    services.reply(topic, by=people["friend2"], body="Ten tonnes")
    assert Notification.objects.filter(user=watcher, kind="posted").count() == 1
    # A reply to the topic answers its author.
    assert Notification.objects.get(user=author, post__number=2).kind == "replied"
    # A tracking replier is not notified of every post, only when answered.
    services.reply(topic, by=author, body="Thanks")
    assert not Notification.objects.filter(user=people["friend2"]).exists()


def test_mentions_notify_only_people_who_may_read_the_category(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    for key in ("outsider", "friend2"):
        services.profile_for(people[key])
    services.start_topic(
        cats["friends"], by=people["friend"], title="Meeting", body="@oscar-outsider @pedro-amigo come"
    )
    assert list(Notification.objects.values_list("user__email", "kind")) == [("friend2@example.org", "mentioned")]


def test_the_daily_digest_gathers_notifications_in_one_mail(forum, seasoned, django_capture_on_commit_callbacks):
    cats, people = forum["categories"], forum["people"]
    author = people["friend"]
    services.set_digest(author, digest=ForumProfile.Digest.DAILY)
    topic = services.start_topic(cats["public"], by=author, title="Compost teas", body="Worth it?")
    services.reply(topic, by=people["friend2"], body="Yes")
    services.reply(topic, by=people["farmer"], body="No")
    assert services.send_due_mails(now=later()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_daily_digests() == 1
        assert services.send_daily_digests() == 0
    digest = mail.outbox[-1]
    assert digest.subject == "Forum: 2 new notifications" and digest.body.count("Compost teas") == 2


def test_topic_level_form_changes_the_level(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["public"], by=people["friend"], title="Levels test", body="x")
    client_of(people["farmer"]).post(f"/en/forum/t/{topic.pk}/subscription/", {"level": "3"})
    assert services.topic_level(people["farmer"], topic) == Level.WATCHING
    page = client_of(people["farmer"]).get(topic.get_absolute_url()).content.decode()
    assert '<option value="3" selected>Watching</option>' in page


def test_moderators_are_mailed_about_a_post_hidden_by_flags(
    forum, seasoned, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_FLAGS_TO_HIDE = 1
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["region"], by=people["outsider"], title="Cheap seeds", body="Buy")
    services.flag(topic.posts.get(), by=people["friend"], reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_mails(now=later())
    mailed = sorted(m.to[0] for m in mail.outbox)
    assert mailed == ["corr@example.org", "sec@example.org"]
    assert mail.outbox[0].subject == "Forum: A post was hidden after flags — Cheap seeds"
    # A second look at the same post changes nothing (already hidden).
    client_of(people["secretariat"]).post(f"/en/forum/p/{topic.posts.get().pk}/moderate/", {"action": "hide"})
    response = client_of(people["secretariat"]).post(
        f"/en/forum/p/{topic.posts.get().pk}/moderate/", {"action": "approve"}, follow=True
    )
    assert "This post has changed meanwhile: Hidden by a moderator." in response.content.decode()
