"""The notes page tree: Conference → Day → Talk."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import chain, groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.compiled_sql import compiled_once
from core.page_types import LoadedFromRowsDirectly
from core.page_urls import MemoizedUrlParts
from core.public_urls import absolute_url
from core.view_restrictions import OneQueryViewRestrictions
from talks.api import SpeakersField, TagNamesField
from talks.blocks import RICH_TEXT_FEATURES, TalkBodyBlock, convert_together
from talks.body import rendered_body
from talks.forms import NamedTagWidget, NotesPageForm
from talks.panels import MarkdownPanel, ReviewLinkPanel
from talks.richtext import page_links_resolved
from talks.text import reading_minutes, rich_text_sources

from .fields import optional_image
from .querysets import ConferencePageManager, DayPageManager, TalkPageManager, speaker_links

ACCESSIBILITY_HELP = (
    "<p>Every image needs alt text that says what it shows <em>in this talk</em> "
    "(not its file name), unless you tick “decorative”. Headings in the body start at "
    "h2 and go down one level at a time: the page title is the only h1.</p>"
)


class IntroLinksReadTogether:
    """Page mixin: the read API resolves the page links of a page of intros in one query."""

    @classmethod
    def read_for_api(
        cls, pages: Sequence[Page], fields: Collection[str]
    ) -> AbstractContextManager[None]:
        return (
            page_links_resolved(page.intro for page in pages)
            if "intro" in fields
            else nullcontext()
        )


class ConferencePage(
    IntroLinksReadTogether, LoadedFromRowsDirectly, MemoizedUrlParts, OneQueryViewRestrictions, Page
):
    """One conference: its dates and place, an intro, and its days of notes."""

    start_date = models.DateField(null=True, blank=True, help_text="First day of the conference.")
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day; leave empty for a one-day event."
    )
    location = models.CharField(max_length=255, blank=True, help_text="City or venue.")
    website = models.URLField(blank=True, help_text="The conference's own site.")
    intro = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="What the conference was about."
    )
    logo = optional_image("Optional logo, shown beside the title.")
    logo_alt_text = models.CharField(
        max_length=150,
        blank=True,
        help_text="Text alternative for the logo, usually the conference's name.",
    )
    show_table_of_contents = models.BooleanField(
        default=False, help_text="Show a list of days and talks at the top of the page."
    )

    search_auto_update = False  # indexed by talks.indexing, which can defer it
    objects = ConferencePageManager()

    parent_page_types = ["home.HomePage"]
    subpage_types = ["talks.DayPage"]
    base_form_class = NotesPageForm
    page_description = "A conference; add its days underneath."

    content_panels = [
        HelpPanel(content=ACCESSIBILITY_HELP, heading="Writing accessible notes"),
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="Dates"),
        FieldPanel("location"),
        FieldPanel("website"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt_text")], heading="Logo"),
        FieldPanel("show_table_of_contents"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("location")]
    api_fields = [
        APIField(name)
        for name in ("start_date", "end_date", "location", "website", "intro", "logo_alt_text")
    ]

    class Meta:
        verbose_name = "conference"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The conference can't end before it starts."})
        if self.logo_id and not self.logo_alt_text.strip():
            raise ValidationError({"logo_alt_text": "Say what the logo shows, usually the name."})

    def contains_date(self, date: datetime.date) -> bool:
        if self.start_date and date < self.start_date:
            return False
        last_day = self.end_date or self.start_date
        return not (last_day and date > last_day)

    def days_with_talks(self) -> list[tuple[DayPage, list[TalkPage]]]:
        """The visible days in schedule order, each with its visible talks: three queries."""
        days = list(
            DayPage.objects.visible()
            .for_conference(self)
            .in_schedule_order()
            .compiled_once("days of a conference")
        )
        talks = (
            TalkPage.objects.visible()
            .for_conference(self)
            .as_summaries()
            .with_speakers()
            .in_reading_order()
            .compiled_once("talks of a conference")
        )
        talks_by_day_path = {
            path: list(group)
            for path, group in groupby(talks, key=lambda talk: talk.path[: -Page.steplen])
        }
        return [(day, talks_by_day_path.get(day.path, [])) for day in days]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["days"] = self.days_with_talks()
        return context


class DayPageForm(NotesPageForm):
    def clean(self):
        cleaned_data = super().clean()
        date = cleaned_data.get("date")
        conference = self.parent_page.specific if self.parent_page else None
        if date and isinstance(conference, ConferencePage) and not conference.contains_date(date):
            self.add_error("date", date_outside_message(conference))
        return cleaned_data


def date_outside_message(conference: ConferencePage) -> str:
    first = conference.start_date
    last = conference.end_date or conference.start_date
    return f"This day must fall within the conference's dates ({first} to {last})."


DAY_NUMBER = re.compile(r"\bday\s*(\d{1,4})\b", re.I)


def day_number(title: str) -> int | None:
    """The number a day's title gives it ("Day 2" → 2), or None."""
    match = DAY_NUMBER.search(title)
    return int(match.group(1)) if match else None


class DayPage(
    IntroLinksReadTogether, LoadedFromRowsDirectly, MemoizedUrlParts, OneQueryViewRestrictions, Page
):
    """One day of a conference, holding that day's talks in order."""

    date = models.DateField(
        null=True, blank=True, help_text="Leave empty if you don't know it yet."
    )
    # Days sort by date, then by this number, so "Day 10" comes after "Day 2".
    number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    intro = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="Optional notes about the day."
    )

    search_auto_update = False  # indexed by talks.indexing, which can defer it
    objects = DayPageManager()

    parent_page_types = ["talks.ConferencePage"]
    subpage_types = ["talks.TalkPage"]
    page_description = "A day of a conference; add its talks underneath."
    base_form_class = DayPageForm

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("date"), APIField("intro")]

    class Meta:
        verbose_name = "day"

    def save(self, *args, **kwargs):
        self.number = day_number(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "number"}
        return super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.date and self.path:
            conference = self.get_parent().specific
            if isinstance(conference, ConferencePage) and not conference.contains_date(self.date):
                raise ValidationError({"date": date_outside_message(conference)})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["talks"] = (
            TalkPage.objects.visible()
            .for_day(self)
            .as_summaries()
            .with_speakers()
            .in_reading_order()
            .compiled_once("talks of a day")
        )
        context["conference"] = self.nearest_ancestor(ConferencePage)
        return context


class TalkPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "talks.TalkPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TalkPage(LoadedFromRowsDirectly, MemoizedUrlParts, OneQueryViewRestrictions, Page):
    """Notes on one talk: who gave it, links to it, and the notes themselves."""

    summary = models.TextField(
        blank=True, help_text="One or two sentences shown in lists and search results."
    )
    talk_url = models.URLField(
        "talk URL", blank=True, help_text="The talk's page on the conference site."
    )
    video_url = models.URLField(
        "video URL", blank=True, help_text="The recording, if there is one."
    )
    slides_url = models.URLField("slides URL", blank=True, help_text="The slides, if published.")
    tags = ClusterTaggableManager(through=TalkPageTag, blank=True, help_text="Topics of the talk.")
    body = StreamField(TalkBodyBlock(), blank=True, help_text="Your notes on the talk.")

    search_auto_update = False  # indexed by talks.indexing, which can defer it
    objects = TalkPageManager()

    parent_page_types = ["talks.DayPage"]
    subpage_types: list[str] = []
    page_description = "Notes on one talk."
    base_form_class = NotesPageForm

    content_panels = [
        HelpPanel(content=ACCESSIBILITY_HELP, heading="Writing accessible notes"),
        ReviewLinkPanel(heading="Review link"),
        *Page.content_panels,
        InlinePanel("talk_speakers", label="Speakers", heading="Speakers"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("talk_url"), FieldPanel("video_url"), FieldPanel("slides_url")],
            heading="Links",
        ),
        FieldPanel("tags", widget=NamedTagWidget),
        MarkdownPanel(heading="Markdown"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "talk_speakers", [index.RelatedFields("speaker", [index.SearchField("name")])]
        ),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    # The read API (talks/api.py): the body as block JSON, speakers and tags.
    api_fields = [
        APIField("summary"),
        APIField("speakers", serializer=SpeakersField()),
        APIField("tags", serializer=TagNamesField()),
        APIField("talk_url"),
        APIField("video_url"),
        APIField("slides_url"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = "talk"
        # Granted to the Editors and Moderators roles (migration 0003) for the admin's
        # notes import: drafts only, or drafts and publishing.
        permissions = [
            ("import_notes", "Can import notes as drafts"),
            ("publish_imported_notes", "Can import notes and publish them"),
        ]

    @classmethod
    def read_for_api(
        cls, talks: Sequence[TalkPage], fields: Collection[str]
    ) -> AbstractContextManager[None]:
        """The read API's page of talks (core/api.py): each of the `fields` it shows read
        in one query for all the talks, for the duration of the returned context."""
        if "speakers" in fields:
            prefetch_related_objects(talks, speaker_links())
        if "tags" in fields:
            prefetch_related_objects(talks, "tags")
        return bodies_read_together(talks) if "body" in fields else nullcontext()

    @classmethod
    def get_indexed_objects(cls):
        # Indexing reads every talk's speakers' names: fetched with the links, for all talks.
        return super().get_indexed_objects().prefetch_related("talk_speakers__speaker")

    @property
    def links(self) -> list[tuple[str, str]]:
        """What the talk links to, each as its page names it, with the address."""
        named = (
            ("Talk page", self.talk_url),
            ("Video", self.video_url),
            ("Slides", self.slides_url),
        )
        return [(name, url) for name, url in named if url]

    @property
    def speakers(self) -> list:
        """Published speakers in the editor's order (also for unsaved previews), as read
        by a listing's `with_speakers()` or else from the talk's own speaker links."""
        if (bylines := self.__dict__.get("speaker_bylines")) is not None:
            return bylines
        links = self.talk_speakers.all()
        prefetched = "talk_speakers" in getattr(self, "_prefetched_objects_cache", {})
        if isinstance(links, QuerySet) and not prefetched:  # saved links, not a preview's
            links = compiled_once(links.select_related("speaker"), "speakers of a talk")
        return [link.speaker for link in links if link.speaker.live]

    def tags_by_name(self) -> list:
        """The talk's tags in alphabetical order (a preview's as the editor left them)."""
        tags = self.tags.all()
        if isinstance(tags, QuerySet):
            tags = compiled_once(tags, "tags of a talk")
        return sorted(tags, key=lambda tag: tag.name.lower())

    def neighbours(self) -> tuple[TalkPage | None, TalkPage | None]:
        """The previous and next visible talks of the same conference, in reading order."""
        previous = following = None
        for talk in TalkPage.objects.neighbours_of(self):
            if talk.path < self.path:
                previous = talk
            else:
                following = talk
        return previous, following

    def related_talks(
        self, conference: ConferencePage | None, speakers: list, tags: list, limit: int = 5
    ) -> list[TalkPage]:
        """Talks sharing one of the `tags` or `speakers` the page shows, other conferences
        first, in one query."""
        conference_path = conference.path if conference else self.path[: -2 * Page.steplen]
        return list(
            TalkPage.objects.related_to(
                self.pk,
                [tag.pk for tag in tags if tag.pk],  # a draft's new tags are not saved yet
                [speaker.pk for speaker in speakers],
                conference_path,
                limit,
            )
        )

    def card_url(self) -> str:
        """The social card of the published talk; a new revision gets a new URL."""
        if not (self.live and self.live_revision_id):
            return ""
        return absolute_url(reverse("talk-card", args=[self.pk, self.live_revision_id]))

    def rich_text_sources(self) -> Iterator[str]:
        return rich_text_sources(self.body)

    def get_context(self, request, *args, review_link=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["review_link"] = review_link  # set when a speaker reads a shared draft
        # Drafts (previews, review links) are rendered without the body cache.
        drafts = review_link is not None or getattr(request, "is_preview", False)
        context["body"] = body = rendered_body(self.body, cached=not drafts)
        context["reading_minutes"] = reading_minutes(len(self.summary.split()) + body.words)
        context["previous_talk"], context["next_talk"] = self.neighbours()
        context["talk_speakers"] = self.speakers
        conference = self.nearest_ancestor(ConferencePage)
        context["conference"], context["day"] = conference, self.nearest_ancestor(DayPage)
        context["tags"] = self.tags_by_name()
        context["related_talks"] = self.related_talks(
            conference, context["talk_speakers"], context["tags"]
        )
        context["card_url"] = self.card_url()
        return context


@contextmanager
def bodies_read_together(talks: Sequence[TalkPage]) -> Iterator[None]:
    """The notes of many talks read as one body: images, renditions and embeds in one
    query each for all of them, and every page link in them resolved in one query, for
    the duration (feeds, the read API)."""
    convert_together([talk.body for talk in talks])
    with page_links_resolved(chain.from_iterable(talk.rich_text_sources() for talk in talks)):
        yield
