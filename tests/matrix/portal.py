"""Rows of the site shell: health, accounts, dashboard, CMS pages, the two admins."""

from . import LOGIN, Entry, Expect, ok, redirect

ALL_LOGGED_IN = ["applicant", "friend", "partner", "funder", "correspondent", "reviewer", "chair", "secretariat"]


def setup(data):
    """Create what these rows need; returns extra keys for ``data``."""
    from portal.demo import seed_pages
    from portal.pages import EventPage

    seed_pages(1, None)
    return {"event_pk": EventPage.objects.get(slug="regional-forum-dakar", locale__language_code="en").pk}


ENTRIES = [
    Entry(pattern="health/", url=lambda d: "/health/", default=ok('"database": "ok"')),
    Entry(
        pattern="<lang>/my/",
        url=lambda d: "/en/my/",
        default=ok("My space"),
        expect={"anonymous": LOGIN},
    ),
    Entry(
        pattern="<lang>/feeds/events.ics",
        url=lambda d: "/fr/feeds/events.ics",
        default=ok("Forum régional pour l'Afrique à Dakar"),
        note="Public iCalendar feed of the language's events (portal.view_event_calendar: always).",
    ),
    Entry(
        pattern="<lang>/feeds/events/<slug:region>.ics",
        url=lambda d: "/en/feeds/events/sub-saharan-africa.ics",
        default=ok("Regional forum for Africa in Dakar"),
        note="Public iCalendar feed of one world region's events.",
    ),
    Entry(
        pattern="<lang>/feeds/event/<int:pk>.ics",
        url=lambda d: f"/en/feeds/event/{d['event_pk']}.ics",
        default=ok("BEGIN:VEVENT"),
        note="One live public event as an .ics file; a draft or private event is a 404.",
    ),
    Entry(
        include="allauth.urls",
        url=lambda d: "/en/accounts/email/",
        default=ok("Current email"),
        expect={"anonymous": LOGIN},
        note="allauth: sign-up, login, e-mail, password, MFA. Its views guard themselves.",
    ),
    Entry(
        include="admin",
        url=lambda d: "/django-admin/login/?next=/django-admin/",
        default=Expect(403, ""),
        expect={"anonymous": redirect("/accounts/login/"), "secretariat": redirect("/django-admin/")},
        note="secure_admin_login: staff only; others are refused.",
    ),
    Entry(
        include="wagtail.admin.urls",
        url=lambda d: "/cms/",
        default=redirect("/"),
        expect={"anonymous": redirect("/accounts/login/"), "secretariat": ok("wagtail")},
        note="Wagtail admin: access_admin permission (secretariat).",
    ),
    Entry(
        include="wagtail.documents.urls",
        url=lambda d: "/documents/999999/missing.pdf",
        default=Expect(404, ""),
        note="Wagtail documents: serves a document only when the collection allows the viewer.",
    ),
    Entry(
        include="wagtail.urls",
        url=lambda d: "/fr/",
        default=ok("Les sols pour la sécurité alimentaire et le climat"),
        note="Wagtail pages (catch-all, public pages; private pages use Wagtail's view restrictions).",
    ),
]
