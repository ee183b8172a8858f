from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from core.compiled_sql import compiled_once

from .fields import optional_image


class SpeakerQuerySet(models.QuerySet):
    def published(self) -> SpeakerQuerySet:
        return self.filter(live=True)

    def named(self, names: Iterable[str]) -> SpeakerQuerySet:
        return self.filter(name__in=list(names))

    def slugs_taken(self, slugs: Iterable[str]) -> models.QuerySet:
        """Which of these slugs speakers already have."""
        return self.filter(slug__in=list(slugs)).values_list("slug", flat=True)

    def with_talk_counts(self, talks: models.QuerySet) -> SpeakerQuerySet:
        """Speakers of `talks`, each annotated with talk_count: how many of them they gave."""
        links = TalkSpeaker.objects.filter(talk_id__in=talks.values("pk"))
        return self.filter(pk__in=links.values("speaker_id")).annotate(
            talk_count=models.Subquery(
                links.filter(speaker_id=models.OuterRef("pk"))
                .order_by()
                .values("speaker_id")
                .annotate(count=models.Count("*"))
                .values("count")
            )
        )


class Speaker(
    PreviewableMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Someone who gave a talk; shared across conferences, with a public page of their talks."""

    name = models.CharField(max_length=255, help_text="As the speaker writes it.")
    slug = models.SlugField(
        max_length=255, unique=True, allow_unicode=True, help_text="Used in the speaker's URL."
    )
    handle = models.CharField(
        max_length=255, blank=True, help_text="Social handle, e.g. @ada@example.social."
    )
    profile_url = models.URLField(
        "profile URL",
        blank=True,
        help_text="A page about the speaker: their site or social profile.",
    )
    photo = optional_image("Optional portrait; shown small next to their talks.")
    bio = models.TextField(blank=True, help_text="One or two sentences, shown on their page.")

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="speaker")

    objects = SpeakerQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("handle"),
        FieldPanel("profile_url"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_auto_update = False  # indexed by talks.indexing, which can defer it
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("handle"),
        # The admin's chooser autocompletes: "@tlind" finds a speaker by handle too.
        index.AutocompleteField("handle"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:255] or "speaker"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return speaker_url(self.slug)

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "talks/speaker_page.html"

    def get_preview_context(self, request, mode_name):
        talk_pages = apps.get_model("talks", "TalkPage")
        return {
            "speaker": self,
            "talks": (
                talk_pages.objects.visible()
                .by_speaker(self)
                .as_summaries()
                .with_speakers()
                .with_conference_and_day()
                .in_reading_order()
            ),
        }


def speaker_url(slug: str) -> str:
    """The path of the speaker page for `slug`."""
    return _speaker_url(get_script_prefix(), slug)


@lru_cache(maxsize=4096)
def _speaker_url(script_prefix: str, slug: str) -> str:
    # A listing links every speaker of every talk: reversing each one was a tenth of a
    # conference page's time. The script prefix is part of the key because reverse()
    # reads it from the request.
    return reverse("speaker", kwargs={"slug": slug})


@dataclass(frozen=True)
class SpeakerByline:
    """A published speaker as a talk shows them: a name linking to their page."""

    pk: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return speaker_url(self.slug)


class TalkSpeakerQuerySet(models.QuerySet):
    def published(self) -> TalkSpeakerQuerySet:
        return self.filter(speaker__live=True)

    def bylines_of(self, talk_ids: Iterable[int]) -> models.QuerySet:
        """(talk_id, speaker id, name, slug) of the published speakers of these talks, each
        talk's in the editor's order: plain rows, one query for a whole listing."""
        bylines = (
            self.published()
            .filter(talk_id__in=list(talk_ids))
            .order_by("talk_id", "sort_order")
            .values_list("talk_id", "speaker_id", "speaker__name", "speaker__slug")
        )
        return compiled_once(bylines, "speaker bylines")

    def bylines_by_talk(self, talk_ids: Iterable[int]) -> dict[int, list[SpeakerByline]]:
        bylines: dict[int, list[SpeakerByline]] = {}
        for talk_id, *speaker in self.bylines_of(talk_ids):
            bylines.setdefault(talk_id, []).append(SpeakerByline(*speaker))
        return bylines


class TalkSpeaker(Orderable):
    talk = ParentalKey("talks.TalkPage", related_name="talk_speakers", on_delete=models.CASCADE)
    speaker = models.ForeignKey(
        "talks.Speaker",
        related_name="talk_links",
        on_delete=models.CASCADE,
        help_text="Choose an existing speaker or add a new one; they are listed in this order.",
    )

    objects = TalkSpeakerQuerySet.as_manager()

    panels = [FieldPanel("speaker")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["talk", "speaker"], name="unique_speaker_per_talk")
        ]
        # Every listing fetches the speakers of its talks in the editor's order.
        indexes = [models.Index(fields=["talk", "sort_order"], name="speakers_of_talk_in_order")]
