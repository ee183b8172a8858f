"""Settings shared by every environment.

Every deployment value comes from an environment variable (see the README's
configuration table). With no environment at all the site runs on a SQLite file
and local media: the embedded default.
"""

import hashlib
import tempfile
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "home",
    "talks",
    "search",
    "accessibility",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
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
    "django_filters",
    "rest_framework",
    "storages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything else runs (core/page_cache.py).
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.security.NulBytesNotFoundMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.throttle.PasswordThrottleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.outages.DatabaseUnavailableMiddleware",
    "core.page_cache.RequestSiteMiddleware",
    # A write (save, publish, autosave) indexes each object once (search and references),
    # after its view.
    "talks.indexing.IndexOncePerRequest",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site_name",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL=postgres://... switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No runaway query may hold a worker: PostgreSQL cancels it after this many seconds.
    # JIT off: a page's queries are small, but the planner's guesses on tables not yet
    # analysed (a fresh deploy, a bulk import) can pass the JIT threshold, and compiling
    # then costs ~200 ms for a query that runs in a millisecond.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT', 30)}s -c jit=off"
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # A page's queries take longer to plan than to run (0.4 ms against 0.1 ms for
        # the routing query): psycopg prepares each one on a connection's fifth use, and
        # PostgreSQL reuses its plan. (Off behind a transaction-pooling PgBouncer before 1.21.)
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wrong passwords (admin sign-in, password-protected pages and documents) before the form
# refuses every try for PASSWORD_LOCKOUT_SECONDS (core/throttle.py).
PASSWORD_ATTEMPTS = env_int("PASSWORD_ATTEMPTS", 10)
PASSWORD_LOCKOUT_SECONDS = env_int("PASSWORD_LOCKOUT_SECONDS", 900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")

# Media lives on local disk unless an S3 bucket is named; then django-storages/boto3
# writes images, renditions and documents to it (S3 or any S3-compatible service).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_S3_URL_PROTOCOL = env_str("AWS_S3_URL_PROTOCOL", "https:")
    # Imported only here: boto3 takes a fifth of a second to load, and local media never needs it.
    from botocore.config import Config as BotocoreConfig

    # Fail fast when S3 is down, so pages degrade instead of hanging a worker.
    AWS_S3_CLIENT_CONFIG = BotocoreConfig(
        s3={"addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None},
        signature_version="s3v4",
        connect_timeout=3,
        read_timeout=15,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    MEDIA_STORAGE_BACKEND = "core.s3_storage.MediaS3Storage"
else:
    MEDIA_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"

STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "core.static_storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Conference Notes")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Editors' avatars stay on the site: no e-mail hashes sent to Gravatar, nothing
# third-party for the admin's Content-Security-Policy to allow, and an admin that works
# offline (an unreachable Gravatar held every admin page's loading open for 5 s).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's database backend; on PostgreSQL its queries use the indexes (search/backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "key", "odp", "pdf", "pptx", "txt", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Whole pages for anonymous readers (core/page_cache.py), in their own cache so they
# can't push anything else out. Without Redis they are files on this machine's disk,
# shared by all its worker processes; the key prefix keeps two sites (or two databases)
# on one machine apart.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_DIR = env_str(
    "PAGE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "conference-notes-page-cache")
)
PAGE_CACHE_MAX_ENTRIES = env_int("PAGE_CACHE_MAX_ENTRIES", 5000)
# Query parameters that change what a page shows; any others are left out of the key.
PAGE_CACHE_QUERY_PARAMETERS = env_list("PAGE_CACHE_QUERY_PARAMETERS", ["page"])
BODY_CACHE_SECONDS = 24 * 60 * 60
_database = DATABASES["default"]
PAGE_CACHE_KEY_PREFIX = (
    "pages-"
    + hashlib.sha256(
        f"{_database['ENGINE']}:{_database.get('HOST')}:{_database['NAME']}".encode()
    ).hexdigest()[:12]
)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Wagtail looks renditions up here first, so a page full of images costs no
    # rendition queries once warm.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": PAGE_CACHE_DIR,
        "KEY_PREFIX": PAGE_CACHE_KEY_PREFIX,
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
    },
    # Rendered talk bodies (talks/body.py), keyed by what they show, so never stale: files
    # beside the page cache's, shared by the worker processes, kept a day after last set.
    "bodies": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(PAGE_CACHE_DIR) / "bodies"),
        "KEY_PREFIX": PAGE_CACHE_KEY_PREFIX,
        "TIMEOUT": BODY_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
    },
}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Shared by every app server, so a cached value is cached once for all of them. If
    # Redis goes away the site runs uncached (core/cache.py); the timeouts keep a Redis
    # that hangs from holding a worker.
    REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
        },
        "renditions": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 600,
            "KEY_PREFIX": "renditions",
            "OPTIONS": REDIS_OPTIONS,
        },
        # Bounded by each entry's PAGE_CACHE_SECONDS and Redis's own maxmemory policy.
        "pages": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": PAGE_CACHE_KEY_PREFIX,
            "OPTIONS": REDIS_OPTIONS,
        },
        "bodies": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"bodies-{PAGE_CACHE_KEY_PREFIX}",
            "TIMEOUT": BODY_CACHE_SECONDS,
            "OPTIONS": REDIS_OPTIONS,
        },
    }

# How long a CDN or front cache may keep an anonymous page (Cache-Control s-maxage);
# browsers always revalidate. Publishing purges it when a purge target is configured.
FRONTEND_CACHE_SECONDS = env_int("FRONTEND_CACHE_SECONDS", 60)
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    # nginx or Varnish: a PURGE request per URL (docker/nginx.conf takes them on :8081).
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "()": "config.logging_format.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task is noise; failures still log at ERROR.
        "django_tasks": {"level": "WARNING"},
    },
}
