"""Pages read as their own type from one query, built straight from its rows.

Wagtail's `.specific` reads each page type's row in a query of its own. The page types
that extend Page directly are joined here instead, so that one query returns every page
as its own type. The query is written in SQL and its rows built straight into pages:
built by the ORM, the routing query spent longer on building the query, a Page and
then its own type's instance for every row than the database spent answering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED, Model
from wagtail.models import Page, get_page_models

from core.sql_rows import convert, field_converters


@dataclass(frozen=True)
class OwnTypeSelect:
    """The select list and joins that read pages as their own type: Page's columns, then
    the own columns of each page type that extends Page directly (NULL on other pages)."""

    columns: str
    joins: str
    width: int
    # Each page model: the row position of each of its concrete fields, in their order.
    positions: dict[type[Page], tuple[int, ...]]
    content_type_position: int

    def page(self, row: Sequence, using: str = DEFAULT_DB_ALIAS) -> Page:
        """The page in `row` (of a query selecting `columns`), as its own type."""
        content_type_id = row[self.content_type_position]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        specific = model in self.positions and model is not Page
        read_as = model if specific else Page
        fields = read_as._meta.concrete_fields
        connection = connections[using]
        values = convert(
            [row[position] for position in self.positions[read_as]],
            field_converters(read_as, fields, connection),
            connection,
        )
        page = read_as.from_db(using, [field.attname for field in fields], values)
        if model in (None, read_as):
            return page
        return page.specific  # a type not joined: its own query


@cache
def own_type_select() -> OwnTypeSelect:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    page_table = quote(Page._meta.db_table)
    page_fields = Page._meta.concrete_fields
    columns = [f"{page_table}.{quote(field.column)}" for field in page_fields]
    positions = {Page: tuple(range(len(columns)))}
    joins = []
    for model in get_page_models():
        # Joined: types whose only concrete parent is Page. Proxies and types built on
        # another page type are read as Page here, then `.specific` (a query of their own).
        if model is Page or model._meta.proxy or set(model._meta.parents) != {Page}:
            continue
        table = quote(model._meta.db_table)
        own = [field for field in model._meta.concrete_fields if field.model is model]
        at = {field.attname: len(columns) + i for i, field in enumerate(own)}
        at |= {field.attname: i for i, field in enumerate(page_fields)}
        positions[model] = tuple(at[field.attname] for field in model._meta.concrete_fields)
        columns += [f"{table}.{quote(field.column)}" for field in own]
        link = quote(model._meta.parents[Page].column)
        joins.append(f"LEFT OUTER JOIN {table} ON {table}.{link} = {page_table}.{quote('id')}")
    content_type = [field.attname for field in page_fields].index("content_type_id")
    return OwnTypeSelect(", ".join(columns), " ".join(joins), len(columns), positions, content_type)


class LoadedFromRowsDirectly:
    """Page mixin: a page read from the database is built as a plain model instance.

    modelcluster's constructor scans every field of the model for child relations on
    each instance, so that a constructor's keyword arguments may carry them, and Page's
    fills in defaults for a page not yet saved. A row from the database needs neither,
    and a 30-talk conference page builds 38 pages: the scan was an eighth of its time.
    """

    @classmethod
    def from_db(cls, db: str | None, field_names: list[str], values: tuple) -> Page:
        fields = cls._meta.concrete_fields
        if len(values) != len(fields):  # deferred fields, as Django's own from_db
            given = iter(values)
            values = [next(given) if f.attname in field_names else DEFERRED for f in fields]
        page = cls.__new__(cls)
        Model.__init__(page, *values)
        page._state.adding = False
        page._state.db = db
        return page
