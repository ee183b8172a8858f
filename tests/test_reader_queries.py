"""Reader pages and feeds run as many SQL queries for 200 talks as for 5, and at most 10.

The two catalogues are built once for the module (200 talks take a while); each test
then only reads.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Site

from talks.block_values import code, heading, paragraph, quote
from talks.models import TalkPage, TalkPageTag
from tests.factories import ConferencePageFactory, DayPageFactory, SpeakerFactory, TalkPageFactory

# The databases are only created for a session whose tests use them.
pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
BODY = [
    heading("Section"),
    paragraph("<p>Notes with <code>code</code> and a list:</p><ul><li>one</li><li>two</li></ul>"),
    quote("<p>Quoted.</p>", "Someone"),
    code("print(1)", "python"),
]


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm: the site's root paths are cached on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build_catalogue(home, name: str, talks: int) -> None:
    """A conference of `talks` talks, all by speaker `name` and tagged `name`."""
    conference = ConferencePageFactory(parent=home, title=name, slug=name)
    days = [DayPageFactory(parent=conference, slug=f"{name}-day-{n}") for n in range(2)]
    speaker = SpeakerFactory(name=name, slug=name)
    co_speaker = SpeakerFactory()
    tag = Tag.objects.create(name=name, slug=name)
    pages = [
        TalkPageFactory(
            parent=days[n % 2], title=f"{name} {n}", body=BODY, speakers=[speaker, co_speaker]
        )
        for n in range(talks)
    ]
    TalkPageTag.objects.bulk_create([TalkPageTag(content_object=page, tag=tag) for page in pages])


SHARED_URLS = ["/tags/", "/speakers/", "/feed/", "/feed/atom/", "/sitemap.xml"]


def per_catalogue_urls(name: str) -> list[str]:
    return [
        f"/tags/{name}/",
        f"/speakers/{name}/",
        f"/feed/tags/{name}/",
        f"/feed/speakers/{name}/atom/",
        f"/feed/conferences/{name}/",
        f"/{name}/notes.md",
    ]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> dict[str, dict[str, int]]:
    """Query counts of every URL with the small catalogue alone, then with both."""
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        build_catalogue(home, "small", 5)
        measured = {"shared-5": {url: count_queries(client, url) for url in SHARED_URLS}}
        build_catalogue(home, "large", 200)
        measured["shared-205"] = {url: count_queries(client, url) for url in SHARED_URLS}
        for name in ("small", "large"):
            measured[name] = {
                url.replace(name, "*"): count_queries(client, url)
                for url in per_catalogue_urls(name)
            }
        # A talk whose related talks are all of its catalogue's (same tag, same speaker).
        measured["talk page"] = {
            name: count_queries(client, TalkPage.objects.filter(title__startswith=name).first().url)
            for name in ("small", "large")
        }
        transaction.set_rollback(True)
    print(measured)
    return measured


def test_tag_speaker_conference_and_feed_pages_do_not_grow_with_talks(counts):
    assert counts["small"] == counts["large"]


def test_talk_page_with_related_talks_does_not_grow_with_talks(counts):
    assert counts["talk page"]["small"] == counts["talk page"]["large"]


def test_indexes_site_feeds_and_sitemap_do_not_grow_with_talks(counts):
    assert counts["shared-5"] == counts["shared-205"]


def test_reader_pages_and_feeds_stay_within_ten_queries(counts):
    # The talk page is left to tests/test_queries.py: it was over 10 before these pages.
    over = {
        url: count
        for key, measured in counts.items()
        if key != "talk page"
        for url, count in measured.items()
        if count > MAX_QUERIES
    }
    assert over == {}
