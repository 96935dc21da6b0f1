import json

import pytest

from portal.celery import app as celery_app


@pytest.mark.django_db
def test_health_reports_every_dependency_when_all_answer(client, settings):
    response = client.get("/health/")
    report = json.loads(response.content)
    assert response.status_code == 200
    assert report["database"] == "ok"
    assert report["cache"] == "ok"
    # Embedded default: no broker, tasks run eagerly; with REDIS_URL the broker is pinged.
    assert report["broker"] in ("ok", "eager")
    assert report["status"] == "ok"
    assert report["down"] == []


@pytest.mark.django_db
def test_health_says_degraded_and_names_the_cache_when_it_is_down(client, settings):
    # The production backend, on a port where nothing listens (tests/portal/test_redis_outage.py stops
    # a real Redis).
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    response = client.get("/health/")
    report = json.loads(response.content)
    # The portal still serves without its cache: 200, so a load balancer keeps it in rotation.
    assert response.status_code == 200
    assert report["cache"] == "error: ConnectionError"
    assert report["database"] == "ok"
    assert report["down"] == ["cache"]
    assert report["status"] == "degraded"


@pytest.mark.django_db
def test_health_says_degraded_when_the_broker_is_unreachable(client):
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    report = json.loads(response.content)
    assert response.status_code == 200
    assert report["broker"].startswith("error")
    assert report["down"] == ["broker"] and report["status"] == "degraded"


def test_client_address_behind_trusted_proxies(rf, settings):
    from portal.net import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not trusted
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not what the client claimed
