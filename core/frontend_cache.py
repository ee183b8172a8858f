"""Purging a CDN or front cache (wagtail.contrib.frontend_cache) beyond the page itself.

Wagtail purges a page when it is published or unpublished. Readers also see it on the
pages above it (a talk is listed by its day, its conference and the home page) and
beside it (the previous and next links of its neighbours), so this purges the page's
ancestors and every live page of its section (the child of the site root holding it),
and does so on moves and deletions too.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import pre_delete
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

SECTION_DEPTH = 3  # tree root 1, site root 2, its children (conferences) 3


def pages_to_purge(page: Page) -> list[Page]:
    """The page, its ancestors below the tree root and the live pages of its section."""
    section_path = page.path[: SECTION_DEPTH * Page.steplen]
    in_section = Page.objects.live().filter(path__startswith=section_path)
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1)
    return list((in_section | ancestors).defer_streamfields())


def purge_around(sender, instance: Page, **kwargs) -> None:
    batch = PurgeBatch()
    batch.add_pages(pages_to_purge(instance))
    batch.purge()


def _purge_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_around(sender, instance)


def connect_purging() -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_around, dispatch_uid=f"frontend-purge-{id(signal)}")
    pre_delete.connect(_purge_deleted, dispatch_uid="frontend-purge-delete")
