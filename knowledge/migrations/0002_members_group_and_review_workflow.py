"""The "Knowledge members" group (the people who write the bank: editors of member organisations and the
moderators of a college's pages, knowledge.services.is_entitled), filled with today's editors, and the
"Knowledge review" workflow whose one task the Secretariat holds (college moderators approve the pages of
their college through the task itself, knowledge.models.KnowledgeReviewTask). The group's page rights and
the workflow's place on every knowledge bank are given by knowledge.services.sync_bank_rights after
migrate and whenever a bank is created (the banks are pages, made after migrations)."""

from django.db import migrations

WORKFLOW = "Knowledge review"
TASK = "Knowledge review (secretariat or the college's moderators)"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    KnowledgeReviewTask = apps.get_model("knowledge", "KnowledgeReviewTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    OrganisationEditor = apps.get_model("partners", "OrganisationEditor")

    members, _ = Group.objects.get_or_create(name="Knowledge members")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    for user_id in OrganisationEditor.objects.values_list("user_id", flat=True).distinct():
        members.user_set.add(user_id)

    content_type, _ = ContentType.objects.get_or_create(app_label="knowledge", model="knowledgereviewtask")
    task = KnowledgeReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = KnowledgeReviewTask.objects.create(name=TASK, content_type=content_type, active=True)
    task.groups.add(secretariat)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("knowledge", "KnowledgeReviewTask").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name="Knowledge members").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_knowledge_bank"),
        ("partners", "0013_organisation_directory_index_per_language"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
