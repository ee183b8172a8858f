"""Internal page links in rich text, resolved once per page view rather than per block.

Wagtail resolves a rich text value's page links when that value renders: a talk body
with thirty paragraphs linking to other talks would cost dozens of queries. The talk
page collects every page id its body links to, resolves them in one query, and the
link handler registered in talks/wagtail_hooks.py reads the answers while the page renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from core.compiled_sql import compiled_once

_resolved_page_urls: ContextVar[dict[str, str] | None] = ContextVar(
    "resolved_page_urls", default=None
)


def linked_page_ids(fragments: Iterable[str]) -> set[str]:
    ids = set()
    for html in fragments:
        for attr_string in FIND_A_TAG.findall(html):
            attrs = extract_attrs(attr_string)
            if attrs.get("linktype") == "page" and attrs.get("id"):
                ids.add(attrs["id"])
    return ids


def resolve_page_links(ids: set[str]) -> dict[str, str]:
    """The URL of each linked page that exists, by id, in one query."""
    if not ids:
        return {}
    # A page's URL needs only its URL path (and the sites, which Wagtail caches).
    pages = compiled_once(Page.objects.filter(id__in=ids).only("url_path"), "linked pages")
    return {str(page.id): page.url or "" for page in pages}


@contextmanager
def page_links_resolved_as(urls: dict[str, str]) -> Iterator[None]:
    """Page links render from `urls` (of `resolve_page_links`) for the duration."""
    token = _resolved_page_urls.set(urls)
    try:
        yield
    finally:
        _resolved_page_urls.reset(token)


@contextmanager
def page_links_resolved(fragments: Iterable[str]) -> Iterator[None]:
    """Resolve the page links in `fragments` (DB rich text HTML) for the duration."""
    with page_links_resolved_as(resolve_page_links(linked_page_ids(fragments))):
        yield


def resolved_page_urls() -> dict[str, str] | None:
    """The page links resolved for the page being rendered, or None outside one."""
    return _resolved_page_urls.get()
