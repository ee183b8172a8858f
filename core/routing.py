"""Wagtail's page serving, with the page found by one query instead of a tree walk.

Wagtail routes a request by fetching the site root as its own type, then one level of
the tree at a time, then the page as its own type. Every page's URL path is stored,
so `serve` looks the page up by it, joined to each page type's table so the row comes
back as its own type (core/page_types.py), together with its ancestors and whether they
are private (which the privacy check, the breadcrumbs and the talk's conference and day
read). Paths that are not a page's own (a routable page's sub-routes) fall through to
Wagtail's tree walk.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from core.page_cache import site_for_request
from core.view_restrictions import OneQueryViewRestrictions, sql_in, with_restriction_flags


def page_at_url_path(url_path: str, tree_root_path: str) -> Page | None:
    """The page at `url_path` as its own type, its ancestors and their view restrictions
    read in the same query (by slug, which is indexed, and URL path, which is not)."""
    slugs = [slug for slug in url_path.split("/") if slug]
    prefixes = [
        "/" + "".join(f"{slug}/" for slug in slugs[:end]) for end in range(1, len(slugs) + 1)
    ]
    pages = Page._meta.db_table
    slug_in, slug_params = sql_in(f"{pages}.slug", slugs)
    url_path_in, url_path_params = sql_in(f"{pages}.url_path", prefixes)
    found = with_restriction_flags(
        f"({slug_in} AND {url_path_in}) OR {pages}.path = %s",
        [*slug_params, *url_path_params, tree_root_path],
    )
    page = next((page for page in reversed(found) if page.url_path == url_path), None)
    if isinstance(page, OneQueryViewRestrictions):
        page.keep_lineage([ancestor for ancestor in found if page.path.startswith(ancestor.path)])
    return page


def serve(request: HttpRequest, path: str) -> HttpResponse:
    site = site_for_request(request)
    if site is not None:
        root = site.root_page
        page = page_at_url_path(f"{root.url_path}{path}", root.path[: Page.steplen])
        if page is not None:
            try:
                request._wagtail_route_for_request = page.route(request, [])
            except Http404:
                request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
