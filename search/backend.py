"""The site's search backend: Wagtail's database backend, with PostgreSQL using its indexes.

On PostgreSQL, modelsearch matches `(title || body) @@ query`: a concatenation no index
covers, so every search reads every index entry (127 ms at 10,000 talks). A match needs
one of the query's words in the title or in the body, and each of those has a GIN
index: PostgreSQL reads the few matching entries from the indexes, and checks the
concatenation only when every word must match (or a phrase). Ranking is unchanged.
The number of matches comes with the page of them (`search_matches`, a window count),
so a search reads the index once rather than once to count and once for the page.
Other databases use modelsearch's backend unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.expressions import CombinedExpression
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText


def query_words(query) -> list[str]:
    """The words a match must contain at least one of; empty when that can't be said."""
    if isinstance(query, PlainText):
        return query.query_string.split()
    if isinstance(query, Phrase):
        return query.query_string.split()
    if isinstance(query, Boost):
        return query_words(query.subquery)
    if isinstance(query, And | Or) and not any(isinstance(q, Not) for q in query.subqueries):
        words = [query_words(subquery) for subquery in query.subqueries]
        return [] if not all(words) else [word for group in words for word in group]
    return []


def matches_any_word(query) -> bool:
    """Whether a row matches `query` as soon as it has one of its words."""
    if isinstance(query, PlainText):
        return query.operator == "or" or len(query.query_string.split()) == 1
    if isinstance(query, Boost):
        return matches_any_word(query.subquery)
    return isinstance(query, Or) and all(matches_any_word(q) for q in query.subqueries)


def SearchBackend(params):
    if connection.vendor != "postgresql":
        return database_backend(params)

    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class IndexedQueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            words = query_words(self.query) if self.fields is None else []
            if not words:
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(self.query, config=config)
            rank = self._build_rank_expression(self.get_search_vectors(search_query), config)
            any_word = reduce(
                lambda a, b: a | b,
                (SearchQuery(word, search_type="plain", config=config) for word in words),
            )
            queryset = self.queryset.annotate(
                _title_=F("index_entries__title"), _body_=F("index_entries__body")
            ).filter(Q(_title_=any_word) | Q(_body_=any_word))
            if not matches_any_word(self.query):
                # Every word (or a phrase) must match: checked on the few rows found.
                queryset = queryset.annotate(
                    _vector_=CombinedExpression(F("_title_"), "||", F("_body_"))
                ).filter(_vector_=search_query)
            # The number of matches, in the same query as the page of them.
            queryset = queryset.annotate(search_matches=Window(Count("*")))
            return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    class IndexedPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = IndexedQueryCompiler

    return IndexedPostgresSearchBackend(params)


@contextmanager
def planned_for_its_words() -> Iterator[None]:
    """Search queries planned for the words asked, each time: not prepared.

    A prepared statement (DATABASE_PREPARED_STATEMENTS) lets PostgreSQL switch to one
    plan for every search after a few, and a plan that can't see how rare a word is
    (the text query is a parameter) doubled the search's time at 10,000 talks.
    """
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    threshold = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = threshold
