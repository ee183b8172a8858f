"""Search and reference indexing of notes pages, deferrable for bulk imports.

Wagtail re-indexes a page (search index and the reference index of links between
objects) on every save, and creating a published page saves it three times. A bulk
import defers both and indexes each page once at the end, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from asgiref.local import Local
from django.db import models
from django.db.models.signals import post_delete, post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_delete_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from talks.blocks import searchable_content_remembered

_deferred = Local()


def index_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending[(type(instance), instance.pk)] = instance
        return
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Index each page saved inside the block once, when the block ends."""
    if getattr(_deferred, "pending", None) is not None:  # already deferring
        yield
        return
    _deferred.pending = {}
    try:
        with disable_reference_index_auto_update():
            yield
        index_in_bulk(list(_deferred.pending.values()))
    finally:
        del _deferred.pending


def index_in_bulk(instances: list[models.Model]) -> None:
    """Search-index the rows as stored; reference-index the instances as saved.

    Saving a draft of a live page saves the page with the draft's fields in memory but
    leaves its row as published, so the search index reads the rows: readers must never
    find a live page by words only a draft has. The reference index keeps the draft's
    links, as Wagtail's own does, so editors see where an image or page is still used.
    """
    pks_by_model: dict[type[models.Model], list] = {}
    for instance in instances:
        pks_by_model.setdefault(type(instance), []).append(instance.pk)
    with searchable_content_remembered():  # the stored rows don't change meanwhile
        for model, pks in pks_by_model.items():
            stored = list(model.get_indexed_objects().filter(pk__in=pks))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, stored)
    for instance in instances:
        ReferenceIndex.create_or_update_for_object(instance)


def reindex_talks_of_speaker(sender, instance, raw: bool = False, **kwargs) -> None:
    """Talks are found by their speakers' names, so saving a speaker re-indexes their talks."""
    if raw or kwargs.get("created"):
        return  # a new speaker has no talks yet
    from talks.models import TalkPage

    talks = list(TalkPage.objects.by_speaker(instance))
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending.update({(TalkPage, talk.pk): talk for talk in talks})
    elif talks:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(TalkPage, talks)


def connect_indexing(*page_models: type[models.Model]) -> None:
    """Index these models through `index_on_save` (they set `search_auto_update = False`)."""
    for model in page_models:
        post_save.connect(index_on_save, sender=model, dispatch_uid=f"index-{model.__name__}")
        post_delete.connect(
            post_delete_signal_handler, sender=model, dispatch_uid=f"unindex-{model.__name__}"
        )
