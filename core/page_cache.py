"""Whole-page cache for anonymous readers, emptied whenever what they see changes.

The middleware is the first in the stack: a hit is answered before security checks,
sessions, authentication, CSRF, messages, routing or templates run, with no SQL. It
stores the finished response (security headers and CSP included) gzip-compressed,
sends the compressed bytes to clients that accept them, and answers conditional
requests (`If-None-Match`, `If-Modified-Since`) with 304.

Entries live in the `pages` cache: files on local disk by default (shared by every
worker process on the machine) or Redis with REDIS_URL (shared by every machine). A
generation key in the same cache names the current entries; publishing, unpublishing,
moving or deleting a page, publishing a speaker, changing an image or a site, and
making a page private or public again start a new generation, so readers never see
stale notes. The old entries expire or are culled on their own (the file cache keeps
at most PAGE_CACHE_MAX_ENTRIES).

Only anonymous GETs of HTML pages are cached: requests with a session cookie (editors,
readers who entered a page password) and responses that set cookies or say they are
private (Wagtail marks every page under a view restriction so) always go through.
Query parameters other than PAGE_CACHE_QUERY_PARAMETERS are left out of the key, so
tracking parameters and junk can't fill the cache.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
# The read API is left to its clients' caches: its browsable HTML view would look cacheable.
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/documents/", "/search/", "/healthz", "/_util/")
# Pages, and what readers' tools fetch: feeds, the sitemap, robots.txt, notes.md.
CACHED_CONTENT_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/plain",
    "text/markdown",
)
MAX_PARAMETER_LENGTH = 32
# Headers that describe one response, not the page: never replayed from the cache.
PER_RESPONSE_HEADERS = {"content-length", "content-encoding", "x-page-cache"}
# Inside `clears_batched`: whether a clear is due when the block ends.
_batch = Local()


def clear_page_cache(**kwargs) -> None:
    """Start a new generation now, and again once the surrounding transaction commits.

    The second time closes a race: a reader whose request ran between the first clear
    and the commit could have cached the page as it was before. Inside
    `clears_batched`, only note that a clear is due.
    """
    if getattr(_batch, "due", None) is not None:
        _batch.due = True
        return
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


@contextmanager
def clears_batched() -> Iterator[None]:
    """Clear once, when the block ends, for everything changed inside it: a bulk import
    publishing a thousand pages writes the generation key twice, not two thousand
    times. Readers lose nothing: what the block writes is seen only once it commits,
    and the clear at commit comes after that."""
    if getattr(_batch, "due", None) is not None:  # already batching
        yield
        return
    _batch.due = False
    try:
        yield
    finally:
        due = _batch.due
        del _batch.due
        if due:
            clear_page_cache()


def _new_generation() -> None:
    try:
        caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception as error:
        # The cache being down must not fail a publish; its entries expire on their own.
        logger.error("Could not empty the page cache: %r", error)


def _clear_on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page | AbstractImage | Site | PageViewRestriction):
        clear_page_cache()


def connect_invalidation() -> None:
    """Every change readers could see starts a new cache generation.

    Apps whose snippets readers see connect their deletions with `clear_page_cache`;
    publishing any snippet is covered here.
    """
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(clear_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    # Privacy: a restriction added, changed (password, groups) or removed.
    for model in (get_image_model(), Site, PageViewRestriction):
        post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"page-cache-{model}")
    m2m_changed.connect(
        clear_page_cache,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page-cache-restriction-groups",
    )
    post_delete.connect(_clear_on_delete, dispatch_uid="page-cache-delete")


@dataclass(frozen=True)
class CachedPage:
    headers: tuple[tuple[str, str], ...]
    gzipped: bytes
    etag: str
    last_modified: int


def _generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _read(cache, key: str) -> tuple[str, object] | None:
    """The full key under the current generation and what it holds; None when the cache
    can't be reached. An outage costs speed, never pages (one line per request, no trace)."""
    try:
        full_key = f"{_generation(cache)}:{key}"
        return full_key, cache.get(full_key)
    except Exception as error:
        logger.warning("Page cache unavailable, serving uncached: %r", error)
        return None


def site_for_request(request: HttpRequest) -> Site | None:
    """`Site.find_for_request`, kept beside the cached pages: any change to a site starts a
    new generation for both, so every worker process sees it at once."""
    if not hasattr(request, "_wagtail_site"):
        cache = caches[CACHE_ALIAS]
        found = _read(cache, f"site:{request._get_raw_host()}:{request.get_port()}")
        if found is None:
            return Site.find_for_request(request)
        key, site = found
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                cache.set(key, site, None)
        request._wagtail_site = site
    return request._wagtail_site


class RequestSiteMiddleware:
    """Every view finds the request's site beside the cached pages: Wagtail would read it
    from the database once per request wherever a template links to a page outside the
    page views (`{% pageurl %}` in search results)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without the database the view meets the outage too, and answers 503
        # (core/outages.py).
        with suppress(DatabaseError):
            site_for_request(request)
        return self.get_response(request)


def page_key(request: HttpRequest) -> str | None:
    """The cache key's page part, or None when the request must not be cached."""
    if (
        request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.path.startswith((*EXCLUDED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL))
        # SecurityMiddleware, further in, redirects these to HTTPS.
        or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
    ):
        return None
    kept = []
    for name in sorted(set(request.GET) & set(settings.PAGE_CACHE_QUERY_PARAMETERS)):
        values = request.GET.getlist(name)
        if len(values) > 1 or len(values[0]) > MAX_PARAMETER_LENGTH:
            return None
        kept.append(f"{name}={values[0]}")
    address = f"{request.scheme}://{request.get_host()}{request.path}?{'&'.join(kept)}"
    return hashlib.sha256(address.encode()).hexdigest()


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
        and "no-store" not in cache_control
    )


def _cache_control() -> str:
    # Browsers revalidate every time (a 304 costs next to nothing); shared caches (a CDN,
    # an nginx front cache) keep the page for FRONTEND_CACHE_SECONDS unless purged.
    return f"public, max-age=0, must-revalidate, s-maxage={settings.FRONTEND_CACHE_SECONDS}"


def _entry_from(response: HttpResponse) -> CachedPage:
    body = response.content
    response["Cache-Control"] = _cache_control()
    patch_vary_headers(response, ["Accept-Encoding"])
    return CachedPage(
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_RESPONSE_HEADERS
        ),
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        # Weak: the gzipped and the plain bytes are the same page.
        etag=f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
        last_modified=int(time.time()),
    )


def _response_from(request: HttpRequest, page: CachedPage, state: str) -> HttpResponse:
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(page.gzipped if accepts_gzip else gzip.decompress(page.gzipped))
    for name, value in page.headers:
        response[name] = value
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    response["X-Page-Cache"] = state
    return get_conditional_response(
        request, etag=page.etag, last_modified=page.last_modified, response=response
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        if settings.PAGE_CACHE_SECONDS <= 0:
            response = self.get_response(request)
            if _cacheable_response(response):
                response["Cache-Control"] = _cache_control()
            return response
        cache = caches[CACHE_ALIAS]
        found = _read(cache, key)
        if found is None:
            return self.get_response(request)
        key, cached = found
        if cached is not None:
            return _response_from(request, cached, "hit")
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        page = _entry_from(response)
        try:
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Page cache unavailable, page not stored: %r", error)
        return _response_from(request, page, "miss")
