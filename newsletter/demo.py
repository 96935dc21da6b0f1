"""Demo newsletter: a few subscribers in three languages, one sent edition written in the admin, one
draft, and one sent edition composed in the CMS (a newsletter page in English, French and Spanish, sent
by interest). Running it twice updates what is there instead of duplicating it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from portal import languages
from portal.models import Region, Theme

from . import press
from .demo_volume import seed as seed_volume  # noqa: F401 (seed_demo --scale initiative)
from .models import Edition, MediaContact, NewsletterIndexPage, NewsletterPage, PressItem, Section, Subscriber

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


FOLDER = {"en": ("Newsletter", "newsletter"), "fr": ("Lettre d'information", "lettre"), "es": ("Boletín", "boletin")}

# (kind, theme, region, {language: (title, rich text)})
AUTUMN_SECTIONS = [
    (
        "success_story",
        "",
        "",
        {
            "en": ("Terraces that hold water and carbon", "<p>In Ethiopia, 1,200 farmers rebuilt stone terraces.</p>"),
            "fr": (
                "Des terrasses qui retiennent l'eau et le carbone",
                "<p>En Éthiopie, 1 200 agriculteurs ont reconstruit des terrasses en pierre.</p>",
            ),
            "es": (
                "Terrazas que retienen agua y carbono",
                "<p>En Etiopía, 1.200 agricultores reconstruyeron terrazas de piedra.</p>",
            ),
        },
    ),
    (
        "practical_sheet",
        "cover-crops",
        "",
        {
            "en": ("Sowing a cover crop after harvest", "<ul><li>Sow within a week.</li><li>Mix species.</li></ul>"),
            "fr": (
                "Semer un couvert après la récolte",
                "<ul><li>Semer dans la semaine.</li><li>Mélanger les espèces.</li></ul>",
            ),
            "es": (
                "Sembrar un cultivo de cobertura tras la cosecha",
                "<ul><li>Sembrar en la semana.</li><li>Mezclar especies.</li></ul>",
            ),
        },
    ),
    (
        "regions",
        "",
        "sub-saharan-africa",
        {
            "en": ("Sahel: a regional network is born", "<p>Twelve partners met in Niamey.</p>"),
            "fr": ("Sahel : un réseau régional est né", "<p>Douze partenaires se sont réunis à Niamey.</p>"),
            "es": ("Sahel: nace una red regional", "<p>Doce socios se reunieron en Niamey.</p>"),
        },
    ),
]

AUTUMN = {
    "title": {"en": "Autumn 2026", "fr": "Automne 2026", "es": "Otoño 2026"},
    "subject": {
        "en": "Autumn 2026: terraces, cover crops and the Sahel",
        "fr": "Automne 2026 : terrasses, couverts et Sahel",
        "es": "Otoño 2026: terrazas, cultivos de cobertura y el Sahel",
    },
    "intro": {
        "en": "Only the sections that match your interests.",
        "fr": "Seulement les rubriques qui correspondent à vos centres d'intérêt.",
        "es": "Solo las secciones que corresponden a sus intereses.",
    },
}


def _translation(source, locale):
    """The page's translation in ``locale``, made (or turned from an alias into a real page) if needed."""
    page = Page.objects.filter(translation_key=source.translation_key, locale=locale).first()
    if page is None:
        page = source.copy_for_translation(locale)
    page = page.specific
    page.alias_of = None
    return page


def seed_cms_edition(now):
    # The demo's texts, in the portal's languages (a language added to the settings keeps the aliases).
    others = [code for code in languages.codes() if code in FOLDER and code != "en"]
    locales = {code: Locale.objects.get(language_code=code) for code in ["en", *others]}
    folder_en = NewsletterIndexPage.objects.filter(locale=locales["en"]).first()
    if folder_en is None:
        title, slug = FOLDER["en"]
        folder_en = Page.get_first_root_node().add_child(instance=NewsletterIndexPage(title=title, slug=slug))
        folder_en.save_revision().publish()
    for code in others:
        folder = _translation(folder_en, locales[code])
        folder.title, folder.slug = FOLDER[code]
        folder.save_revision().publish()

    page_en = NewsletterPage.objects.filter(locale=locales["en"], slug="2026-autumn").first()
    if page_en is None:
        page_en = folder_en.add_child(instance=NewsletterPage(title="Autumn 2026", slug="2026-autumn", subject="-"))
    pages = {"en": page_en, **{code: _translation(page_en, locales[code]) for code in others}}
    for code, page in pages.items():
        page.title = AUTUMN["title"][code]
        page.subject = AUTUMN["subject"][code]
        page.intro = AUTUMN["intro"][code]
        page.sections = [
            {
                "type": "section",
                "value": {
                    "kind": kind,
                    "title": texts[code][0],
                    "body": texts[code][1],
                    "theme": theme,
                    "region": region,
                },
            }
            for kind, theme, region, texts in AUTUMN_SECTIONS
        ]
        page.save_revision().publish()
    Edition.objects.update_or_create(
        key="2026-autumn",
        defaults={
            "title": AUTUMN["title"]["en"],
            "subject_en": AUTUMN["subject"]["en"],
            "page": page_en,
            "by_interest": True,
            "status": "sent",
            "started_at": now,
            "finished_at": now,
        },
    )


@transaction.atomic
def seed(scale, out):
    themes, regions = list(Theme.objects.all()[:2]), list(Region.objects.all()[:2])
    now = timezone.now()
    # Translated fields (subject_fr...) and the subscribers' language constraint follow LANGUAGE_CODES.
    codes = settings.LANGUAGE_CODES
    for i in range(6 * max(scale, 1)):
        subscriber, _ = Subscriber.objects.update_or_create(
            email=f"reader{i}@demo.test",
            defaults={
                "language": codes[i % len(codes)],
                "status": "active",
                "consent_at": now,
                "consent_ip": "192.0.2.10",
            },
        )
        subscriber.themes.set(themes[: i % 3])
        subscriber.regions.set(regions[: i % 2])
    for key, data in EDITIONS.items():
        fields = {"title": data["title"], "status": data["status"]}
        for code in codes:
            fields[f"subject_{code}"] = data["subject"].get(code, "")
            fields[f"intro_{code}"] = data["intro"].get(code, "")
        if data["status"] == "sent":
            fields.update(started_at=now, finished_at=now)
        edition, _ = Edition.objects.update_or_create(key=key, defaults=fields)
        edition.sections.all().delete()
        for position, section in enumerate(data["sections"]):
            Section.objects.create(
                edition=edition,
                position=position,
                **{f"title_{c}": section.get(c, ("", ""))[0] for c in codes},
                **{f"body_{c}": section.get(c, ("", ""))[1] for c in codes},
            )
    seed_cms_edition(now)
    seed_press_review(now)
    return []


PRESS_ITEMS = [
    {
        "url": "https://press.demo.test/sahel-agroforestry",
        "title": "Au Sahel, les parcs agroforestiers redonnent vie aux sols",
        "source": "Le Quotidien agricole",
        "language": "fr",
        "region": "sub-saharan-africa",
        "weeks_ago": 1,
        "weekday": 1,
        "summary": {
            "en": "Farmers in Senegal and Burkina Faso keep trees in their fields: millet yields and soil carbon rise.",
            "fr": "Au Sénégal et au Burkina Faso, les paysans gardent les arbres dans leurs champs : "
            "les rendements de mil et le carbone du sol augmentent.",
            "es": "En Senegal y Burkina Faso, los agricultores conservan los árboles en sus campos: "
            "suben el rendimiento del mijo y el carbono del suelo.",
        },
    },
    {
        "url": "https://press.demo.test/cover-crops-europe",
        "title": "Cover crops: Europe's quiet carbon sink",
        "source": "Farming Today",
        "language": "en",
        "region": "europe",
        "weeks_ago": 1,
        "weekday": 3,
        "summary": {
            "en": "Across Europe, winter cover crops store carbon and protect soils from erosion.",
            "fr": "Partout en Europe, les couverts d'hiver stockent du carbone et protègent les sols de l'érosion.",
            "es": "En toda Europa, los cultivos de cobertura invernales almacenan carbono y protegen el suelo.",
        },
    },
    {
        "url": "https://press.demo.test/andes-terrazas",
        "title": "Las terrazas andinas, una lección para el clima",
        "source": "Diario del Campo",
        "language": "es",
        "region": "south-america",
        "weeks_ago": 2,
        "weekday": 2,
        "summary": {
            "en": "Ancient Andean terraces hold soil and water: researchers measure their carbon stocks.",
            "fr": "Les terrasses andines anciennes retiennent sol et eau : des chercheurs mesurent leurs stocks de carbone.",
            "es": "Las antiguas terrazas andinas retienen suelo y agua: investigadores miden sus reservas de carbono.",
        },
    },
]


def seed_press_review(now):
    """A few press items in three languages, with their regions, added during the two weeks before
    this one (two published weekly issues, and something for the digest to send), and a few media
    contacts. Updated in place when run again."""
    themes = list(Theme.objects.all()[:2])
    this_monday = press.week_bounds(press.week_label(now))[0]
    for position, data in enumerate(PRESS_ITEMS):
        moment = (
            this_monday
            - datetime.timedelta(weeks=data["weeks_ago"])
            + datetime.timedelta(days=data["weekday"], hours=10)
        )
        item, _ = PressItem.objects.update_or_create(
            url=data["url"],
            defaults={
                "title": data["title"],
                "source": data["source"],
                "language": data["language"],
                "published_on": moment.date(),
                "added": moment,
                "region": Region.objects.filter(code=data["region"]).first(),
                **{f"summary_{code}": text for code, text in data["summary"].items()},
            },
        )
        item.themes.set(themes[: position % 3])
    seed_media_contacts()


# Fictitious journalists (addresses on .test): the secretariat's media contacts.
MEDIA_CONTACTS = [
    (
        "Aminata Sow",
        "Le Quotidien agricole",
        "a.sow@quotidien-agricole.demo.test",
        "+221 33 800 00 01",
        "fr,en",
        "sub-saharan-africa",
        ["agroforestry"],
        "Covers the Great Green Wall; prefers interviews in French.",
    ),
    (
        "James Carter",
        "Farming Today",
        "j.carter@farmingtoday.demo.test",
        "+44 20 7946 0001",
        "en",
        "europe",
        ["cover-crops", "policy"],
        "",
    ),
    (
        "Lucía Fernández",
        "Diario del Campo",
        "lfernandez@diariodelcampo.demo.test",
        "+51 1 700 0001",
        "es,pt",
        "south-america",
        ["water"],
        "Andean agriculture and climate.",
    ),
]


def seed_media_contacts():
    for name, outlet, email, phone, codes, region, beats, notes in MEDIA_CONTACTS:
        contact, _ = MediaContact.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "outlet": outlet,
                "phone": phone,
                "languages": codes,
                "region": Region.objects.filter(code=region).first(),
                "notes": notes,
            },
        )
        contact.beats.set(Theme.objects.filter(code__in=beats))
