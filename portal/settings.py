"""Settings of the "4 per 1000" portal: one module, two modes (DESIGN.md).

With no environment variable set, the portal runs on the embedded default: a SpatiaLite file in
the project folder, a local-memory cache, Celery tasks run eagerly and e-mail goes to the console.
Setting DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 switches to the
real services (CI, docker-compose, production).
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The fallback key only ever serves the embedded default; production refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="embedded-default-insecure-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.gis",
    "django.contrib.humanize",
    # CMS
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
    # Accounts
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Failed logins counted in the database, per account and per IP (docs/security.md)
    "axes",
    # Content-Security-Policy header (portal.security.PortalCSPMiddleware picks the policy)
    "csp",
    # Maps, permissions, background work
    "leaflet",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    # The portal and its domains
    "portal",
    "partners",
    "practices",
    "projects",
    "newsletter",
    "community",
    "forum",
    "knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy, Cross-Origin-Resource-Policy and no-store on private pages; then the CSP.
    "portal.security.SecurityHeadersMiddleware",
    "portal.security.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.compression.CompressJSONMiddleware",  # JSON and GeoJSON: brotli or gzip when asked
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.security.SessionTimeoutMiddleware",
    "portal.middleware.RequireMFAMiddleware",
    # Downloads (a Content-Disposition attachment) go into the security log (portal.securitylog).
    "portal.securitylog.DownloadLogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by django-axes into the login form with its message (portal.auth).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# Embedded default: SpatiaLite next to manage.py. Real services: DATABASE_URL=postgis://...
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"spatialite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    SPATIALITE_LIBRARY_PATH = "mod_spatialite"
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = "postgis" in DATABASES["default"]["ENGINE"] or "postgresql" in DATABASES["default"]["ENGINE"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# --- Cache, Celery (Redis when REDIS_URL is set) --------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# Seconds the cache waits for Redis (to connect, then for an answer) before it gives up for that call.
REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis with IGNORE_EXCEPTIONS (portal/cache_backends.py): when Redis is down, a read
            # is a miss and a write is dropped, so every page and the API still answer; rate limits fail
            # open (portal.counters, allauth's) and login lockouts keep counting in the database (axes).
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="p4"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_CACHE_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_CACHE_TIMEOUT,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    # Embedded default: no worker, tasks run in the web process when they are queued.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

# Anything due later than this is a database row picked up by beat, never a broker ETA (DESIGN.md).
CELERY_VISIBILITY_TIMEOUT = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# Tasks acknowledge once done only where they send mail (set per task); a lost worker re-queues them.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
if EMAIL_CONFIG.get("EMAIL_FILE_PATH"):
    # filemail:///var/mail/portal means the absolute path /var/mail/portal (django-environ drops the "/").
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = "/" + EMAIL_CONFIG["EMAIL_FILE_PATH"].lstrip("/")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP server may stay silent before a send fails (and is retried): without it a stalled
# server would hold a worker, and its newsletter claims, for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=60)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="4 per 1000 <noreply@4p1000.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) --------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address (django-axes), then the demo accounts and the
    # demo password outside demo mode (portal.auth); neither ever logs anybody in.
    "axes.backends.AxesStandaloneBackend",
    "portal.auth.DemoGuardBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# A password change ends every session of the account, this one included (the others already end
# because Django checks a hash of the password in each session).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# A signed-in person sent to the login page (a non-staff account opening /cms/) sees it with the
# reason, instead of being bounced back to `next`, which would send them to the login page again.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupExtraForm"
# allauth keeps its rate-limit counters in the default cache: Redis on real services.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_email": "1/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "4 per 1000"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Wagtail's own login and password-reset forms are never used: /cms/login/ sends people to allauth
# (portal/urls.py), so its rate limits, lockouts and second factor apply to the CMS too.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No Gravatar pictures in the CMS: they would tell gravatar.com which staff address opens which page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# django-axes: failed logins counted in the database (so the limit holds while Redis is down, and the
# attempts are listed in the Django admin), per account and per client IP address. allauth's own limits
# above (in the cache) stay the first, finer line and also guard the second-factor codes.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "portal.auth.login_identifier"
AXES_CLIENT_IP_CALLABLE = "portal.auth.login_client_ip"
AXES_LOCKOUT_CALLABLE = "portal.auth.lockout_response"
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "oldpassword", "code"]

# Sessions: an idle session ends after SESSION_IDLE_TIMEOUT seconds without a request, any session
# after SESSION_ABSOLUTE_TIMEOUT seconds from its login (portal.security.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=2 * 3600)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# --- Languages ------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The one list of languages. Everything that enumerates languages derives from it: adding one is a
# line here, then makemigrations (its translated columns and choices) and its catalogs.
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
# locale_overrides/: corrections of third-party catalogues (allauth's Spanish, to "usted").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# Each domain app keeps its own catalog (<app>/locale): makemessages, run once from the project
# folder (make makemessages), files each source file under the nearest locale folder.
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = LANGUAGE_CODES
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" makes a draft: a translation goes live only when its translator publishes it
# (wagtail-localize's default publishes the untranslated copy at once when the source is live).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The end of an approved workflow: Wagtail's publication, except that a knowledge page approved through the
# "Knowledge review" task is published without the approver's publishing right (a college's moderators have
# none; the task decided they may approve it: docs/knowledge.md).
WAGTAIL_FINISH_WORKFLOW_ACTION = "knowledge.workflows.publish_workflow_state"
WAGTAIL_SITE_NAME = "4 per 1000"
# No autosave in the page editor: a new page's autosave (Wagtail 7.4) creates it in the background while
# the form still posts to the create view, and "Submit for moderation" clicked meanwhile created it a
# second time: a server error ("slug already in use"), seen in the CMS browser journey. Editors keep
# Wagtail's warning about unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "pptx"]
# One index table either way. PostgreSQL: each page stemmed with its locale's text-search configuration
# (portal/search_backend.py; objects without a locale: "simple"). SQLite: Wagtail's FTS5 backend.
WAGTAILSEARCH_BACKENDS = {
    "default": (
        {"BACKEND": "portal.search_backend", "SEARCH_CONFIG": "simple"}
        if IS_POSTGRES
        else {"BACKEND": "wagtail.search.backends.database"}
    )
}

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Confidential uploads (proposal documents): never under MEDIA_ROOT, never served by a web server.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
# `manage.py backup` (docs/operations.md): one folder per backup under BACKUP_DIR, the newest BACKUP_KEEP kept.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Maps -----------------------------------------------------------------------------------------
# One tile layer for every map of the portal (the public maps through portal.context_processors, the
# admin's map widgets through LEAFLET_CONFIG), always over https.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
if not MAP_TILE_URL.startswith("https://"):
    raise environ.ImproperlyConfigured("MAP_TILE_URL must be an https:// address (browsers block mixed content).")
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION, "maxZoom": 18})],
    "DEFAULT_CENTER": (20.0, 0.0),
    "DEFAULT_ZOOM": 2,
    "MIN_ZOOM": 1,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "ATTRIBUTION_PREFIX": "4 per 1000",
}

# --- Security (docs/security.md) -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF cookie stays readable by scripts (Django's default): no script of ours reads it today, and
# Wagtail's admin does.
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# portal.security.SecurityHeadersMiddleware
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SILENCED_SYSTEM_CHECKS = []
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # security.W021: joining the browsers' HSTS preload list binds every subdomain of the
        # Initiative's domain to HTTPS for years; the owner of the domain decides it, submits it to
        # hstspreload.org and sets SECURE_HSTS_PRELOAD=1 then.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    if not SECURE_SSL_REDIRECT:
        # security.W008: the TLS proxy in front of the portal (README, "Deploy") redirects http:// to
        # https://; gunicorn only ever sees the proxy, and /health/ is probed over plain http inside
        # the compose network, where a redirect would make the health check fail.
        SILENCED_SYSTEM_CHECKS.append("security.W008")

# Content-Security-Policy (django-csp 4). The public site: nothing inline, no eval, scripts and styles
# from our own static files only (a page a cache serves to many carries no nonce). Map tiles come from
# the tile server of MAP_TILE_URL (its origin; a {s} subdomain becomes *). The Wagtail and Django
# admins get a relaxed policy of their own (CONTENT_SECURITY_POLICY_ADMIN below).
_SELF, _NONE = "'self'", "'none'"
_TILES = "https://" + MAP_TILE_URL.split("/")[2].replace("{s}", "*")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_NONE],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", _TILES],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "manifest-src": [_SELF],
        "media-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# Under /cms/ and /django-admin/ only (portal.security.PortalCSPMiddleware): Wagtail's admin writes
# inline styles and scripts and shows its page previews in a frame of its own.
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": [_SELF],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:", "https:"],
    "font-src": [_SELF, "data:"],
    "connect-src": [_SELF],
    "frame-src": [_SELF, "https:"],
    "object-src": [_NONE],
    "base-uri": [_SELF],
    "form-action": [_SELF],
    "frame-ancestors": [_SELF],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/cms/", "/django-admin/")

# Debian's GDAL 3.6 raises gis.W001 (GDAL < 3.7 with PROJ strings). The portal never hands
# user-supplied spatial reference text to GDAL: geometries are accepted as GeoJSON in EPSG:4326 only
# (portal.geo.parse_geojson_4326), so this one check is silenced.
SILENCED_SYSTEM_CHECKS.append("gis.W001")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Number of reverse proxies in front of the portal that append to X-Forwarded-For (1 behind the
# docker-compose deployment's TLS proxy): the client address for rate limits and consent records.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

# Public read API (/api/v1/): requests a minute per client IP address.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)

# Newsletter sending (newsletter/engine/, docs/newsletter-engine.md): messages a second across all
# workers, and the shared secret that signs the bounce webhook (falls back to SECRET_KEY).
NEWSLETTER_RATE_PER_SECOND = env.int("NEWSLETTER_RATE_PER_SECOND", default=50)
# Embedded default (tasks eager, no worker): a newsletter send runs in a thread of the web process, so
# the page that starts it answers at once and its progress bar moves (portal.celery.run_in_background_on_commit).
EAGER_SENDS_IN_BACKGROUND = env.bool("EAGER_SENDS_IN_BACKGROUND", default=True)
# Recorded mails (portal.mail.send_once) whose key starts with a prefix here are mailings to many: they
# share a rate counter with the newsletter (key prefix: (counter name, setting holding the rate)).
# Personal data (docs/security.md, "Personal data"): a recorded mail keeps its address, subject and
# message this many days after it was sent, then only its key, a keyed hash of the address, its state
# and dates; security log lines are kept this many days. Both pruned by the daily privacy task.
MAIL_BODY_RETENTION_DAYS = env.int("MAIL_BODY_RETENTION_DAYS", default=30)
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=365)
MAIL_RATE_LIMITS = {"newsletter:press-digest:": ("newsletter:rate", "NEWSLETTER_RATE_PER_SECOND")}
# Seconds after which a worker's claim on a delivery counts as abandoned (its worker died) and is put
# back in the queue; a living worker gives its batch back at half this age.
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=600)
NEWSLETTER_DURABLE_MARKS = env.bool("NEWSLETTER_DURABLE_MARKS", default=False)
# Seconds a worker waits for the database to answer a "sent" mark (PostgreSQL) before it stops and gives
# the rest of its batch back; keep it well below half NEWSLETTER_CLAIM_TIMEOUT (newsletter.W002).
NEWSLETTER_MARK_TIMEOUT = env.int("NEWSLETTER_MARK_TIMEOUT", default=30)
NEWSLETTER_WEBHOOK_SECRET = env("NEWSLETTER_WEBHOOK_SECRET", default="")
# The e-mail provider whose bounce/complaint webhook is accepted (newsletter/providers.py, through
# django-anymail): /newsletter/webhooks/<provider>/tracking/. Every ANYMAIL_* variable goes into anymail's
# settings without its prefix (ANYMAIL_WEBHOOK_SECRET=user:password is required for the webhook to
# exist; ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY=… for Mailgun's signatures, …).
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="")
# Empty values are left out: an empty signing key would let anybody sign.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_") and value
}
# Bounce reports and complaints by e-mail (manage.py process_bounces): imaps://user:password@host/INBOX,
# pop3s://..., or a Maildir path. Empty: the command needs --url.
BOUNCE_MAILBOX_URL = env("BOUNCE_MAILBOX_URL", default="")

# Demo data (seed_demo) refuses to run with DEBUG off unless --force. Outside demo mode (DEMO_MODE,
# on by default only with DEBUG) the demo accounts and the demo password cannot log in (portal.auth).
DEMO_PASSWORD = "demo-4p1000"  # noqa: S105 - printed demo password, demo data only
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
