"""Rows of the forum. A category filed under a scope is a 404 for everyone outside it (the Friends'
corner here); moderation pages and actions are the secretariat's (correspondents moderate their
region's categories: tests/forum/test_access.py); editing and flagging a post the person sees but may
not act on is a 403."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok, redirect

FORBIDDEN = Expect(403, "403 Forbidden")
TOPIC_TITLE = "Mulching straw on rice terraces"


def setup(data):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings
    from PIL import Image

    from forum import attachments, services
    from forum.models import Category

    users = data["users"]
    public = Category.objects.create(
        slug="matrix-public", name="Matrix public category", read_scope="public", post_scope="member"
    )
    friends = Category.objects.create(
        slug="matrix-friends", name="Matrix Friends corner", read_scope="friend", post_scope="friend"
    )
    with override_settings(FORUM_APPROVE_FIRST_POSTS=0, FORUM_NEW_ACCOUNT_POSTS=0):
        topic = services.start_topic(public, by=users["friend"], title=TOPIC_TITLE, body="How thick a layer?")
        reply = services.reply(topic, by=users["applicant"], body="Five centimetres.")
        image = BytesIO()
        Image.new("RGB", (20, 10), (90, 120, 40)).save(image, "PNG")
        checked = attachments.check(SimpleUploadedFile("terrace.png", image.getvalue()))
        private = services.start_topic(
            friends, by=users["friend"], title="Friends only topic", body="Among Friends", files=[checked]
        )
    first = topic.posts.get(number=1)
    services.edit_post(first, by=users["friend"], body="How thick a layer of straw?")
    return {
        "forum_topic": topic,
        "forum_first": first,
        "forum_reply": reply,
        "forum_attachment": private.posts.get().attachments.get(),
    }


def _secretariat_only(expect):
    return {"anonymous": LOGIN, "secretariat": expect}


def _moderators(expect):
    """The secretariat, and the matrix's correspondent: tests/matrix/community.py makes them the
    correspondent of Oceania, so they moderate that region's categories."""
    return {"anonymous": LOGIN, "secretariat": expect, "correspondent": expect}


def _topic(d):
    return f"/en/forum/t/{d['forum_topic'].pk}/"


def _png(body):
    return body[1:4].decode(errors="replace")


ENTRIES = [
    Entry(pattern="<lang>/forum/", url=lambda d: "/en/forum/", default=ok("Matrix public category")),
    Entry(
        pattern="<lang>/forum/search/",
        url=lambda d: "/en/forum/search/?q=mulching",
        default=ok(TOPIC_TITLE),
        note="Only posts of categories the reader may read (tests/forum/test_access.py plants a string).",
    ),
    Entry(
        pattern="<lang>/forum/notifications/",
        url=lambda d: "/en/forum/notifications/",
        default=ok("Forum notifications"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/forum/mentions/",
        url=lambda d: "/en/forum/mentions/?category=matrix-friends&q=zz",
        default=NOT_FOUND,
        expect={"anonymous": LOGIN, "friend": ok('"results"'), "secretariat": ok('"results"')},
        note="Suggestions only within a category the person reads, and only of people who read it.",
    ),
    Entry(
        pattern="<lang>/forum/moderation/",
        url=lambda d: "/en/forum/moderation/",
        default=NOT_FOUND,
        expect=_moderators(ok("Forum moderation")),
    ),
    Entry(
        pattern="<lang>/forum/moderation/log/",
        url=lambda d: "/en/forum/moderation/log/",
        default=NOT_FOUND,
        expect=_moderators(ok("Moderation log")),
    ),
    Entry(
        pattern="<lang>/forum/c/<slug:slug>/",
        url=lambda d: "/en/forum/c/matrix-friends/",
        default=NOT_FOUND,
        expect={"friend": ok("Friends only topic"), "secretariat": ok("Friends only topic")},
    ),
    Entry(
        pattern="<lang>/forum/c/<slug:slug>/new/",
        url=lambda d: "/en/forum/c/matrix-public/new/",
        default=ok("Start a topic"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/forum/c/<slug:slug>/subscription/",
        url=lambda d: "/en/forum/c/matrix-public/subscription/",
        method="post",
        post_data=lambda d: {"level": "3"},
        default=redirect("/en/forum/c/matrix-public/"),
        expect={"anonymous": LOGIN},
    ),
    Entry(pattern="<lang>/forum/t/<int:pk>/", url=_topic, default=ok(TOPIC_TITLE)),
    Entry(
        pattern="<lang>/forum/t/<int:pk>/reply/",
        url=lambda d: _topic(d) + "reply/",
        default=ok("Publish my reply"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/forum/t/<int:pk>/subscription/",
        url=lambda d: _topic(d) + "subscription/",
        method="post",
        post_data=lambda d: {"level": "0"},
        default=redirect("/en/forum/t/"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/forum/t/<int:pk>/moderate/",
        url=lambda d: _topic(d) + "moderate/",
        method="post",
        post_data=lambda d: {"action": "pin"},
        default=NOT_FOUND,
        expect=_secretariat_only(redirect("/en/forum/t/")),
    ),
    Entry(
        pattern="<lang>/forum/t/<int:pk>/move/",
        url=lambda d: _topic(d) + "move/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Move the topic")),
    ),
    Entry(
        pattern="<lang>/forum/p/<int:pk>/edit/",
        url=lambda d: f"/en/forum/p/{d['forum_first'].pk}/edit/",
        default=FORBIDDEN,
        expect={"anonymous": LOGIN, "friend": ok("Edit the post"), "secretariat": ok("Edit the post")},
        note="The author and moderators edit; others see the post but may not (403).",
    ),
    Entry(
        pattern="<lang>/forum/p/<int:pk>/flag/",
        url=lambda d: f"/en/forum/p/{d['forum_first'].pk}/flag/",
        default=ok("Flag a post"),
        expect={"anonymous": LOGIN, "friend": FORBIDDEN},
        note="Nobody flags their own post.",
    ),
    Entry(
        pattern="<lang>/forum/p/<int:pk>/answer/",
        url=lambda d: f"/en/forum/p/{d['forum_reply'].pk}/answer/",
        method="post",
        default=FORBIDDEN,
        expect={"anonymous": LOGIN, "friend": redirect("/en/forum/t/"), "secretariat": redirect("/en/forum/t/")},
        note="The topic's author or a moderator marks the answer.",
    ),
    Entry(
        pattern="<lang>/forum/p/<int:pk>/moderate/",
        url=lambda d: f"/en/forum/p/{d['forum_reply'].pk}/moderate/",
        method="post",
        post_data=lambda d: {"action": "hide"},
        default=NOT_FOUND,
        expect=_secretariat_only(redirect("/en/forum/t/")),
    ),
    Entry(
        pattern="<lang>/forum/p/<int:pk>/history/",
        url=lambda d: f"/en/forum/p/{d['forum_first'].pk}/history/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("How thick a layer?")),
        note="The text before the author's edit: moderators only.",
    ),
    Entry(
        pattern="<lang>/forum/attachments/<int:pk>/",
        url=lambda d: f"/en/forum/attachments/{d['forum_attachment'].pk}/",
        default=NOT_FOUND,
        expect={"friend": Expect(200, "PNG", read=_png), "secretariat": Expect(200, "PNG", read=_png)},
        note="A picture of a post in the Friends' corner: served to those who read that category.",
    ),
]
