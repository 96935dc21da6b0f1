"""The mail of a submission to the college's moderators. Wagtail's own notifier already mails the task's
groups (the secretariat) and the superusers; this one adds the moderators of the page's college, with
Wagtail's template and in each recipient's language (portal keeps Wagtail's profile language in step)."""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier

from . import access
from .models import CollegeModerator, KnowledgeReviewTask


class CollegeModeratorsNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(instance.task.specific, KnowledgeReviewTask)

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object.specific
        latest = page.get_latest_revision_as_object()
        colleges = {access.college_of(page.scope), access.college_of(getattr(latest, "scope", ""))}
        if len(colleges) != 1 or None in colleges:
            return set()  # only the secretariat approves a page that leaves (or is not in) one college
        task = task_state.task.specific
        users = get_user_model().objects.filter(
            pk__in=CollegeModerator.objects.filter(college=colleges.pop()).values("user"), is_active=True
        )
        # The task's groups and the superusers have Wagtail's own mail already.
        users = users.exclude(groups__in=task.groups.all()).exclude(is_superuser=True)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            users = users.exclude(pk=triggering_user.pk)
        return set(users)


college_moderators_notifier = CollegeModeratorsNotifier()
