"""A talk as listings show it (conference, day, speaker and tag pages), rendered once per
process for each distinct summary.

A 30-talk listing spent more time rendering the same summaries again than reading its
talks. The template (templates/includes/talk_summary.html) sees only a `TalkSummary`,
the values it shows, so equal values in one language render equal HTML: a summary is
kept under its values and the language, and an edited title, a moved talk or a renamed
speaker is another summary.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

# Distinct summaries kept per process (about a kilobyte each).
MAX_RENDERED = 4096


@dataclass(frozen=True)
class SpeakerLink:
    name: str
    url: str

    def get_absolute_url(self) -> str:  # as includes/speaker_list.html links a speaker
        return self.url


@dataclass(frozen=True)
class TalkSummary:
    title: str
    url: str
    summary: str
    speakers: tuple[SpeakerLink, ...]
    conference_title: str | None = None
    day_title: str | None = None
    day_date: datetime.date | None = None

    @classmethod
    def of(cls, talk, request: HttpRequest | None, with_context: bool) -> TalkSummary:
        """`talk`'s summary; with its conference and day (`with_conference_and_day`)
        when the listing spans conferences."""
        return cls(
            title=talk.title,
            url=talk.get_url(request=request) or "",
            summary=talk.summary,
            speakers=tuple(
                SpeakerLink(speaker.name, speaker.get_absolute_url()) for speaker in talk.speakers
            ),
            conference_title=talk.conference_title if with_context else None,
            day_title=talk.day_title if with_context else None,
            day_date=talk.day_date if with_context else None,
        )


@lru_cache(maxsize=MAX_RENDERED)
def rendered_summary(summary: TalkSummary, heading_level: str, language: str) -> SafeString:
    """The summary's HTML in `language` (the day's month is a word): an editor's
    preview in their own language is kept apart from what readers see."""
    with translation.override(language):
        return render_to_string(
            "includes/talk_summary.html", {"talk": summary, "heading_level": heading_level}
        )
