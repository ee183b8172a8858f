"""Wagtail's page serving, with the page found by one query instead of a tree walk.

Wagtail routes a request by fetching the site root as its own type, then one level of
the tree at a time, then the page as its own type. Every page's URL path is stored,
so `serve` looks the page up by it, joined to each page type's table so the row comes
back as its own type. Paths that are not a page's own (a routable page's sub-routes)
fall through to Wagtail's tree walk.
"""

from __future__ import annotations

from functools import cache

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Page, Site, get_page_models
from wagtail.views import serve as wagtail_serve


@cache
def _page_type_joins() -> tuple[str, ...]:
    """The reverse one-to-one names of the page types that extend Page directly."""
    return tuple(
        model._meta.model_name
        for model in get_page_models()
        if model is not Page and Page in model._meta.parents
    )


def page_at_url_path(url_path: str) -> Page | None:
    """The page at `url_path` as its own type, in one query when its type extends Page."""
    page = Page.objects.filter(url_path=url_path).select_related(*_page_type_joins()).first()
    if page is None:
        return None
    model = page.specific_class
    if model is None:
        return page
    if model._meta.model_name in _page_type_joins():
        return getattr(page, model._meta.model_name)
    return page.specific


def serve(request: HttpRequest, path: str) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is not None:
        page = page_at_url_path(f"{site.root_page.url_path}{path}")
        if page is not None:
            try:
                request._wagtail_route_for_request = page.route(request, [])
            except Http404:
                request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
