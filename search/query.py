"""What readers type into search, made safe for any search backend.

The full-text backends take each word as a quoted string: SQLite's FTS5 fails on a `"`
inside one, PostgreSQL refuses NUL bytes, and a thousand-word query makes a
thousand-term match expression. So double quotes, control characters and lone
surrogates separate words, and a query is cut to a bounded number of words and
characters. Parameters that are not what the form sends are ignored, never an error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from core.query_parameters import MAX_ID

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
MAX_PAGE = 10_000


def is_separator(character: str) -> bool:
    """`"` ends a quoted term; control characters (NUL…) and surrogates are no text."""
    return character == '"' or unicodedata.category(character) in ("Cc", "Cs")


@dataclass(frozen=True)
class SearchQuery:
    text: str
    shortened: bool = False


def clean_query(raw: str) -> SearchQuery:
    """The words of `raw`, at most MAX_QUERY_WORDS of them in MAX_QUERY_CHARS characters."""
    # Look at no more of the input than could survive: a 1 MB query costs no more than this.
    head = raw[: MAX_QUERY_CHARS * 4]
    words = "".join(" " if is_separator(c) else c for c in head).split()
    kept: list[str] = []
    length = 0
    for word in words[:MAX_QUERY_WORDS]:
        length += len(word) + (1 if kept else 0)
        if length > MAX_QUERY_CHARS:
            break
        kept.append(word)
    return SearchQuery(" ".join(kept), shortened=len(kept) < len(words) or len(raw) > len(head))


class SearchForm(forms.Form):
    """The filters; a value the form can't take counts as not given.

    The query itself is read raw: CharField refuses NUL bytes, and a reader's query is
    cleaned, never refused.
    """

    conference = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


@dataclass(frozen=True)
class SearchParameters:
    query: SearchQuery
    asked: bool  # the reader asked for something, even if nothing searchable was left
    conference_id: int | None
    page: int


def search_parameters(params: QueryDict) -> SearchParameters:
    form = SearchForm(params)
    form.is_valid()  # fields that fail are left out of cleaned_data
    raw = params.get("q", "")
    return SearchParameters(
        query=clean_query(raw),
        asked=bool(raw.strip()),
        conference_id=form.cleaned_data.get("conference"),
        page=form.cleaned_data.get("page") or 1,
    )
