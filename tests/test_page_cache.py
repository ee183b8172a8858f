"""Anonymous readers get cached pages at once; anything published or made private shows at once.

Every behaviour is checked with the default cache (files on disk, shared by the worker
processes of one machine) and with Redis (shared by every machine).
"""

import gzip
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core.page_cache import CACHE_ALIAS, GENERATION_KEY
from talks.models import TalkPage
from tests.factories import SpeakerFactory, TalkPageFactory
from tests.prerequisites import missing

ROOT = Path(__file__).resolve().parent.parent
# A database of its own on the shared Redis, and a prefix of its own in it.
TEST_REDIS_URL = "redis://127.0.0.1:6379/12"


def redis_pages_cache() -> dict:
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError as error:
        missing(
            f"Redis at {TEST_REDIS_URL} is not available ({error}): apt-get install redis-server"
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": f"test-pages-{uuid.uuid4().hex}",
    }


@pytest.fixture(params=["files", "redis"])
def backend(request, settings):
    settings.PAGE_CACHE_SECONDS = 60
    if request.param == "redis":
        settings.CACHES = {**settings.CACHES, CACHE_ALIAS: redis_pages_cache()}
        yield request.param
        caches[CACHE_ALIAS].delete(GENERATION_KEY)  # the entries expire on their own
    else:
        yield request.param


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_hit_runs_no_query_and_touches_no_session(client, talk, backend):
    first, _ = fetch(client, talk.url)
    second, queries = fetch(client, talk.url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert hasattr(first.wsgi_request, "session")
    assert not hasattr(second.wsgi_request, "session")
    assert not hasattr(second.wsgi_request, "user")


def test_hits_keep_the_security_headers(client, talk, page_cache_on):
    first, _ = fetch(client, talk.url)
    second, _ = fetch(client, talk.url)
    for header in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert second[header] == first[header]


def test_pages_are_stored_and_sent_compressed_to_browsers_that_accept_it(client, talk, backend):
    plain, _ = fetch(client, talk.url)
    compressed, _ = fetch(client, talk.url, accept_encoding="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in compressed["Vary"]


def test_a_conditional_get_is_answered_304_until_something_is_published(client, talk, backend):
    first, _ = fetch(client, talk.url)
    etag, modified = first["ETag"], first["Last-Modified"]
    not_modified, queries = fetch(client, talk.url, if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert queries == 0
    assert fetch(client, talk.url, if_modified_since=modified)[0].status_code == 304
    talk.title = "A retitled talk"
    talk.save_revision().publish()
    changed, _ = fetch(client, talk.url, if_none_match=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "A retitled talk" in changed.content.decode()


def test_anonymous_pages_may_be_kept_by_a_cdn_but_browsers_revalidate(client, talk, settings):
    settings.FRONTEND_CACHE_SECONDS = 120
    response, _ = fetch(client, talk.url)
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=120"


def test_publishing_an_edit_shows_at_once(client, talk, backend):
    fetch(client, talk.url)
    talk.title = "A retitled talk"
    talk.save_revision().publish()
    response, _ = fetch(client, talk.url)
    assert response["X-Page-Cache"] == "miss"
    assert "A retitled talk" in response.content.decode()


@pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_making_a_conference_private_hides_its_cached_pages_at_once(
    client, conference, talk, backend, restriction
):
    assert "A talk" in fetch(client, talk.url)[0].content.decode()
    fetch(client, talk.url)  # now cached
    PageViewRestriction.objects.create(
        page=conference, restriction_type=restriction, password="sesame"
    )
    for _ in range(2):  # never stored either
        response, _ = fetch(client, talk.url)
        assert "X-Page-Cache" not in response
        assert "What the talk was about" not in response.content.decode()
    assert response.status_code == (200 if restriction == "password" else 302)


def test_making_a_page_public_again_shows_it_at_once(client, talk, backend):
    restriction = PageViewRestriction.objects.create(
        page=talk, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    assert "What the talk was about" not in fetch(client, talk.url)[0].content.decode()
    restriction.delete()
    assert "What the talk was about" in fetch(client, talk.url)[0].content.decode()


def test_unpublishing_a_talk_removes_it_from_the_day_listing(client, day, talk, page_cache_on):
    assert "A talk" in fetch(client, day.url)[0].content.decode()
    talk.unpublish()
    assert "A talk" not in fetch(client, day.url)[0].content.decode()
    assert fetch(client, talk.url)[0].status_code == 404


def test_publishing_a_speaker_updates_their_talks(client, day, page_cache_on):
    speaker = SpeakerFactory(name="Old Name")
    talk = TalkPageFactory(parent=day, speakers=[speaker])
    fetch(client, talk.url)
    speaker.name = "New Name"
    speaker.save_revision().publish()
    assert "New Name" in fetch(client, talk.url)[0].content.decode()


def test_deleting_a_talk_empties_the_cache(client, day, talk, page_cache_on):
    fetch(client, day.url)
    TalkPage.objects.get(pk=talk.pk).delete()
    assert "A talk" not in fetch(client, day.url)[0].content.decode()


def test_unknown_query_parameters_share_one_entry(client, talk, page_cache_on):
    states = [fetch(client, f"{talk.url}?junk={n}")[0]["X-Page-Cache"] for n in range(50)]
    assert states == ["miss"] + ["hit"] * 49
    entries = list(Path(django_settings.CACHES[CACHE_ALIAS]["LOCATION"]).glob("*.djcache"))
    assert len(entries) == 3  # the generation, the site and the page


def test_the_file_cache_holds_at_most_its_maximum(client, talk, page_cache_on, settings):
    pages = {**settings.CACHES[CACHE_ALIAS], "OPTIONS": {"MAX_ENTRIES": 10}}
    settings.CACHES = {**settings.CACHES, CACHE_ALIAS: pages}
    for number in range(40):  # "page" is a parameter pages may use, so each is kept
        assert fetch(client, f"{talk.url}?page={number}")[0]["X-Page-Cache"] == "miss"
    assert len(list(Path(pages["LOCATION"]).glob("*.djcache"))) <= 10


def test_a_publish_in_another_process_empties_this_ones_cache(client, talk, page_cache_on):
    # Another gunicorn worker publishing: it shares the cache directory, not memory.
    fetch(client, talk.url)
    assert fetch(client, talk.url)[0]["X-Page-Cache"] == "hit"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PAGE_CACHE_DIR": django_settings.CACHES[CACHE_ALIAS]["LOCATION"],
    }
    script = "import django; django.setup(); from core.page_cache import clear_page_cache; clear_page_cache()"
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)
    assert fetch(client, talk.url)[0]["X-Page-Cache"] == "miss"


def test_pages_are_served_uncached_when_the_cache_is_down(client, talk, page_cache_on, settings):
    unreachable = {**redis_pages_cache(), "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {**settings.CACHES, CACHE_ALIAS: unreachable}
    response, queries = fetch(client, talk.url)
    assert response.status_code == 200 and "A talk" in response.content.decode()
    assert "X-Page-Cache" not in response and queries > 0


def test_signed_in_editors_are_never_served_cached_pages(client, talk, superuser, page_cache_on):
    fetch(client, talk.url)
    client.force_login(superuser)
    response, queries = fetch(client, talk.url)
    assert "X-Page-Cache" not in response
    assert queries > 0


def test_search_and_missing_pages_are_not_cached(client, talk, page_cache_on):
    for url in ("/search/?q=talk", "/no-such-page/"):
        fetch(client, url)
        assert "X-Page-Cache" not in fetch(client, url)[0]


def test_search_results_read_the_site_from_beside_the_pages(client, talk):
    client.get("/search/?q=talk")  # the first view keeps the site in the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/?q=talk").status_code == 200
    assert not [query for query in queries if "wagtailcore_site" in query["sql"]]
