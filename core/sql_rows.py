"""Model instances from a query written in SQL, built the way the ORM builds them.

Django's `RawQuerySet` matches each query's columns to the model's fields by name and
works out their converters again on every run: on a talk page its two queries spent
longer on that than the database spent answering them. Here the columns are the
model's fields in a known order, so each row goes straight to `from_db`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model


@dataclass(frozen=True)
class RowsAsModels:
    """A query whose columns are `fields` of `model` in order, then `annotations`.

    Iterating runs it (again each time) and yields instances, each annotation set as
    an attribute; `raw_query` and `params` are there to be explained.
    """

    model: type[Model]
    fields: tuple[Field, ...]
    raw_query: str
    params: Sequence
    annotations: tuple[str, ...] = ()
    using: str = DEFAULT_DB_ALIAS

    def __iter__(self) -> Iterator[Model]:
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.raw_query, self.params)
            rows = cursor.fetchall()
        width = len(self.fields)
        names = [field.attname for field in self.fields]
        converters = field_converters(self.model, self.fields, connection)
        for row in rows:
            values = convert(row[:width], converters, connection)
            instance = self.model.from_db(self.using, names, values)
            instance.__dict__.update(zip(self.annotations, row[width:], strict=True))
            yield instance


# (database alias, model, field names) → each converted field's position, its
# converters and the column they are given: worked out once, as the ORM's compiler
# works them out once per query.
_converters: dict[tuple, list] = {}
MAX_REMEMBERED = 256


def field_converters(model: type[Model], fields: Sequence[Field], connection) -> list[tuple]:
    """What turns the database's values of `fields` into the ORM's, as the compiler does
    (SQLite's text into datetimes and UUIDs; JSON into StreamField values)."""
    key = (connection.alias, model, tuple(field.attname for field in fields))
    if (found := _converters.get(key)) is None:
        found = []
        for index, field in enumerate(fields):
            column = field.get_col(field.model._meta.db_table)
            functions = connection.ops.get_db_converters(column)
            functions += column.get_db_converters(connection)
            if functions:
                found.append((index, functions, column))
        if len(_converters) < MAX_REMEMBERED:
            _converters[key] = found
    return found


def convert(values: Sequence, converters: list[tuple], connection) -> list:
    """`values` with `field_converters`' converters applied."""
    values = list(values)
    for index, functions, column in converters:
        for function in functions:
            values[index] = function(values[index], column, connection)
    return values
