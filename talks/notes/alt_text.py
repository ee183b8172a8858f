"""Alt text from notes, mended to meet the site's alt-text rules instead of refusing the file.

Notes are written for their author: Typora and iPhone uploads put the file name where the
description goes (`![image-20240501103015123](…)`, `![IMG_1234.jpg](…)`), some start
"Image of …", and some describe a slide in a paragraph. The editor refuses each of these
(accessibility/rules.py); an import keeps the image and every word, mends what it can,
and says what it did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from accessibility.rules import (
    MAX_ALT_TEXT_LENGTH,
    REDUNDANT_PREFIX,
    alt_text_problems,
    names_the_file,
)

from .errors import shown

CAPTION_LENGTH = 255
# A first sentence long enough not to end at an abbreviation ("Dr. Ada Lovelace …").
FIRST_SENTENCE = re.compile(r"(.{20,}?[.!?])(?:\s|$)")


@dataclass(frozen=True)
class ImportedAltText:
    alt: str  # empty: the image is imported as decorative
    caption: str
    mended: str = ""  # what was changed and why, for the import's warnings
    # A description too long for the caption too, kept whole in a paragraph after it.
    description: str = ""


def imported_alt_text(
    alt: str, caption: str, *, source: str, filename: str, title: str
) -> ImportedAltText:
    """The alt text and caption an image from notes is saved with: `source` is its path
    in the notes, `filename` and `title` those of the image it was found or stored as."""
    written = alt = alt.strip()
    if not alt:
        return ImportedAltText("", caption)
    if names_the_file(alt, filename=filename, title=title) or names_the_file(
        alt, filename=PurePosixPath(unquote(source)).name
    ):
        return ImportedAltText(
            "",
            caption,
            f"its alt text {shown(written)} is a file name, not a description; the image is "
            "imported as decorative: describe it in the editor if it shows what the text "
            "doesn't.",
        )
    mended = []
    if prefix := REDUNDANT_PREFIX.match(alt):
        rest = alt[prefix.end() :].lstrip(" :,;-–—")
        alt = rest[:1].upper() + rest[1:]
        mended.append(
            f"its alt text {shown(written)} no longer starts “{prefix.group().strip()}”, "
            "which screen readers already say"
            + ("" if alt else "; nothing is left, so the image is imported as decorative")
        )
    description = ""
    if len(alt) > MAX_ALT_TEXT_LENGTH:
        described = " — ".join(part for part in (caption, alt) if part)
        if len(described) <= CAPTION_LENGTH:
            caption = described
            kept = "the whole description is its caption"
        else:
            description = alt
            kept = "the whole description is a paragraph after the image"
        mended.append(
            f"its alt text of {len(alt)} characters is more than the {MAX_ALT_TEXT_LENGTH} "
            f"a screen reader reads out at once, so it is cut short; {kept}"
        )
        alt = shortened(alt)
    if alt and alt_text_problems(alt, filename=filename, title=title):
        # What is left still fails a rule ("Image of image of …"): nothing to describe.
        alt = ""
        mended.append("what is left is no description, so the image is imported as decorative")
    return ImportedAltText(alt, caption, "; ".join(mended) + ("." if mended else ""), description)


def shortened(text: str) -> str:
    """Its first sentence if that fits the alt-text limit, else its words up to it."""
    sentence = FIRST_SENTENCE.match(text)
    if sentence and len(sentence.group(1)) <= MAX_ALT_TEXT_LENGTH:
        return sentence.group(1)
    cut = text[: MAX_ALT_TEXT_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
