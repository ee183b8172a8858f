"""Admin upload forms that refuse a file up front when media storage is down.

Without this the editor would get a server error after waiting for the upload;
with it the form comes back with the reason, and their other fields intact.
"""

from __future__ import annotations

import logging

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from core.media_storage import MediaStorageUnavailable, ping_media_storage

logger = logging.getLogger(__name__)

STORAGE_DOWN_MESSAGE = (
    "The file could not be saved: media storage can't be reached right now. "
    "Nothing was uploaded; please try again in a few minutes."
)


class MediaStorageCheckedMixin:
    def clean(self):
        cleaned_data = super().clean()
        if "file" in self.changed_data and not self.has_error("file"):
            try:
                ping_media_storage()
            except MediaStorageUnavailable:
                logger.exception("Upload refused: media storage did not answer")
                self.add_error("file", STORAGE_DOWN_MESSAGE)
        return cleaned_data


class ImageForm(MediaStorageCheckedMixin, BaseImageForm):
    pass


class DocumentForm(MediaStorageCheckedMixin, BaseDocumentForm):
    pass
