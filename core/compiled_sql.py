"""The reading pages' hot queries turned into SQL once per process, not once per view.

Django builds a query's SQL afresh every time it runs: the select list of every joined
table, the joins, the ordering, which for the listings took longer than the database
took to answer them. A queryset marked `compiled_once(queryset, name)` still compiles
its WHERE clause each time (it holds the values that vary, and its SQL is part of the
key), and takes the rest from an earlier query of the same name and shape. The rest is reused only
once two queries of that key compiled to the same SQL with the same parameters before
the WHERE clause's (constants such as EXISTS's `SELECT 1`) and none after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import QuerySet
from django.db.models.sql import Query

QuerySetT = TypeVar("QuerySetT", bound=QuerySet)

# Shapes are few (a name per call site, a WHERE per number of IN values); the bound
# only keeps a caller with unbounded shapes from growing the process.
MAX_COMPILED = 512


@dataclass
class CompiledSelect:
    """A query's SQL and what reading its rows needs from the compiler that made it."""

    sql: str
    leading_params: tuple
    select: list
    klass_info: dict | None
    annotation_col_map: dict | None
    col_count: int
    has_extra_select: bool
    # Each row's converters, worked out by the first query that reuses this SQL (the
    # fields and the database's converters for them don't change between queries).
    converters: dict | None = None


_compiled: dict[tuple, CompiledSelect] = {}
# Compiled once, waiting for a second compile to agree before being reused.
_candidates: dict[tuple, CompiledSelect] = {}


def compiled_once(queryset: QuerySetT, name: str) -> QuerySetT:
    """`queryset`, whose SQL is reused from the last one of this `name` and shape.

    `name` stands for the call site: queries of one name must differ only in their
    WHERE clause, ordering, limits and the fields they read, which the key includes.
    """
    clone = queryset._chain()
    clone.query.__class__ = _compiled_once_query(type(clone.query))
    clone.query.compiled_once_name = name
    return clone


@cache
def _compiled_once_query(query_class: type[Query]) -> type[Query]:
    class CompiledOnceQuery(query_class):
        def get_compiler(self, using=None, connection=None, elide_empty=True):
            compiler = super().get_compiler(using, connection, elide_empty)
            # Only row-reading selects; updates, deletes and aggregates compile as usual.
            if self.compiler == "SQLCompiler":
                compiler.__class__ = _compiled_once_compiler(type(compiler))
            return compiler

    return CompiledOnceQuery


@cache
def _compiled_once_compiler(compiler_class: type) -> type:
    class CompiledOnceCompiler(compiler_class):
        def as_sql(self, with_limits=True, with_col_aliases=False):
            query = self.query
            if (
                not with_limits
                or with_col_aliases
                or query.subquery
                or query.combinator
                or query.explain_info  # its SQL starts with EXPLAIN
            ):
                return super().as_sql(with_limits, with_col_aliases)
            where, having, qualify = query.where.split_having_qualify(
                must_group_by=query.group_by is not None
            )
            if having or qualify or query.select_for_update:
                return super().as_sql(with_limits, with_col_aliases)
            try:
                where_sql, where_params = self.compile(where)
            except FullResultSet:
                where_sql, where_params = "", ()
            except EmptyResultSet:
                return super().as_sql(with_limits, with_col_aliases)
            key = (self.connection.alias, *query_shape(query), where_sql)
            if (compiled := _compiled.get(key)) is not None:
                self.where, self.having, self.qualify = where, having, qualify
                self.select = compiled.select
                self.klass_info = compiled.klass_info
                self.annotation_col_map = compiled.annotation_col_map
                self.col_count = compiled.col_count
                self.has_extra_select = compiled.has_extra_select
                self.reused = compiled
                return compiled.sql, (*compiled.leading_params, *where_params)
            sql, params = super().as_sql(with_limits, with_col_aliases)
            where_params = tuple(where_params)
            leading = len(params) - len(where_params)
            if leading >= 0 and tuple(params[leading:]) == where_params:
                self._remember(key, sql, tuple(params[:leading]))
            return sql, params

        def get_converters(self, expressions):
            reused = getattr(self, "reused", None)
            if reused is None:
                return super().get_converters(expressions)
            if reused.converters is None:
                reused.converters = super().get_converters(expressions)
            return reused.converters

        def _remember(self, key: tuple, sql: str, leading_params: tuple) -> None:
            compiled = CompiledSelect(
                sql,
                leading_params,
                self.select,
                self.klass_info,
                self.annotation_col_map,
                self.col_count,
                self.has_extra_select,
            )
            candidate = _candidates.pop(key, None)
            agreed = candidate is not None and (candidate.sql, candidate.leading_params) == (
                sql,
                leading_params,
            )
            store = _compiled if agreed else _candidates
            if len(store) < MAX_COMPILED:
                store[key] = compiled

    return CompiledOnceCompiler


def query_shape(query: Query) -> tuple[Any, ...]:
    """Everything but the WHERE clause that changes a select's SQL for one call site:
    what is read (fields, joins, annotations by name), in what order, how many."""
    return (
        query.compiled_once_name,
        query.model,
        query.default_cols,
        repr(query.select),
        query.values_select,
        repr(query.select_related),
        (frozenset(query.deferred_loading[0]), query.deferred_loading[1]),
        tuple(query.annotation_select),
        tuple(query.extra_select),
        repr(query.order_by),
        query.extra_order_by,
        query.default_ordering,
        query.distinct,
        query.distinct_fields,
        repr(query.group_by),
        query.low_mark,
        query.high_mark,
    )
