"""Media on S3 that fails with a clear, catchable error when S3 can't be reached.

boto3 raises its own exception types; turning them into ``OSError`` lets Wagtail
treat an unreachable bucket like a missing file (pages render without the image)
and gives the upload form and ``/healthz`` one exception to catch.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, default_storage
from storages.backends.s3 import S3Storage


class MediaStorageUnavailable(OSError):
    """The media storage did not answer or refused the request."""


class MediaS3Storage(S3Storage):
    def ping(self) -> None:
        """Ask the bucket whether it exists and we may use it."""
        try:
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
        except (BotoCoreError, ClientError) as error:
            raise MediaStorageUnavailable(f"S3 bucket {self.bucket_name!r}: {error}") from error

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            raise MediaStorageUnavailable(f"Can't read {name!r} from S3: {error}") from error

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise MediaStorageUnavailable(f"Can't write {name!r} to S3: {error}") from error


def ping_media_storage(storage: Storage = default_storage) -> None:
    """Raise MediaStorageUnavailable unless media storage answers.

    Local disk has nothing to ask: it is there whenever the app is.
    """
    ping = getattr(storage, "ping", None)
    if ping is not None:
        ping()
