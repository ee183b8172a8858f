"""Local development: debug pages on, everything else from base."""

from .base import *  # noqa: F403  (settings modules extend each other by design)
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    # No collectstatic step while developing.
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
