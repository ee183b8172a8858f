"""Pages fetched as their own type in the same query as the base rows.

Wagtail's `.specific()` fetches each page type's rows in a query of its own; for page
types that extend Page directly, a join on their table brings the row in the same query.
"""

from __future__ import annotations

from functools import cache

from django.db.models import DEFERRED, Model, QuerySet
from wagtail.models import Page, get_page_models


@cache
def _page_type_joins() -> tuple[str, ...]:
    """The reverse one-to-one names of the page types that extend Page directly."""
    return tuple(
        model._meta.model_name
        for model in get_page_models()
        if model is not Page and Page in model._meta.parents
    )


def with_page_types(pages: QuerySet[Page]) -> QuerySet[Page]:
    """The queryset joined to each page type's table, for `as_own_type` without a query."""
    return pages.select_related(*_page_type_joins())


def as_own_type(page: Page) -> Page:
    """A page of `with_page_types` as its own type (annotations kept); other pages' own
    type costs a query, as `page.specific` does."""
    model = page.specific_class
    if model is None:
        return page
    if model._meta.model_name not in _page_type_joins():
        return page.specific
    specific = getattr(page, model._meta.model_name)
    for name in page.__dict__.keys() - specific.__dict__.keys():
        if not name.startswith("_"):
            specific.__dict__[name] = page.__dict__[name]
    return specific


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
