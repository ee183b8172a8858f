"""Feeds read by a real feed parser: entries, authors, categories, absolute links, no drafts."""

import feedparser
import pytest

from tests.readers import PUBLIC_BASE, head_of

HIDDEN = {"Secret draft talk", "Private talk", "Unpublished new title"}

pytestmark = pytest.mark.usefixtures("public_base_url")


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("atom", [False, True])
def test_site_feed_has_every_visible_talk_with_speakers_tags_and_full_notes(client, world, atom):
    response, feed = read_feed(client, "/feed/atom/" if atom else "/feed/")
    assert response["Content-Type"].startswith(
        "application/atom+xml" if atom else "application/rss+xml"
    )
    assert feed.version == ("atom10" if atom else "rss20")
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Keeping queries flat", "Caching without tears", "Published title"}
    assert not titles & HIDDEN
    entry = next(e for e in feed.entries if e.title == "Keeping queries flat")
    assert entry.link == f"{PUBLIC_BASE}/harbour/day-1/queries/"
    assert [author.name for author in entry.authors] == ["Ada Lovelace", "Bo Diddley"]
    assert sorted(tag.term for tag in entry.tags) == ["django", "performance"]
    content = entry.content[0].value if atom else entry.description
    assert "Measure first." in content and "Why it matters" in content
    assert "Harbour Python" in content and "Thursday 4 June 2026" in content  # the talk's date
    assert f'href="{PUBLIC_BASE}/speakers/ada/"' in content
    assert f'href="{PUBLIC_BASE}/harbour/day-1/queries/#why-it-matters"' in content
    assert 'href="/' not in content and 'src="/' not in content
    assert entry.published_parsed is not None


def test_internal_page_links_in_notes_are_absolute(client, world):
    _, feed = read_feed(client, "/feed/atom/")
    entry = next(e for e in feed.entries if e.title == "Caching without tears")
    assert f'<a href="{PUBLIC_BASE}/harbour/day-1/queries/">the queries talk</a>' in (
        entry.content[0].value
    )


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/feed/conferences/harbour/", {"Keeping queries flat"}),
        ("/feed/conferences/river/atom/", {"Caching without tears", "Published title"}),
        (
            "/feed/tags/performance/",
            {"Keeping queries flat", "Caching without tears", "Published title"},
        ),
        ("/feed/tags/django/atom/", {"Keeping queries flat"}),
        ("/feed/speakers/ada/", {"Keeping queries flat", "Caching without tears"}),
        ("/feed/speakers/bo/atom/", {"Keeping queries flat", "Published title"}),
    ],
)
def test_conference_tag_and_speaker_feeds_hold_their_visible_talks(client, world, url, titles):
    _, feed = read_feed(client, url)
    assert {entry.title for entry in feed.entries} == titles
    assert feed.feed.link.startswith(PUBLIC_BASE)
    for entry in feed.entries:
        assert entry.link.startswith(f"{PUBLIC_BASE}/")


@pytest.mark.parametrize(
    "url", ["/feed/conferences/nope/", "/feed/tags/nope/atom/", "/feed/speakers/nope/"]
)
def test_a_feed_of_something_unknown_is_a_404(client, world, url):
    assert client.get(url).status_code == 404


def test_a_draft_conference_has_no_feed(client, world):
    world.river.unpublish()
    assert client.get("/feed/conferences/river/").status_code == 404


@pytest.mark.parametrize(
    ("page_url", "feed_path"),
    [
        ("/", "/feed/"),
        ("/harbour/", "/feed/conferences/harbour/"),
        ("/harbour/day-1/queries/", "/feed/conferences/harbour/"),
        ("/tags/performance/", "/feed/tags/performance/"),
        ("/speakers/ada/", "/feed/speakers/ada/"),
    ],
)
def test_pages_point_feed_readers_at_their_feeds(client, world, page_url, feed_path):
    alternates = head_of(client.get(page_url).content.decode()).alternates()
    assert alternates["application/rss+xml"] == f"{PUBLIC_BASE}{feed_path}"
    assert alternates["application/atom+xml"] == f"{PUBLIC_BASE}{feed_path}atom/"
