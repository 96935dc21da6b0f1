"""Demo forum: a category per theme (public), per college (its members only), per world region
(public, moderated by the region's correspondents), one for the Friends, one for the secretariat, and a
few topics in French, English and Spanish. Running it twice updates what is there."""

from django.db import transaction

from portal.choices import College
from portal.models import Region, Theme, User

from . import services
from .models import Category, Topic

COLLEGE_NAMES = {
    "en": "College: {}",
    "fr": "Collège : {}",
    "es": "Colegio: {}",
}

TOPICS = [
    (
        "agroforestry",
        "friend@demo.test",
        "fr",
        "Quelles essences associer au karité ?",
        "Bonjour à tous,\n\nDans notre village près de Kaya, nous plantons des **karités** en bordure de champ. Quelles essences associer pour fixer l'azote sans concurrencer le mil ?",
        [
            (
                "partner@demo.test",
                "en",
                "In Burkina Faso, *Faidherbia albida* works well: it loses its leaves in the rainy season, so the millet gets the light. See https://www.worldagroforestry.org/ for spacing advice.",
            ),
        ],
    ),
    (
        "cover-crops",
        "correspondent@demo.test",
        "es",
        "Cultivos de cobertura en zonas secas: ¿qué experiencia tienen?",
        "Estimados colegas:\n\nEn el Chaco paraguayo probamos una mezcla de **avena negra** y vicia. ¿Alguien ha medido el carbono del suelo después de tres años?",
        [
            (
                "friend@demo.test",
                "fr",
                "Au Sénégal nous avons essayé le niébé en couverture : bonne levée, mais les termites l'ont attaqué la deuxième année.",
            ),
        ],
    ),
    (
        "measurement-mrv",
        "partner@demo.test",
        "en",
        "Sampling depth for soil organic carbon: 30 cm or 1 m?",
        "Our monitoring plan follows the FAO GSOC MRV protocol at 0–30 cm. Reviewers ask for deeper samples. What do other partners do?",
        [],
    ),
]


def _category(slug, *, kind, read_scope, post_scope, names, descriptions, space="", theme=None, position=0):
    defaults = {
        "kind": kind,
        "read_scope": read_scope,
        "post_scope": post_scope,
        "space": space,
        "theme": theme,
        "position": position,
    }
    for code in ("en", "fr", "es"):
        defaults[f"name_{code}"] = names[code]
        defaults[f"description_{code}"] = descriptions[code]
    category, _created = Category.objects.update_or_create(slug=slug, defaults=defaults)
    return category


@transaction.atomic
def seed(scale, out):
    _category(
        "welcome",
        kind=Category.Kind.GENERAL,
        read_scope="public",
        post_scope="member",
        names={"en": "Welcome", "fr": "Bienvenue", "es": "Bienvenida"},
        descriptions={
            "en": "Introduce yourself and ask how the forum works.",
            "fr": "Présentez-vous et demandez comment fonctionne le forum.",
            "es": "Preséntese y pregunte cómo funciona el foro.",
        },
    )
    _category(
        "friends",
        kind=Category.Kind.GENERAL,
        read_scope="friend",
        post_scope="friend",
        position=1,
        names={"en": "Friends' corner", "fr": "Le coin des Amis", "es": "El rincón de los Amigos"},
        descriptions={
            "en": "For the Friends of the 4 per 1000: relay news, organise local events.",
            "fr": "Pour les Amis du 4 pour 1000 : relayer l'information, organiser des rencontres locales.",
            "es": "Para los Amigos del 4 por 1000: difundir noticias, organizar encuentros locales.",
        },
    )
    for position, theme in enumerate(Theme.objects.order_by("position", "code")):
        _category(
            theme.code,
            kind=Category.Kind.THEME,
            read_scope="public",
            post_scope="member",
            theme=theme,
            position=position,
            names={code: getattr(theme, f"label_{code}") or theme.label for code in ("en", "fr", "es")},
            descriptions={"en": "", "fr": "", "es": ""},
        )
    for position, (code, label) in enumerate(College.choices):
        scope = f"college:{code}"
        from django.utils import translation

        names = {}
        for language in ("en", "fr", "es"):
            with translation.override(language):
                names[language] = COLLEGE_NAMES[language].format(str(label))
        _category(
            f"college-{code}",
            kind=Category.Kind.COLLEGE,
            read_scope=scope,
            post_scope=scope,
            space=scope,
            position=position,
            names=names,
            descriptions={
                "en": "The college's members prepare their plan of action here.",
                "fr": "Les membres du collège préparent ici leur plan d'action.",
                "es": "Los miembros del colegio preparan aquí su plan de acción.",
            },
        )
    for position, region in enumerate(Region.objects.order_by("position", "code")):
        _category(
            f"region-{region.code}",
            kind=Category.Kind.REGION,
            read_scope="public",
            post_scope="member",
            space=f"region:{region.code}",
            position=position,
            names={code: getattr(region, f"label_{code}") or region.label for code in ("en", "fr", "es")},
            descriptions={
                "en": "Animated by the region's correspondents.",
                "fr": "Animé par les correspondants de la région.",
                "es": "Animado por los corresponsales de la región.",
            },
        )
    _category(
        "secretariat",
        kind=Category.Kind.SECRETARIAT,
        read_scope="secretariat",
        post_scope="secretariat",
        names={"en": "Secretariat", "fr": "Secrétariat", "es": "Secretaría"},
        descriptions={
            "en": "The secretariat's own discussions.",
            "fr": "Les échanges internes du secrétariat.",
            "es": "Los intercambios internos de la secretaría.",
        },
    )
    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.test")}
    made = 0
    for slug, author_email, language, title, body, replies in TOPICS:
        author = people.get(author_email)
        if author is None or Topic.objects.filter(title=title).exists():
            continue
        category = Category.objects.get(slug=slug)
        topic = services.start_topic(category, by=author, title=title, body=body, language=language)
        _publish(topic.posts.get(number=1))
        for reply_email, reply_language, reply_body in replies:
            replier = people.get(reply_email)
            if replier is not None:
                _publish(services.reply(topic, by=replier, body=reply_body, language=reply_language))
        made += 1
    out.write(f"Forum: {Category.objects.count()} categories, {made} new topics.")


def _publish(post):
    """Demo posts skip the new-account approval (they stand for a forum that has been running)."""
    if post.status != "published":
        post.status = "published"
        post.save(update_fields=["status"])
        if post.is_first:
            Topic.objects.filter(pk=post.topic_id).update(status="published")
