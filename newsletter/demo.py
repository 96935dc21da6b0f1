"""Demo newsletter: a few subscribers in three languages, one sent edition (archive) and one draft.
Running it twice updates what is there instead of duplicating it."""

from django.db import transaction
from django.utils import timezone

from portal.models import Region, Theme

from .models import Edition, Section, Subscriber

EDITIONS = {
    "2026-spring": {
        "title": "Spring 2026",
        "status": "sent",
        "subject": {
            "en": "Spring 2026: soils that store carbon",
            "fr": "Printemps 2026 : des sols qui stockent du carbone",
            "es": "Primavera 2026: suelos que almacenan carbono",
        },
        "intro": {
            "en": "News from the partners of the 4 per 1000 Initiative.",
            "fr": "Des nouvelles des partenaires de l'Initiative 4 pour 1000.",
            "es": "Noticias de los socios de la Iniciativa 4 por 1000.",
        },
        "sections": [
            {
                "en": ("Success story", "In Senegal, agroforestry parks doubled millet yields in five years."),
                "fr": (
                    "Une réussite",
                    "Au Sénégal, les parcs agroforestiers ont doublé les rendements de mil en cinq ans.",
                ),
                "es": (
                    "Un caso de éxito",
                    "En Senegal, los parques agroforestales duplicaron el rendimiento del mijo en cinco años.",
                ),
            },
            {
                "en": ("Key figure", "0.4 % a year: the growth of soil carbon stocks the Initiative aims for."),
                "fr": (
                    "Le chiffre clé",
                    "0,4 % par an : la croissance des stocks de carbone des sols visée par l'Initiative.",
                ),
                "es": (
                    "La cifra clave",
                    "0,4 % al año: el crecimiento de las reservas de carbono del suelo que busca la Iniciativa.",
                ),
            },
        ],
    },
    "2026-summer": {
        "title": "Summer 2026 (draft)",
        "status": "draft",
        "subject": {"en": "Summer 2026: the call for projects", "fr": "Été 2026 : l'appel à projets", "es": ""},
        "intro": {
            "en": "The annual call for projects is open.",
            "fr": "L'appel à projets annuel est ouvert.",
            "es": "",
        },
        "sections": [],
    },
}


@transaction.atomic
def seed(scale, out):
    themes, regions = list(Theme.objects.all()[:2]), list(Region.objects.all()[:2])
    now = timezone.now()
    languages = ["en", "fr", "es"]
    for i in range(6 * max(scale, 1)):
        subscriber, _ = Subscriber.objects.update_or_create(
            email=f"reader{i}@demo.test",
            defaults={"language": languages[i % 3], "status": "active", "consent_at": now, "consent_ip": "192.0.2.10"},
        )
        subscriber.themes.set(themes[: i % 3])
        subscriber.regions.set(regions[: i % 2])
    for key, data in EDITIONS.items():
        fields = {"title": data["title"], "status": data["status"]}
        for code in languages:
            fields[f"subject_{code}"] = data["subject"][code]
            fields[f"intro_{code}"] = data["intro"][code]
        if data["status"] == "sent":
            fields.update(started_at=now, finished_at=now)
        edition, _ = Edition.objects.update_or_create(key=key, defaults=fields)
        edition.sections.all().delete()
        for position, section in enumerate(data["sections"]):
            Section.objects.create(
                edition=edition,
                position=position,
                **{f"title_{c}": section[c][0] for c in languages},
                **{f"body_{c}": section[c][1] for c in languages},
            )
    return []
