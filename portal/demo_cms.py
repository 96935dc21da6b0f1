"""Demo content of every CMS page type in the three languages (called by portal.demo.seed_pages).

Each page is written in English, then translated: its French and Spanish versions are the
wagtail-localize translations (same translation key, the aliases made by the locale synchronisation
turned into real pages) with their own text. One news item stays an alias on purpose ("news-alias"):
the French and Spanish sites show it untranslated.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from .choices import College
from .models import NewsPage, Objective, Region, Theme
from .pages import (
    AboutPage,
    ContactPage,
    EventIndexPage,
    EventKind,
    EventPage,
    EventStatus,
    KeyFiguresPage,
    LegalPage,
    PracticalSheetPage,
    PressKitPage,
    PressReleaseIndexPage,
    PressReleasePage,
    SuccessStoryPage,
    TrainingCoursePage,
)

SOURCE = "en"


def _codes():
    return [code for code, _name in settings.LANGUAGES]


def _para(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def translation(source, code):
    """The wagtail-localize translation of ``source`` in language ``code`` (its alias, if the locale
    synchronisation made one, becomes a real page)."""
    locale = Locale.objects.get(language_code=code)
    page = Page.objects.filter(translation_key=source.translation_key, locale=locale).first()
    if page is None:
        page = source.copy_for_translation(locale)
    page = page.specific
    page.alias_of = None
    return page


def alias(source, code):
    """``source`` shown untranslated in language ``code`` (a wagtail alias under the translated parent)."""
    locale = Locale.objects.get(language_code=code)
    existing = Page.objects.filter(translation_key=source.translation_key, locale=locale).first()
    if existing is not None:
        return existing
    parent = source.get_parent().get_translation(locale)
    return source.create_alias(parent=parent, update_locale=locale, reset_translation_key=False)


def publish(page):
    page.save_revision().publish()
    return page


def page_in_languages(parent_en, cls, slug, texts, **common):
    """Create (or update) a page of ``cls`` under ``parent_en`` and its translations.

    ``texts`` maps a language code to that language's fields (title, slug, ...); ``common`` are the
    fields every language shares (dates, choices). Returns {code: page}."""
    page_en = cls.objects.filter(locale__language_code=SOURCE, slug=slug).first()
    fields = {**common, **texts[SOURCE]}
    fields.pop("slug", None)
    if page_en is None:
        page_en = parent_en.add_child(instance=cls(slug=slug, **fields))
    else:
        for name, value in fields.items():
            setattr(page_en, name, value)
    publish(page_en)
    pages = {SOURCE: page_en}
    for code in _codes():
        if code == SOURCE or code not in texts:
            continue
        page = translation(page_en, code)
        for name, value in {**common, **texts[code]}.items():
            setattr(page, name, value)
        publish(page)
        pages[code] = page
    return pages


def demo_image():
    """An 1600 × 900 photograph stand-in (a gradient), made with Pillow, stored once."""
    image = Image.objects.filter(title="Demo: cover crops in the Sahel").first()
    if image is not None:
        return image
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (1600, 900), "#6b8e23")
    draw = ImageDraw.Draw(picture)
    for y in range(0, 900, 6):
        draw.rectangle([0, y, 1600, y + 6], fill=(60 + y // 8, 110 + y // 12, 40))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    image = Image(title="Demo: cover crops in the Sahel")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="demo-cover-crops.jpg")
    image.save()
    return image


def demo_document(title, filename):
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    from PIL import Image as PILImage
    from PIL import ImageDraw

    sheet = PILImage.new("RGB", (595, 842), "white")
    ImageDraw.Draw(sheet).text((60, 80), title, fill="black")
    buffer = io.BytesIO()
    sheet.save(buffer, "PDF")
    document = Document(title=title)
    document.file = SimpleUploadedFile(filename, buffer.getvalue(), content_type="application/pdf")
    document.file_size = len(buffer.getvalue())
    document.save()
    return document


def _documents(document, titles, code):
    return [
        {"type": "documents", "value": {"title": "", "documents": [{"document": document.pk, "title": titles[code]}]}}
    ]


CONTACT = [
    {
        "type": "contact",
        "value": {
            "name": "Paul Luu",
            "role": "Executive Secretariat",
            "email": "press@4p1000.invalid",
            "phone": "+33 1 00 00 00 00",
            "languages": "EN, FR, ES",
        },
    }
]


def seed_cms_pages(scale, home_en, news_index_en):
    """Every page type of portal/pages.py in every language, under the English home ``home_en``."""
    today = timezone.localdate()
    image = demo_image()
    kit_file = demo_document("4 per 1000 press kit", "4p1000-press-kit.pdf")
    sheet_file = demo_document("How to join the Initiative", "how-to-join.pdf")
    themes = list(Theme.objects.filter(code__in=["cover-crops", "agroforestry"]))
    objectives = list(Objective.objects.filter(code__in=["b4", "d2"]))
    africa = Region.objects.get(code="sub-saharan-africa")
    europe = Region.objects.get(code="europe")
    latin = Region.objects.get(code="south-america")

    # A news item with its lead image, author and taxonomy, in three languages.
    news = page_in_languages(
        news_index_en,
        NewsPage,
        "cover-crops-sahel",
        {
            "en": {
                "title": "Cover crops double soil carbon in the Sahel",
                "summary": "Five years of trials in Senegal.",
                "body": "<p>Farmers in Senegal kept their soils covered all year.</p>",
                "lead_image_caption": "A millet field under cover crops",
            },
            "fr": {
                "title": "Les couverts végétaux doublent le carbone des sols au Sahel",
                "slug": "couverts-sahel",
                "summary": "Cinq ans d'essais au Sénégal.",
                "body": "<p>Des agriculteurs sénégalais ont gardé leurs sols couverts toute l'année.</p>",
                "lead_image_caption": "Un champ de mil sous couvert végétal",
            },
            "es": {
                "title": "Los cultivos de cobertura duplican el carbono del suelo en el Sahel",
                "slug": "coberturas-sahel",
                "summary": "Cinco años de ensayos en Senegal.",
                "body": "<p>Agricultores de Senegal mantuvieron sus suelos cubiertos todo el año.</p>",
                "lead_image_caption": "Un campo de mijo con cultivos de cobertura",
            },
        },
        date=today - datetime.timedelta(days=2),
        author="Aminata Diallo",
        lead_image=image,
        lead_image_credit="4 per 1000 / Demo",
    )
    for page in news.values():
        page.themes.set(themes)
        page.regions.set([africa])
        page.objectives.set(objectives)
        publish(page)

    # Left untranslated on purpose: French and Spanish readers see the English text as an alias.
    alias_en = NewsPage.objects.filter(locale__language_code=SOURCE, slug="news-alias").first()
    if alias_en is None:
        alias_en = news_index_en.add_child(
            instance=NewsPage(
                title="Consortium statement (English only for now)",
                slug="news-alias",
                date=today - datetime.timedelta(days=1),
                summary="The Consortium adopted its statement on soil carbon monitoring.",
            )
        )
        publish(alias_en)
    for code in _codes():
        if code != SOURCE:
            alias(alias_en, code)

    page_in_languages(
        news_index_en,
        SuccessStoryPage,
        "agroforestry-in-peru",
        {
            "en": {
                "title": "Coffee under trees in Peru",
                "summary": "Agroforestry brought shade, income and carbon.",
                "place": "Junín, Peru",
                "body": [_para("Four hundred families planted shade trees.")],
            },
            "fr": {
                "title": "Du café sous les arbres au Pérou",
                "slug": "agroforesterie-perou",
                "summary": "L'agroforesterie a apporté ombre, revenus et carbone.",
                "place": "Junín, Pérou",
                "body": [_para("Quatre cents familles ont planté des arbres d'ombrage.")],
            },
            "es": {
                "title": "Café bajo los árboles en Perú",
                "slug": "agroforesteria-peru",
                "summary": "La agroforestería trajo sombra, ingresos y carbono.",
                "place": "Junín, Perú",
                "body": [_para("Cuatrocientas familias plantaron árboles de sombra.")],
            },
        },
        date=today - datetime.timedelta(days=20),
        lead_image=image,
        lead_image_credit="Demo",
    )

    # Events: one in Dakar's time zone, a webinar in Paris time, a past meeting.
    events_index = page_in_languages(
        home_en,
        EventIndexPage,
        "events",
        {
            "en": {"title": "Events", "intro": "Regional forums, webinars and the Initiative's meetings."},
            "fr": {
                "title": "Événements",
                "slug": "evenements",
                "intro": "Forums régionaux, webinaires et réunions de l'Initiative.",
            },
            "es": {
                "title": "Eventos",
                "slug": "eventos",
                "intro": "Foros regionales, seminarios web y reuniones de la Iniciativa.",
            },
        },
    )[SOURCE]
    dakar = ZoneInfo("Africa/Dakar")
    paris = ZoneInfo("Europe/Paris")
    start_day = today + datetime.timedelta(days=30)
    events = [
        (
            "regional-forum-dakar",
            EventKind.REGIONAL_FORUM,
            "Africa/Dakar",
            dakar,
            start_day,
            (9, 0),
            (17, 30),
            africa,
            {
                "en": "Regional forum for Africa in Dakar",
                "fr": "Forum régional pour l'Afrique à Dakar",
                "es": "Foro regional para África en Dakar",
            },
            {
                "venue": "Centre international de conférences Abdou Diouf, Diamniadio",
                "language": "fr",
                "interpretation": "EN, FR",
                "organiser": "ISRA and the Executive Secretariat",
                "college": College.RESEARCH,
            },
        ),
        (
            "webinar-mrv",
            EventKind.WEBINAR,
            "Europe/Paris",
            paris,
            today + datetime.timedelta(days=10),
            (14, 0),
            (15, 30),
            europe,
            {
                "en": "Webinar: measuring soil carbon",
                "fr": "Webinaire : mesurer le carbone des sols",
                "es": "Seminario web: medir el carbono del suelo",
            },
            {"online_url": "https://meet.example.org/4p1000-mrv", "language": "en", "interpretation": "FR, ES"},
        ),
        (
            "consortium-meeting",
            EventKind.CONSORTIUM,
            "America/Lima",
            ZoneInfo("America/Lima"),
            today - datetime.timedelta(days=60),
            (10, 0),
            (18, 0),
            latin,
            {
                "en": "Consortium meeting in Lima",
                "fr": "Réunion du Consortium à Lima",
                "es": "Reunión del Consorcio en Lima",
            },
            {"venue": "Lima", "language": "es", "recording_url": "https://video.example.org/consortium"},
        ),
    ]
    for n in range(1, max(scale, 1)):
        events.append(
            (
                f"webinar-{n}",
                EventKind.WEBINAR,
                "Europe/Paris",
                paris,
                today + datetime.timedelta(days=40 + 7 * n),
                (11, 0),
                (12, 0),
                europe,
                {
                    "en": f"Practice exchange webinar {n}",
                    "fr": f"Webinaire d'échange de pratiques {n}",
                    "es": f"Seminario web de intercambio de prácticas {n}",
                },
                {"online_url": "https://meet.example.org/exchange", "language": "en"},
            )
        )
    summaries = {
        "en": "Partners meet to share what works on their soils.",
        "fr": "Les partenaires se retrouvent pour partager ce qui marche sur leurs sols.",
        "es": "Los socios se reúnen para compartir lo que funciona en sus suelos.",
    }
    slugs = {"regional-forum-dakar": {"fr": "forum-regional-dakar", "es": "foro-regional-dakar"}}
    for slug, kind, zone_name, zone, day, (h1, m1), (h2, m2), region, titles, extra in events:
        start = datetime.datetime.combine(day, datetime.time(h1, m1), tzinfo=zone)
        end = datetime.datetime.combine(
            day + datetime.timedelta(days=1 if kind == EventKind.REGIONAL_FORUM else 0),
            datetime.time(h2, m2),
            tzinfo=zone,
        )
        texts = {
            code: {
                "title": titles[code],
                "summary": summaries[code],
                **({"slug": slugs[slug][code]} if slug in slugs and code in slugs[slug] else {}),
            }
            for code in titles
        }
        common = dict(
            kind=kind,
            status=EventStatus.SCHEDULED,
            start=start,
            end=end,
            time_zone=zone_name,
            region=region,
            registration_url="https://forms.example.org/register" if day > today else "",
            **extra,
        )
        if slug == "regional-forum-dakar":
            from django.contrib.gis.geos import Point

            common["place"] = Point(-17.19, 14.73, srid=4326)
            common["registration_deadline"] = start - datetime.timedelta(days=7)
            common["agenda"] = [_para("Day 1: practices. Day 2: projects and funders.")]
        pages = page_in_languages(events_index, EventPage, slug, texts, **common)
        for page in pages.values():
            page.themes.set(themes[:1])
            page.objectives.set(objectives[1:])
            publish(page)

    page_in_languages(
        home_en,
        PressReleaseIndexPage,
        "press-releases",
        {
            "en": {"title": "Press releases"},
            "fr": {"title": "Communiqués de presse", "slug": "communiques"},
            "es": {"title": "Comunicados de prensa", "slug": "comunicados"},
        },
    )
    releases_en = PressReleaseIndexPage.objects.get(locale__language_code=SOURCE)
    page_in_languages(
        releases_en,
        PressReleasePage,
        "cop-statement",
        {
            "en": {
                "title": "The Initiative at the climate conference",
                "summary": "Soils are part of the solution.",
                "body": [_para("The Initiative calls on parties to include soil carbon in their plans.")],
            },
            "fr": {
                "title": "L'Initiative à la conférence sur le climat",
                "slug": "declaration-cop",
                "summary": "Les sols font partie de la solution.",
                "body": [_para("L'Initiative appelle les parties à inclure le carbone des sols dans leurs plans.")],
            },
            "es": {
                "title": "La Iniciativa en la conferencia sobre el clima",
                "slug": "declaracion-cop",
                "summary": "Los suelos son parte de la solución.",
                "body": [_para("La Iniciativa pide a las partes que incluyan el carbono del suelo en sus planes.")],
            },
        },
        date=today - datetime.timedelta(days=5),
        contacts=CONTACT,
    )
    kit_titles = {"en": "Press kit (PDF)", "fr": "Dossier de presse (PDF)", "es": "Dossier de prensa (PDF)"}
    kit_texts = {
        "en": {
            "title": "Press kit",
            "intro": "Everything a journalist needs about the Initiative.",
            "key_messages": [{"type": "message", "value": "Soils store carbon: 4 per 1000 a year makes a difference."}],
        },
        "fr": {
            "title": "Dossier de presse",
            "slug": "dossier-de-presse",
            "intro": "Tout ce dont un journaliste a besoin sur l'Initiative.",
            "key_messages": [
                {"type": "message", "value": "Les sols stockent du carbone : 4 pour 1000 par an, cela compte."}
            ],
        },
        "es": {
            "title": "Dossier de prensa",
            "slug": "dossier-de-prensa",
            "intro": "Todo lo que un periodista necesita sobre la Iniciativa.",
            "key_messages": [
                {"type": "message", "value": "Los suelos almacenan carbono: 4 por 1000 al año marca la diferencia."}
            ],
        },
    }
    for code, texts in kit_texts.items():
        texts["documents"] = _documents(kit_file, kit_titles, code)
    page_in_languages(home_en, PressKitPage, "press-kit", kit_texts, contacts=CONTACT)

    page_in_languages(
        home_en,
        KeyFiguresPage,
        "key-figures",
        {
            "en": {
                "title": "Key figures",
                "figures": [{"type": "figure", "value": {"value": "700+", "label": "partners and members"}}],
            },
            "fr": {
                "title": "Chiffres clés",
                "slug": "chiffres-cles",
                "figures": [{"type": "figure", "value": {"value": "700+", "label": "partenaires et membres"}}],
            },
            "es": {
                "title": "Cifras clave",
                "slug": "cifras-clave",
                "figures": [{"type": "figure", "value": {"value": "700+", "label": "socios y miembros"}}],
            },
        },
    )
    sheet_titles = {"en": "How to join (PDF)", "fr": "Comment adhérer (PDF)", "es": "Cómo adherirse (PDF)"}
    page_in_languages(
        home_en,
        PracticalSheetPage,
        "how-to-join",
        {
            "en": {"title": "How to join the Initiative", "summary": "Partners and members: who may join and how."},
            "fr": {
                "title": "Comment rejoindre l'Initiative",
                "slug": "comment-adherer",
                "summary": "Partenaires et membres : qui peut adhérer et comment.",
            },
            "es": {
                "title": "Cómo unirse a la Iniciativa",
                "slug": "como-adherirse",
                "summary": "Socios y miembros: quién puede adherirse y cómo.",
            },
        },
        document=sheet_file,
        body=[
            {
                "type": "documents",
                "value": {"title": "", "documents": [{"document": sheet_file.pk, "title": sheet_titles["en"]}]},
            }
        ],
    )
    page_in_languages(
        home_en,
        TrainingCoursePage,
        "soil-carbon-for-farmers",
        {
            "en": {"title": "Soil carbon for farmers' organisations", "summary": "Six online sessions."},
            "fr": {
                "title": "Le carbone des sols pour les organisations agricoles",
                "slug": "carbone-sols-agriculteurs",
                "summary": "Six sessions en ligne.",
            },
            "es": {
                "title": "El carbono del suelo para las organizaciones agrarias",
                "slug": "carbono-suelo-agricultores",
                "summary": "Seis sesiones en línea.",
            },
        },
        college=College.FARMERS,
        start_date=today + datetime.timedelta(days=45),
        end_date=today + datetime.timedelta(days=80),
        online=True,
    )
    page_in_languages(
        home_en,
        AboutPage,
        "about",
        {
            "en": {
                "title": "About the Initiative",
                "intro": "Launched at COP21 in Paris in 2015.",
                "governance": [
                    {
                        "type": "body",
                        "value": {"name": "Consortium of Members", "description": "<p>The decision-making body.</p>"},
                    }
                ],
            },
            "fr": {
                "title": "À propos de l'Initiative",
                "slug": "a-propos",
                "intro": "Lancée à la COP21 à Paris en 2015.",
                "governance": [
                    {
                        "type": "body",
                        "value": {"name": "Consortium des membres", "description": "<p>L'organe de décision.</p>"},
                    }
                ],
            },
            "es": {
                "title": "Acerca de la Iniciativa",
                "slug": "acerca-de",
                "intro": "Lanzada en la COP21 en París en 2015.",
                "governance": [
                    {
                        "type": "body",
                        "value": {"name": "Consorcio de miembros", "description": "<p>El órgano de decisión.</p>"},
                    }
                ],
            },
        },
    )
    page_in_languages(
        home_en,
        ContactPage,
        "contact",
        {
            "en": {
                "title": "Contact",
                "intro": "Write to the Executive Secretariat.",
                "thanks": "Thank you: we will answer soon.",
            },
            "fr": {
                "title": "Contact",
                "intro": "Écrivez au Secrétariat exécutif.",
                "thanks": "Merci : nous vous répondrons bientôt.",
            },
            "es": {
                "title": "Contacto",
                "slug": "contacto",
                "intro": "Escriba a la Secretaría Ejecutiva.",
                "thanks": "Gracias: le responderemos pronto.",
            },
        },
        recipient="secretariat@demo.test",
    )
    for slug, kind, titles in (
        (
            "privacy",
            LegalPage.Kind.PRIVACY,
            {
                "en": ("Privacy notice", "privacy"),
                "fr": ("Politique de confidentialité", "confidentialite"),
                "es": ("Política de privacidad", "privacidad"),
            },
        ),
        (
            "legal",
            LegalPage.Kind.LEGAL,
            {
                "en": ("Legal notice", "legal"),
                "fr": ("Mentions légales", "mentions-legales"),
                "es": ("Aviso legal", "aviso-legal"),
            },
        ),
    ):
        page_in_languages(
            home_en,
            LegalPage,
            slug,
            {code: {"title": title, "slug": code_slug} for code, (title, code_slug) in titles.items()},
            kind=kind,
            last_updated=datetime.date(2026, 1, 1),
        )
