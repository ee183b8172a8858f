"""Test runs: fast hashing, throwaway media, the same database switch as base."""

import tempfile

from .base import *  # noqa: F403  (settings modules extend each other by design)

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="conference-notes-media-"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Embeds never leave the machine in tests; a provider that can't be reached
# must degrade to a labelled link, which is what the tests check.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "options": {"timeout": 1}}]
# The browser tests' live server shares the database that is flushed between tests; an
# autosave the editor sends in the background could land after the flush. Tests save
# explicitly, as the buttons do.
WAGTAIL_AUTOSAVE_INTERVAL = 0
