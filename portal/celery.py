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
