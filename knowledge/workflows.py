"""What happens when a workflow is approved to the end (``settings.WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail publishes the latest revision as the last approver, checking that this person may publish the
page. A college's moderators have no publishing right (they would publish any knowledge page): the
"Knowledge review" task itself decides that they approve the pages of their college
(``KnowledgeReviewTask.user_moderates``), so a knowledge page whose workflow is made of knowledge review
tasks only is published without asking again. Every other workflow finishes as Wagtail's does.

Imported by wagtail.models while the apps load: nothing from the models at module level."""

from wagtail.workflows import publish_workflow_state as wagtail_publish_workflow_state


def publish_workflow_state(workflow_state, user=None):
    from .models import KnowledgePage, KnowledgeReviewTask

    page = workflow_state.content_object
    tasks = [task.specific for task in workflow_state.workflow.tasks.all()]
    decided_by_knowledge_review = (
        isinstance(page.specific, KnowledgePage)
        and bool(tasks)
        and all(isinstance(task, KnowledgeReviewTask) for task in tasks)
    )
    if not decided_by_knowledge_review:
        return wagtail_publish_workflow_state(workflow_state, user=user)
    page.get_latest_revision().publish(user=user, skip_permission_checks=True)
