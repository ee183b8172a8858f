"""Absolute URLs for readers and machines (feeds, cards, canonical links, the sitemap).

They are built from WAGTAILADMIN_BASE_URL, the site's configured public address, never
from the request's Host header or the Wagtail Site's hostname (`localhost` by default):
a page fetched through a proxy or on 127.0.0.1 still names its one public address.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` ("/talks/x/") on the public address; an already absolute URL is kept."""
    if "://" in path:
        return path
    return f"{base_url()}/{path.lstrip('/')}"


def page_path(page: Page) -> str:
    """The page's path on its site ("/harbour/day-1/talk/"), whatever the Site's hostname."""
    url_parts = page.get_url_parts()
    return url_parts[2] if url_parts else page.url_path


def page_absolute_url(page: Page) -> str:
    return absolute_url(page_path(page))
