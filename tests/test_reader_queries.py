"""Reader pages, feeds and the read API run as many SQL queries for 25 talks as for 5.

Every talk's notes hold an image, a recording and a link to another page, what reads
the database when notes render. The two catalogues are built once for the module; each
test then only reads. The large one has more talks than a feed or an API listing shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Site

from talks.block_values import code, embed, figure, heading, paragraph, quote
from talks.models import TalkPage, TalkPageTag
from tests.database import rolled_back_on_exit
from tests.factories import (
    ConferencePageFactory,
    DayPageFactory,
    SpeakerFactory,
    TalkPageFactory,
    make_image,
)

# The databases are only created for a session whose tests use them.
pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
# A feed holds 20 talks, and the read API lists 20 unless asked for more.
LISTED = 20
SMALL, LARGE = 5, LISTED + 5
RECORDING = "https://www.youtube.com/watch?v=catalogue"


def body(image_id: int, alt: str, conference_id: int) -> list[dict]:
    return [
        heading("Section"),
        paragraph(
            "<p>Notes with <code>code</code> and a list:</p><ul><li>one</li><li>two</li></ul>"
        ),
        paragraph(f'<p>Part of <a linktype="page" id="{conference_id}">the conference</a>.</p>'),
        quote("<p>Quoted.</p>", "Someone"),
        code("print(1)", "python"),
        figure(image_id, alt),
        embed(RECORDING),
    ]


def fetched_recording() -> None:
    """The recording's player, as Wagtail keeps it once its provider has answered."""
    Embed.objects.create(
        url=RECORDING,
        hash=get_embed_hash(RECORDING),
        type="video",
        html='<iframe title="Catalogue recording" src="https://www.youtube.com/embed/catalogue"></iframe>',
        title="Catalogue recording",
        width=640,
        height=360,
    )


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
    image = make_image(f"{name} stage", f"{name}.png", size=(16, 12))
    pages = [
        TalkPageFactory(
            parent=days[n % 2],
            title=f"{name} {n}",
            body=body(image.pk, f"Speaker of {name} {n} at the lectern", conference.pk),
            speakers=[speaker, co_speaker],
        )
        for n in range(talks)
    ]
    TalkPageTag.objects.bulk_create([TalkPageTag(content_object=page, tag=tag) for page in pages])


SHARED_URLS = ["/tags/", "/speakers/", "/feed/", "/feed/atom/", "/sitemap.xml"]
# Every field of the catalogue's talks (20 of the large one's), page links resolved or not.
API_TALKS = "/api/v2/pages/?type=talks.TalkPage&tags={name}&fields=*"
RICH_TEXT_FORMATS = ("db_html", "html", "markdown", "db_markdown")


def per_catalogue_urls(name: str) -> list[str]:
    return [
        f"/tags/{name}/",
        f"/speakers/{name}/",
        f"/feed/tags/{name}/",
        f"/feed/speakers/{name}/atom/",
        f"/feed/conferences/{name}/",
        f"/{name}/notes.md",
    ]


def api_urls(name: str) -> dict[str, str]:
    """The catalogue's talks and one of them in the read API, in each rich text format."""
    talk = TalkPage.objects.filter(title__startswith=name).first()
    urls = {"talks": f"{API_TALKS.format(name=name)}&", "a talk": f"/api/v2/pages/{talk.pk}/?"}
    return {
        f"{what}, {rich_text}": f"{url}rich_text_format={rich_text}"
        for what, url in urls.items()
        for rich_text in RICH_TEXT_FORMATS
    }


@dataclass
class Catalogues:
    counts: dict[str, dict[str, int]]
    feed: feedparser.FeedParserDict  # the large conference's Atom feed, read while it exists
    api_talks: list[dict]  # the large conference's talks in the read API, links as HTML


@pytest.fixture(scope="module")
def catalogues(django_db_setup, django_db_blocker) -> Catalogues:
    """Query counts of every URL with the small catalogue alone, then with both."""
    client = Client()
    with rolled_back_on_exit(django_db_blocker):
        home = Site.objects.get(is_default_site=True).root_page.specific
        fetched_recording()
        build_catalogue(home, "small", SMALL)
        measured = {"shared small": {url: count_queries(client, url) for url in SHARED_URLS}}
        build_catalogue(home, "large", LARGE)
        measured["shared both"] = {url: count_queries(client, url) for url in SHARED_URLS}
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
        for name in ("small", "large"):
            measured[f"api {name}"] = {
                what: count_queries(client, url) for what, url in api_urls(name).items()
            }
        feed = feedparser.parse(client.get("/feed/conferences/large/atom/").content)
        api_talks = client.get(API_TALKS.format(name="large") + "&rich_text_format=html").json()
    print(measured)
    return Catalogues(measured, feed, api_talks["items"])


def test_tag_speaker_conference_and_feed_pages_do_not_grow_with_talks(catalogues):
    assert catalogues.counts["small"] == catalogues.counts["large"]


def test_talk_page_with_related_talks_does_not_grow_with_talks(catalogues):
    assert catalogues.counts["talk page"]["small"] == catalogues.counts["talk page"]["large"]


def test_indexes_site_feeds_and_sitemap_do_not_grow_with_talks(catalogues):
    assert catalogues.counts["shared small"] == catalogues.counts["shared both"]


def test_read_api_talks_do_not_grow_with_talks(catalogues):
    # Listings of 5 and of 20 talks; the detail of a talk among 5 and among 25.
    assert catalogues.counts["api small"] == catalogues.counts["api large"]


def test_reader_pages_and_feeds_stay_within_ten_queries(catalogues):
    # The talk page is left to tests/test_queries.py: it was over 10 before these pages.
    # The read API is held to not growing: Wagtail's filter of public pages alone reads
    # the view restrictions three times a request.
    over = {
        url: count
        for key in ("shared small", "shared both", "small", "large")
        for url, count in catalogues.counts[key].items()
        if count > MAX_QUERIES
    }
    assert over == {}


def test_each_feed_entry_shows_its_own_image_and_its_recording(catalogues):
    entries = catalogues.feed.entries
    assert len(entries) == LISTED
    for entry in entries:
        notes = entry.content[0].value
        assert f'alt="Speaker of {entry.title} at the lectern"' in notes
        assert 'src="http://testserver/media/images/large' in notes
        # The player's title, known only from the stored embed (feed readers drop iframes).
        assert ">Catalogue recording</a></figcaption>" in notes


def test_each_talk_in_the_read_api_has_its_own_notes_speakers_and_tags(catalogues):
    talks = catalogues.api_talks
    assert len(talks) == LISTED
    for talk in talks:
        blocks = {block["type"]: block["value"] for block in talk["body"]}
        assert blocks["image"]["image"]["alt_text"] == f"Speaker of {talk['title']} at the lectern"
        assert blocks["embed"] == RECORDING
        assert talk["body"][2]["value"] == '<p>Part of <a href="/large/">the conference</a>.</p>'
        assert [speaker["name"] for speaker in talk["speakers"]][:1] == ["large"]
        assert len(talk["speakers"]) == 2
        assert talk["tags"] == ["large"]
