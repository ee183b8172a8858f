"""View restrictions (private pages) checked in one query per page view.

Wagtail checks a page's view restrictions with two queries (its ancestors, then their
restrictions), draws the breadcrumbs from a third (the ancestors again), and its
`.public()` filter reads every restriction in the site once per queryset. Here a page
reads its ancestors once, each flagged with whether it carries a restriction, and
listings exclude private sections inside their own query.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Lookup, QuerySet
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction

from core.page_types import own_type_select


class InPrivateSection(Lookup):
    """`path__in_private_section=True`: the page is, or is below, a restricted page.

    A lookup on the path field rather than an `Exists` filter, so that search backends
    (which accept only lookups on fields) take querysets using it; it is checked row by
    row against the restrictions, of which there are usually none.
    """

    lookup_name = "in_private_section"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        path, params = self.process_lhs(compiler, connection)
        exists = in_private_section_sql(path)
        return (exists if self.rhs else f"NOT {exists}"), params


def in_private_section_sql(path_column: str) -> str:
    """SQL, true when the page whose path is `path_column` is or is below a restricted page
    (its `%` written for a query with parameters)."""
    restrictions = PageViewRestriction._meta.db_table
    pages = Page._meta.db_table
    return (
        f"EXISTS (SELECT 1 FROM {restrictions} r INNER JOIN {pages} rp ON r.page_id = rp.id"
        f" WHERE {path_column} LIKE rp.path || '%%')"
    )


Page._meta.get_field("path").register_lookup(InPrivateSection)


def with_restriction_flags(where: str, params: Sequence) -> list[Page]:
    """The pages matching `where` (SQL on the page table, its values in `params`) in tree
    order, each as its own type and annotated `restricted`: routing reads these on every
    page view, so in SQL (core/page_types.py says why)."""
    pages, restrictions = Page._meta.db_table, PageViewRestriction._meta.db_table
    select = own_type_select()
    # An alias shares its original's restrictions, as in Wagtail.
    restricted = (
        f"EXISTS (SELECT 1 FROM {restrictions} r"
        f" WHERE r.page_id = {pages}.id OR r.page_id = {pages}.alias_of_id)"
    )
    sql = (
        f"SELECT {select.columns}, {restricted} FROM {pages} {select.joins}"
        f" WHERE {where} ORDER BY {pages}.path"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    for row in rows:
        page = select.page(row)
        page.restricted = bool(row[select.width])
        found.append(page)
    return found


def sql_in(column: str, values: Sequence) -> tuple[str, list]:
    """`column IN (…values)` with a placeholder per value; no values match nothing
    (PostgreSQL refuses an empty `IN ()`)."""
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


class OneQueryViewRestrictions:
    """Page mixin: ancestors and view restrictions read together, once per instance."""

    path: str

    @cached_property
    def _lineage(self) -> list[Page]:
        """The tree root down to this page, each as its own type, annotated `restricted`.

        Routing (core/routing.py) sets it from its own query; otherwise read here.
        """
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return with_restriction_flags(*sql_in(f"{Page._meta.db_table}.path", paths))

    def keep_lineage(self, lineage: list[Page]) -> None:
        """Take the tree root down to this page from a query that read them already."""
        self.__dict__["_lineage"] = lineage

    def nearest_ancestor(self, model: type[Page]) -> Page | None:
        """The closest ancestor of type `model`, as that type, from the same query."""
        ancestors = [page for page in self._lineage if page.path != self.path]
        return next((page for page in reversed(ancestors) if isinstance(page, model)), None)

    def breadcrumb_ancestors(self) -> list[Page]:
        """The ancestors below the tree root, site root first."""
        return [page for page in self._lineage if page.depth > 1 and page.path != self.path]

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction] | list:
        restricted = [page.alias_of_id or page.pk for page in self._lineage if page.restricted]
        if not restricted:
            return []  # the common case: no second query
        return list(PageViewRestriction.objects.filter(page_id__in=restricted))
