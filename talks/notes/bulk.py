"""Saving many new pages under one parent at once, as adding them one by one would.

Adding a page in Wagtail (treebeard's `add_child`, `Page.save`, `save_revision`) costs
about fifty queries, most of them the same for every page: locking the parent, finding
its last child, checking the locale and content type, loading child rows a new page
cannot have yet. An import of a thousand talks paid them a thousand times. Here the
parent is locked and its last child read once, each page is validated and inserted with
Wagtail's own `Page.save`, and its speaker and tag rows, revisions and revision fields
are written in one query per kind for all of them. The result is what the editor
leaves: the same tree fields, one revision per page (its latest, and live when
published) and the same revision content.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision

# Set here (from the parent's row) or by Page itself, never from the notes: checking
# them would only cost queries.
SET_BY_WAGTAIL = ("path", "depth", "numchild", "url_path", "locale", "translation_key")
SET_BY_WAGTAIL += ("content_type",)


@dataclass
class NewPage:
    """A page to add, with the child rows it is saved with (by relation name)."""

    page: Page
    line: int
    children: dict[str, list[models.Model]] = field(default_factory=dict)


class InvalidPage(Exception):
    """A new page its model refuses; nothing is saved (the transaction is rolled back)."""

    def __init__(self, new: NewPage, error: ValidationError) -> None:
        super().__init__(str(error))
        self.new, self.error = new, error


def place_under(parent: Page, pages: list[Page]) -> None:
    """Give the pages the tree fields `add_child` would, after the parent's last child,
    and count them in the parent's `numchild`; the parent's row stays locked until the
    transaction ends, as with `add_child`."""
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    previous = None if locked.is_leaf() else locked.get_last_child()
    for page in pages:
        page.depth = locked.depth + 1
        page.path = previous._inc_path() if previous else Page._get_path(locked.path, page.depth, 1)
        page.locale_id = locked.locale_id
        page._cached_parent_obj = parent
        previous = page
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild = locked.numchild + len(pages)


def validate(page: Page, exclude: tuple[str, ...] = ()) -> None:
    """What `Page.save` checks: a live page in full (its own `clean` and the slug among
    its siblings included), a draft only its title and slug."""
    if page.live:
        page.full_clean(exclude=[*SET_BY_WAGTAIL, *exclude])
    else:
        page.minimal_clean()


def save_new_pages(
    parent: Page, new_pages: list[NewPage], *, publish: bool, user, validated: tuple[str, ...] = ()
) -> list[Revision]:
    """Add the pages under the parent, in order, each with one revision (published when
    `publish`); returns their revisions. `validated` names fields the caller has already
    checked (the body, by its blocks). A page that fails validation raises InvalidPage;
    call inside a transaction, so that nothing of it is kept."""
    pages = [new.page for new in new_pages]
    place_under(parent, pages)
    for new in new_pages:
        try:
            validate(new.page, validated)
        except ValidationError as error:
            raise InvalidPage(new, error) from error
        # A new page has a translation key of its own, so no site can have it as its root:
        # Wagtail's own hint (as set by `annotate_site_root_state`) spares the query.
        new.page._is_site_root = False
        new.page.save(clean=False, log_action=None)  # the caller logs creation with the revision
    save_children(new_pages)

    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type_id=page.content_type_id,
            object_id=str(page.pk),
            base_content_type=page.get_base_content_type(),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.has_unpublished_changes = not publish
        page.live_revision = revision if publish else None
    # Each page's one revision, found by the database: one UPDATE for all the pages.
    own_revision = Subquery(
        Revision.objects.filter(
            base_content_type=pages[0].get_base_content_type(),
            object_id=Cast(OuterRef("pk"), models.CharField()),
        ).values("pk")[:1]
    )
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=own_revision,
        latest_revision_created_at=now,
        has_unpublished_changes=not publish,
        live_revision=own_revision if publish else None,
    )
    return revisions


def save_children(new_pages: list[NewPage]) -> None:
    """Each page's child rows, in one insert per kind for all pages. A new page has no
    other child rows (comments…): saying so spares a query per relation when its
    revision is serialized and its references are indexed."""
    rows_by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for new in new_pages:
        for relation in get_all_child_relations(new.page):
            name = relation.get_accessor_name()
            rows = new.children.get(name, [])
            setattr(new.page, name, rows)  # points each row at its page
            rows_by_model[relation.related_model].extend(rows)
    for model, rows in rows_by_model.items():
        if rows:
            model.objects.bulk_create(rows)


def page_error(page: Page, error: ValidationError) -> str:
    """A page's validation errors as one line: which fields, and why."""
    if hasattr(error, "error_dict"):
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    else:
        problems = "; ".join(error.messages)
    return f"“{page.title}” can't be saved ({problems})."
