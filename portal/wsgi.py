import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Every view module is imported now rather than at the first request, then everything loaded so far
# (Django, Wagtail, the apps: about 260,000 objects) leaves the garbage collector's generations for the
# life of the process. A full collection walked them all, 150-180 ms in the middle of a request: the
# filtered initiatives export's p95 went 289 -> 121 ms in the bench (docs/scale.md, fifth round).
from django.urls import get_resolver  # noqa: E402 - after the application is set up

get_resolver().url_patterns  # noqa: B018 - the property imports the URLconfs and their views
gc.freeze()
