"""Wagtail's page serving, with the page found by one query instead of a tree walk.

Wagtail routes a request by fetching the site root as its own type, then one level of
the tree at a time, then the page as its own type. Every page's URL path is stored,
so `serve` looks the page up by it, joined to each page type's table so the row comes
back as its own type. Paths that are not a page's own (a routable page's sub-routes)
fall through to Wagtail's tree walk.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from core.page_cache import site_for_request
from core.page_types import as_own_type, with_page_types


def page_at_url_path(url_path: str) -> Page | None:
    """The page at `url_path` as its own type, in one query when its type extends Page."""
    page = with_page_types(Page.objects.filter(url_path=url_path)).first()
    return as_own_type(page) if page is not None else None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    site = site_for_request(request)
    if site is not None:
        page = page_at_url_path(f"{site.root_page.url_path}{path}")
        if page is not None:
            try:
                request._wagtail_route_for_request = page.route(request, [])
            except Http404:
                request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
