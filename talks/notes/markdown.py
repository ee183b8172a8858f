"""Wagtail rich-text HTML back to Markdown, in the dialect the importer reads.

Text is escaped so that importing the Markdown gives back the same text: a literal
`*`, `[` or `<` in the notes stays a character, never becomes markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# `>` only matters at a line start and `&` only before an entity name; see below.
INLINE_SPECIAL = re.compile(r"([\\`*_~\[\]<]|&(?=#?\w+;))")
# A `%` after `%` or `{` would read back as an Obsidian comment or a Liquid tag.
TAG_PERCENT = re.compile(r"(?<=[{%])%")
LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag != "br":
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root


def escape_text(text: str) -> str:
    return TAG_PERCENT.sub(r"\\%", INLINE_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text)))


def escape_line_start(text: str) -> str:
    return LINE_START_SPECIAL.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)


def code_span(text: str) -> str:
    # A code span keeps its spaces as they are; only a line break would end it.
    text = re.sub(r"[\r\n]+", " ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark takes one space off each end, unless the span is all spaces.
    edges = text.startswith(("`", " ")) or text.endswith(("`", " "))
    pad = " " if text.strip(" ") and edges else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_destination(url: str) -> str:
    url = url.replace(" ", "%20")
    if "(" in url or ")" in url or "<" in url or ">" in url:
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def inline_markdown(nodes: list[Element | str], indent: str) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape_text(node))
        elif node.tag in ("b", "strong"):
            out.append(f"**{inline_markdown(node.children, indent)}**")
        elif node.tag in ("i", "em"):
            out.append(f"*{inline_markdown(node.children, indent)}*")
        elif node.tag in ("s", "del"):
            out.append(f"~~{inline_markdown(node.children, indent)}~~")
        elif node.tag == "code":
            out.append(code_span(text_of(node)))
        elif node.tag == "a" and node.attrs.get("href"):
            out.append(
                f"[{inline_markdown(node.children, indent)}]({link_destination(node.attrs['href'])})"
            )
        elif node.tag == "br":
            out.append("\\\n" + indent)
        else:
            out.append(inline_markdown(node.children, indent))
    text = "".join(out)
    # A line that would start a list, heading or quote is escaped to stay text.
    return "\n".join(escape_line_start(line) for line in text.split("\n"))


def text_of(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


# A list as written: its tag and its marker (`-`, `*`, `.` or `)`).
ListMarker = tuple[str, str]


def rich_text_to_markdown(html: str) -> str:
    """Markdown blocks for rich text, separated by blank lines."""
    return rich_text_markdown(html)[0]


def rich_text_markdown(
    html: str, previous: ListMarker | None = None
) -> tuple[str, ListMarker | None]:
    """Markdown for rich text that comes after `previous`, the list just before it (if
    any), and the list it ends with (None if it ends otherwise)."""
    blocks, last = block_markdown(parse_html(html).children, "", previous)
    return "\n\n".join(blocks), last


def block_markdown(
    nodes: list[Element | str], indent: str, previous_list: ListMarker | None = None
) -> tuple[list[str], ListMarker | None]:
    blocks: list[str] = []
    inline: list[Element | str] = []

    def flush() -> None:
        nonlocal previous_list
        text = inline_markdown(inline, indent).strip()
        if text:
            blocks.append(text)
            previous_list = None
        inline.clear()

    for node in nodes:
        if isinstance(node, Element) and node.tag in ("ul", "ol"):
            flush()
            marker = list_marker(node.tag, previous_list)
            blocks.append(list_markdown(node, indent, marker))
            previous_list = (node.tag, marker)
        elif isinstance(node, Element) and node.tag == "p":
            flush()
            inline.extend(node.children)
            flush()
        else:
            inline.append(node)
    flush()
    return blocks, previous_list


def list_marker(tag: str, previous: ListMarker | None) -> str:
    """Two lists in a row need different markers, or Markdown reads them as one list."""
    markers = (".", ")") if tag == "ol" else ("-", "*")
    if previous and previous[0] == tag and previous[1] == markers[0]:
        return markers[1]
    return markers[0]


def list_markdown(node: Element, indent: str, marker: str) -> str:
    lines = []
    number = int(node.attrs.get("start") or 1)
    for item in node.children:
        if not isinstance(item, Element) or item.tag != "li":
            continue
        bullet = f"{number}{marker}" if node.tag == "ol" else marker
        number += 1
        child_indent = indent + " " * (len(bullet) + 1)
        text_nodes = [
            child
            for child in item.children
            if not (isinstance(child, Element) and child.tag in ("ul", "ol"))
        ]
        first = inline_markdown(text_nodes, child_indent).strip()
        nested = [
            child
            for child in item.children
            if isinstance(child, Element) and child.tag in ("ul", "ol")
        ]
        lines.append(f"{indent}{bullet} {first}".rstrip())
        previous: ListMarker | None = None
        for child in nested:
            child_marker = list_marker(child.tag, previous)
            lines.append(list_markdown(child, child_indent, child_marker))
            previous = (child.tag, child_marker)
    return "\n".join(lines)
