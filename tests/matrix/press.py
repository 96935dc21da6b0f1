"""Rows of the press review (newsletter/press.py): a public list, the same for everyone."""

from . import Entry, ok


def setup(data):
    import datetime

    from newsletter.models import PressItem

    PressItem.objects.create(
        title="Les sols, puits de carbone oubliés",
        source="Le Quotidien agricole",
        url="https://press.example.net/matrix-sols",
        published_on=datetime.date(2026, 11, 2),
        language="fr",
        summary_en="Why soils matter for the climate.",
        summary_es="Por qué los suelos importan para el clima.",
    )
    return {}


ENTRIES = [
    Entry(
        pattern="<lang>/newsletter/press/",
        url=lambda d: "/es/newsletter/press/?language=fr",
        default=ok("Por qué los suelos importan para el clima."),
        note="Public; the summary in the reader's language, the title as published.",
    ),
]
