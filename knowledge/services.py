"""State changes of the knowledge bank: who belongs to the "Knowledge members" group, who moderates a
college's pages, and the rights that follow the banks (docs/knowledge.md)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal import audit, membership, roles

from .access import KNOWLEDGE_MEMBERS
from .models import CollegeModerator, KnowledgeIndexPage, KnowledgeReviewTask

WORKFLOW = "Knowledge review"
TASK = "Knowledge review (secretariat or the college's moderators)"
# What a knowledge member may do on the banks: write and change pages, never publish (the workflow does).
PAGE_RIGHTS = ("add_page", "change_page")
COLLECTION_RIGHTS = (
    ("wagtailimages", ("add_image", "choose_image")),
    ("wagtaildocs", ("add_document", "choose_document")),
)


def members_group():
    return Group.objects.get_or_create(name=KNOWLEDGE_MEMBERS)[0]


def review_workflow():
    """The "Knowledge review" workflow and its one task, held by the secretariat (made by migration 0002;
    made again here if someone deleted them)."""
    task = KnowledgeReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = KnowledgeReviewTask.objects.create(name=TASK)
        task.groups.add(Group.objects.get_or_create(name=roles.SECRETARIAT)[0])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW)
    if created or not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def sync_bank_rights():
    """Give the group its rights on every knowledge bank (every locale) and put each bank under the
    "Knowledge review" workflow. Idempotent: after migrate and whenever a bank is created."""
    group = members_group()
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    rights = list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_RIGHTS))
    workflow = review_workflow()
    for bank in KnowledgeIndexPage.objects.all():
        for permission in rights:
            GroupPagePermission.objects.get_or_create(group=group, page=bank, permission=permission)
        WorkflowPage.objects.update_or_create(page=bank, defaults={"workflow": workflow})
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codenames in COLLECTION_RIGHTS:
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )


def is_entitled(user):
    """A knowledge member is an editor of a member organisation (a college scope, portal.membership) or a
    moderator of a college's pages."""
    if not user.is_active:
        return False
    membership.forget(user)
    found = membership.scopes(user)
    return any(scope.startswith("college:") for scope in found) or CollegeModerator.objects.filter(user=user).exists()


@transaction.atomic
def sync_membership(user, *, by):
    """Put ``user`` in the "Knowledge members" group or take them out, as ``is_entitled`` says."""
    group = members_group()
    inside = user.groups.filter(pk=group.pk).exists()
    entitled = is_entitled(user)
    if entitled and not inside:
        user.groups.add(group)
        audit.record("knowledge.member_added", user, by=by)
    elif inside and not entitled:
        user.groups.remove(group)
        audit.record("knowledge.member_removed", user, by=by)
    membership.forget(user)
    return entitled


@transaction.atomic
def appoint_moderator(user, college, *, by):
    moderator, created = CollegeModerator.objects.get_or_create(user=user, college=college)
    if created:
        audit.record("knowledge.moderator_appointed", moderator, by=by, college=college)
    return moderator


@transaction.atomic
def dismiss_moderator(moderator, *, by):
    audit.record("knowledge.moderator_dismissed", moderator, by=by, college=moderator.college)
    moderator.delete()
