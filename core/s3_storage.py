"""Media on S3 that fails with a clear, catchable error when S3 can't be reached.

boto3 raises its own exception types; they come out of this storage as
MediaStorageUnavailable (core/media_storage.py), an ``OSError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from core.media_storage import MediaStorageUnavailable


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
