"""Production: secure by default; every value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403  (settings modules extend each other by design)
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# Django's own deploy check asks for at least 50 characters; a shorter key is guessable.
MIN_SECRET_KEY_LENGTH = 50
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
        "characters in production."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The admin frames its own previews; core.security allows that on admin paths only.
X_FRAME_OPTIONS = "DENY"

# Outermost, so that every response carries the headers: static files, redirects, 400s.
MIDDLEWARE = [
    "core.security.SecurityHeadersMiddleware",
    *MIDDLEWARE,  # noqa: F405
]

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    # The Django integration switches itself on; no personal data leaves the site.
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)
