# The portal's commands. `make run` and `make test` work on a fresh Debian machine.
# Variables: DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG (see README.md).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist: one test worker per core (at most 4), tests handed out in pytest-django's order, so that
# each worker runs the transactional tests (which empty its database) after the others, as one process
# does (--dist loadfile ran a file's transactional tests mid-run: 110 tests then lacked the migrated rows).
# PYTEST_WORKERS= runs in one process (tests/xdist_env.py gives workers their own Redis db).
PYTEST_WORKERS ?= -n auto --maxprocesses 4 --dist load
STRESS_RUNS ?= 20
BENCH_SCALE ?= initiative

# SpatiaLite needs a Python whose sqlite3 can load extensions: Debian's python3.11 can, pyenv's usually cannot.
PYTHON_CANDIDATES := /usr/bin/python3.11 /usr/local/bin/python3.11 python3.11 python3
CAN_LOAD := import sys, sqlite3; assert sys.version_info[:2] == (3, 11); sqlite3.connect(":memory:").enable_load_extension(True)

.PHONY: run test stress bench bench-send lint messages makemessages system-deps venv migrate clean-venv backup restore soak

# Debian packages: what `make run` needs; `make test` also Chromium, a font and docker-compose
# (scripts/system-deps.sh --test). As root they are installed, otherwise the apt-get line is printed.
SYSTEM_DEPS_LEVEL ?=
system-deps:
	@scripts/system-deps.sh $(SYSTEM_DEPS_LEVEL)

$(VENV)/.installed: requirements.lock
	@python=""; for candidate in $(PYTHON_CANDIDATES); do \
	  if command -v $$candidate >/dev/null && $$candidate -c '$(CAN_LOAD)' 2>/dev/null; then python=$$candidate; break; fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "No Python 3.11 whose sqlite3 can load extensions (SpatiaLite). Install Debian's: apt-get install python3.11 python3.11-venv"; exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) -c '$(CAN_LOAD)' 2>/dev/null; then rm -rf $(VENV); fi; \
	echo "Creating $(VENV) with $$python"; \
	$$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

venv: system-deps $(VENV)/.installed

messages: venv
	@$(PY) manage.py compilemessages --ignore "$(VENV)/*" -v 0

migrate: venv messages
	$(PY) manage.py migrate --no-input -v 0

run: migrate
	$(PY) manage.py seed_demo
	@echo "Serving the portal on http://$(HOST):$(PORT)/ (English /en/, French /fr/, Spanish /es/; CMS /cms/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The level applies to the prerequisites too: system-deps runs once, with --test.
test: SYSTEM_DEPS_LEVEL = --test
test: venv messages
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v 1
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The timing-dependent tests (marker `stress`: workers killed with SIGKILL) STRESS_RUNS times, each run a
# fresh pytest: passes and failures per test, exit 1 on any failure (scripts/stress.py).
stress: venv messages
	$(PY) scripts/stress.py --runs $(STRESS_RUNS) -- $(PYTEST_ARGS)

# Page benchmarks in process, then through gunicorn (BENCH_WORKERS workers, DEBUG=0), then the newsletter
# send (bench-send below): each must meet its goals.
bench: venv messages
	$(PY) benchmarks/run.py --scale $(BENCH_SCALE)
	$(PY) benchmarks/run.py --no-seed --http --workers $(BENCH_WORKERS)
	$(PY) benchmarks/newsletter_send.py --deliveries $(BENCH_DELIVERIES) --workers $(BENCH_WORKERS)

# Newsletter send speed to a local SMTP sink with send_newsletter worker processes (goal: 500
# messages/s; exits 1 when missed or when a message is missing or repeated).
BENCH_DELIVERIES ?= 100000
BENCH_WORKERS ?= 2
bench-send: venv messages
	$(PY) benchmarks/newsletter_send.py --deliveries $(BENCH_DELIVERIES) --workers $(BENCH_WORKERS)

# Backups (docs/operations.md): the database (pg_dump, custom format; or a copy of the SpatiaLite file)
# and the media and private media archives in one folder $(BACKUP_DIR)/<UTC stamp>/, newest BACKUP_KEEP kept.
backup: venv
	$(PY) manage.py backup

# make restore FILE=backups/<stamp> [DB=portal_restored] [FORCE=1]: into DB (default the configured
# database; created when missing) and the media folders; refuses ones that hold something unless FORCE=1.
restore: venv
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<stamp> [DB=name] [FORCE=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(DB),--database "$(DB)") $(if $(FORCE),--force)

# Soak (docs/operations.md): gunicorn on loopback with the demo data, SOAK_SECONDS of mixed anonymous
# and signed-in traffic at SOAK_CONNECTIONS; fails on any 5xx or a worker whose memory keeps growing.
SOAK_SECONDS ?= 600
SOAK_CONNECTIONS ?= 50
SOAK_PORT ?= 8104
soak: venv messages
	$(PY) scripts/soak.py --seconds $(SOAK_SECONDS) --connections $(SOAK_CONNECTIONS) --port $(SOAK_PORT)

lint: venv
	$(VENV)/bin/ruff check .

# Re-extract every translatable string, then `make messages` compiles them. One run from the root:
# makemessages files each source file under the nearest <app>/locale (domain apps), else locale/.
makemessages: venv
	$(PY) manage.py makemessages -l fr -l es --no-location -i "$(VENV)/*" -i "tests/*" -i "staticfiles/*" \
	  -i "benchmarks/*" -i "media/*"

clean-venv:
	rm -rf $(VENV)
