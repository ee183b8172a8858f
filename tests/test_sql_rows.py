"""Pages built straight from rows (core/sql_rows.py, core/page_types.py) are whole pages."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType

from talks.block_values import heading
from talks.models import TalkPage
from tests.factories import TalkPageFactory


def test_talks_read_in_sql_have_their_fields_typed_and_their_body_on_demand(day):
    published = datetime.datetime(2026, 6, 4, 9, 30, tzinfo=datetime.UTC)
    first = TalkPageFactory(
        parent=day, title="First", body=[heading("Opening")], first_published_at=published
    )
    middle = TalkPageFactory(parent=day, title="Middle")
    last = TalkPageFactory(parent=day, title="Last")

    previous, following = TalkPage.objects.neighbours_of(middle)

    assert (previous.pk, following.pk) == (first.pk, last.pk)
    assert previous.first_published_at == published  # SQLite's text, as a datetime
    assert isinstance(previous.translation_key, uuid.UUID)  # SQLite's text, as a UUID
    assert "body" in previous.get_deferred_fields()
    assert previous.body[0].value["text"] == "Opening"  # read when asked for
    assert previous._state.adding is False


def test_related_talks_carry_what_they_share(day):
    talk = TalkPageFactory(parent=day, title="Talk")
    other = TalkPageFactory(parent=day, title="Other")
    talk.tags.add("python")
    other.tags.add("python")
    talk.save()
    other.save()

    [related] = talk.related_talks(None, [], talk.tags_by_name())

    assert related.pk == other.pk and related.shared == 1
    assert related.conference_title == "Harbour Test Conf"


def test_a_new_page_still_gets_its_type_and_defaults():
    page = TalkPage(title="Unsaved")
    assert page.content_type == ContentType.objects.get_for_model(TalkPage)
    assert page._state.adding is True
