"""Search result snippets: the passage that matched, with the query's words marked.

Text is escaped piece by piece around the matches and only then wrapped in <mark>,
so neither the notes nor the query can inject markup (and a word like "amp" can
never land inside an escaped entity).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
WORD = re.compile(r"\w+")


def query_words(query: str) -> list[str]:
    return [word for word in WORD.findall(query.lower()) if len(word) > 1]


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Words as typed or with an ending (search matches stems: cache → caching)."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, query: str) -> SafeString:
    pattern = word_pattern(query_words(query))
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def matching_passage(texts: Iterable[str], query: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters around the first match, or the start of the first text."""
    texts = [" ".join(text.split()) for text in texts if text and text.strip()]
    if not texts:
        return ""
    pattern = word_pattern(query_words(query))
    for text in texts:
        match = pattern.search(text) if pattern else None
        if match:
            start = max(0, match.start() - width // 3)
            if start:
                start = text.find(" ", start) + 1 or start  # don't cut a word in half
            end = min(len(text), start + width)
            if end < len(text):
                end = text.rfind(" ", start, end) if " " in text[start:end] else end
            return f"{'… ' if start else ''}{text[start:end]}{' …' if end < len(text) else ''}"
    first = texts[0]
    return first if len(first) <= width else first[:width].rsplit(" ", 1)[0] + " …"
