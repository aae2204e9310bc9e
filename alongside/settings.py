"""Alongside's one settings module.

Every value comes from the environment (or a `.env` file beside `manage.py`), with a safe
default for the embedded mode: SQLite and a cache on disk under `var/`, emails printed to the
console. `.env.example` documents each variable.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
# `make run` writes `.env` on first use (a generated SECRET_KEY and DEBUG=true) so that
# `manage.py` commands work by hand afterwards. Variables already set win over the file; tests
# and the benchmark set ENV_FILE to "" so that nothing in a developer's `.env` reaches them.
ENV_FILE = env("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

# Only good enough for a laptop; with DEBUG off the app refuses to start with it, except for
# the commands that only read the code (nothing signed, nothing served), so that a fresh clone
# can check its migrations: `manage.py makemigrations --check`.
INSECURE_DEFAULT_SECRET_KEY = "insecure-alongside-development-key-do-not-use-in-production"
KEYLESS_COMMANDS = {"makemigrations", "check"}
SECRET_KEY = env("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
_COMMAND = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else ""
if not DEBUG and SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY and _COMMAND not in KEYLESS_COMMANDS:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off Alongside refuses to start on the default key: "
        "set SECRET_KEY to a long random value (python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
PORT = env.int("PORT", default=8000)
# The one base of absolute links (emails, the admin, Wagtail's Site record): by default the
# address `make run` serves, port included.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
ADMIN_PASSWORD = env("ADMIN_PASSWORD", default="")
# Serve uploaded media from Django; turn off when nginx or object storage serves /media/.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

INSTALLED_APPS = [
    "alongside.core",
    "alongside.videos",
    "alongside.discovery",
    "alongside.reflections",
    "alongside.pledges",
    "alongside.accounts",
    "alongside.newsletter",
    "anymail",  # the providers' bounce and complaint webhooks (alongside/newsletter/bounces.py)
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sitemaps",  # sitemap.xml's template (alongside/discovery/sitemaps.py)
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost: one line per request with its whole time, page cache hits included.
    "alongside.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so that a copy served from it carries these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "alongside.core.security_headers.SecurityHeadersMiddleware",
    "alongside.core.cache.PageCacheMiddleware",
    # Inside the page cache: a kept copy carries real tokens, as any answer does.
    "alongside.core.guard.FormTokenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alongside.accounts.middleware.TwoStepSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a paused sign-in into its "too many tries" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alongside" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE transactions
    # take the write lock up front instead of failing with "database is locked" mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Writers wait their turn in a queue, not by polling (alongside/core/sqlite_writers).
    DATABASES["default"]["ENGINE"] = "alongside.core.sqlite_writers"
    # A connection per request would run its PRAGMAs each time, and closing the last one
    # checkpoints and deletes the write-ahead log, which the next writer waits to create again
    # (docs/decisions/0035-posting-path.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before each request reuses them (a restarted server).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL := env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            # Django's RedisCache, except that an outage degrades to rendering, never to errors.
            "BACKEND": "alongside.core.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="alongside"),
            # A Redis that hangs must cost a request a fraction of a second, not a minute.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Without Redis, one cache on disk that every process of this machine shares (the server,
    # the task worker, the periodic jobs, `manage.py` commands): a write by any of them shows
    # on the next page load. Local memory would give each process a cache of its own.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# The rendered parts of pages (`{% cache %}`): each process keeps those it used last in front of
# the shared cache (alongside/core/fragment_cache.py).
CACHES["template_fragments"] = {
    "BACKEND": "alongside.core.fragment_cache.LocalFirstCache",
    "OPTIONS": {"MAX_ENTRIES": 3000},  # mostly reflections, a kilobyte or two each
}
# Benchmarks measure cold rendering with every application cache switched off.
if env.bool("DISABLE_CACHES", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A RUNNING task whose worker has not beaten for this long is queued again (core/tasks.py);
# a long task beats as it goes. Finished task rows are deleted after this many days.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=300)
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=7)

EMAIL_URL = env("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
if EMAIL_URL.startswith("filemail://"):
    # django-environ drops the leading "/" of filemail:///var/mail; keep the path absolute.
    EMAIL_FILE_PATH = urlsplit(EMAIL_URL).path
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Alongside <hello@localhost>")
# A mail server that stops answering fails the attempt (retried later) instead of hanging a
# worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Bounce and complaint webhooks at /anymail/<provider>/tracking/: the provider posts with this
# "user:password" (basic auth). Unset, their events are ignored (alongside/newsletter/bounces.py).
ANYMAIL = {
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}

# How curators sign in (docs/decisions/0042-how-curators-sign-in.md). Wrong passwords are
# counted per account *and* address, so nobody can lock a curator out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "alongside.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "alongside.core.guard.client_ip"  # the address the rate limits use
AXES_LOCKOUT_CALLABLE = "alongside.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # keep failed tries only, not a record of every sign-in
# No banner on every manage.py command; lockouts are still logged.
AXES_VERBOSE = False
# A code from an authenticator app after the password: required for superusers when on (by
# default in production; off with DEBUG, so `make run` stays one command), optional for others.
REQUIRE_2FA_FOR_SUPERUSERS = env.bool("REQUIRE_2FA_FOR_SUPERUSERS", default=not DEBUG)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start without it
STATICFILES_DIRS = [BASE_DIR / "alongside" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Anonymous page views are public and may be kept by a shared cache for this long.
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=60)
# How long the app keeps whole public pages for anonymous viewers (0 turns the cache off).
# Writes that change a page invalidate it at once; this only bounds memory.
PAGE_CACHE_SECONDS = (
    0 if env.bool("DISABLE_CACHES", default=False) else env.int("PAGE_CACHE_SECONDS", default=600)
)
# A kept page rendered less than this long ago is served even if a write changed it since: a
# page written to many times a second is rendered about once per this, however fast the writes
# (the writer sees their own words at once; they carry a cookie). 0: re-render on every change.
PAGE_CACHE_GRACE_SECONDS = env.float("PAGE_CACHE_GRACE_SECONDS", default=1.0)

# The spam guard shared by every public form (alongside/core/guard.py).
FORM_MIN_FILL_SECONDS = env.int("FORM_MIN_FILL_SECONDS", default=3)
FORM_MAX_AGE_SECONDS = env.int("FORM_MAX_AGE_SECONDS", default=60 * 60 * 24)
MAX_LINKS_PER_MESSAGE = env.int("MAX_LINKS_PER_MESSAGE", default=3)
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_PER_IP = env("RATELIMIT_PER_IP", default="20/h")
RATELIMIT_PER_EMAIL = env("RATELIMIT_PER_EMAIL", default="10/h")
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
AKISMET_API_KEY = env("AKISMET_API_KEY", default="")
AKISMET_URL = env("AKISMET_URL", default="https://rest.akismet.com/1.1/comment-check")
AKISMET_TIMEOUT = env.float("AKISMET_TIMEOUT", default=5.0)
# "Send to a friend" mails strangers, so it has tighter limits than the other forms; a friend's
# address gets at most FRIEND_EMAILS_PER_WEEK such emails in 7 days, from everyone together.
FRIEND_SENDS_PER_IP = env("FRIEND_SENDS_PER_IP", default="10/d")
FRIEND_SENDS_PER_SENDER = env("FRIEND_SENDS_PER_SENDER", default="5/d")
FRIEND_EMAILS_PER_WEEK = env.int("FRIEND_EMAILS_PER_WEEK", default=3)

# Where thumbnails are fetched from; tests point these at a fake server on loopback.
YOUTUBE_THUMBNAIL_URL = env(
    "YOUTUBE_THUMBNAIL_URL", default="https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
)
VIMEO_OEMBED_URL = env("VIMEO_OEMBED_URL", default="https://vimeo.com/api/oembed.json")
THUMBNAIL_FETCH_TIMEOUT = env.float("THUMBNAIL_FETCH_TIMEOUT", default=10.0)

WAGTAIL_SITE_NAME = "Alongside"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show beside the codes
# The dashboard would ask releases.wagtail.org for new versions: a request to a third party
# from the admin, and an error on machines without that access.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = SITE_URL
# Wagtail's database backend: English stemming on PostgreSQL, prefixes on SQLite (decision 0070).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "alongside.discovery.search.backend", "SEARCH_CONFIG": "english"}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "webm", "ogv", "mov"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    # Load balancers check health over plain HTTP, behind the proxy that ends TLS.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# `check --deploy` warnings not taken, each for its reason (docs/decisions/0041).
SILENCED_SYSTEM_CHECKS = [
    # HSTS for every subdomain: the site rarely owns its parent domain's other hosts.
    "security.W005",
    # Browsers' preload list: a lasting commitment for the whole domain, the owner's to make.
    "security.W021",
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every page action; the admin's own history already records them.
        "wagtail": {"level": "WARNING"},
        # One line per request, without query strings or form contents (core/request_log.py);
        # REQUEST_LOG_LEVEL=WARNING turns it off.
        "alongside.requests": {"level": env("REQUEST_LOG_LEVEL", default="INFO")},
        # runserver's own request lines carry query strings (addresses, tokens): ours replace them.
        "django.server": {"handlers": [], "propagate": False},
    },
}
