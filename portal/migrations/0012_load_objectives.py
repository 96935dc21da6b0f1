"""Loads the strategic plan's objectives that the 2021 roadmap cites (roadmap-2021.txt).

The roadmap numbers the objectives (A2…F3) but does not give their titles; each label here is the
code followed by what the roadmap's activities citing it are about (written by the team, translated
FR/ES). Codes the roadmap does not cite (A1, B1, D3, F1) are added by a later data migration once the
plan's own titles are at hand: codes never change meaning."""

from django.db import migrations

OBJECTIVES = [
    ("a2", "A2 · Evaluation of projects", "A2 · Évaluation des projets", "A2 · Evaluación de proyectos"),
    ("a3", "A3 · Criteria and indicators for projects", "A3 · Critères et indicateurs des projets", "A3 · Criterios e indicadores de los proyectos"),
    ("a4", "A4 · Scientific syntheses and international debates", "A4 · Synthèses scientifiques et débats internationaux", "A4 · Síntesis científicas y debates internacionales"),
    ("a5", "A5 · Measuring, reporting and verifying soil carbon; carbon markets", "A5 · Mesure, notification et vérification du carbone des sols ; marchés du carbone", "A5 · Medición, notificación y verificación del carbono del suelo; mercados de carbono"),
    ("a6", "A6 · Research orientations and scientific cooperation", "A6 · Orientations de recherche et coopération scientifique", "A6 · Orientaciones de investigación y cooperación científica"),
    ("b2", "B2 · The collaborative platform", "B2 · La plateforme collaborative", "B2 · La plataforma colaborativa"),
    ("b3", "B3 · Sharing practices and projects", "B3 · Partage des pratiques et des projets", "B3 · Intercambio de prácticas y proyectos"),
    ("b4", "B4 · Good practices in the field", "B4 · Bonnes pratiques sur le terrain", "B4 · Buenas prácticas sobre el terreno"),
    ("c1", "C1 · Promotion of the Initiative", "C1 · Promotion de l'Initiative", "C1 · Promoción de la Iniciativa"),
    ("c2", "C2 · Communication and outreach", "C2 · Communication et rayonnement", "C2 · Comunicación y difusión"),
    ("c3", "C3 · Commitments, membership and funders' engagement", "C3 · Engagements, adhésions et mobilisation des bailleurs", "C3 · Compromisos, adhesiones y movilización de los financiadores"),
    ("c4", "C4 · The annual call for projects", "C4 · L'appel à projets annuel", "C4 · La convocatoria anual de proyectos"),
    ("d1", "D1 · Networking of partners", "D1 · Mise en réseau des partenaires", "D1 · Trabajo en red de los socios"),
    ("d2", "D2 · Regional meetings and forums", "D2 · Réunions et forums régionaux", "D2 · Reuniones y foros regionales"),
    ("d4", "D4 · Synergies with other initiatives and funders", "D4 · Synergies avec les autres initiatives et les bailleurs", "D4 · Sinergias con otras iniciativas y financiadores"),
    ("e1", "E1 · Action plan based on the Strategic Plan", "E1 · Plan d'action fondé sur le Plan stratégique", "E1 · Plan de acción basado en el Plan Estratégico"),
    ("e2", "E2 · Documents for implementing good practices", "E2 · Documents de mise en œuvre des bonnes pratiques", "E2 · Documentos para aplicar las buenas prácticas"),
    ("e3", "E3 · Funding of projects in the field", "E3 · Financement des projets sur le terrain", "E3 · Financiación de los proyectos sobre el terreno"),
    ("f2", "F2 · Funding of the Executive Secretariat", "F2 · Financement du Secrétariat exécutif", "F2 · Financiación de la Secretaría Ejecutiva"),
    ("f3", "F3 · Operation of the Initiative and its platform", "F3 · Fonctionnement de l'Initiative et de sa plateforme", "F3 · Funcionamiento de la Iniciativa y de su plataforma"),
]


def load(apps, schema_editor):
    model = apps.get_model("portal", "Objective")
    for position, (code, en, fr, es) in enumerate(OBJECTIVES):
        model.objects.update_or_create(
            code=code,
            defaults={"label": en, "label_en": en, "label_fr": fr, "label_es": es, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0011_cms_pages_and_objectives")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
