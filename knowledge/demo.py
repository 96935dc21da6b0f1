"""Demo knowledge bank: the bank of each language (FR "connaissances", ES "conocimientos"), a public page
in three languages, a page left untranslated (French and Spanish readers see it as an alias), a page of the
research college (read by partner@demo.test, who edits INRAE, and by the secretariat), and a moderator of
that college's pages. Idempotent: running it again updates the same pages."""

from allauth.account.models import EmailAddress
from django.conf import settings
from wagtail.models import Page

from portal.demo_cms import SOURCE, alias, page_in_languages, publish
from portal.models import HomePage, Theme, User

from . import services
from .models import KnowledgeIndexPage, KnowledgePage

MODERATOR = "research-moderator@knowledge.demo.test"


def _para(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def seed(scale, out):
    home_en = HomePage.objects.get(locale__language_code=SOURCE)
    page_in_languages(
        home_en,
        KnowledgeIndexPage,
        "knowledge",
        {
            "en": {"title": "Knowledge bank", "intro": "What members learnt, written together."},
            "fr": {
                "title": "Banque de connaissances",
                "slug": "connaissances",
                "intro": "Ce que les membres ont appris, écrit ensemble.",
            },
            "es": {
                "title": "Banco de conocimientos",
                "slug": "conocimientos",
                "intro": "Lo que los miembros aprendieron, escrito entre todos.",
            },
        },
    )
    bank_en = KnowledgeIndexPage.objects.get(locale__language_code=SOURCE)
    services.sync_bank_rights()
    themes = list(Theme.objects.order_by("position", "code")[:2])

    public = page_in_languages(
        bank_en,
        KnowledgePage,
        "measuring-soil-carbon",
        {
            "en": {
                "title": "Measuring soil organic carbon on a farm",
                "summary": "Sampling depth, bulk density and how often to go back.",
                "body": [_para("Sample to 30 cm at least, measure bulk density, and return to the same points.")],
            },
            "fr": {
                "title": "Mesurer le carbone organique du sol d'une ferme",
                "slug": "mesurer-carbone-sol",
                "summary": "Profondeur d'échantillonnage, densité apparente et fréquence des mesures.",
                "body": [_para("Prélevez sur 30 cm au moins, mesurez la densité apparente, revenez aux mêmes points.")],
            },
            "es": {
                "title": "Medir el carbono orgánico del suelo en una finca",
                "slug": "medir-carbono-suelo",
                "summary": "Profundidad de muestreo, densidad aparente y frecuencia de las mediciones.",
                "body": [_para("Muestree al menos 30 cm, mida la densidad aparente y vuelva a los mismos puntos.")],
            },
        },
    )
    for page in public.values():
        page.themes.set(themes)
        publish(page)

    # Written in English only: the French and Spanish banks show it as an alias.
    untranslated = page_in_languages(
        bank_en,
        KnowledgePage,
        "cover-crop-termination",
        {
            "en": {
                "title": "Ending a cover crop without herbicide",
                "summary": "Rolling, mowing and grazing compared on three farms.",
                "body": [_para("Roll at flowering: earlier, the cover grows back.")],
            }
        },
    )["en"]
    for code, _name in settings.LANGUAGES:
        if code != SOURCE:
            alias(untranslated, code)

    college = page_in_languages(
        bank_en,
        KnowledgePage,
        "research-plan-of-action",
        {
            "en": {
                "title": "Plan of action of the research college (draft)",
                "summary": "What the research college proposes for the next two years.",
                "body": [_para("Shared protocols for soil carbon monitoring; a network of long-term trials.")],
            }
        },
        scope="college:research",
    )["en"]

    moderator, created = User.objects.get_or_create(email=MODERATOR, defaults={"language": "fr"})
    if created:
        moderator.set_password(settings.DEMO_PASSWORD)
        moderator.first_name, moderator.last_name = "Research", "Moderator"
        moderator.save()
    EmailAddress.objects.get_or_create(user=moderator, email=MODERATOR, defaults={"primary": True, "verified": True})
    services.appoint_moderator(moderator, "research", by=None)
    for email in ("partner@demo.test", MODERATOR):
        user = User.objects.filter(email=email).first()
        if user is not None:
            services.sync_membership(user, by=None)
    count = KnowledgePage.objects.count()
    aliases = Page.objects.filter(alias_of=untranslated).count()
    out.write(
        f"knowledge: {count} knowledge pages ({aliases} aliases), one of the research college ({college.slug}); "
        f"{MODERATOR} moderates it.\n"
    )
