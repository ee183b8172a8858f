"""The document model between Markdown and pages: a conference, its days, their talks.

Plain data. The reader builds it from Markdown, the writer turns it back into Markdown,
and `talks.notes.pages` maps it to pages and back. Talk bodies are raw StreamField
values (see `talks.block_values`), except that an image is an `ImageRef` until the
pages module finds or stores the file.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.html import escape

from talks.block_values import all_blocks

from .dialect import SpeakerProfile
from .errors import NotesWarning


@dataclass
class ImageRef:
    """An image as the notes name it: where it is, its alt text, caption and credit."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""
    line: int = field(default=0, compare=False)

    def as_link_html(self) -> str:
        """Rich text for the image where it can't be one (no file for it, or text that
        holds no images): a link to it, with its caption and credit."""
        words = [f'<a href="{escape(self.src)}">{escape(self.alt or self.src)}</a>']
        words += [escape(self.caption)] if self.caption else []
        words += [f"Credit: {escape(self.credit)}"] if self.credit else []
        return "".join(f"<p>{part}</p>" for part in words)


def merge_paragraphs(blocks: list[dict], lines: list[int]) -> tuple[list[dict], list[int]]:
    """Adjacent paragraph blocks as one, as Markdown would read them back; with the line
    each block starts on (`lines` beside `blocks`), a merged one on its first's."""
    merged: list[dict] = []
    merged_lines: list[int] = []
    for block, line in zip(blocks, lines, strict=True):
        if block["type"] == "paragraph" and merged and merged[-1]["type"] == "paragraph":
            merged[-1] = {"type": "paragraph", "value": merged[-1]["value"] + block["value"]}
        else:
            merged.append(block)
            merged_lines.append(line)
    return merged, merged_lines


@dataclass
class Talk:
    title: str
    slug: str
    line: int = 0
    talk_url: str = ""
    video_url: str = ""
    slides_url: str = ""
    speakers: list[str] = field(default_factory=list)
    #: What the speaker line gave beyond a name (`[Ada](https://ada.dev)`, `Ada (@ada)`),
    #: for a speaker the site doesn't know yet.
    speaker_profiles: dict[str, SpeakerProfile] = field(default_factory=dict, compare=False)
    #: The talk's own tags; the document's tags apply to every talk as well.
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    blocks: list[dict] = field(default_factory=list)
    #: The line of the file each block starts on, beside `blocks`, so that a block the
    #: body refuses is named by its line (none for a talk read back from its page).
    block_lines: list[int] = field(default_factory=list, compare=False)

    def block_counts(self) -> dict[str, int]:
        """Blocks by type, those inside lists' items too."""
        return dict(sorted(Counter(block["type"] for block in all_blocks(self.blocks)).items()))


@dataclass
class Day:
    title: str
    slug: str
    line: int = 0
    date: datetime.date | None = None
    intro: str = ""
    talks: list[Talk] = field(default_factory=list)


@dataclass
class Structure:
    """What the reader inferred, shown in the preview so an editor can steer it."""

    title_from: str = "front matter"
    day_level: int | None = None
    talk_level: int | None = None
    code_without_language: int = 0

    @property
    def day_marks(self) -> str:
        return "#" * (self.day_level or 0)

    @property
    def talk_marks(self) -> str:
        return "#" * (self.talk_level or 0)


@dataclass
class Document:
    source: str
    title: str
    slug: str
    #: A one-day file (title "<Conference>: Day N") joins its conference and doesn't
    #: change the conference's own fields.
    owns_conference: bool = True
    intro: str = ""
    published: datetime.datetime | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    location: str = ""
    website: str = ""
    tags: list[str] = field(default_factory=list)
    show_table_of_contents: bool = False
    days: list[Day] = field(default_factory=list)
    warnings: list[NotesWarning] = field(default_factory=list)
    structure: Structure = field(default_factory=Structure)

    @property
    def talks(self) -> list[Talk]:
        return [talk for day in self.days for talk in day.talks]

    def block_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for talk in self.talks:
            for name, count in talk.block_counts().items():
                counts[name] = counts.get(name, 0) + count
        return dict(sorted(counts.items()))
