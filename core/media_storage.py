"""Media on S3 that fails with a clear, catchable error when S3 can't be reached.

boto3 raises its own exception types; turning them into ``OSError`` lets Wagtail
treat an unreachable bucket like a missing file (pages render without the image)
and gives the upload form and ``/healthz`` one exception to catch.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, default_storage
from storages.backends.s3 import S3Storage

# Files under this prefix of the media storage are for the app alone (uploads waiting
# for a confirmation): the site never serves them. On S3, keep the prefix out of any
# public-read bucket policy.
PRIVATE_MEDIA_PREFIX = "private/"


class MediaStorageUnavailable(OSError):
    """The media storage did not answer or refused the request."""


@contextmanager
def answering(problem: str) -> Iterator[None]:
    """boto3's errors inside the block as MediaStorageUnavailable, saying what failed."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise MediaStorageUnavailable(f"{problem}: {error}") from error


class MediaS3Storage(S3Storage):
    def ping(self) -> None:
        """Ask the bucket whether it exists and we may use it."""
        with answering(f"S3 bucket {self.bucket_name!r}"):
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)

    def _open(self, name, mode="rb"):
        with answering(f"Can't read {name!r} from S3"):
            return super()._open(name, mode)

    def _save(self, name, content):
        with answering(f"Can't write {name!r} to S3"):
            return super()._save(name, content)

    def exists(self, name):
        with answering(f"Can't look for {name!r} on S3"):
            return super().exists(name)

    def delete(self, name):
        with answering(f"Can't delete {name!r} from S3"):
            return super().delete(name)

    def listdir(self, name):
        with answering(f"Can't list {name!r} on S3"):
            return super().listdir(name)

    def get_modified_time(self, name):
        with answering(f"Can't read the time of {name!r} on S3"):
            return super().get_modified_time(name)


def ping_media_storage(storage: Storage = default_storage) -> None:
    """Raise MediaStorageUnavailable unless media storage answers.

    Local disk has nothing to ask: it is there whenever the app is.
    """
    ping = getattr(storage, "ping", None)
    if ping is not None:
        ping()
