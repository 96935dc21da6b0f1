"""Celery application: broker and results from REDIS_URL, configuration from Django settings."""

import os
import sys
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
# Celery's Django fixup puts the working directory first on sys.path. When that is an app folder
# (makemessages runs inside partners/, practices/...), the app's rules.py would shadow django-rules.
_project = str(Path(__file__).resolve().parent.parent)
if sys.path and sys.path[0] == os.getcwd() and os.getcwd() != _project:
    sys.path.pop(0)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue_on_commit(task_name, *args, **kwargs):
    """Queue the task registered as ``task_name`` once the current transaction commits (Celery's
    ``delay_on_commit``; eager in the embedded default, like any task).

    By name, so that a service never imports the tasks module that wraps it: tasks import services,
    and the other way round would be a circle. Every task module is registered before the first call:
    each app's ``AppConfig.ready`` imports its tasks.py (the worker also imports them itself). An unknown
    name raises KeyError here, in the caller's transaction, not later in the worker."""
    app.tasks[task_name].delay_on_commit(*args, **kwargs)
