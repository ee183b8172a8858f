"""Page URLs worked out once per process for each page path and site layout.

A listing links every page it shows, and Wagtail reverses the `wagtail_serve` route for
each: a twentieth of a 30-talk conference page's time. The answer depends only on the
page's URL path, the sites it sits under, the script prefix and the language (and on
the request's site when the page sits under more than one, which is left to Wagtail),
so it is kept under exactly those: a moved page, a changed site or another mount point
is another key, and no answer can go stale.
"""

from __future__ import annotations

from django.urls import get_script_prefix
from django.utils.translation import get_language

# Bounded: past this many page paths the memo starts again (a dict's get and set are
# atomic, so threads may share it).
MAX_REMEMBERED = 10_000
_url_parts: dict[tuple, tuple | None] = {}


class MemoizedUrlParts:
    """Page mixin: `get_url_parts` (behind `url`, `get_url` and `{% pageurl %}`) reversed
    once per page path and site layout."""

    url_path: str

    def get_url_parts(self, request=None):
        sites = self._get_relevant_site_root_paths(request)
        if len({site.site_id for site in sites}) > 1:
            return super().get_url_parts(request)
        key = (self.url_path, sites, get_script_prefix(), get_language())
        try:
            return _url_parts[key]
        except KeyError:
            answer = super().get_url_parts(request)
        if len(_url_parts) >= MAX_REMEMBERED:
            _url_parts.clear()
        _url_parts[key] = answer
        return answer
