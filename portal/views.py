"""Views of the site shell: health check and the signed-in person's dashboard."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import desk, roles
from .permissions import permission_required


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = "health:probe"
    value = str(time.time())
    cache.set(key, value, 10)
    # django-redis ignores a Redis that is down (a miss, a dropped write): a lost value is the sign.
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")


def _check_broker():
    from .celery import app, broker_is_back

    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    broker_is_back()
    return "ok"


# The database is required: without it nothing works (503). Redis (cache and broker) is not: the
# portal still serves every page without it (the cache degrades, rate limits fail open, recorded
# work waits in the database), so it is reported as "degraded" with a 200, and a load balancer
# or the container's health check keeps sending traffic (docs/security.md, "Faults").
REQUIRED = {"database"}


@never_cache
@permission_required("portal.view_health")
def health(request):
    """Each dependency's state; 503 when a required one (the database) is down, 200 with
    ``"status": "degraded"`` and the names under ``"down"`` when only the cache or broker is."""
    report = {}
    down = []
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            outcome = check()
            report[name] = outcome or "ok"
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a failed check
            down.append(name)
            report[name] = f"error: {exc.__class__.__name__}"
    report["down"] = down
    if REQUIRED.intersection(down):
        report["status"] = "error"
    else:
        report["status"] = "degraded" if down else "ok"
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


@permission_required("portal.view_dashboard")
def dashboard(request):
    names = roles.group_names(request.user)
    my_roles = [label for key, label in roles.GROUPS.items() if key in names]
    return render(
        request,
        "portal/dashboard.html",
        {"my_roles": my_roles, "work_queues": desk.work_queues(request.user), "debug": settings.DEBUG},
    )
