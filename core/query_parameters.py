"""Query parameters that name a row by its id, read without trusting them."""

from __future__ import annotations

# Ids are PostgreSQL integers; anything larger can't name a row (and overflows SQLite).
MAX_ID = 2**31 - 1


def row_id(value: str | None) -> int | None:
    """The id `value` names, or None when it is not a whole number an id can be."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
