"""Whatever a reader puts in the search URL, they get the normal results page.

Runs on whichever database the suite uses (SQLite's FTS5 by default, PostgreSQL's
full-text search with DATABASE_URL); .ci/run does both.
"""

from __future__ import annotations

import re
import time

import pytest

from search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, clean_query
from tests.factories import TalkPageFactory


@pytest.fixture
def findable(day):
    return TalkPageFactory(
        parent=day, title="Quokka habits", summary="Notes about quokkas and their caches."
    )


def results_page(client, query_string: str) -> str:
    response = client.get(f"/search/?{query_string}")
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    assert '<form class="search-form"' in html
    return html


def found_count(html: str) -> int:
    return int(re.search(r"(\d+) talks? found", html).group(1))


HOSTILE_QUERIES = {
    "double quote": 'q="',
    "unbalanced phrase": "q=%22quokka",
    "quote inside a word": "q=quo%22kka",
    "NUL byte": "q=%00",
    "NUL inside a word": "q=quok%00ka",
    "FTS5 operators": "q=quokka%20NEAR(x%20AND%20*)%20OR%20-%20NOT%20%5E%3A",
    "tsquery operators": "q=quokka%20%26%20!%7C%20%3A*%20%3C-%3E",
    "backslashes and apostrophes": "q=%5C%27quokka%27%5C",
    "invalid UTF-8": "q=%ED%A0%80%FF%FE",
    "control characters": "q=%01%02%1B%7F%C2%85",
    "only punctuation": "q=%22%27%28%29%2A%2B",
    "emoji and right-to-left marks": "q=%F0%9F%A6%80%E2%80%AE%E2%80%8B",
    "a 10,000-character word": "q=" + "a" * 10_000,
}


@pytest.mark.parametrize("query_string", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_a_hostile_query_gets_the_results_page(client, findable, query_string):
    results_page(client, query_string)


def test_quotes_are_dropped_and_the_words_still_found(client, findable):
    html = results_page(client, "q=%22quokkas")
    assert found_count(html) == 1 and "Quokka habits" in html
    assert 'value="quokkas"' in html  # the search box shows what was searched


def test_a_thousand_word_query_is_cut_to_its_first_words_quickly(client, findable):
    words = " ".join(["quokkas", *(f"word{n}" for n in range(999))])
    started = time.monotonic()
    html = results_page(client, f"q={words.replace(' ', '+')}")
    assert time.monotonic() - started < 5
    assert "Your search was shortened" in html
    assert f"first {MAX_QUERY_WORDS} words" in html


def test_a_query_of_nothing_searchable_finds_nothing_and_says_so(client, findable):
    html = results_page(client, "q=%22%22%22")
    assert found_count(html) == 0
    assert "No talks match" in html


@pytest.mark.parametrize(
    "value", ["abc", "1e5", "12345678901234567890", "-1", "0", "%00", "1%00", "99999"]
)
def test_a_conference_filter_that_names_no_conference_searches_all(client, findable, value):
    html = results_page(client, f"q=quokkas&conference={value}")
    assert found_count(html) == 1


@pytest.mark.parametrize("value", ["abc", "1e5", "12345678901234567890", "-3", "0", "%00"])
def test_a_page_number_that_is_no_page_shows_a_results_page(client, findable, value):
    html = results_page(client, f"q=quokkas&page={value}")
    assert "Quokka habits" in html


def test_nul_in_a_page_or_speaker_path_is_not_found(client, findable):
    for path in ("/speakers/%00/", "/%00/", "/harbour-test/%00/"):
        assert client.get(path).status_code == 404, path


def test_clean_query_keeps_words_in_any_script_and_bounds_the_rest():
    assert clean_query('"Ünïcode" 東京\x00c++ DROP--').text == "Ünïcode 東京 c++ DROP--"
    long = clean_query("x" * (MAX_QUERY_CHARS + 50))
    assert long.text == "" and long.shortened  # one word longer than the limit is dropped
    assert len(clean_query("ab " * 1000).text) <= MAX_QUERY_CHARS
