# Production image: one image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# GeoDjango needs GDAL, GEOS and PROJ; gettext compiles the translations; Pango and the fonts lay out
# the practice sheet PDFs (WeasyPrint) in any script; postgresql-client (15, as the db service) is
# `manage.py backup`'s pg_dump and `restore`'s pg_restore.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin libgeos-c1v5 libproj25 gettext curl postgresql-client \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY --chown=portal:portal . .
# collectstatic needs settings that import cleanly: a throw-away key, DEBUG off.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py compilemessages --ignore ".venv/*" -v 0 \
 && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --no-input -v 0 \
 && mkdir -p /app/media /app/private_media /app/backups \
 && chown portal:portal /app/media /app/private_media /app/backups

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
