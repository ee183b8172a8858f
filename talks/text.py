"""Plain text of a talk's notes: for descriptions, reading time and search snippets."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator

from django.utils.html import strip_tags
from wagtail.blocks import StreamValue

WORDS_PER_MINUTE = 200
# Where one paragraph, list item or cell ends and the next begins.
BLOCK_BOUNDARY = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|blockquote|pre|div|table|tr|td|th)\b[^>]*>|<br\s*/?>", re.I
)
SENTENCE_END = (".", "!", "?", ":", ";", "…")
RICH_TEXT_BLOCKS = {"paragraph": lambda value: value.source, "quote": lambda v: v["text"].source}


def rich_text_plain(source: str) -> str:
    """Rich text as one line of text with its paragraphs and list items kept apart.

    "<li>Environments</li><li>Dev code</li>" reads "Environments. Dev code", never
    "EnvironmentsDev code".
    """
    pieces = (
        " ".join(html.unescape(strip_tags(piece)).split()) for piece in BLOCK_BOUNDARY.split(source)
    )
    sentences = [piece for piece in pieces if piece]
    return " ".join(
        piece if piece.endswith(SENTENCE_END) or index == len(sentences) - 1 else f"{piece}."
        for index, piece in enumerate(sentences)
    )


def body_children(body: StreamValue) -> Iterator[StreamValue.StreamChild]:
    """The body's blocks at any depth, in order: a list's items' blocks after the list."""
    for child in body:
        yield child
        if child.block_type == "list":
            for item in child.value["items"]:
                yield from body_children(item)


def rich_text_sources(body: StreamValue) -> Iterator[str]:
    """The database HTML of every rich text in the body, lists' items included."""
    for child in body_children(body):
        source = RICH_TEXT_BLOCKS.get(child.block_type)
        if source:
            yield source(child.value)


def body_texts(body: StreamValue) -> list[str]:
    """The text of each block of a talk body, in order."""
    texts = []
    for child in body_children(body):
        source = RICH_TEXT_BLOCKS.get(child.block_type)
        if source:
            texts.append(rich_text_plain(source(child.value)))
        elif child.block_type != "list":  # its items' blocks come next
            texts.extend(str(text) for text in child.block.get_searchable_content(child.value))
    return [text for text in texts if text and text.strip()]


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def first_words(texts: list[str], limit: int = 160) -> str:
    """About `limit` characters from the start of `texts`, cut at a word."""
    text = " ".join(" ".join(texts).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
