"""Celery application: broker and results from REDIS_URL, configuration from Django settings."""

import os
import sys
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
# Celery's Django fixup puts the working directory first on sys.path. When a command runs inside an
# app folder (makemessages writes the app's own catalog), that folder's rules.py would shadow the
# django-rules package; only the project folder belongs there.
_cwd = os.getcwd()
if sys.path and sys.path[0] == _cwd and Path(_cwd).resolve() != Path(__file__).resolve().parent.parent:
    sys.path.pop(0)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
