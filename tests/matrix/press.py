"""Rows of the press review (newsletter/press.py): the public list and weekly issues, the form that
adds an article (the secretariat, and correspondents for their region: the matrix's correspondent
looks after Oceania), and the secretariat's media contacts (a 404 for every other role)."""

from . import LOGIN, NOT_FOUND, Entry, Expect, ok, xlsx_text

HOSTILE_CONTACT = '=HYPERLINK("https://evil.example")'


def setup(data):
    import datetime

    from django.utils import timezone

    from newsletter import press
    from newsletter.models import MediaContact, PressItem
    from partners.models import RegionalCorrespondent
    from portal.models import Region

    last_week = timezone.now() - datetime.timedelta(days=7)
    PressItem.objects.create(
        title="Les sols, puits de carbone oubliés",
        source="Le Quotidien agricole",
        url="https://press.example.net/matrix-sols",
        published_on=datetime.date(2026, 11, 2),
        language="fr",
        summary_en="Why soils matter for the climate.",
        summary_es="Por qué los suelos importan para el clima.",
        added=last_week,
    )
    oceania = Region.objects.get(code="oceania")
    RegionalCorrespondent.objects.get_or_create(user=data["users"]["correspondent"], region=oceania)
    contact = MediaContact.objects.create(
        name="Matrix Journalist", outlet="Soil Times", email="matrix.journalist@soiltimes.example", languages="en"
    )
    MediaContact.objects.create(name=HOSTILE_CONTACT, outlet="Evil Daily")
    return {"press_week": press.week_label(last_week), "media_contact": contact}


def _secretariat_only(expect):
    return {"anonymous": LOGIN, "secretariat": expect}


ENTRIES = [
    Entry(
        pattern="<lang>/newsletter/press/",
        url=lambda d: "/es/newsletter/press/?language=fr",
        default=ok("Por qué los suelos importan para el clima."),
        note="Public; the summary in the reader's language, the title as published.",
    ),
    Entry(
        pattern="<lang>/newsletter/press/add/",
        url=lambda d: "/en/newsletter/press/add/",
        default=NOT_FOUND,
        expect={
            "anonymous": LOGIN,
            "secretariat": ok("Add an article to the press review"),
            "correspondent": ok("Add an article to the press review"),
        },
        note="The secretariat for any region; a correspondent for their own (tests/newsletter/test_press_add.py).",
    ),
    Entry(
        pattern="<lang>/newsletter/press/weeks/",
        url=lambda d: "/fr/newsletter/press/weeks/",
        default=ok("Semaine du"),
        note="Public index of the published weekly issues.",
    ),
    Entry(
        pattern="<lang>/newsletter/press/weeks/<str:week>/",
        url=lambda d: f"/en/newsletter/press/weeks/{d['press_week']}/",
        default=ok("Les sols, puits de carbone oubliés"),
        note="Public once the week has ended; a week in progress, without articles or in the future is a 404.",
    ),
    Entry(
        pattern="<lang>/newsletter/press/contacts/",
        url=lambda d: "/en/newsletter/press/contacts/?q=soil",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Matrix Journalist")),
    ),
    Entry(
        pattern="<lang>/newsletter/press/contacts/new/",
        url=lambda d: "/en/newsletter/press/contacts/new/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("New media contact")),
    ),
    Entry(
        pattern="<lang>/newsletter/press/contacts/<int:pk>/",
        url=lambda d: f"/en/newsletter/press/contacts/{d['media_contact'].pk}/",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("Delete this contact")),
    ),
    Entry(
        pattern="<lang>/newsletter/press/contacts/export.csv",
        url=lambda d: "/en/newsletter/press/contacts/export.csv",
        default=NOT_FOUND,
        expect=_secretariat_only(ok("matrix.journalist@soiltimes.example")),
    ),
    Entry(
        pattern="<lang>/newsletter/press/contacts/export.xlsx",
        url=lambda d: "/en/newsletter/press/contacts/export.xlsx",
        default=NOT_FOUND,
        expect=_secretariat_only(Expect(200, HOSTILE_CONTACT + "\tEvil Daily", read=xlsx_text)),
        note="The hostile name reads back as the text typed (a quote-prefixed text cell, never a formula).",
    ),
]
