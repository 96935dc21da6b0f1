"""Rows of the site shell: health, accounts, dashboard, CMS pages, the two admins."""

from . import FORBIDDEN_ADMIN, LOGIN, NOT_FOUND, Entry, ok, redirect

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
        pattern="<lang>/my/data/",
        url=lambda d: "/en/my/data/",
        default=ok("Download my data (JSON)"),
        expect={"anonymous": LOGIN},
        note="portal.export_own_data: everyone signed in, about themselves only.",
    ),
    Entry(
        pattern="<lang>/my/data.json",
        url=lambda d: "/en/my/data.json",
        default=ok('"format": "4p1000-personal-data/1"'),
        expect={"anonymous": LOGIN},
        note="The signed-in person's own data (portal.export_own_data); an attachment, no-store.",
    ),
    Entry(
        pattern="<lang>/my/data/erase/",
        url=lambda d: "/en/my/data/erase/",
        default=ok("What stays, anonymised"),
        expect={"anonymous": LOGIN},
        note="portal.erase_own_account: the page says what goes, the POST needs the password; a superuser is "
        "refused (404).",
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
        default=FORBIDDEN_ADMIN,
        expect={"anonymous": redirect("/accounts/login/"), "secretariat": redirect("/django-admin/")},
        note="secure_admin_login: staff only; others are refused.",
    ),
    Entry(
        pattern="cms/login/",
        url=lambda d: "/cms/login/",
        default=FORBIDDEN_ADMIN,
        expect={"anonymous": redirect("/accounts/login/"), "secretariat": redirect("/cms/")},
        note="Wagtail's own login form is never shown: allauth logs people in (limits, lockouts, MFA).",
    ),
    Entry(
        include="wagtail.admin.urls",
        url=lambda d: "/cms/",
        default=redirect("/accounts/login/?next=/cms/"),
        expect={"anonymous": redirect("/accounts/login/"), "partner": ok("wagtail"), "secretariat": ok("wagtail")},
        note="Wagtail admin: access_admin permission (secretariat; partner editors too, as Knowledge members who "
        "write the knowledge bank there, docs/knowledge.md); others go to the login page, which says "
        "they may not enter (tests/portal/test_accounts.py).",
    ),
    Entry(
        include="wagtail.documents.urls",
        url=lambda d: "/documents/999999/missing.pdf",
        default=NOT_FOUND,
        note="Wagtail documents: serves a document only when the collection allows the viewer.",
    ),
    Entry(
        include="wagtail.urls",
        url=lambda d: "/fr/",
        default=ok("Les sols pour la sécurité alimentaire et le climat"),
        note="Wagtail pages (catch-all, public pages; private pages use Wagtail's view restrictions).",
    ),
]

ENTRIES += [
    Entry(
        pattern="robots.txt",
        url=lambda d: "/robots.txt",
        default=ok("Disallow: /cms/"),
        note="Public (portal.view_site).",
    ),
    Entry(pattern="sitemap.xml", url=lambda d: "/sitemap.xml", default=ok("/sitemap-fr.xml</loc>")),
    Entry(pattern="sitemap-<section>.xml", url=lambda d: "/sitemap-fr.xml", default=ok("/fr/actualites/</loc>")),
    Entry(pattern="<lang>/feeds/news.rss", url=lambda d: "/fr/feeds/news.rss", default=ok("<title>Réunion régionale")),
    Entry(pattern="<lang>/feeds/news.atom", url=lambda d: "/es/feeds/news.atom", default=ok("<title>Reunión regional")),
    Entry(
        pattern="<lang>/feeds/press.rss",
        url=lambda d: "/fr/feeds/press.rss",
        default=ok("<title>L'Initiative à la conférence sur le climat</title>"),
        note="Public RSS of the language's listed press releases.",
    ),
    Entry(
        pattern="<lang>/feeds/press.atom",
        url=lambda d: "/es/feeds/press.atom",
        default=ok("<title>La Iniciativa en la conferencia sobre el clima</title>"),
    ),
    Entry(
        pattern="<lang>/feeds/events.rss",
        url=lambda d: "/fr/feeds/events.rss",
        default=ok("<title>Forum régional pour l'Afrique à Dakar</title>"),
        note="Public RSS of the language's listed events, by start, dated by their start.",
    ),
    Entry(
        pattern="<lang>/feeds/events.atom",
        url=lambda d: "/en/feeds/events.atom",
        default=ok("<title>Regional forum for Africa in Dakar</title>"),
    ),
]
ENTRIES += [
    Entry(
        pattern="<lang>/search/",
        url=lambda d: "/fr/search/?q=Dakar",
        default=ok("Réunion régionale à Dakar"),
        note="Site search, public (portal.view_site); only pages and topics the person may open.",
    ),
]
