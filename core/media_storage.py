"""Media storage as the rest of the site sees it, whichever backend holds the files.

The S3 backend (core/s3_storage.py) turns boto3's errors into MediaStorageUnavailable,
an ``OSError``: Wagtail treats an unreachable bucket like a missing file (pages render
without the image), and the upload form and ``/healthz`` have one exception to catch.
This module imports no boto3, so a site on local disk never loads it.
"""

from __future__ import annotations

from django.core.files.storage import Storage, default_storage

# Files under this prefix of the media storage are for the app alone (uploads waiting
# for a confirmation): the site never serves them. On S3, keep the prefix out of any
# public-read bucket policy.
PRIVATE_MEDIA_PREFIX = "private/"


class MediaStorageUnavailable(OSError):
    """The media storage did not answer or refused the request."""


def ping_media_storage(storage: Storage = default_storage) -> None:
    """Raise MediaStorageUnavailable unless media storage answers.

    Local disk has nothing to ask: it is there whenever the app is.
    """
    ping = getattr(storage, "ping", None)
    if ping is not None:
        ping()
