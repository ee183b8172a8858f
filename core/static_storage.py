"""Static files: whitenoise's compressed, hashed files, each file's URL worked out once.

A page links half a dozen static files, and each `{% static %}` looked its hashed name
up in the manifest and built the URL again (20 µs of 27). The manifest is read when the
process starts and doesn't change while it serves, so neither can a file's URL: URLs
are kept with the manifest they came from, and a new manifest (collectstatic starts
one) starts them afresh.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Far more than the site has files: only a caller asking for made-up names reaches it.
MAX_REMEMBERED = 1_000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name: str | None, force: bool = False) -> str:
        if self.__dict__.get("_urls_of") is not self.hashed_files:
            self._urls_of, self._urls = self.hashed_files, {}
        urls, key = self._urls, (name, force, settings.DEBUG)  # DEBUG: unhashed names
        if (url := urls.get(key)) is None:
            url = super().url(name, force)
            if len(urls) >= MAX_REMEMBERED:
                urls.clear()
            urls[key] = url
        return url
