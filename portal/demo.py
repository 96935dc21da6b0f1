"""Trilingual demo content of the site shell: one account per role, home pages and news.

seed_demo calls ``seed(scale, out)`` of every app that has a ``demo`` module, portal first.
Running it twice updates what is there instead of duplicating it.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page

from . import languages, roles
from .models import HomePage, NewsIndexPage, NewsPage, User

# Fixed TOTP secrets for the demo staff and STC accounts, so the demo can be used straight away.
# They are printed by seed_demo and only ever exist in demo data.
DEMO_TOTP_SECRETS = {
    "secretariat@demo.test": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "chair@demo.test": "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    "reviewer@demo.test": "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK",
}

DEMO_LANGUAGES = {
    "secretariat@demo.test": "fr",
    "chair@demo.test": "en",
    "reviewer@demo.test": "es",
    "partner@demo.test": "fr",
    "applicant@demo.test": "es",
    "funder@demo.test": "en",
    "correspondent@demo.test": "fr",
    "friend@demo.test": "es",
}

HOME = {
    "en": {
        "title": "Soils for food security and climate",
        "intro": "The “4 per 1000” Initiative brings together partners who act so that agricultural soils "
        "store more carbon: for food security, for adaptation and for the climate.",
        "figures": [
            ("700+", "partners and members"),
            ("0.4 %", "annual growth of soil carbon stocks"),
            ("7", "colleges of partners"),
        ],
        "about": "Increasing soil carbon stocks by 4 per 1000 a year in the first 30–40 cm of soil would "
        "significantly reduce the CO2 concentration in the atmosphere.",
        "cta_title": "Share a practice that works",
        "cta_text": "Agroforestry, cover crops, grazing management: describe what works on your soils.",
        "news_index": "News",
        "news": [
            (
                "Call for projects opens",
                "The annual international call for projects is open to all "
                "project holders. Assess your project against the Initiative's criteria first.",
            ),
            (
                "Regional meeting in Dakar",
                "Partners from Sub-Saharan Africa met to share practices that restore degraded soils.",
            ),
            ("New practices in the database", "Twelve agroforestry and cover crop sheets were published this month."),
        ],
    },
    "fr": {
        "title": "Les sols pour la sécurité alimentaire et le climat",
        "intro": "L'Initiative « 4 pour 1000 » rassemble des partenaires qui agissent pour que les sols "
        "agricoles stockent plus de carbone : pour la sécurité alimentaire, l'adaptation et le climat.",
        "figures": [
            ("700+", "partenaires et membres"),
            ("0,4 %", "de croissance annuelle des stocks de carbone des sols"),
            ("7", "collèges de partenaires"),
        ],
        "about": "Augmenter chaque année de 4 pour 1000 les stocks de carbone dans les 30 à 40 premiers "
        "centimètres du sol réduirait de façon significative la concentration de CO2 dans l'atmosphère.",
        "cta_title": "Partagez une pratique qui marche",
        "cta_text": "Agroforesterie, couverts végétaux, gestion du pâturage : décrivez ce qui marche sur vos sols.",
        "news_index": "Actualités",
        "news": [
            (
                "Ouverture de l'appel à projets",
                "L'appel international annuel à projets est ouvert à tous "
                "les porteurs de projets. Commencez par l'auto-évaluation selon les critères de l'Initiative.",
            ),
            (
                "Réunion régionale à Dakar",
                "Les partenaires d'Afrique subsaharienne se sont réunis pour "
                "partager les pratiques qui restaurent les sols dégradés.",
            ),
            (
                "Nouvelles pratiques dans la base",
                "Douze fiches sur l'agroforesterie et les couverts végétaux ont été publiées ce mois-ci.",
            ),
        ],
    },
    "es": {
        "title": "Suelos para la seguridad alimentaria y el clima",
        "intro": "La Iniciativa «4 por 1000» reúne a socios que actúan para que los suelos agrícolas "
        "almacenen más carbono: para la seguridad alimentaria, la adaptación y el clima.",
        "figures": [
            ("700+", "socios y miembros"),
            ("0,4 %", "de aumento anual de las reservas de carbono del suelo"),
            ("7", "colegios de socios"),
        ],
        "about": "Aumentar cada año en un 4 por 1000 las reservas de carbono en los primeros 30–40 cm del "
        "suelo reduciría de manera significativa la concentración de CO2 en la atmósfera.",
        "cta_title": "Comparta una práctica que funciona",
        "cta_text": "Agroforestería, cultivos de cobertura, manejo del pastoreo: describa lo que funciona en "
        "sus suelos.",
        "news_index": "Noticias",
        "news": [
            (
                "Se abre la convocatoria de proyectos",
                "La convocatoria internacional anual de proyectos está "
                "abierta a todos los promotores. Evalúe primero su proyecto según los criterios de la Iniciativa.",
            ),
            (
                "Reunión regional en Dakar",
                "Los socios de África subsahariana se reunieron para compartir "
                "prácticas que restauran suelos degradados.",
            ),
            (
                "Nuevas prácticas en la base de datos",
                "Este mes se publicaron doce fichas sobre agroforestería y cultivos de cobertura.",
            ),
        ],
    },
}


def seed_accounts(out):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    rows = []
    for email, group_name in roles.DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(email=email)
        user.set_password(settings.DEMO_PASSWORD)
        user.language = DEMO_LANGUAGES.get(email, "en")
        user.first_name = email.split("@")[0].capitalize()
        user.last_name = "Demo"
        user.is_staff = group_name == roles.SECRETARIAT
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        user.groups.clear()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        secret = DEMO_TOTP_SECRETS.get(email)
        if secret and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
        rows.append((email, str(roles.GROUPS.get(group_name, "Applicant")) if group_name else "Applicant", secret))
    return rows


def _body(content):
    return [
        {"type": "key_figures", "value": [{"value": v, "label": lbl} for v, lbl in content["figures"]]},
        {"type": "paragraph", "value": f"<p>{content['about']}</p>"},
        {
            "type": "call_to_action",
            "value": {"title": content["cta_title"], "text": content["cta_text"], "link_page": None, "link_url": ""},
        },
    ]


def _publish(page):
    page.save_revision().publish()


def seed_pages(scale, out):
    # The demo has texts in the languages of HOME; a language added to the settings keeps the aliases
    # of the English pages that wagtail-localize makes.
    codes = [code for code in languages.codes() if code in HOME]
    others = [code for code in codes if code != "en"]
    locales = {code: Locale.objects.get(language_code=code) for code in codes}
    home_en = HomePage.objects.get(locale=locales["en"])
    homes = {"en": home_en}
    for code in others:
        translation = HomePage.objects.filter(translation_key=home_en.translation_key, locale=locales[code]).first()
        if translation is None:
            translation = home_en.copy_for_translation(locales[code])
        homes[code] = translation.specific

    for code, home in homes.items():
        content = HOME[code]
        home.title = content["title"]
        home.draft_title = content["title"]
        home.intro = content["intro"]
        home.body = _body(content)
        home.alias_of = None
        _publish(home)

    index_en = NewsIndexPage.objects.filter(locale=locales["en"]).first()
    if index_en is None:
        index_en = home_en.add_child(instance=NewsIndexPage(title=HOME["en"]["news_index"], slug="news"))
    indexes = {"en": index_en}
    for code in others:
        existing = NewsIndexPage.objects.filter(translation_key=index_en.translation_key, locale=locales[code]).first()
        indexes[code] = (existing or index_en.copy_for_translation(locales[code])).specific
    slugs = {"en": "news", "fr": "actualites", "es": "noticias"}
    for code, index in indexes.items():
        index.title = HOME[code]["news_index"]
        index.slug = slugs[code]
        _publish(index)

    today = datetime.date.today()
    count = len(HOME["en"]["news"]) * max(scale, 1)
    for n in range(count):
        base = n % len(HOME["en"]["news"])
        suffix = f" ({n // 3 + 1})" if n >= 3 else ""
        slug = f"news-{n + 1}"
        item_en = NewsPage.objects.filter(locale=locales["en"], slug=slug).first()
        if item_en is None:
            title, summary = HOME["en"]["news"][base]
            item_en = index_en.add_child(
                instance=NewsPage(
                    title=title + suffix, slug=slug, date=today - datetime.timedelta(days=7 * n), summary=summary
                )
            )
            _publish(item_en)
        for code in others:
            item = NewsPage.objects.filter(translation_key=item_en.translation_key, locale=locales[code]).first()
            if item is None:
                item = item_en.copy_for_translation(locales[code]).specific
            title, summary = HOME[code]["news"][base]
            item.title = title + suffix
            item.summary = summary
            _publish(item)
    Page.objects.filter(pk__in=[p.pk for p in homes.values()]).update(live=True)
    from .demo_cms import seed_cms_pages

    seed_cms_pages(scale, home_en, index_en)


@transaction.atomic
def seed(scale, out):
    rows = seed_accounts(out)
    seed_pages(scale, out)
    return rows
