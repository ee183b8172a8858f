"""Tag and speaker pages, related talks, talk details, Markdown views and search context."""

import re

import pytest
from django.conf import settings
from django.test import override_settings

from tests.readers import publish


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_tags_index_counts_visible_talks_per_tag(client, world):
    html = client.get("/tags/").content.decode()
    assert (
        '<a href="/tags/performance/">performance</a> <span class="meta">(3 talks)</span>' in html
    )
    assert '<a href="/tags/django/">django</a> <span class="meta">(1 talk)</span>' in html


def test_tag_page_lists_its_talks_with_conference_and_day(client, world):
    html = client.get("/tags/performance/").content.decode()
    text = text_of(html)
    for title in ("Keeping queries flat", "Caching without tears", "Published title"):
        assert title in text
    assert "Private talk" not in text and "Unpublished new title" not in text
    assert "Harbour Python · Day 1 · 4 June 2026" in text


def test_an_unknown_tag_is_a_404(client, world):
    assert client.get("/tags/nothing-here/").status_code == 404


def test_talk_tags_link_to_their_tag_pages(client, world):
    html = client.get(world.talks["queries"].url).content.decode()
    assert '<li><a href="/tags/django/">django</a></li>' in html


def test_speakers_index_lists_speakers_with_their_talk_counts(client, world):
    text = text_of(client.get("/speakers/").content.decode())
    assert "Ada Lovelace (2 talks)" in text  # the draft and the private talk don't count
    assert "Bo Diddley (2 talks)" in text


def test_speaker_page_lists_talks_across_conferences(client, world):
    text = text_of(client.get("/speakers/ada/").content.decode())
    assert "Keeping queries flat Harbour Python · Day 1" in text
    assert "Caching without tears River Django · Day 2" in text


def test_talk_page_shows_conference_date_and_reading_time(client, world):
    text = text_of(client.get(world.talks["queries"].url).content.decode())
    assert "Harbour Python · Day 1 · Thursday 4 June 2026 · 1 min read" in text


def test_reading_time_grows_with_the_notes(client, world):
    from talks.block_values import paragraph

    talk = world.talks["caching"]
    talk.body = [paragraph("<p>" + "word " * 1001 + "</p>")]
    publish(talk)
    text = text_of(client.get(talk.url).content.decode())
    # 1,001 words at 200 a minute, rounded up.
    assert "· 6 min read" in text


def test_related_talks_share_tags_or_speakers_other_conferences_first(client, world):
    html = client.get(world.talks["queries"].url).content.decode()
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a>', related)
    # Both share a tag or a speaker; both are at the other conference. The draft and
    # the private talk (same conference, same tag) never show.
    assert set(titles) == {"Caching without tears", "Published title"}
    assert titles[0] == "Caching without tears"  # shares a tag and a speaker


def test_related_talks_put_other_conferences_first(client, world, home):
    from tests.factories import TalkPageFactory

    same_conference = publish(
        TalkPageFactory(parent=world.talks["queries"].get_parent(), title="Same conference"),
        ("performance", "django"),
    )
    html = client.get(world.talks["caching"].url).content.decode()
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a>', related)
    assert titles.index("Keeping queries flat") < titles.index("Published title")
    assert "Same conference" in titles
    assert same_conference.title != titles[0]


def test_talk_notes_as_markdown(client, world):
    response = client.get("/harbour/day-1/queries/notes.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("### Keeping queries flat")
    assert "> Measure first. -- Ada Lovelace" in text
    assert "```python\nprint('hello')\n```" in text
    html = client.get("/harbour/day-1/queries/").content.decode()
    assert '<a href="/harbour/day-1/queries/notes.md" type="text/markdown">Markdown</a>' in html


def test_conference_notes_as_markdown_leave_out_drafts_and_private_talks(client, world):
    text = client.get("/harbour/notes.md").content.decode()
    assert text.startswith("---\ntitle: Harbour Python\n")  # the notes dialect, importable
    assert "## Day 1" in text and "### Keeping queries flat" in text
    assert "Secret draft talk" not in text and "Private talk" not in text
    assert 'href="/harbour/notes.md"' in client.get("/harbour/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/harbour/day-1/draft/notes.md",
        "/harbour/day-1/private/notes.md",
        "/harbour/day-1/notes.md",  # a day has no Markdown of its own
        "/nowhere/notes.md",
    ],
)
def test_markdown_of_what_readers_cannot_see_is_a_404(client, world, url):
    assert client.get(url).status_code == 404


def test_search_results_name_the_conference_and_day(client, world):
    text = text_of(client.get("/search/?q=queries").content.decode())
    assert "Keeping queries flat Harbour Python · Day 1 · 4 June 2026" in text


def test_search_snippets_keep_list_items_apart(client, world):
    html = client.get("/search/?q=dev+code").content.decode()
    assert "Environments. <mark>Dev</mark> <mark>code</mark>" in html
    assert "EnvironmentsDev" not in html


@override_settings(PAGE_CACHE_SECONDS=300)
def test_feeds_are_cached_and_a_publish_refreshes_them_but_the_api_is_never_cached(client, world):
    first = client.get("/feed/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/feed/")["X-Page-Cache"] == "hit"
    talk = world.talks["changed"]
    talk.save_revision().publish()  # publishes "Unpublished new title"
    refreshed = client.get("/feed/")
    assert refreshed["X-Page-Cache"] == "miss"
    assert b"Unpublished new title" in refreshed.content
    client.get("/api/v2/pages/")
    assert "X-Page-Cache" not in client.get("/api/v2/pages/?format=api")


def test_the_sites_javascript_stays_under_5_kb():
    scripts = list((settings.BASE_DIR / "static").rglob("*.js"))
    assert scripts
    assert sum(script.stat().st_size for script in scripts) <= 5 * 1024
