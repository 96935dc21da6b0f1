"""Writing in the forum: formatting, approval of a new account's first posts, limits, flags, hidden
posts, answers, history, attachments."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from forum import formatting, services
from forum.models import Attachment, ModerationLog, Notification, Post, PostRevision
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_formatting_keeps_a_safe_subset():
    html = formatting.render(
        "Hi **all** <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) "
        "see https://fao.org/soils.\n\n> quoted\n\n@amina",
        {"amina"},
    )
    assert "<strong>all</strong>" in html and "<blockquote>" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://fao.org/soils" rel="nofollow ugc noopener noreferrer">' in html
    assert '<span class="mention">@amina</span>' in html
    assert formatting.mentions("@Amina, @bob and `@code` a@b.org") == ["amina", "bob"]


def test_a_new_accounts_first_posts_wait_for_a_moderator_and_never_show_to_members(forum):
    cats, people = forum["categories"], forum["people"]
    newcomer = people["outsider"]
    response = client_of(newcomer).post(
        "/en/forum/c/cover-crops/new/", {"title": "Cheap fertiliser here", "body": "Buy now", "language": "en"}
    )
    topic = cats["public"].topics.get()
    assert topic.status == "pending" and response["Location"] == topic.get_absolute_url()
    # The author sees it with a notice; another member does not see it at all; moderators are told.
    mine = client_of(newcomer).get(topic.get_absolute_url()).content.decode()
    assert "Buy now" in mine and "only you and the moderators see it for now" in mine
    assert client_of(people["friend"]).get(topic.get_absolute_url()).status_code == 404
    assert "Cheap fertiliser" not in client_of(people["friend"]).get("/en/forum/c/cover-crops/").content.decode()
    assert Notification.objects.filter(user=people["secretariat"], kind="pending", post__topic=topic).exists()
    queue = client_of(people["secretariat"]).get("/en/forum/moderation/").content.decode()
    assert "Cheap fertiliser here" in queue and "Buy now" in queue
    desk = client_of(people["secretariat"]).get("/en/my/").content.decode()
    assert "Forum posts waiting for approval" in desk
    # Approved: visible to all.
    client_of(people["secretariat"]).post(f"/en/forum/p/{topic.posts.get().pk}/moderate/", {"action": "approve"})
    assert "Buy now" in client_of(people["friend"]).get(topic.get_absolute_url()).content.decode()
    assert ModerationLog.objects.filter(action="approve", topic=topic).exists()
    assert AuditEvent.objects.filter(verb="forum.approve").exists()


def test_new_accounts_have_limits_and_keep_what_they_typed(forum, settings):
    settings.FORUM_APPROVE_FIRST_POSTS = 0
    people = forum["people"]
    body = "See https://a.example https://b.example https://c.example"
    response = client_of(people["outsider"]).post(
        "/en/forum/c/cover-crops/new/", {"title": "Three links", "body": body, "language": "en"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "As a new member you may put at most 2 links in a post; please remove some." in page
    assert "https://c.example</textarea>" in page and 'value="Three links"' in page
    assert not Post.objects.exists()
    settings.FORUM_NEW_MAX_POSTS_PER_DAY = 1
    services.start_topic(forum["categories"]["public"], by=people["outsider"], title="One a day", body="First")
    response = client_of(people["outsider"]).post(
        "/en/forum/c/cover-crops/new/", {"title": "Second today", "body": "Again", "language": "en"}
    )
    assert "As a new member you may write 1 post a day; please come back tomorrow." in response.content.decode()


def test_a_post_flagged_by_three_members_is_hidden_and_reaches_the_moderators(forum, seasoned, settings):
    settings.FORUM_FLAGS_TO_HIDE = 2
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["region"], by=people["outsider"], title="Spam in Europe", body="Visit my shop")
    post = topic.posts.get()
    client_of(people["friend"]).post(f"/en/forum/p/{post.pk}/flag/", {"reason": "spam"})
    post.refresh_from_db()
    assert post.status == "published"
    queue = client_of(people["correspondent"]).get("/en/forum/moderation/").content.decode()
    assert "Spam in Europe" in queue and "1 flag" in queue
    again = client_of(people["friend"]).post(f"/en/forum/p/{post.pk}/flag/", {"reason": "spam"}, follow=True)
    assert "You have already flagged this post." in again.content.decode()
    client_of(people["friend2"]).post(f"/en/forum/p/{post.pk}/flag/", {"reason": "inappropriate", "note": "advert"})
    post.refresh_from_db()
    assert post.status == "flagged"
    assert Notification.objects.filter(kind="flagged", post=post, user=people["correspondent"]).exists()
    assert Notification.objects.filter(kind="flagged", post=post, user=people["secretariat"]).exists()
    # Hidden for every member but its author and the moderators, in every list and in search.
    friend = client_of(people["friend"])
    assert friend.get(topic.get_absolute_url()).status_code == 404
    assert "Spam in Europe" not in friend.get("/en/forum/c/region-europe/").content.decode()
    assert "Spam in Europe" not in friend.get("/en/forum/search/?q=shop").content.decode()
    moderator_view = client_of(people["correspondent"]).get(topic.get_absolute_url()).content.decode()
    assert "Visit my shop" in moderator_view and "Hidden after flags, waiting for a moderator" in moderator_view
    # The moderator looks and hides it for good; the flags are settled.
    client_of(people["correspondent"]).post(f"/en/forum/p/{post.pk}/moderate/", {"action": "hide"})
    post.refresh_from_db()
    assert post.status == "hidden" and not post.flags.filter(resolved_at__isnull=True).exists()
    assert "Spam in Europe" not in client_of(people["correspondent"]).get("/en/forum/moderation/").content.decode()


def test_hidden_replies_never_show_to_members(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["public"], by=people["friend"], title="Mulching rice straw", body="How thick?")
    bad = services.reply(topic, by=people["outsider"], body="Hidden-reply-text")
    services.hide(bad, by=people["secretariat"])
    for key in ("friend", "friend2", "farmer", "correspondent"):
        assert "Hidden-reply-text" not in client_of(people[key]).get(topic.get_absolute_url()).content.decode(), key
    assert "Hidden-reply-text" in client_of(people["secretariat"]).get(topic.get_absolute_url()).content.decode()
    assert "0 replies" in client_of(people["friend"]).get("/en/forum/c/cover-crops/").content.decode()


def test_the_topic_author_marks_a_reply_as_the_answer_others_cannot(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["public"], by=people["friend"], title="Which cover crop?", body="Dry area")
    answer = services.reply(topic, by=people["friend2"], body="Pigeon pea")
    refused = client_of(people["outsider"]).post(f"/en/forum/p/{answer.pk}/answer/")
    topic.refresh_from_db()
    assert refused.status_code == 403 and topic.answer is None
    client_of(people["friend"]).post(f"/en/forum/p/{answer.pk}/answer/")
    topic.refresh_from_db()
    assert topic.answer == answer
    assert Notification.objects.filter(user=people["friend2"], kind="answer").exists()
    assert "Go to the answer" in client_of(people["outsider"]).get(topic.get_absolute_url()).content.decode()


def test_edits_keep_a_history_that_only_moderators_read(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["region"], by=people["friend"], title="Hedges", body="Original words")
    post = topic.posts.get()
    client_of(people["friend"]).post(f"/en/forum/p/{post.pk}/edit/", {"title": "Hedges in Europe", "body": "New words"})
    post.refresh_from_db()
    assert post.body == "New words" and PostRevision.objects.get(post=post).body == "Original words"
    assert client_of(people["friend"]).get(f"/en/forum/p/{post.pk}/history/").status_code == 404
    history = client_of(people["correspondent"]).get(f"/en/forum/p/{post.pk}/history/").content.decode()
    assert "Original words" in history and "New words" in history
    # Another member may not edit it.
    assert client_of(people["friend2"]).post(f"/en/forum/p/{post.pk}/edit/", {"body": "Vandal"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "New words"


def _png(size=(40, 30)):
    out = BytesIO()
    Image.new("RGB", size, (120, 90, 40)).save(out, "PNG")
    return out.getvalue()


def test_attachments_are_checked_by_content_and_served_to_readers_only(forum, seasoned):
    people = forum["people"]
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", content_type="image/png")
    response = client_of(people["farmer"]).post(
        "/en/forum/c/college-farmers/new/", {"title": "Field photos", "body": "See", "language": "en", "files": [fake]}
    )
    assert "photo.png is not an image (JPEG, PNG, WebP) or a PDF." in response.content.decode()
    files = [
        SimpleUploadedFile("field.png", _png(), content_type="image/png"),
        SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf"),
    ]
    client_of(people["farmer"]).post(
        "/en/forum/c/college-farmers/new/", {"title": "Field photos", "body": "See", "language": "en", "files": files}
    )
    image, pdf = Attachment.objects.order_by("pk")
    assert image.kind == "png" and (image.width, image.height) == (40, 30) and "field" not in image.file.name
    assert pdf.kind == "pdf"
    served = client_of(people["farmer"]).get(f"/en/forum/attachments/{image.pk}/")
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert client_of(people["friend"]).get(f"/en/forum/attachments/{image.pk}/").status_code == 404


def test_a_too_large_file_is_refused(forum, seasoned, settings):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200, content_type="application/pdf")
    response = client_of(forum["people"]["friend"]).post(
        "/en/forum/c/cover-crops/new/", {"title": "A big file", "body": "Text kept", "language": "en", "files": [big]}
    )
    assert "big.pdf is too large: files may be up to 100" in response.content.decode()
    assert "Text kept</textarea>" in response.content.decode()


def test_moderators_lock_pin_and_move(forum, seasoned):
    cats, people = forum["categories"], forum["people"]
    topic = services.start_topic(cats["public"], by=people["friend"], title="Lock me", body="x")
    sec = client_of(people["secretariat"])
    sec.post(f"/en/forum/t/{topic.pk}/moderate/", {"action": "lock"})
    sec.post(f"/en/forum/t/{topic.pk}/moderate/", {"action": "pin"})
    topic.refresh_from_db()
    assert topic.locked and topic.pinned
    refused = client_of(people["friend2"]).post(f"/en/forum/t/{topic.pk}/reply/", {"body": "late", "language": "en"})
    assert refused.status_code == 404 and topic.posts.count() == 1
    sec.post(f"/en/forum/t/{topic.pk}/move/", {"category": cats["region"].pk})
    topic.refresh_from_db()
    assert topic.category == cats["region"]
    assert (
        client_of(people["friend"]).post(f"/en/forum/t/{topic.pk}/moderate/", {"action": "unlock"}).status_code == 404
    )
    assert [row.action for row in ModerationLog.objects.filter(topic=topic).order_by("pk")] == [
        "lock",
        "pin",
        "move",
        "move",
    ]
