"""Social card images: a 1200 by 630 PNG per talk, drawn with Pillow.

A card shows the talk's title, its conference and its speakers. It is drawn once per
published revision and kept in the media storage (local disk or S3) under a name that
includes the revision, so publishing a change draws a new card under a new URL and
link previews never show an old title.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

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
# DejaVu covers accented and non-Latin names; Pillow's built-in font (the fallback when
# it isn't installed) draws them as boxes.
FONT_FILE = "DejaVuSans.ttf"


@lru_cache(maxsize=8)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default(size=size)


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


def wrap(text: str, size: int, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels at this font size."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font(size).getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def fit_title(title: str) -> tuple[int, list[str]]:
    """A font size and the title's lines: long titles get a smaller font before a cut."""
    width = SIZE[0] - 2 * MARGIN
    # Font sizes and how many lines of each fit above the speakers.
    for size, most in ((68, 3), (56, 4)):
        lines = wrap(title, size, width)
        if len(lines) <= most:
            return size, lines
    return 46, wrap(title, 46, width)[:5]


def draw_card(title: str, conference: str, speakers: list[str]) -> bytes:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 16, SIZE[1]], fill=ACCENT)
    small = font(34)
    y = MARGIN
    if conference:
        draw.text((MARGIN, y), conference, font=small, fill=ACCENT)
        y += 70
    size, lines = fit_title(title)
    title_font = font(size)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
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
