"""The site's search backend: Wagtail's database backend, with PostgreSQL using its indexes.

On PostgreSQL, modelsearch matches `(title || body) @@ query`: a concatenation no index
covers, so every search reads every index entry (127 ms at 10,000 talks). A match needs
one of the query's words in the title or in the body, and each of those has a GIN
index, so that condition is added in front: PostgreSQL reads the few matching entries
from the indexes and checks the exact condition on those alone. Other databases use
modelsearch's backend unchanged.
"""

from __future__ import annotations

from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
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
            if words:
                any_word = reduce(
                    lambda a, b: a | b,
                    (SearchQuery(word, search_type="plain", config=config) for word in words),
                )
                self.queryset = self.queryset.filter(
                    Q(index_entries__title=any_word) | Q(index_entries__body=any_word)
                )
            return super().search(config, start, stop, score_field, backend)

    class IndexedPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = IndexedQueryCompiler

    return IndexedPostgresSearchBackend(params)
