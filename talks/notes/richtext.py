"""Markdown syntax-tree nodes to Wagtail's database rich-text HTML.

Every text node is escaped here, so hostile text (``<script>``) stays text. Only the
tags the paragraph and quote blocks allow are produced: p, ul/ol/li, b, i, s, code, a,
br. Raw HTML in a line shows as a browser shows it (talks/notes/html.py): `<kbd>` as
code, `<strong>` as bold, `<u>` as its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import escape
from markdown_it.tree import SyntaxTreeNode

from .html import (
    QUIET_TAGS,
    SHOWN_AS_TEXT,
    WEB_ADDRESS,
    Marks,
    safe_href,
    spaces_outside_marks,
    tag_events,
)

#: What becomes of an image in a line of text: given its address and alt text, the HTML
#: shown in its place.
OnImage = Callable[[str, str], str]
#: Told of each raw HTML tag left out of a line (its name, or "comment").
OnLeftOut = Callable[[str], None]

SPACES = re.compile(r"\s+")
CONTINUED_EMPTY_ITEM = re.compile(r'<ol start="(\d+)"><li></li>')
EMPTY_ELEMENT = re.compile(r"<(li|ul|ol|p)( [^>]*)?></\1>")


# `<br>`, as a table cell breaks its lines (a pipe table's row is one line).
LINE_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.I)


def plain_text(node: SyntaxTreeNode, images: bool = True) -> str:
    """The text a reader sees, without markup (for titles, headings and table cells); an
    image's alt text too, unless `images` is False (a badge or logo in a title)."""
    if node.type == "image" and not images:
        return ""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak") or (
        node.type == "html_inline" and LINE_BREAK_TAG.match(node.content)
    ):
        return " "
    return "".join(plain_text(child, images) for child in node.children)


def cell_text(node: SyntaxTreeNode) -> str:
    """A table cell's text (cells are plain text): a link keeps its address after its
    words, `docs (https://…)`, so it is not lost."""
    if node.type == "link":
        words = "".join(cell_text(child) for child in node.children)
        href = str(node.attrs.get("href", ""))
        shown = bool(WEB_ADDRESS.match(href)) and href not in words
        return f"{words} ({href})" if shown else words
    if node.children:
        return "".join(cell_text(child) for child in node.children)
    return plain_text(node)


def inline_html(
    node: SyntaxTreeNode,
    on_image: OnImage,
    on_footnote: Callable[[SyntaxTreeNode], str] = lambda node: "",
    on_left_out: OnLeftOut = lambda tag: None,
) -> str:
    """Rich-text HTML for an inline node and its children."""
    kind = node.type
    if kind == "text":
        # Runs of spaces show as one; storing one keeps export → import stable.
        return escape(SPACES.sub(" ", node.content))
    if kind == "code_inline":
        return f"<code>{escape(node.content)}</code>"
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "<br/>"
    if kind == "footnote_ref":
        return on_footnote(node)
    if kind == "link":
        return link_html(node, on_image, on_footnote, on_left_out)
    if kind == "image":
        return on_image(str(node.attrs.get("src", "")), plain_text(node))
    inner = children_html(node.children, on_image, on_footnote, on_left_out)
    if kind == "strong":
        return f"<b>{inner}</b>"
    if kind == "em":
        return f"<i>{inner}</i>"
    if kind == "s":
        return f"<s>{inner}</s>"
    return inner


def children_html(
    children: list[SyntaxTreeNode],
    on_image: OnImage,
    on_footnote: Callable[[SyntaxTreeNode], str],
    on_left_out: OnLeftOut,
    marks: Marks | None = None,
) -> str:
    """The children's HTML; the formatting their raw HTML tags open is closed by the end."""
    marks = marks or Marks()
    html: list[str] = []

    def image_in_place(src: str, alt: str) -> str:
        # Inside a raw <a>, an image is its alt text: links don't nest.
        if any(name == "a" for name, _ in marks.open):
            on_left_out("img")
            return escape(alt or src)
        return on_image(src, alt)

    for child in children:
        if child.type == "html_inline":
            html.append(raw_tag(child.content, marks, image_in_place, on_left_out))
            continue
        if child.type == "image":
            html.append(image_in_place(str(child.attrs.get("src", "")), plain_text(child)))
            continue
        shown = inline_html(child, on_image, on_footnote, on_left_out)
        if shown.startswith(" ") and "".join(html[-2:]).endswith(" "):
            shown = shown[1:]  # a tag left out between two spaces: they show as one
        html.append(shown)
    return "".join(html) + marks.close_all()


def raw_tag(content: str, marks: Marks, on_image: OnImage, on_left_out: OnLeftOut) -> str:
    """What a raw HTML tag in a line shows as: formatting rich text has, a line break, an
    image; else nothing (its text is shown, as a browser shows it). A tag GitHub shows as
    text (`<script>`), and whatever isn't a tag (`<?php`), stay text."""
    events = tag_events(content)
    if not events:
        return escape(content)
    kind, tag, attributes = events[0]
    if kind == "comment":
        on_left_out("comment")
        return ""
    if tag in SHOWN_AS_TEXT:
        return escape(content)
    if tag == "br":
        return "<br/>"
    if tag == "img" and kind != "end":
        src = attributes.get("src", "").strip()
        if src and not (src := safe_href(src)):
            on_left_out("img")
            return ""
        return on_image(src, " ".join(attributes.get("alt", "").split())) if src else ""
    if tag == "input" and attributes.get("type") == "checkbox":
        return "☑ " if "checked" in attributes else "☐ "
    html = marks.end(tag) if kind == "end" else marks.start(tag, attributes)
    if kind == "empty" and html:
        html += marks.end(tag)
    if tag not in QUIET_TAGS:
        on_left_out(tag)
    return html


def link_html(
    node: SyntaxTreeNode,
    on_image: OnImage,
    on_footnote: Callable[[SyntaxTreeNode], str],
    on_left_out: OnLeftOut,
) -> str:
    def image_as_text(src: str, alt: str) -> str:
        # A linked image, [![alt](src)](url): links don't nest, so its alt text is the
        # link's text (on_image still reports it).
        on_image(src, alt)
        return escape(alt or src)

    # Raw links inside it don't nest either.
    marks = Marks(links=False)
    inner = children_html(node.children, image_as_text, on_footnote, on_left_out, marks)
    href = safe_href(str(node.attrs.get("href", "")))
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


class FlowWriter:
    """Collects rich text and stream blocks in document order.

    Rich text accumulates until a block that rich text can't hold (code, a table, a
    quote) turns up inside it. Then the open elements are closed, the block is emitted
    in its place, and the same elements are reopened, so a list split around a code
    block keeps its nesting depth on both sides, and a numbered list its numbering.
    """

    def __init__(self) -> None:
        self.pieces: list[str | dict] = []
        #: The line of the file each piece starts on, beside `pieces`.
        self.lines: list[int] = []
        #: The line of the node being written; the reader moves it along.
        self.line = 0
        self._html: list[str] = []
        self._html_line: int | None = None
        # Open elements: start tag, end tag, and for a list the items opened so far.
        self._open: list[list] = []

    def html(self, text: str) -> None:
        self._content_starts()
        self._html.append(text)

    def open(self, start: str, end: str) -> None:
        self._content_starts()
        self._html.append(start)
        if start == "<li>" and self._open:
            self._open[-1][2] += 1
        self._open.append([start, end, 0])

    def close(self) -> None:
        self._html.append(self._open.pop()[1])

    def block(self, block: dict) -> None:
        self._html.extend(end for _, end, _ in reversed(self._open))
        self._flush()
        self.pieces.append(block)
        self.lines.append(self.line)
        # Reopened elements are not content: the rich text after the block starts on the
        # line of whatever is written next.
        self._html.extend(reopened(start, items) for start, _, items in self._open)

    def finish(self) -> list[str | dict]:
        self._flush()
        return self.pieces

    def _content_starts(self) -> None:
        if self._html_line is None:
            self._html_line = self.line

    def _flush(self) -> None:
        html = spaces_outside_marks("".join(self._html))
        line = self._html_line or self.line
        self._html, self._html_line = [], None
        previous = None
        while previous != html:
            # A reopened item with nothing after the block: the next item is the next number.
            html = CONTINUED_EMPTY_ITEM.sub(lambda m: f'<ol start="{int(m[1]) + 1}">', html)
            html = html.replace("<li><br/>", "<li>")  # an item's text going on after a block
            previous, html = html, EMPTY_ELEMENT.sub("", html)
        if not html:
            return
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += html
        else:
            self.pieces.append(html)
            self.lines.append(line)


def reopened(start: str, items: int) -> str:
    """The start tag of an element reopened after a block; a numbered list goes on counting."""
    if not start.startswith("<ol") or items < 1:
        return start
    first = re.search(r'start="(\d+)"', start)
    number = (int(first[1]) if first else 1) + items - 1
    return f'<ol start="{number}">' if number != 1 else "<ol>"
