"""Uploaded notes files waiting between the admin preview and its confirmation.

They wait in the media storage (Django's default storage: S3 when configured), so the
confirmation may reach any web container, not only the one that took the upload. Each
lies under the private prefix (which the site never serves, `core.media_storage`), in a
folder of its uploader, under a random token: another user's token names nothing in
their own folder. A confirmed upload is deleted; one never confirmed is deleted with
the next upload after a day.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.crypto import get_random_string

from core.media_storage import PRIVATE_MEDIA_PREFIX

FOLDER = f"{PRIVATE_MEDIA_PREFIX}notes-uploads/"
LIFETIME = timedelta(days=1)
TOKEN_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
TOKEN = re.compile(rf"^[{TOKEN_CHARACTERS}]{{32}}$")  # about 190 random bits


def stored_name(user, token: str) -> str:
    return f"{FOLDER}{user.pk}/{token}"


def keep(user, upload: File) -> str:
    """Store the upload for this user; returns its token. Raises OSError when the
    storage can't be reached."""
    forget_stale()
    token = get_random_string(32, TOKEN_CHARACTERS)
    default_storage.save(stored_name(user, token), upload)
    return token


def read(user, token: str) -> bytes | None:
    """The user's upload with this token, or None if there is none (any more)."""
    if not TOKEN.match(token or ""):
        return None
    name = stored_name(user, token)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def discard(user, token: str) -> None:
    if TOKEN.match(token or ""):
        default_storage.delete(stored_name(user, token))


def forget_stale() -> None:
    """Previews never confirmed don't pile up: their files go after a day."""
    cutoff = timezone.now() - LIFETIME
    try:
        folders, _files = default_storage.listdir(FOLDER.rstrip("/"))
    except FileNotFoundError:  # local storage before the first upload
        return
    for folder in folders:
        _subfolders, files = default_storage.listdir(f"{FOLDER}{folder}")
        for file in files:
            name = f"{FOLDER}{folder}/{file}"
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
