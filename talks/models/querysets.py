"""Named queries for the notes page tree, so views read like sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Prefetch
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

if TYPE_CHECKING:
    from .pages import ConferencePage, DayPage


class ConferencePageQuerySet(PageQuerySet):
    def visible(self) -> ConferencePageQuerySet:
        return self.live().public()

    def newest_first(self) -> ConferencePageQuerySet:
        return self.order_by(
            F("start_date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True)
        )


class DayPageQuerySet(PageQuerySet):
    def visible(self) -> DayPageQuerySet:
        return self.live().public()

    def for_conference(self, conference: ConferencePage) -> DayPageQuerySet:
        return self.child_of(conference)

    def in_schedule_order(self) -> DayPageQuerySet:
        return self.order_by(F("date").asc(nulls_last=True), "path")


class TalkPageQuerySet(PageQuerySet):
    def visible(self) -> TalkPageQuerySet:
        return self.live().public()

    def for_conference(self, conference: ConferencePage) -> TalkPageQuerySet:
        return self.descendant_of(conference)

    def for_day(self, day: DayPage) -> TalkPageQuerySet:
        return self.child_of(day)

    def in_reading_order(self) -> TalkPageQuerySet:
        return self.order_by("path")

    def for_listing(self) -> TalkPageQuerySet:
        """Talks as shown in lists: no body, which can be large."""
        return self.defer_streamfields()

    def with_speakers(self) -> TalkPageQuerySet:
        from .pages import TalkSpeaker

        return self.prefetch_related(
            Prefetch(
                "talk_speakers",
                queryset=TalkSpeaker.objects.published().select_related(
                    "speaker", "speaker__photo"
                ),
            )
        )

    def by_speaker(self, speaker) -> TalkPageQuerySet:
        from .pages import TalkSpeaker

        # A semi-join rather than join + DISTINCT, which would sort whole rows (bodies too).
        return self.filter(pk__in=TalkSpeaker.objects.filter(speaker=speaker).values("talk_id"))


ConferencePageManager = PageManager.from_queryset(ConferencePageQuerySet)
DayPageManager = PageManager.from_queryset(DayPageQuerySet)
TalkPageManager = PageManager.from_queryset(TalkPageQuerySet)
