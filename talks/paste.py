"""Markdown in the talk editor: paste notes in as blocks, copy a talk's notes out.

Both directions go through the notes importer's reader and exporter (one implementation
of the dialect), each called from one small adapter function below; the rest of this
module only prepares the pasted text so that it reads as one talk's body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from talks.models import TalkPage

# A pasted snippet is read as the body of `### <talk>` under `## Day 1`, the place a
# talk's notes have in a notes file; its section headings are then `####` (h2).
WRAPPER_LINES = ["---", "title: Pasted notes", "---", "", "## Day 1", "", "### {title}", ""]
BODY_HEADING_LEVEL = 4
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}")


class PasteError(Exception):
    """Markdown that can't be read; the message says where and what was expected."""


@dataclass
class PastedNotes:
    blocks: list[dict]
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = Counter(block["type"] for block in self.blocks)
        return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))


# Adapter to talks.notes: the only two functions here that know its API. ----------------


def read_talk_markdown(text: str, talk_title: str) -> PastedNotes:
    """The blocks (and warnings) the notes importer makes of one talk's Markdown body."""
    from talks.notes.errors import NotesError
    from talks.notes.pages import talk_body
    from talks.notes.reader import ReadOptions, read_notes
    from talks.notes.writer import escape_heading

    wrapper = "\n".join(WRAPPER_LINES).format(title=escape_heading(talk_title) or "Talk")
    offset = len(WRAPPER_LINES)

    def where(line: int | None, message: str) -> str:
        return f"line {line - offset}: {message}" if line and line > offset else message

    try:
        document = read_notes(
            f"{wrapper}\n{text}", "pasted Markdown", ReadOptions(talk_level=3, days=True)
        )
        (talk,) = document.talks
        blocks = talk_body(document, talk)
    except NotesError as error:
        raise PasteError(where(error.line, error.message)) from error
    return PastedNotes(
        blocks=blocks,
        warnings=[where(warning.line, warning.message) for warning in document.warnings],
    )


def talk_as_markdown(talk: TalkPage) -> str:
    """A talk's notes in the importer's dialect, as "Export as Markdown" writes them."""
    from talks.notes.pages import export_talk

    return export_talk(talk, body_only=True)


# -------------------------------------------------------------------------------------


def as_talk_body(text: str) -> str:
    """The snippet with its headings moved so the shallowest is a talk's h2 (`####`).

    An editor writes `## Key points` for a section; a notes file has it as `####`. Only
    the headings markdown-it finds are moved, never a `#` line inside fenced code.
    """
    tokens = [
        token
        for token in MarkdownIt("commonmark").parse(text)
        if token.type == "heading_open" and token.map
    ]
    if not tokens:
        return text
    shift = BODY_HEADING_LEVEL - min(int(token.tag[1]) for token in tokens)
    lines = text.split("\n")
    for token in tokens:
        start, end = token.map
        hashes = "#" * min(int(token.tag[1]) + shift, 6)
        if token.markup.startswith("#"):
            lines[start] = ATX_HEADING.sub(hashes, lines[start], count=1)
        else:
            # A setext heading (text underlined with === or ---) becomes one ATX line;
            # blank lines keep the line numbers of warnings true.
            content = " ".join(line.strip() for line in lines[start : end - 1])
            lines[start:end] = [f"{hashes} {content}", *[""] * (end - start - 1)]
    return "\n".join(lines)


def paste_markdown(text: str, talk_title: str) -> PastedNotes:
    """Read pasted Markdown as the blocks of a talk's body; PasteError when it can't be."""
    if not text.strip():
        raise PasteError("Paste or type some Markdown first.")
    pasted = read_talk_markdown(as_talk_body(text.replace("\r\n", "\n")), talk_title)
    if not pasted.blocks:
        raise PasteError("No notes found in the Markdown: nothing to add.")
    return pasted
