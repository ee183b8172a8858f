"""Anonymous readers get cached pages; anything published shows up at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks.models import TalkPage
from tests.factories import SpeakerFactory, TalkPageFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_second_anonymous_view_is_served_from_the_cache_without_sql(client, talk):
    first, _ = fetch(client, talk.url)
    second, queries = fetch(client, talk.url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert queries == 0
    assert second.content == first.content


def test_publishing_an_edit_shows_at_once(client, talk):
    fetch(client, talk.url)
    talk.title = "A retitled talk"
    talk.save_revision().publish()
    response, _ = fetch(client, talk.url)
    assert response["X-Page-Cache"] == "miss"
    assert "A retitled talk" in response.content.decode()


def test_unpublishing_a_talk_removes_it_from_the_day_listing(client, day, talk):
    assert "A talk" in fetch(client, day.url)[0].content.decode()
    talk.unpublish()
    assert "A talk" not in fetch(client, day.url)[0].content.decode()
    assert fetch(client, talk.url)[0].status_code == 404


def test_publishing_a_speaker_updates_their_talks(client, day):
    speaker = SpeakerFactory(name="Old Name")
    talk = TalkPageFactory(parent=day, speakers=[speaker])
    fetch(client, talk.url)
    speaker.name = "New Name"
    speaker.save_revision().publish()
    assert "New Name" in fetch(client, talk.url)[0].content.decode()


def test_deleting_a_talk_empties_the_cache(client, day, talk):
    fetch(client, day.url)
    TalkPage.objects.get(pk=talk.pk).delete()
    assert "A talk" not in fetch(client, day.url)[0].content.decode()


def test_signed_in_editors_are_never_served_cached_pages(client, talk, superuser):
    fetch(client, talk.url)
    client.force_login(superuser)
    response, queries = fetch(client, talk.url)
    assert "X-Page-Cache" not in response
    assert queries > 0


def test_search_and_missing_pages_are_not_cached(client, talk):
    for url in ("/search/?q=talk", "/no-such-page/"):
        fetch(client, url)
        assert "X-Page-Cache" not in fetch(client, url)[0]


def test_the_cache_is_off_by_default_without_a_shared_cache(client, talk, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fetch(client, talk.url)
    assert "X-Page-Cache" not in fetch(client, talk.url)[0]
