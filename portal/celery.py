"""Celery application: broker and results from REDIS_URL, configuration from Django settings."""

import logging
import os
import sys
import threading
import time
from pathlib import Path

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

logger = logging.getLogger(__name__)

# After a failed publish, queuing is not tried again for this many seconds (each try costs about a
# second of retries), so a page that queues several tasks while Redis is down stays fast.
BROKER_BACKOFF_SECONDS = 5
_broker_down_until = 0.0


class PortalTask(DjangoTask):
    """Queuing never fails the request that asks for it when the broker (Redis) is unreachable.

    Work the portal keeps in the database (recorded mails, newsletter deliveries) is only logged as
    not queued: the beat sweeps queue it again once the broker answers (portal.tasks.resend_unsent_mail,
    newsletter.tasks.resume_due_deliveries). A task whose work exists only in its message
    (``run_here_when_broker_down = True``: allauth's account mails) runs once in this process instead."""

    run_here_when_broker_down = False

    def apply_async(self, args=None, kwargs=None, **options):
        global _broker_down_until
        if self.app.conf.task_always_eager or time.monotonic() >= _broker_down_until:
            try:
                return super().apply_async(args, kwargs, **options)
            except OperationalError as error:
                _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
                logger.warning("Celery broker unreachable, %s not queued: %s", self.name, error)
        if self.run_here_when_broker_down:
            # One attempt, no retries in this process: a failure is logged and the person can ask again.
            return self.apply(args, kwargs, retries=self.max_retries or 0)
        return None


def broker_is_back():
    """Forget an earlier publish failure (tests, and the health check once the broker answers)."""
    global _broker_down_until
    _broker_down_until = 0.0


app = Celery("portal", task_cls=PortalTask)
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


def _run_then_close(task, args):
    from django.db import connections

    try:
        task.apply(args, throw=False)
    finally:
        connections.close_all()


def run_in_background_on_commit(task_name, *args):
    """Like ``enqueue_on_commit``; but where tasks run eagerly (the embedded default has no worker) and
    ``EAGER_SENDS_IN_BACKGROUND`` is on, the task runs once the transaction commits in a thread of this
    process, so the request that asked for it answers at once (a newsletter send: its progress is seen
    moving). A thread, not a subprocess: it shares the settings and database of the web process for free.
    Returns True when it went to the background."""
    from django.conf import settings
    from django.db import transaction

    if not (app.conf.task_always_eager and getattr(settings, "EAGER_SENDS_IN_BACKGROUND", False)):
        enqueue_on_commit(task_name, *args)
        return False
    task = app.tasks[task_name]

    def start():
        threading.Thread(target=_run_then_close, args=(task, args), daemon=True, name=task_name).start()

    transaction.on_commit(start)
    return True
