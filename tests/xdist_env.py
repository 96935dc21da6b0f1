"""Loaded with ``-p tests.xdist_env`` (pyproject's addopts), before Django reads its settings.

Under pytest-xdist each test worker gets a Redis database of its own: the suite clears the cache between
tests and some tests start real Celery workers on the broker, so two workers sharing one database would
empty each other's cache and take each other's tasks. Worker ``gwN`` uses the database of REDIS_URL minus
N (CI: 15, 14). The processes a test starts (gunicorn, Celery) inherit the changed environment.
PostgreSQL needs nothing here: pytest-django gives each worker its own test database (``…_gw0``)."""

import os
import re

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_url = os.environ.get("REDIS_URL", "")
if _worker.startswith("gw") and _url:
    _match = re.fullmatch(r"(redis://[^/]+)/(\d+)", _url)
    if _match is None:
        raise RuntimeError(f"REDIS_URL must end with a database number under pytest-xdist, not {_url!r}")
    _database = int(_match[2]) - int(_worker[2:])
    if _database < 0:
        raise RuntimeError(f"REDIS_URL's database {_match[2]} leaves none for test worker {_worker}")
    os.environ["REDIS_URL"] = f"{_match[1]}/{_database}"
