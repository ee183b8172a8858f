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
from django.db.models.functions import Coalesce, Substr
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

import core.view_restrictions  # noqa: F401  (registers path__in_private_section)

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


def schedule_order(day: str = "") -> list:
    """Days by date, then by the number in their title, then by title and tree order.

    `day` is the path from the queried model to the day page, e.g. "daypage__" when
    ordering generic pages (the explorer's children of a conference).
    """
    return [
        F(f"{day}date").asc(nulls_last=True),
        F(f"{day}number").asc(nulls_last=True),
        "title",
        "path",
    ]


class VisiblePageQuerySet(PageQuerySet):
    def visible(self):
        """What readers may see: live pages outside private sections, in this one query."""
        return self.live().exclude(path__in_private_section=True)


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

    def with_speakers(self, include_drafts: bool = False) -> TalkPageQuerySet:
        """Prefetch speaker links in order; readers see published speakers, editors all."""
        links = TalkSpeaker.objects.all() if include_drafts else TalkSpeaker.objects.published()
        return self.prefetch_related(
            Prefetch("talk_speakers", queryset=links.select_related("speaker", "speaker__photo"))
        )

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

    def related_to(
        self, talk_id: int, tag_ids: list[int], speaker_ids: list[int], conference_path: str
    ) -> TalkPageQuerySet:
        """Talks sharing one of `tag_ids` or `speaker_ids` with talk `talk_id`: other
        conferences first, then the talks sharing the most.

        The ids come from the page (which shows its tags and speakers anyway) rather than
        from subqueries: a query this size costs more to build than to run.
        """
        tag_links = self._tag_links().filter(tag_id__in=tag_ids)
        speaker_links = TalkSpeaker.objects.filter(speaker_id__in=speaker_ids)

        def shared(links, talk_field: str) -> Coalesce:
            per_talk = links.filter(**{talk_field: OuterRef("pk")}).order_by().values(talk_field)
            return Coalesce(Subquery(per_talk.annotate(count=Count("*")).values("count")), 0)

        # Only the talks named by a shared link are read and counted, not every talk
        # joined to its tags and speakers and grouped.
        return (
            self.filter(
                pk__in=tag_links.order_by()
                .values("content_object_id")
                .union(speaker_links.order_by().values("talk_id"))
            )
            .exclude(pk=talk_id)
            .annotate(
                shared=shared(tag_links, "content_object_id") + shared(speaker_links, "talk_id"),
                other_conference=ExpressionWrapper(
                    ~Q(path__startswith=conference_path), output_field=BooleanField()
                ),
            )
            .order_by("-other_conference", "-shared", "path")
        )

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
TalkPageManager = PageManager.from_queryset(TalkPageQuerySet)
