"""Social card images: a 1200 by 630 PNG per talk, drawn with Pillow.

A card shows the talk's title, its conference and its speakers. It is drawn once per
published revision and kept in the media storage (local disk or S3) under a name that
includes the revision, so publishing a change draws a new card under a new URL and
link previews never show an old title.
"""

from __future__ import annotations

import io
import textwrap

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from talks.models import ConferencePage, TalkPage

SIZE = (1200, 630)
MARGIN = 72
BACKGROUND = "#12324f"
ACCENT = "#fbbf24"
TEXT = "#ffffff"
MUTED = "#d6e2ee"
TITLE_LINES = 4


def card_name(talk: TalkPage) -> str:
    return f"cards/talk-{talk.pk}-{talk.live_revision_id}.png"


def talk_card_png(talk: TalkPage) -> bytes:
    """The card of the talk's live revision, drawn the first time it is asked for."""
    name = card_name(talk)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    conference = ConferencePage.objects.ancestor_of(talk).first()
    png = draw_card(
        talk.title,
        conference.title if conference else "",
        [speaker.name for speaker in talk.speakers],
    )
    default_storage.save(name, ContentFile(png))
    return png


def fit_title(title: str) -> tuple[int, list[str]]:
    """A font size and the title's lines: long titles get a smaller font before a cut."""
    for size, width in ((68, 30), (56, 37)):
        lines = textwrap.wrap(title, width=width)
        if len(lines) <= TITLE_LINES:
            return size, lines
    return 46, textwrap.wrap(title, width=46)[:TITLE_LINES]


def draw_card(title: str, conference: str, speakers: list[str]) -> bytes:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 16, SIZE[1]], fill=ACCENT)
    small = ImageFont.load_default(size=34)
    y = MARGIN
    if conference:
        draw.text((MARGIN, y), conference, font=small, fill=ACCENT)
        y += 70
    size, lines = fit_title(title)
    font = ImageFont.load_default(size=size)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TEXT)
        y += int(size * 1.25)
    footer = ", ".join(speakers)
    if footer:
        draw.text(
            (MARGIN, SIZE[1] - MARGIN - 80), textwrap.shorten(footer, 60), font=small, fill=MUTED
        )
    draw.text((MARGIN, SIZE[1] - MARGIN - 30), settings.WAGTAIL_SITE_NAME, font=small, fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
