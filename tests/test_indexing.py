"""Notes pages are searchable once saved, and their links are known to Wagtail's "Usage";
a bulk import or a request that writes indexes each object once, at its end."""

from collections.abc import Iterator
from contextlib import suppress
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks.signals import task_enqueued
from modelsearch.backends import get_search_backend
from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task
from wagtail.test.utils.form_data import rich_text

from talks.block_values import paragraph
from talks.indexing import indexing_deferred, search_index_stored_rows
from talks.models import Speaker, TalkPage
from tests.editing import submit_edit
from tests.factories import SpeakerFactory, TalkPageFactory, make_user


def test_a_saved_talk_is_searchable_straight_away(day):
    talk = TalkPageFactory(parent=day, title="Zymurgy basics")
    assert list(TalkPage.objects.live().search("zymurgy")) == [talk]


def test_deferred_indexing_indexes_pages_when_the_block_ends(day):
    other = TalkPageFactory(parent=day, title="Fermentation")
    with indexing_deferred():
        talk = TalkPageFactory(
            parent=day,
            title="Zymurgy basics",
            body=[paragraph(f'<p>See <a linktype="page" id="{other.pk}">this</a></p>')],
        )
        assert list(TalkPage.objects.live().search("zymurgy")) == []
    assert list(TalkPage.objects.live().search("zymurgy")) == [talk]
    assert ReferenceIndex.get_references_to(other).filter(object_id=str(talk.pk)).exists()


def test_renaming_a_speaker_makes_their_talks_findable_by_the_new_name(day):
    speaker = SpeakerFactory(name="Ada Byron")
    talk = TalkPageFactory(parent=day, title="Engines", speakers=[speaker])
    speaker.name = "Ada Lovelace"
    speaker.save()
    assert list(TalkPage.objects.live().search("Lovelace")) == [talk]


NOTES = "---\ntitle: Draft Leak Conf\n---\n\n## Day 1\n\n### Indexing talk\n\n{body}\n"


def test_a_draft_import_over_a_live_talk_keeps_the_live_text_in_the_index(client, home, tmp_path):
    """Readers search what they can read: draft-only words never find a live talk."""
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES.format(body="Published words about walruses."))
    call_command("import_notes", str(notes), "--publish", stdout=StringIO())
    notes.write_text(NOTES.format(body="Unpublished words about zeppelins."))
    call_command("import_notes", str(notes), stdout=StringIO())

    talk = TalkPage.objects.get(title="Indexing talk")
    assert talk.live and talk.has_unpublished_changes
    assert list(TalkPage.objects.live().search("zeppelins")) == []
    assert list(TalkPage.objects.live().search("walruses")) == [talk]
    assert "0 talks found" in client.get("/search/", {"q": "zeppelins"}).content.decode()


def test_saving_a_draft_of_a_live_talk_inside_a_bulk_import_indexes_the_live_text(day):
    talk = TalkPageFactory(parent=day, title="Live title", summary="walruses")
    with indexing_deferred():
        talk.summary = "zeppelins"
        talk.save_revision()
    assert list(TalkPage.objects.live().search("zeppelins")) == []
    assert list(TalkPage.objects.live().search("walruses")) == [talk]


def search_index_writes(run) -> int:
    """How many SQL statements that write the search index `run` sends."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return sum(
        "indexentry" in query["sql"].lower()
        and not query["sql"].lstrip().upper().startswith("SELECT")
        for query in queries
    )


def test_publishing_in_the_editor_writes_the_talks_search_entry_once(client, moderator, day):
    # The editor saves the page twice to publish it (its revision, then the publication).
    talk = TalkPageFactory(parent=day, title="Walruses", body=[])
    once = search_index_writes(lambda: search_index_stored_rows([talk]))
    assert once > 0
    client.force_login(moderator)
    publish = search_index_writes(
        lambda: submit_edit(client, talk, "publish", title="Zeppelins, published")
    )
    assert publish == once
    assert list(TalkPage.objects.live().search("zeppelins")) == [talk]


def test_a_draft_saved_in_the_editor_leaves_the_live_text_in_the_index(client, moderator, day):
    talk = TalkPageFactory(parent=day, title="Walruses", body=[])
    client.force_login(moderator)
    assert submit_edit(client, talk, title="Zeppelins, a draft").status_code == 302
    assert list(TalkPage.objects.live().search("zeppelins")) == []
    assert list(TalkPage.objects.live().search("walruses")) == [talk]


def test_renaming_a_speaker_in_the_admin_makes_their_talks_findable_by_the_new_name(
    client, moderator, day
):
    speaker = SpeakerFactory(name="Ada Byron", slug="ada")
    talk = TalkPageFactory(parent=day, title="Engines", speakers=[speaker])
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_talks_speaker:edit", args=[speaker.pk]),
        {
            "name": "Ada Lovelace",
            "slug": "ada",
            "handle": "",
            "profile_url": "",
            "bio": "",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    assert list(TalkPage.objects.live().search("Lovelace")) == [talk]
    found = get_search_backend().search("Lovelace", Speaker.objects.all())
    assert [speaker.name for speaker in found] == ["Ada Lovelace"]


def test_deleting_a_speaker_in_the_admin_stops_their_name_finding_their_talks(
    client, moderator, day, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(name="Ada Lovelace", slug="ada")
    talk = TalkPageFactory(parent=day, title="Engines", speakers=[speaker])
    search_index_stored_rows([talk])  # the factory links the speaker after the talk's save
    assert list(TalkPage.objects.live().search("Lovelace")) == [talk]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_talks_speaker:delete", args=[speaker.pk]))
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    assert list(TalkPage.objects.live().search("Lovelace")) == []
    assert list(TalkPage.objects.live().search("Engines")) == [talk]


def reference_index_updates(run) -> list[tuple]:
    """The objects Wagtail's reference-index task was queued for while `run` ran."""
    queued = []

    def note(sender, task_result, **kwargs) -> None:
        if task_result.task.name == update_reference_index_task.name:
            queued.append(tuple(task_result.args))

    task_enqueued.connect(note)
    try:
        run()
    finally:
        task_enqueued.disconnect(note)
    return queued


def test_publishing_in_the_editor_updates_the_talks_references_once(client, moderator, day):
    other = TalkPageFactory(parent=day, title="Fermentation")
    talk = TalkPageFactory(parent=day, title="Walruses", body=[])
    client.force_login(moderator)
    link = f'<p>See <a linktype="page" id="{other.pk}">fermentation</a></p>'

    updates = reference_index_updates(
        lambda: submit_edit(client, talk, "publish", body=[("paragraph", rich_text(link))])
    )

    assert updates == [("talks", "talkpage", str(talk.pk))]
    # The editor's "Usage" of the linked page lists the talk.
    assert [r.object_id for r in ReferenceIndex.get_references_to(other)] == [str(talk.pk)]


def test_deleting_a_talk_in_the_admin_takes_its_links_out_of_the_reference_index(
    client, moderator, day
):
    other = TalkPageFactory(parent=day, title="Fermentation")
    link = paragraph(f'<p>See <a linktype="page" id="{other.pk}">this</a></p>')
    talk = TalkPageFactory(parent=day, title="Walruses", body=[link])
    ReferenceIndex.create_or_update_for_object(talk)
    assert ReferenceIndex.get_references_to(other).exists()
    client.force_login(moderator)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[talk.pk]))

    assert response.status_code == 302
    assert not TalkPage.objects.filter(pk=talk.pk).exists()
    assert not ReferenceIndex.get_references_to(other).exists()


def link_to(page) -> dict:
    return paragraph(f'<p>See <a linktype="page" id="{page.pk}">{page.title}</a></p>')


def test_a_link_to_a_page_deleted_later_in_the_same_request_is_not_left_behind(day):
    target = TalkPageFactory(parent=day, title="Fermentation")
    target_pk = target.pk
    with indexing_deferred(references=False):  # as IndexOncePerRequest runs a view
        TalkPageFactory(parent=day, title="Walruses", body=[link_to(target)])
        target.delete()
    assert not ReferenceIndex.objects.filter(to_object_id=str(target_pk)).exists()


class RolledBack(Exception):
    pass


def test_a_page_whose_deletion_was_rolled_back_is_indexed_as_saved(day):
    first, second = (TalkPageFactory(parent=day, title=t) for t in ("Zymurgy", "Fermentation"))
    talk = TalkPageFactory(parent=day, title="Walruses", body=[link_to(first)])
    with indexing_deferred(references=False):
        talk.body = [link_to(second)]
        talk.save()
        with suppress(RolledBack), transaction.atomic():
            talk.delete()
            raise RolledBack
    assert TalkPage.objects.filter(pk=talk.pk).exists()
    linked = {r.to_object_id for r in ReferenceIndex.get_references_for_object(talk)}
    assert linked == {str(second.pk)}


@pytest.fixture
def search_index_gone(transactional_db) -> Iterator[None]:
    """The search index's table renamed away, as a database that lost it would have it.
    (Committed, so it takes a database outside the test's transaction: on PostgreSQL a
    failed statement spoils the transaction it is in.)"""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE wagtailsearch_indexentry RENAME TO indexentry_away")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE indexentry_away RENAME TO wagtailsearch_indexentry")


def test_a_request_whose_indexing_fails_keeps_its_writes_and_answers_as_usual(
    client, search_index_gone, caplog
):
    client.force_login(make_user("mona", group="Moderators"))
    response = client.post(
        reverse("wagtailsnippets_talks_speaker:add"),
        {
            "name": "Grace Hopper",
            "slug": "grace",
            "handle": "",
            "profile_url": "",
            "bio": "",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    assert Speaker.objects.get(slug="grace").live
    assert "Indexing after POST /admin/snippets/talks/speaker/add/ failed" in caplog.text
