"""Property-based: no query string a reader can send makes search fail.

Hypothesis makes up the queries, from arbitrary text and bytes and from pieces of the
backends' query languages, on whichever database the suite runs (SQLite or PostgreSQL).
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import TalkPageFactory

# Fixtures are set up once per test, not per example; no example writes anything.
EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Operators of FTS5 and tsquery, and characters that broke search before.
QUERY_PIECES = ['"', "*", "NEAR", "AND", "OR", "NOT", "(", ")", ":", "^", "-", "+", "'", "\\"]
QUERY_PIECES += ["&", "|", "!", "<->", ":*", "{", "}", "%", "_", " ", "\x00", "\u200b", "🦀"]
QUERY_LANGUAGE = st.lists(st.sampled_from([*QUERY_PIECES, "quokka"]), max_size=40).map("".join)
ANY_TEXT = st.text(max_size=300)
PARAMETER = st.one_of(st.text(max_size=30), st.integers().map(str), st.floats().map(str))


def as_bytes(value: str | bytes) -> bytes:
    # Lone surrogates can't be UTF-8; sent as the bytes a broken client would send.
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def query_string(**params: str | bytes) -> str:
    return "&".join(f"{name}={quote_from_bytes(as_bytes(v))}" for name, v in params.items())


@pytest.fixture
def findable(day):
    return TalkPageFactory(parent=day, title="Quokka habits", summary="quokkas and caches")


def assert_results_page(client, **params: str | bytes) -> None:
    response = client.get(f"/search/?{query_string(**params)}")
    assert response.status_code == 200
    assert b"<h1>Search" in response.content and b'<form class="search-form"' in response.content


@EXAMPLES
@given(query=st.one_of(ANY_TEXT, QUERY_LANGUAGE, st.binary(max_size=200)))
def test_any_query_gets_the_results_page(client, findable, query):
    assert_results_page(client, q=query)


@EXAMPLES
@given(query=QUERY_LANGUAGE, conference=PARAMETER, page=PARAMETER)
def test_any_filter_and_page_get_the_results_page(client, findable, query, conference, page):
    assert_results_page(client, q=query, conference=conference, page=page)
