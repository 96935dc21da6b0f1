"""Demo data of the call: a current open call with trilingual criteria, last year's decided call
with proposals, reviews and decisions, and the demo accounts' assignments. Idempotent."""

import datetime
from decimal import Decimal

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from portal.models import User

from .models import (
    Assignment,
    BudgetLine,
    Call,
    Criterion,
    CriterionGroup,
    Proposal,
    ProposalMember,
    Review,
    ReviewLanguage,
    Score,
)

# (code, {lang: group name}, [(code, weight, use, {lang: (name, guidance, levels)})])
LEVELS = {
    "en": "absent\nweak\nfair\ngood\nvery good\nexcellent",
    "fr": "absent\nfaible\nmoyen\nbon\ntrès bon\nexcellent",
    "es": "ausente\ndébil\nregular\nbueno\nmuy bueno\nexcelente",
}
GROUPS = [
    (
        "soc",
        {
            "en": "Soil organic carbon impact",
            "fr": "Impact sur le carbone organique du sol",
            "es": "Impacto en el carbono orgánico del suelo",
        },
        [
            (
                "soc-stock",
                "3",
                "both",
                {
                    "en": (
                        "Expected increase of soil carbon stocks",
                        "Quantify the expected change in the first 30 cm and explain the baseline.",
                    ),
                    "fr": (
                        "Augmentation attendue des stocks de carbone du sol",
                        "Quantifiez le changement attendu dans les 30 premiers cm "
                        "et expliquez la situation de référence.",
                    ),
                    "es": (
                        "Aumento esperado de las reservas de carbono del suelo",
                        "Cuantifique el cambio esperado en los primeros 30 cm y explique la línea de base.",
                    ),
                },
            ),
            (
                "soc-permanence",
                "1.5",
                "both",
                {
                    "en": (
                        "Permanence of the storage",
                        "Describe how the carbon stored stays in the soil after the project.",
                    ),
                    "fr": (
                        "Permanence du stockage",
                        "Décrivez comment le carbone stocké reste dans le sol après le projet.",
                    ),
                    "es": (
                        "Permanencia del almacenamiento",
                        "Describa cómo el carbono almacenado permanece en el suelo después del proyecto.",
                    ),
                },
            ),
        ],
    ),
    (
        "food",
        {"en": "Food security", "fr": "Sécurité alimentaire", "es": "Seguridad alimentaria"},
        [
            (
                "food-yield",
                "2",
                "both",
                {
                    "en": ("Yields and food security", "Show how farmers' yields and access to food improve."),
                    "fr": (
                        "Rendements et sécurité alimentaire",
                        "Montrez comment les rendements et l'accès à l'alimentation s'améliorent.",
                    ),
                    "es": (
                        "Rendimientos y seguridad alimentaria",
                        "Muestre cómo mejoran los rendimientos y el acceso a los alimentos.",
                    ),
                },
            )
        ],
    ),
    (
        "adaptation",
        {"en": "Adaptation and resilience", "fr": "Adaptation et résilience", "es": "Adaptación y resiliencia"},
        [
            (
                "adapt",
                "1.5",
                "both",
                {
                    "en": (
                        "Resilience to climate shocks",
                        "Explain how soils and farms cope better with drought and floods.",
                    ),
                    "fr": (
                        "Résilience aux chocs climatiques",
                        "Expliquez comment les sols et les exploitations font mieux face "
                        "aux sécheresses et aux inondations.",
                    ),
                    "es": (
                        "Resiliencia ante los choques climáticos",
                        "Explique cómo los suelos y las fincas enfrentan mejor las sequías y las inundaciones.",
                    ),
                },
            )
        ],
    ),
    (
        "inclusion",
        {
            "en": "Social and gender inclusion",
            "fr": "Inclusion sociale et de genre",
            "es": "Inclusión social y de género",
        },
        [
            (
                "gender",
                "1",
                "both",
                {
                    "en": ("Women and young farmers involved", "Say who takes part in decisions and who benefits."),
                    "fr": (
                        "Implication des femmes et des jeunes",
                        "Dites qui participe aux décisions et qui en bénéficie.",
                    ),
                    "es": (
                        "Participación de mujeres y jóvenes",
                        "Indique quién participa en las decisiones y quién se beneficia.",
                    ),
                },
            )
        ],
    ),
    (
        "economy",
        {"en": "Economic viability", "fr": "Viabilité économique", "es": "Viabilidad económica"},
        [
            (
                "economy",
                "1",
                "both",
                {
                    "en": (
                        "Economic viability for farmers",
                        "Show the costs and returns of the practices for farmers.",
                    ),
                    "fr": (
                        "Viabilité économique pour les agriculteurs",
                        "Montrez les coûts et les bénéfices des pratiques pour les agriculteurs.",
                    ),
                    "es": (
                        "Viabilidad económica para los agricultores",
                        "Muestre los costos y beneficios de las prácticas para los agricultores.",
                    ),
                },
            )
        ],
    ),
    (
        "mrv",
        {
            "en": "Measurement, reporting and verification",
            "fr": "Mesure, notification et vérification",
            "es": "Medición, reporte y verificación",
        },
        [
            (
                "mrv",
                "2",
                "both",
                {
                    "en": ("Soundness of the MRV plan", "Sampling design, laboratory methods and reporting schedule."),
                    "fr": (
                        "Solidité du plan MNV",
                        "Plan d'échantillonnage, méthodes de laboratoire et calendrier de rapport.",
                    ),
                    "es": (
                        "Solidez del plan MRV",
                        "Diseño de muestreo, métodos de laboratorio y calendario de reportes.",
                    ),
                },
            )
        ],
    ),
    (
        "governance",
        {"en": "Governance and scaling", "fr": "Gouvernance et passage à l'échelle", "es": "Gobernanza y escalamiento"},
        [
            (
                "scaling",
                "1",
                "both",
                {
                    "en": ("Potential for scaling up", "Who will carry the practices further, and how?"),
                    "fr": ("Potentiel de passage à l'échelle", "Qui diffusera les pratiques plus loin, et comment ?"),
                    "es": ("Potencial de escalamiento", "¿Quién llevará las prácticas más lejos, y cómo?"),
                },
            ),
            (
                "readiness",
                "1",
                "self",
                {
                    "en": ("Readiness of the team", "Is your team ready to start within six months?"),
                    "fr": ("Préparation de l'équipe", "Votre équipe est-elle prête à commencer dans les six mois ?"),
                    "es": ("Preparación del equipo", "¿Está su equipo listo para empezar en seis meses?"),
                },
            ),
        ],
    ),
]

CALL_TEXT = {
    "en": (
        "International call for projects {year}",
        "Projects must increase soil organic carbon on agricultural land while improving food security. "
        "Submit before the deadline; late proposals cannot be accepted.",
    ),
    "fr": (
        "Appel international à projets {year}",
        "Les projets doivent augmenter le carbone organique des sols agricoles tout en améliorant la sécurité "
        "alimentaire. Soumettez avant la date limite ; les propositions tardives ne sont pas acceptées.",
    ),
    "es": (
        "Convocatoria internacional de proyectos {year}",
        "Los proyectos deben aumentar el carbono orgánico de los suelos agrícolas y mejorar la seguridad "
        "alimentaria. Envíe antes de la fecha límite; no se aceptan propuestas tardías.",
    ),
}


def seed_call(year, opens_at):
    """Create or update the call of ``year`` with the demo criteria."""
    texts = {}
    for code, (title, rules) in CALL_TEXT.items():
        texts[f"title_{code}"] = title.format(year=year)
        texts[f"rules_{code}"] = rules
    call, _created = Call.objects.update_or_create(
        year=year,
        defaults={
            "opens_at": opens_at,
            "submission_deadline": opens_at + datetime.timedelta(days=90),
            "review_deadline": opens_at + datetime.timedelta(days=150),
            "decision_date": opens_at + datetime.timedelta(days=180),
            "currency": "EUR",
            **texts,
        },
    )
    for g_position, (g_code, g_names, criteria) in enumerate(GROUPS):
        group, _ = CriterionGroup.objects.update_or_create(
            call=call,
            code=g_code,
            defaults={"position": g_position, **{f"name_{lang}": name for lang, name in g_names.items()}},
        )
        for c_position, (c_code, weight, use, texts_by_lang) in enumerate(criteria):
            defaults = {"group": group, "weight": Decimal(weight), "use": use, "position": c_position}
            for lang, (name, guidance) in texts_by_lang.items():
                defaults[f"name_{lang}"] = name
                defaults[f"guidance_{lang}"] = guidance
                defaults[f"level_labels_{lang}"] = LEVELS[lang]
            Criterion.objects.update_or_create(call=call, code=c_code, defaults=defaults)
    return call


@transaction.atomic
def seed(scale, out):
    from . import services

    now = timezone.now()
    current = seed_call(now.year, now - datetime.timedelta(days=30))
    previous = seed_call(now.year - 1, now - datetime.timedelta(days=30 + 365))
    applicant = User.objects.filter(email="applicant@demo.test").first()
    reviewer = User.objects.filter(email="reviewer@demo.test").first()
    chair = User.objects.filter(email="chair@demo.test").first()
    if applicant is None or reviewer is None or chair is None:
        return None
    # Last year's call: decided, with published decisions, reviews and budget lines.
    stc_criteria = list(previous.criteria.exclude(use=Criterion.Use.SELF))
    for n in range(3 * scale):
        positive = n % 3 != 2
        proposal, created = Proposal.objects.get_or_create(
            call=previous,
            title=f"Agroforestry for soil carbon, site {n + 1}",
            defaults={
                "owner": applicant,
                "organisation": "Sahel Soils Cooperative",
                "summary": "Trees and cover crops on 400 ha of degraded cropland, with farmer field schools.",
                "country": ["SN", "BF", "PE", "IN"][n % 4],
                "duration_months": 24,
                "expected_soc_outcome": "+0.3 t C/ha/yr over five years",
                "mrv_plan": "Baseline and yearly sampling at 0-30 cm, dry combustion.",
                "requested_amount": Decimal("80000"),
                "co_funding": Decimal("20000"),
                "consent": True,
                "status": Proposal.Status.DECIDED,
                "version": 1,
                "submitted_at": previous.submission_deadline - datetime.timedelta(days=2),
                "decision": Proposal.Decision.POSITIVE if positive else Proposal.Decision.NEGATIVE,
                "feedback_to_applicant": "A clear MRV plan; strengthen the scaling strategy.",
            },
        )
        if not created:
            continue
        BudgetLine.objects.create(proposal=proposal, label="Seedlings and cover crop seed", amount=Decimal("50000"))
        BudgetLine.objects.create(proposal=proposal, label="Soil sampling and analysis", amount=Decimal("30000"))
        for person in (reviewer, chair):
            assignment = Assignment.objects.create(
                proposal=proposal, reviewer=person, conflict="no", conflict_declared_at=previous.submission_deadline
            )
            review = Review.objects.create(
                assignment=assignment,
                status=Review.Status.SUBMITTED,
                recommendation="fund" if positive else "do_not_fund",
                confidence=4,
                submitted_at=previous.review_deadline,
                feedback="Well designed.",
            )
            Score.objects.bulk_create(
                Score(review=review, criterion=c, value=(4 if positive else 2) + (i % 2))
                for i, c in enumerate(stc_criteria)
            )
    if previous.decisions_published_at is None:
        Call.objects.filter(pk=previous.pk).update(decisions_published_at=previous.decision_date)
    # This year's open call: a draft of the demo applicant, a submitted proposal assigned to the reviewer.
    draft, _created = Proposal.objects.get_or_create(
        call=current,
        owner=applicant,
        title="Cover crops in the Andes",
        defaults={
            "summary": "Cover crops and reduced tillage with 120 smallholders.",
            "country": "PE",
            "language": "es",
            "location": Point(-72.5, -13.5, srid=4326),
        },
    )
    # Its co-applicants: the demo friend edits it; the correspondent is invited and has not accepted.
    friend = User.objects.filter(email="friend@demo.test").first()
    if friend is not None:
        ProposalMember.objects.get_or_create(
            proposal=draft,
            email=friend.email,
            defaults={"access": "write", "invited_by": applicant, "user": friend, "accepted_at": now},
        )
    ProposalMember.objects.get_or_create(
        proposal=draft, email="correspondent@demo.test", defaults={"access": "read", "invited_by": applicant}
    )
    submitted, created = Proposal.objects.get_or_create(
        call=current,
        title="Rangeland restoration in the Sahel",
        defaults={
            "owner": applicant,
            "summary": "Holistic grazing and assisted natural regeneration on communal rangelands.",
            "country": "NE",
            "language": "fr",
            "location": Point(2.1, 13.5, srid=4326),
            "status": Proposal.Status.SUBMITTED,
            "version": 1,
            "submitted_at": now - datetime.timedelta(days=1),
            "requested_amount": Decimal("60000"),
            "consent": True,
        },
    )
    if created:
        services.assign(submitted, reviewer, by=chair)
    # The demo reviewer reads English and French (the Sahel proposal is in French).
    for language in ("en", "fr"):
        ReviewLanguage.objects.get_or_create(reviewer=reviewer, language=language)
    return current
