"""Notes pages are searchable once saved; a bulk import indexes them once, at the end."""

from wagtail.models import ReferenceIndex

from talks.blocks import paragraph
from talks.indexing import indexing_deferred
from talks.models import TalkPage
from tests.factories import SpeakerFactory, TalkPageFactory


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
