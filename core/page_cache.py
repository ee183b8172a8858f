"""Whole-page cache for anonymous readers, emptied whenever published content changes.

A cached page costs no SQL at all: the middleware answers before sessions, routing or
templates run. Anything an editor publishes, unpublishes, moves or deletes (pages,
speakers, images) starts a new cache generation, so readers never see stale notes
for longer than the request that changed them. Only anonymous GETs of public pages
are cached; requests with a session cookie (editors, password-protected pages) and
responses that set cookies or say they are private always go through.

It is on when PAGE_CACHE_SECONDS > 0, which is the default with a shared cache
(REDIS_URL): with one local-memory cache per process, a publish would only empty the
cache of the process that handled it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

GENERATION_KEY = "page-cache-generation"
# The read API is left to its clients' caches: its browsable HTML view would look cacheable.
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/documents/", "/search/", "/healthz", "/static/")
# Pages, and what readers' tools fetch: feeds, the sitemap, robots.txt, notes.md.
CACHED_CONTENT_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/plain",
    "text/markdown",
)


def clear_page_cache(**kwargs) -> None:
    """Start a new generation; the old one's entries expire on their own."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _clear_on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page | AbstractImage | Site):
        clear_page_cache()


def connect_invalidation() -> None:
    """Every change readers could see starts a new cache generation.

    Apps whose snippets readers see connect their deletions with `clear_page_cache`;
    publishing any snippet is covered here.
    """
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(clear_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    for model in (get_image_model(), Site):
        post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"page-cache-{model}")
    post_delete.connect(_clear_on_delete, dispatch_uid="page-cache-delete")


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not request.path.startswith(settings.MEDIA_URL)
    )


def _cacheable_response(response: HttpResponse) -> bool:
    # "Vary: Cookie" is not a reason to skip: the session middleware adds it whenever a
    # template looks at request.user, and only requests without a session are cached.
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHED_CONTENT_TYPES)
        and "private" not in cache_control
        and "no-cache" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        key = f"page-cache:{_generation()}:{request.get_host()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            response["X-Page-Cache"] = "miss"
            cache.set(key, response, seconds)
        return response
