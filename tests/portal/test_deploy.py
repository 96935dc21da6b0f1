"""The production docker-compose.yml is valid and runs the five services with health checks; the WSGI
application gunicorn loads is set up for serving."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "portal.example.org", "POSTGRES_PASSWORD": "pw"}


def compose_command():
    """`docker compose` (v2 plugin) where it answers, else Debian's `docker-compose` (v1.29)."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("No compose client: install docker-compose (make test does: scripts/system-deps.sh --test).")


def run_config(env_extra, *args):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update(env_extra)
    return subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_compose_file_is_valid_with_its_secrets():
    result = run_config(SECRETS)
    assert result.returncode == 0, result.stderr
    import yaml

    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis", "backup"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    # docker compose v2 gives commands as lists, docker-compose v1 as strings.
    commands = {
        name: " ".join(s["command"]) if isinstance(s["command"], list) else s["command"]
        for name, s in services.items()
        if "command" in s
    }
    assert "gunicorn portal.wsgi:application" in commands["web"]
    assert "celery -A portal worker" in commands["worker"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in commands["beat"]
    # Backups (docs/operations.md): at start and daily, the media read-only, into their own volume.
    assert "python manage.py backup" in commands["backup"]
    assert "manage.py backup --check-age 26" in " ".join(services["backup"]["healthcheck"]["test"])
    assert services["backup"]["environment"]["BACKUP_DIR"] == "/app/backups"
    # docker compose v2 gives volumes as mappings, docker-compose v1 as "source:target[:ro]".
    mounts = {
        (v["source"], v["target"], v.get("read_only", False))
        if isinstance(v, dict)
        else (v.split(":")[0], v.split(":")[1], v.endswith(":ro"))
        for v in services["backup"]["volumes"]
    }
    assert mounts == {
        ("media", "/app/media", True),
        ("private_media", "/app/private_media", True),
        ("backups", "/app/backups", False),
    }
    assert services["web"]["environment"]["DATABASE_URL"] == "postgis://portal:pw@db:5432/portal"
    assert services["web"]["environment"]["DEBUG"] == "0"
    assert services["db"]["image"].startswith("postgis/postgis")
    assert {"pgdata", "media", "private_media", "redisdata", "backups"} <= set(config["volumes"])
    assert services["web"]["environment"]["PRIVATE_MEDIA_ROOT"] == "/app/private_media"
    assert "/health/" in json.dumps(services["web"]["healthcheck"])


def test_compose_refuses_to_start_without_a_secret_key():
    result = run_config({k: v for k, v in SECRETS.items() if k != "SECRET_KEY"}, "-q")
    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in result.stderr


def test_the_served_application_loads_its_views_and_freezes_what_it_loaded():
    """portal/wsgi.py (what gunicorn loads): the views are imported at start and the objects loaded so
    far leave the garbage collector's generations (a full collection walked them in mid-request)."""
    code = (
        "import gc, sys; import portal.wsgi; "
        "print(gc.get_freeze_count(), 'partners.views' in sys.modules, 'practices.views' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 100_000 and out[1:] == ["True", "True"]
