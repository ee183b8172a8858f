"""Test runs: fast hashing, throwaway media, the same database switch as base."""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403  (settings modules extend each other by design)
from .env import env_int, env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="conference-notes-media-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tests see their own writes at once; the page cache tests turn it on.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# One page cache directory per test process, unless a test hands one to a subprocess; what
# a process made for itself goes when it exits.
PAGE_CACHE_DIR = env_str("PAGE_CACHE_DIR")
if not PAGE_CACHE_DIR:
    PAGE_CACHE_DIR = tempfile.mkdtemp(prefix="conference-notes-pages-")
    atexit.register(shutil.rmtree, PAGE_CACHE_DIR, ignore_errors=True)
if not REDIS_URL:  # noqa: F405
    CACHES["pages"]["LOCATION"] = PAGE_CACHE_DIR  # noqa: F405
    CACHES["bodies"]["LOCATION"] = str(Path(PAGE_CACHE_DIR) / "bodies")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Embeds never leave the machine in tests; a provider that can't be reached
# must degrade to a labelled link, which is what the tests check.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "options": {"timeout": 1}}]
