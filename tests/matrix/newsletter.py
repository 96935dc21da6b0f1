"""Rows of the newsletter: public sign-up, confirmation, unsubscribe and archive; the secretariat's
editions. Editions in preparation are a 404 for every other signed-in role."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok, redirect

ARCHIVE_SUBJECT = "Cover crops in the Sahel"


def setup(data):
    from urllib.parse import urlsplit

    from django.utils import timezone

    from newsletter import subscriptions as services
    from newsletter.models import Edition, Section, Subscriber

    pending = Subscriber.objects.create(email="matrix-pending@example.net", language="en")
    active = Subscriber.objects.create(
        email="matrix-active@example.net", status="active", consent_at=timezone.now(), language="en"
    )
    sent = Edition.objects.create(
        title="Matrix sent",
        key="matrix-sent",
        subject_en=ARCHIVE_SUBJECT,
        subject_fr="Couverts végétaux au Sahel",
        status="sent",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    Section.objects.create(edition=sent, title_en="Key figures", body_en="Twelve villages.")
    draft = Edition.objects.create(title="Matrix draft", key="matrix-draft", subject_en="Draft subject in progress")
    return {
        "confirm_token": services.confirm_token(pending),
        "unsubscribe_token": services.unsubscribe_token(active),
        "press_unsubscribe_path": urlsplit(services.press_unsubscribe_url(active)).path,
        "sent_edition": sent,
        "draft_edition": draft,
    }


def _secretariat_only(expect_secretariat):
    return {"anonymous": LOGIN, "secretariat": expect_secretariat}


ENTRIES = [
    Entry(
        pattern="<lang>/newsletter/subscribe/",
        url=lambda d: "/en/newsletter/subscribe/",
        default=ok("Subscribe to the newsletter"),
    ),
    Entry(
        pattern="<lang>/newsletter/subscribe/sent/",
        url=lambda d: "/en/newsletter/subscribe/sent/",
        default=ok("Check your inbox"),
    ),
    Entry(
        pattern="<lang>/newsletter/confirm/<str:token>/",
        url=lambda d: f"/en/newsletter/confirm/{d['confirm_token']}/",
        default=ok("Subscription confirmed"),
        note="The signed token is the only credential; no account involved.",
    ),
    Entry(
        pattern="<lang>/newsletter/archive/",
        url=lambda d: "/en/newsletter/archive/",
        default=ok(ARCHIVE_SUBJECT),
    ),
    Entry(
        pattern="<lang>/newsletter/archive/<slug:key>/",
        url=lambda d: "/fr/newsletter/archive/matrix-sent/",
        default=ok("Couverts végétaux au Sahel"),
    ),
    Entry(
        pattern="<lang>/newsletter/editions/",
        url=lambda d: "/en/newsletter/editions/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Matrix draft")),
    ),
    Entry(
        pattern="<lang>/newsletter/editions/new/",
        url=lambda d: "/en/newsletter/editions/new/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("New edition from a newsletter page")),
        note="Makes the edition to send of a newsletter page composed in the CMS.",
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/",
        url=lambda d: f"/en/newsletter/editions/{d['draft_edition'].pk}/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Start sending")),
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/progress.json",
        url=lambda d: f"/en/newsletter/editions/{d['sent_edition'].pk}/progress.json",
        default=NOT_FOUND,
        expect=_secretariat_only(ok('"remaining": 0')),
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/preview/<str:language>/",
        url=lambda d: f"/en/newsletter/editions/{d['draft_edition'].pk}/preview/es/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Draft subject in progress")),
        note="Spanish preview of an edition without Spanish text: the English fallback.",
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/action/",
        url=lambda d: f"/en/newsletter/editions/{d['draft_edition'].pk}/action/",
        method="post",
        post_data=lambda d: {"action": "cancel"},
        default=NOT_FOUND,
        expect=_secretariat_only(redirect("/en/newsletter/editions/")),
        note="action=start only answers with the confirmation page (tests/newsletter/test_confirm_start.py).",
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/start/",
        url=lambda d: f"/en/newsletter/editions/{d['draft_edition'].pk}/start/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("This edition will be mailed to")),
        note="The confirmation before a send, with the recipients per language; its POST starts the send.",
    ),
    Entry(
        pattern="<lang>/newsletter/editions/<int:pk>/test-send/",
        url=lambda d: f"/en/newsletter/editions/{d['draft_edition'].pk}/test-send/",
        method="post",
        post_data=lambda d: {"addresses": "proof@example.org", "language": "fr"},
        default=NOT_FOUND,
        expect=_secretariat_only(redirect("/en/newsletter/editions/")),
    ),
    Entry(
        pattern="<lang>/newsletter/subscribers/export.csv",
        url=lambda d: "/en/newsletter/subscribers/export.csv",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("matrix-active@example.net")),
    ),
    Entry(
        pattern="<lang>/newsletter/subscribers/import/",
        url=lambda d: "/en/newsletter/subscribers/import/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Import subscribers")),
    ),
    Entry(
        pattern="newsletter/unsubscribe/<str:token>/",
        url=lambda d: f"/newsletter/unsubscribe/{d['unsubscribe_token']}/",
        default=ok("Do you want to stop receiving the newsletter"),
        note="No language prefix (RFC 8058 List-Unsubscribe); the POST is tested in tests/newsletter.",
    ),
    Entry(
        pattern="newsletter/unsubscribe/press/<str:token>/",
        url=lambda d: d["press_unsubscribe_path"],
        default=ok("Do you want to stop receiving the weekly press review"),
        note="The press review digest's List-Unsubscribe; the POST is tested in tests/newsletter/test_press.py.",
    ),
    Entry(
        pattern="newsletter/webhooks/bounces/",
        url=lambda d: "/newsletter/webhooks/bounces/",
        method="post",
        post_data=lambda d: {"email": "matrix-active@example.net", "type": "hard"},
        default=Expect(403, "bad signature"),
        note="Signed by the provider (HMAC of the body); no role or session gets through without it.",
    ),
    Entry(
        pattern="newsletter/webhooks/<slug:provider>/tracking/",
        url=lambda d: "/newsletter/webhooks/postmark/tracking/",
        method="post",
        post_data=lambda d: {"RecordType": "Bounce", "Type": "HardBounce", "Email": "matrix-active@example.net"},
        default=Expect(403, "no webhook for"),
        note="The chosen provider's webhook through anymail, open only with EMAIL_PROVIDER and "
        "ANYMAIL_WEBHOOK_SECRET (none here); signed calls are tested in tests/newsletter/test_provider_webhooks.py.",
    ),
]

ENTRIES += [
    Entry(
        pattern="<lang>/newsletter/mine/",
        url=lambda d: "/en/newsletter/mine/",
        default=ok("My newsletter subscription"),
        expect={"anonymous": LOGIN},
    ),
]
