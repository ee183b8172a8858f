"""Named queries for the notes page tree, so views read like sentences."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Substr
from django.db.models.query import ModelIterable
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from core.compiled_sql import compiled_once
from core.sql_rows import RowsAsModels
from core.view_restrictions import in_private_section_sql  # also registers the lookup

from .speakers import TalkSpeaker

if TYPE_CHECKING:
    from .pages import ConferencePage, DayPage

# What an editor still has to fill in on a talk, in the words the dashboard shows, and
# when it counts as missing (the date is the talk's day's date).
MISSING_DETAILS = {
    "speaker": Q(has_speaker=False),
    "summary": Q(summary=""),
    "date": Q(day_date__isnull=True),
}


# What a listing's TalkSummary (talks/summaries.py) is made of: title, summary and the URL
# path it links by; the tree path and depth place a talk in its day and conference.
SUMMARY_FIELDS = ("title", "summary", "url_path", "path", "depth")


def schedule_order(day: str = "") -> list:
    """Days by date, then by the number in their title, then in tree order: the order
    they were written in (imported notes' file order) or that editors gave them, which
    alone knows Tuesday comes before Wednesday and "Day one" before "Day two".

    `day` is the path from the queried model to the day page, e.g. "daypage__" when
    ordering generic pages (the explorer's children of a conference).
    """
    return [
        F(f"{day}date").asc(nulls_last=True),
        F(f"{day}number").asc(nulls_last=True),
        "path",
    ]


def speaker_links(include_drafts: bool = False) -> Prefetch:
    """Talks' speaker links in order; readers see published speakers, editors all.

    For a queryset (`with_speaker_links`) or for talks already fetched (the read API's page).
    """
    links = TalkSpeaker.objects.all() if include_drafts else TalkSpeaker.objects.published()
    return Prefetch("talk_speakers", queryset=links.select_related("speaker", "speaker__photo"))


class TalksWithSpeakers(ModelIterable):
    """Talks, each with `speaker_bylines`: its published speakers, read for all the talks
    in one query of plain rows (a prefetch of speaker objects cost a listing more time
    than its talks)."""

    def __iter__(self):
        talks = list(super().__iter__())
        bylines = TalkSpeaker.objects.bylines_by_talk(talk.pk for talk in talks)
        for talk in talks:
            talk.speaker_bylines = bylines.get(talk.pk, [])
        yield from talks


class VisiblePageQuerySet(PageQuerySet):
    def visible(self):
        """What readers may see: live pages outside private sections, in this one query."""
        return self.live().exclude(path__in_private_section=True)

    def compiled_once(self, name: str):
        """This query with its SQL built once per process (core/compiled_sql.py): for
        the reading pages' listings, where building it cost as much as running it."""
        return compiled_once(self, name)


class ConferencePageQuerySet(VisiblePageQuerySet):
    def newest_first(self) -> ConferencePageQuerySet:
        return self.order_by(
            F("start_date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True)
        )


class DayPageQuerySet(VisiblePageQuerySet):
    def for_conference(self, conference: ConferencePage) -> DayPageQuerySet:
        return self.child_of(conference)

    def in_schedule_order(self) -> DayPageQuerySet:
        return self.order_by(*schedule_order())


class TalkPageQuerySet(VisiblePageQuerySet):
    def for_conference(self, conference: ConferencePage) -> TalkPageQuerySet:
        return self.descendant_of(conference)

    def for_day(self, day: DayPage) -> TalkPageQuerySet:
        return self.child_of(day)

    def in_reading_order(self) -> TalkPageQuerySet:
        return self.order_by("path")

    def for_listing(self) -> TalkPageQuerySet:
        """Talks as shown in lists: no body, which can be large."""
        return self.defer_streamfields()

    def as_summaries(self) -> TalkPageQuerySet:
        """Talks as readers' listings show them: only the fields a summary shows and
        links by (building 40 fields per row cost a 30-talk listing a tenth of its time)."""
        return self.only(*SUMMARY_FIELDS)

    def with_speakers(self) -> TalkPageQuerySet:
        """Talks as readers see them: with their published speakers' names and links."""
        clone = self._chain()
        clone._iterable_class = TalksWithSpeakers
        return clone

    def with_speaker_links(self, include_drafts: bool = False) -> TalkPageQuerySet:
        """Talks with their speaker links and speakers as objects (`talk_speakers`)."""
        return self.prefetch_related(speaker_links(include_drafts))

    def with_conference_and_day(self) -> TalkPageQuerySet:
        """Annotate conference_title, day_title and day_date from the talk's ancestors.

        A talk's day and conference are its parent and grandparent, whose tree paths are
        prefixes of its own: one subquery each instead of a query per row.
        """
        # By name: the page models import this module.
        conference_page = apps.get_model("talks", "ConferencePage")
        day_page = apps.get_model("talks", "DayPage")

        def ancestor(model, levels_up: int, field: str) -> Subquery:
            prefix = Substr(OuterRef("path"), 1, (OuterRef("depth") - levels_up) * Page.steplen)
            return Subquery(model.objects.filter(path=prefix).values(field)[:1])

        return self.annotate(
            day_title=ancestor(day_page, 1, "title"),
            day_date=ancestor(day_page, 1, "date"),
            conference_title=ancestor(conference_page, 2, "title"),
        )

    def with_speaker_flag(self) -> TalkPageQuerySet:
        return self.annotate(has_speaker=Exists(TalkSpeaker.objects.filter(talk=OuterRef("pk"))))

    def with_missing_details(self) -> TalkPageQuerySet:
        """Annotate missing_speaker, missing_summary and missing_date (MISSING_DETAILS)."""
        return (
            self.with_conference_and_day()
            .with_speaker_flag()
            .annotate(
                **{
                    f"missing_{detail}": ExpressionWrapper(condition, output_field=BooleanField())
                    for detail, condition in MISSING_DETAILS.items()
                }
            )
        )

    def missing_details(self, detail: str | None = None) -> TalkPageQuerySet:
        """Talks still without a speaker, a summary or a date (their day's date).

        `detail` ("speaker", "summary" or "date") narrows it to talks missing that one.
        """
        condition = MISSING_DETAILS[detail] if detail else reduce(or_, MISSING_DETAILS.values())
        return self.with_missing_details().filter(condition)

    def recently_edited(self) -> TalkPageQuerySet:
        return self.order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk")

    def tagged(self, tag) -> TalkPageQuerySet:
        return self.filter(pk__in=self._tag_links().filter(tag=tag).values("content_object_id"))

    def newest_first(self) -> TalkPageQuerySet:
        return self.order_by(F("first_published_at").desc(nulls_last=True), "-pk")

    def with_tags(self) -> TalkPageQuerySet:
        return self.prefetch_related("tags")

    def tags_in_use(self):
        """The tags of these talks, by name, with talk_count and last_published_at."""
        links = self._tag_links().filter(content_object_id__in=self.values("pk"))
        return (
            apps.get_model("taggit", "Tag")
            .objects.filter(pk__in=links.values("tag_id"))
            .annotate(
                talk_count=Subquery(
                    links.filter(tag_id=OuterRef("pk"))
                    .order_by()
                    .values("tag_id")
                    .annotate(count=Count("*"))
                    .values("count")
                ),
                last_published_at=Subquery(
                    links.filter(tag_id=OuterRef("pk"))
                    .order_by(F("content_object__last_published_at").desc(nulls_last=True))
                    .values("content_object__last_published_at")[:1]
                ),
            )
            .order_by("name")
        )

    @staticmethod
    def _tag_links():
        return apps.get_model("talks", "TalkPageTag").objects.all()

    def by_speaker(self, speaker) -> TalkPageQuerySet:
        # A semi-join rather than join + DISTINCT, which would sort whole rows (bodies too).
        return self.filter(pk__in=TalkSpeaker.objects.filter(speaker=speaker).values("talk_id"))


ConferencePageManager = PageManager.from_queryset(ConferencePageQuerySet)
DayPageManager = PageManager.from_queryset(DayPageQuerySet)


class TalkPageManager(PageManager.from_queryset(TalkPageQuerySet)):
    def related_to(
        self,
        talk_id: int,
        tag_ids: list[int],
        speaker_ids: list[int],
        conference_path: str,
        limit: int,
    ) -> RowsAsModels | list:
        """Visible talks sharing one of `tag_ids` or `speaker_ids` with talk `talk_id`,
        other conferences than `conference_path`'s first, then the talks sharing the
        most; without their bodies, annotated `shared`, `day_date` and `conference_title`.

        In SQL: built by the ORM, this query took ten times longer to build and compile
        than to run (5 ms of a talk page's 15). Only the talks named by a shared link are
        read, and the day and conference of the `limit` kept.
        """
        links = [
            (tag_ids, apps.get_model("talks", "TalkPageTag"), "content_object_id", "tag_id"),
            (speaker_ids, TalkSpeaker, "talk_id", "speaker_id"),
        ]
        selects, params = [], []
        for ids, model, talk_column, shared_column in links:
            if ids:
                placeholders = ", ".join(["%s"] * len(ids))
                selects.append(
                    f"SELECT {talk_column} AS talk_id FROM {model._meta.db_table}"
                    f" WHERE {shared_column} IN ({placeholders})"
                )
                params += ids
        if not selects:
            return []
        page_table, talk_table = Page._meta.db_table, self.model._meta.db_table
        day_table = apps.get_model("talks", "DayPage")._meta.db_table
        columns = self._listing_columns()
        steplen = Page.steplen
        sql = f"""
            SELECT {columns}, shared_links.shared,
                (SELECT day.date FROM {day_table} day
                 INNER JOIN {page_table} day_page ON day_page.id = day.page_ptr_id
                 WHERE day_page.path = SUBSTR({page_table}.path, 1,
                    ({page_table}.depth - 1) * {steplen})) AS day_date,
                (SELECT conference.title FROM {page_table} conference
                 WHERE conference.path = SUBSTR({page_table}.path, 1,
                    ({page_table}.depth - 2) * {steplen})) AS conference_title
            FROM (
                SELECT talk_id, COUNT(*) AS shared FROM ({" UNION ALL ".join(selects)}) links
                GROUP BY talk_id
            ) shared_links
            INNER JOIN {page_table} ON {page_table}.id = shared_links.talk_id
            INNER JOIN {talk_table} ON {talk_table}.page_ptr_id = {page_table}.id
            WHERE {page_table}.live AND {page_table}.id <> %s
                AND NOT {in_private_section_sql(f"{page_table}.path")}
            ORDER BY
                CASE WHEN SUBSTR({page_table}.path, 1, %s) = %s THEN 1 ELSE 0 END,
                shared_links.shared DESC,
                {page_table}.path
            LIMIT %s
        """
        params += [talk_id, len(conference_path), conference_path, limit]
        return self._listing(sql, params, annotations=("shared", "day_date", "conference_title"))

    def neighbours_of(self, talk: Page) -> RowsAsModels:
        """The visible talks just before and just after `talk` in its conference's reading
        order (none, one or both), without their bodies.

        In SQL for the reason `related_to` is.
        """
        page_table, talk_table = Page._meta.db_table, self.model._meta.db_table
        conference_path = talk.path[: -2 * Page.steplen]  # talk → day → conference

        def neighbour(comparison: str, order: str) -> str:
            return f"""(
                SELECT talk_page.path FROM {page_table} talk_page
                INNER JOIN {talk_table} talk ON talk.page_ptr_id = talk_page.id
                WHERE talk_page.path LIKE %s AND talk_page.depth = %s
                    AND talk_page.path {comparison} %s AND talk_page.live
                    AND NOT {in_private_section_sql("talk_page.path")}
                ORDER BY talk_page.path {order} LIMIT 1
            )"""

        sql = f"""
            SELECT {self._listing_columns()} FROM {page_table}
            INNER JOIN {talk_table} ON {talk_table}.page_ptr_id = {page_table}.id
            WHERE {page_table}.path IN ({neighbour("<", "DESC")}, {neighbour(">", "ASC")})
            ORDER BY {page_table}.path
        """
        # Paths are digits and capitals: no LIKE wildcards in them.
        same_conference = [f"{conference_path}%", talk.depth, talk.path]
        return self._listing(sql, same_conference * 2)

    def _listing_fields(self) -> tuple:
        """The fields of talks as listings show them: all but the body, which can be large."""
        return tuple(field for field in self.model._meta.concrete_fields if field.name != "body")

    def _listing_columns(self) -> str:
        """`_listing_fields` as the columns of a query on the page and talk tables."""
        return ", ".join(
            f"{field.model._meta.db_table}.{field.column}" for field in self._listing_fields()
        )

    def _listing(self, sql: str, params: list, annotations: tuple = ()) -> RowsAsModels:
        """Talks from `sql`, which selects `_listing_columns()` then `annotations`."""
        return RowsAsModels(
            self.model, self._listing_fields(), sql, params, annotations, using=self.db
        )
