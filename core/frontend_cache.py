"""Purging a CDN or front cache (wagtail.contrib.frontend_cache) beyond the page itself.

Wagtail purges a page when it is published or unpublished. Readers also see it on the
pages above it (a talk is listed by its day, its conference and the home page) and
beside it (the previous and next links of its neighbours), so this purges the page's
ancestors and every live page of its section (the child of the site root holding it),
and does so on moves and deletions too.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import reduce

from asgiref.local import Local
from django.conf import settings
from django.db.models import Q
from django.db.models.signals import pre_delete
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

SECTION_DEPTH = 3  # tree root 1, site root 2, its children (conferences) 3
# Inside `purges_batched`: the pages published, to purge around when the block ends.
_batch = Local()


def pages_to_purge(pages: Iterable[Page]) -> list[Page]:
    """The pages' ancestors below the tree root and the live pages of their sections (the
    pages themselves among them, when live)."""
    sections, ancestor_paths = set(), set()
    for page in pages:
        sections.add(page.path[: SECTION_DEPTH * Page.steplen])
        ancestor_paths.update(
            page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen)
        )
    in_sections = Page.objects.live().filter(
        reduce(operator.or_, (Q(path__startswith=section) for section in sections))
    )
    ancestors = Page.objects.filter(path__in=ancestor_paths)
    return list((in_sections | ancestors).defer_streamfields())


def purge(pages: list[Page]) -> None:
    batch = PurgeBatch()
    batch.add_pages(pages_to_purge(pages))
    batch.purge()


@contextmanager
def purges_batched() -> Iterator[None]:
    """Purge once, when the block ends, around everything published inside it: a bulk
    import publishing a thousand talks of one conference purges its pages once, not a
    thousand times each."""
    if getattr(_batch, "pages", None) is not None:  # already batching
        yield
        return
    _batch.pages = []
    try:
        yield
    finally:
        pages = _batch.pages
        del _batch.pages
        if pages:
            purge(pages)


def purge_around(sender, instance: Page, **kwargs) -> None:
    pages = getattr(_batch, "pages", None)
    if pages is not None:
        pages.append(instance)
    else:
        purge([instance])


def _purge_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_around(sender, instance)


def connect_purging() -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_around, dispatch_uid=f"frontend-purge-{id(signal)}")
    pre_delete.connect(_purge_deleted, dispatch_uid="frontend-purge-delete")
