"""Search: ranked, highlighted, filtered, paginated, block text included, drafts never.

Runs on whichever database the suite uses: SQLite's full-text search by default,
PostgreSQL's when DATABASE_URL points there (.ci/run does both).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search import index

from search.snippets import highlight, matching_passage
from talks.block_values import code, quote
from talks.models import TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, SpeakerFactory, TalkPageFactory


def search(client, query: str, **params) -> str:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def found_titles(html: str) -> list[str]:
    titles = re.findall(r'class="talk-summary__title"><a href="[^"]*">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def notes(day):
    return {
        "code": TalkPageFactory(
            parent=day,
            title="Async views",
            body=[code("async def frobnicate_widgets(request):\n    ...", "python")],
        ),
        "quote": TalkPageFactory(
            parent=day,
            title="Keynote",
            body=[quote("<p>Premature optimisation is the root of all quibbles.</p>", "Don")],
        ),
        "draft": TalkPageFactory(
            parent=day,
            title="Unpublished notes",
            live=False,
            body=[code("frobnicate_widgets()"), quote("<p>quibbles again</p>")],
        ),
    }


def test_a_word_from_a_code_block_finds_its_talk(client, notes):
    assert found_titles(search(client, "frobnicate_widgets")) == ["Async views"]


def test_a_word_from_a_quote_finds_its_talk(client, notes):
    assert found_titles(search(client, "quibbles")) == ["Keynote"]


def test_drafts_never_appear(client, notes, day):
    live = notes["quote"]
    live.title = "Keynote with unpublished zeppelin edits"
    live.summary = "zeppelin"
    live.save_revision()  # a newer draft of a live page is not published either
    assert TalkPage.objects.get(pk=live.pk).has_unpublished_changes
    assert "0 talks found" in search(client, "zeppelin")
    assert "Unpublished notes" not in search(client, "frobnicate_widgets quibbles")


def test_speakers_and_summaries_are_searched(client, day):
    with_speaker = TalkPageFactory(
        parent=day, title="Talk A", speakers=[SpeakerFactory(name="Ada Quokkason")]
    )
    index.insert_or_update_object(with_speaker)  # as publishing in the admin does
    TalkPageFactory(parent=day, title="Talk B", summary="All about quokkas and caching.")
    assert set(found_titles(search(client, "quokkason"))) == {"Talk A"}
    assert found_titles(search(client, "caching")) == ["Talk B"]


def test_results_are_ranked_title_matches_first(client, day):
    TalkPageFactory(parent=day, title="Notes on testing", summary="Mentions pelicans once.")
    TalkPageFactory(parent=day, title="Pelicans at scale", summary="A talk.")
    assert found_titles(search(client, "pelicans")) == ["Pelicans at scale", "Notes on testing"]


def test_matched_words_are_highlighted_in_title_and_passage(client, notes):
    html = search(client, "quibbles")
    assert "root of all <mark>quibbles</mark>" in html
    html = search(client, "keynote")
    assert "<mark>Keynote</mark>" in html


def test_hostile_text_and_queries_are_escaped_not_run(client, day):
    TalkPageFactory(
        parent=day, title="<script>alert(1)</script> talk", summary="Beware <b>bold</b> amp & co"
    )
    html = search(client, "<script>alert amp")
    assert "<script>alert(1)" not in html
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;" in html
    assert "&amp; co" in html and "&<mark>amp" not in html
    assert 'value="&lt;script&gt;alert amp"' in html


def test_filter_by_conference(client, home, day):
    TalkPageFactory(parent=day, title="Here", summary="walrus")
    other = DayPageFactory(parent=ConferencePageFactory(parent=home, title="Other Conf"))
    TalkPageFactory(parent=other, title="There", summary="walrus")
    assert set(found_titles(search(client, "walrus"))) == {"Here", "There"}
    conference_pk = day.get_parent().pk
    assert found_titles(search(client, "walrus", conference=conference_pk)) == ["Here"]


def test_results_are_paginated(client, day):
    for number in range(12):
        TalkPageFactory(parent=day, title=f"Otter talk {number}", summary="otters")
    first = search(client, "otters")
    assert "12 talks found" in first and len(found_titles(first)) == 10
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = search(client, "otters", page=2)
    assert len(found_titles(second)) == 2
    assert not set(found_titles(first)) & set(found_titles(second))
    assert "Page 2 of 2" in search(client, "otters", page=5)  # past the end: the last page


def test_the_matches_are_read_once_for_the_page_and_their_count(client, day):
    for number in range(12):
        TalkPageFactory(parent=day, title=f"Otter talk {number}", summary="otters")
    with CaptureQueriesContext(connection) as captured:
        html = search(client, "otters", page=2)
    assert "12 talks found" in html and len(found_titles(html)) == 2
    reads = [query for query in captured if "indexentry" in query["sql"].lower()]
    # PostgreSQL counts the matches in the page's own query; SQLite's FTS5 in a second one.
    assert len(reads) == (1 if connection.vendor == "postgresql" else 2)


def test_header_search_box_on_every_page(client, talk):
    html = client.get(talk.url).content.decode()
    assert '<form class="site-search" role="search" action="/search/"' in html


def test_search_page_queries_do_not_grow_with_results(client, day):
    speaker = SpeakerFactory()

    def queries_for(count: int, word: str) -> int:
        for number in range(count):
            TalkPageFactory(parent=day, title=f"{word} {number}", summary=word, speakers=[speaker])
        search(client, word)  # warm the site and content-type caches
        with CaptureQueriesContext(connection) as captured:
            search(client, word)
        return len(captured)

    assert queries_for(2, "narwhal") == queries_for(9, "dugong")


def test_passage_is_cut_around_the_first_match():
    text = "word " * 100 + "needle in the middle " + "word " * 100
    passage = matching_passage([text], "needle")
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "needle in the middle" in passage and len(passage) < 260
    assert str(highlight("Caches cached", "cache")) == "<mark>Caches</mark> <mark>cached</mark>"
