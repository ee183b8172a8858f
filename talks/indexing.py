"""Search and reference indexing of notes pages and speakers, each once per write.

Wagtail re-indexes a page (search index and the reference index of links between
objects) on every save, and creating a published page saves it three times. A bulk
import defers both and indexes each page once at the end, inside the same transaction;
any other request that writes (an editor's save, publish or autosave) defers both to the
end of its view: the search index of what it saved, and Wagtail's own reference-index
task once for each object it saved (the task reads the row as stored, as on every save).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from asgiref.local import Local
from django.db import DatabaseError, models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_delete_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import reference_index_auto_update_disabled
from wagtail.tasks import update_reference_index_task

from talks.blocks import searchable_content_remembered

logger = logging.getLogger(__name__)
_deferred = Local()
# Requests that write nothing have nothing to index.
READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def index_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    searches = getattr(_deferred, "searches", None)
    if searches is None:
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )
        return
    searches[(type(instance), instance.pk)] = instance
    references = getattr(_deferred, "references", None)
    if references is not None:
        references[(type(instance), instance.pk)] = instance


@contextmanager
def indexing_deferred(*, references: bool = True) -> Iterator[None]:
    """Index each object saved inside the block once, when the block ends.

    With `references` (a bulk import) the block indexes the search index and the
    reference index of its pages and speakers itself, before it ends: inside the
    import's transaction, so an import is indexed whole or not at all. Without (a request
    that writes), the block queues Wagtail's reference-index task once for each object
    Wagtail tracks that it saved, and the search index waits for the block; nested in
    another such block, for the outermost. Nothing is indexed if the block raises: its
    writes are being rolled back. Deletions are taken out of the reference index at once.
    """
    outer_searches = getattr(_deferred, "searches", None)
    outer_written = getattr(_deferred, "written", None)
    owns_searches = references or outer_searches is None
    owns_references = references and getattr(_deferred, "references", None) is None
    # A request's block queues the reference index of what it wrote; an import inside it
    # indexes its own.
    owns_written = not references and outer_written is None
    if owns_searches:
        _deferred.searches = {}
    if owns_references:
        _deferred.references = {}
    if owns_written or owns_references:
        _deferred.written = Written() if owns_written else None
    try:
        with wagtail_reference_updates_paused():
            yield
        # The reference index first: its tasks record their own failures, so a search
        # index that fails (and is logged) can't keep "Usage" from being right.
        if owns_written:
            _deferred.written.queue_reference_updates()
        if owns_searches:
            search_index_stored_rows(list(_deferred.searches.values()))
        if owns_references:
            for instance in _deferred.references.values():
                ReferenceIndex.create_or_update_for_object(instance)
    finally:
        if owns_searches:
            _deferred.searches = outer_searches
        if owns_references:
            del _deferred.references
        if owns_written or owns_references:
            _deferred.written = outer_written


@dataclass
class Written:
    """What a request saved and deleted of the objects Wagtail's reference index tracks:
    their primary keys (as text, as Wagtail's task takes them) by model."""

    saved: defaultdict[type[models.Model], dict[str, None]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    deleted: defaultdict[type[models.Model], dict[str, None]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def queue_reference_updates(self) -> None:
        """Wagtail's task for each saved object whose row is still there (a save or a
        deletion may have been rolled back); then the links to deleted objects taken out
        again, since a task reads its object's row, which may still link to one."""
        for model, pks in self.saved.items():
            stored = stored_pks(model, pks)
            for pk in filter(stored.__contains__, pks):
                update_reference_index_task.enqueue(
                    model._meta.app_label, model._meta.model_name, pk
                )
        for model, pks in self.deleted.items():
            stored = stored_pks(model, pks)
            for pk in pks.keys() - stored:
                ReferenceIndex.remove_references_to(model(pk=pk))


def stored_pks(model: type[models.Model], pks: Iterable[str]) -> set[str]:
    return set(map(str, model._base_manager.filter(pk__in=pks).values_list("pk", flat=True)))


@contextmanager
def wagtail_reference_updates_paused() -> Iterator[None]:
    """Wagtail's reference-index signal handlers skip each save and deletion inside the
    block (the handlers below take over); as it was afterwards, also when nested."""
    paused = getattr(reference_index_auto_update_disabled, "value", False)
    reference_index_auto_update_disabled.value = True
    try:
        yield
    finally:
        reference_index_auto_update_disabled.value = paused


def note_saved_for_references(sender, instance, raw: bool = False, **kwargs) -> None:
    written = getattr(_deferred, "written", None)
    if not raw and written is not None and sender in ReferenceIndex.tracked_models:
        written.saved[sender][str(instance.pk)] = None


def remove_deleted_from_references(sender, instance, **kwargs) -> None:
    """What Wagtail's handler does on a deletion, while a deferral pauses it."""
    deferring = getattr(_deferred, "searches", None) is not None
    if not deferring or sender not in ReferenceIndex.tracked_models:
        return
    written = getattr(_deferred, "written", None)
    if written is not None:
        written.deleted[sender][str(instance.pk)] = None
    with transaction.atomic():
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)


class IndexOncePerRequest:
    """Middleware: a request that writes indexes what it saved once, after its view
    (creating a published talk through the admin saves it three times)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READ_ONLY_METHODS:
            return self.get_response(request)
        # A view's exception reaches here as its 500 response (Django's handler turns it
        # into one), so what the view saved before it failed is indexed too.
        response = None
        try:
            with indexing_deferred(references=False):
                response = self.get_response(request)
        except DatabaseError:
            if response is None:
                raise
            # The view's writes stand and its answer says so; the indexes catch up with
            # those objects when they are next saved (or `update_index` and
            # `rebuild_references_index` run).
            logger.exception("Indexing after %s %s failed", request.method, request.path)
        return response


def search_index_stored_rows(instances: list[models.Model]) -> None:
    """Search-index the rows as stored, read once for all of `instances`.

    Saving a draft of a live page saves the page with the draft's fields in memory but
    leaves its row as published, so the search index reads the rows: readers must never
    find a live page by words only a draft has. (An import gives the reference index the
    instances as saved, so a draft's links show in "Usage"; Wagtail's own task, which a
    request queues, reads the row.)
    """
    pks_by_model: dict[type[models.Model], list] = {}
    for instance in instances:
        pks_by_model.setdefault(type(instance), []).append(instance.pk)
    for model, pks in pks_by_model.items():
        search_index_rows(model, pks)


def search_index_rows(model: type[models.Model], pks: list) -> None:
    with searchable_content_remembered():  # the stored rows don't change meanwhile
        stored = list(model.get_indexed_objects().filter(pk__in=pks))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, stored)


def reindex_talks_of_speaker(sender, instance, raw: bool = False, **kwargs) -> None:
    """Talks are found by their speakers' names, so saving a speaker re-indexes their talks."""
    if raw or kwargs.get("created"):
        return  # a new speaker has no talks yet
    from talks.models import TalkPage

    talks = list(TalkPage.objects.by_speaker(instance))
    searches = getattr(_deferred, "searches", None)
    if searches is not None:
        searches.update({(TalkPage, talk.pk): talk for talk in talks})
    elif talks:
        search_index_stored_rows(talks)


def reindex_talks_of_deleted_speaker(sender, instance, **kwargs) -> None:
    """Before a speaker is deleted: their talks are re-indexed once the deletion is
    committed (and their rows linking the speaker gone), so the name no longer finds them."""
    from talks.models import TalkPage

    pks = list(TalkPage.objects.by_speaker(instance).values_list("pk", flat=True))
    if pks:
        transaction.on_commit(lambda: search_index_rows(TalkPage, pks))


def connect_indexing(*indexed_models: type[models.Model]) -> None:
    """Index these models through `index_on_save` (they set `search_auto_update = False`)."""
    for model in indexed_models:
        post_save.connect(index_on_save, sender=model, dispatch_uid=f"index-{model.__name__}")
        post_delete.connect(
            post_delete_signal_handler, sender=model, dispatch_uid=f"unindex-{model.__name__}"
        )
    # Any model Wagtail tracks, including those registered after this runs.
    post_save.connect(note_saved_for_references, dispatch_uid="references-deferred")
    post_delete.connect(remove_deleted_from_references, dispatch_uid="references-removed")
