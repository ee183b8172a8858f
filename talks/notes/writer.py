"""Write the document model as Markdown notes, in the dialect the reader reads.

A pure function: reading the output gives back the same document, so
export → import → export is byte-identical.
"""

from __future__ import annotations

import html
import re

from . import dialect
from .document import Day, Document, ImageRef, Talk
from .markdown import (
    ListMarker,
    escape_text,
    link_destination,
    list_marker,
    rich_text_markdown,
    rich_text_to_markdown,
)

SIMPLE_PARAGRAPH = re.compile(r"^<p>([^<]*)</p>$")
DAY_LEVEL, TALK_LEVEL = 2, 3


def write_notes(document: Document) -> str:
    # Tags every talk has go in the front matter; the rest under each talk.
    tag_sets = [{*document.tags, *talk.tags} for talk in document.talks]
    common = sorted(set.intersection(*tag_sets)) if tag_sets else sorted(document.tags)
    sections = [front_matter(document, common)]
    if document.show_table_of_contents:
        sections.append(dialect.TOC_WRITTEN)
    if document.intro and not SIMPLE_PARAGRAPH.match(document.intro):
        sections.append(rich_text_to_markdown(document.intro))
    for day in document.days:
        sections.extend(day_markdown(day))
        for talk in day.talks:
            sections.extend(talk_markdown(talk, sorted(set(talk.tags) - set(common))))
    return "\n\n".join(section for section in sections if section) + "\n"


def front_matter(document: Document, tags: list[str]) -> str:
    meta: dict[str, object] = {"title": document.title}
    if document.slug != dialect.slug_of(document.title, "conference"):
        meta["slug"] = document.slug
    if document.published:
        meta["date"] = document.published.date().isoformat()
    for key in dialect.CONFERENCE_KEYS:
        value = getattr(document, key)
        if value:
            meta[key] = value.isoformat() if hasattr(value, "isoformat") else value
    simple = SIMPLE_PARAGRAPH.match(document.intro or "")
    if simple:
        meta["description"] = html.unescape(simple[1])
    meta["tags"] = tags
    if not all(dialect.names_a_day(day.title) for day in document.days):
        # The reader finds days by name; say so when a day isn't named like one.
        meta[dialect.DAYS_KEY] = True
    return dialect.write_front_matter(meta)


def escape_heading(text: str) -> str:
    return re.sub(r"(\s)#", r"\1\\#", escape_text(text))


def meta_paragraph(fields: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in fields if value)


def named_slug(page: Day | Talk, fallback: str) -> str:
    """The slug, when it isn't the one the title gives."""
    return "" if page.slug == dialect.slug_of(page.title, fallback) else page.slug


def day_markdown(day: Day) -> list[str]:
    meta = meta_paragraph(
        [("Date", day.date.isoformat() if day.date else ""), ("Slug", named_slug(day, "day"))]
    )
    intro = rich_text_to_markdown(day.intro) if day.intro else ""
    if not meta and intro:
        intro = dialect.escape_meta_start(intro, dialect.DAY_META)
    return [f"{'#' * DAY_LEVEL} {escape_heading(day.title)}", meta, intro]


def talk_markdown(talk: Talk, tags: list[str]) -> list[str]:
    title = escape_heading(talk.title)
    if talk.talk_url:
        title = f"[{title}]({link_destination(talk.talk_url)})"
    summary = [("Summary", line) for line in talk.summary.strip().splitlines() if line.strip()]
    meta = meta_paragraph(
        [
            ("Speakers", dialect.speaker_names_line(talk.speakers)),
            ("Video", talk.video_url),
            ("Slides", talk.slides_url),
            ("Tags", dialect.join_names(tags)),
            *summary,
            ("Slug", named_slug(talk, "talk")),
        ]
    )
    return [f"{'#' * TALK_LEVEL} {title}", meta, *talk_body_markdown(talk)]


def talk_body_markdown(talk: Talk) -> list[str]:
    """The talk's blocks as Markdown; a first paragraph that would read as the talk's
    fields ("Speakers: …") is escaped, also after the fields' own paragraph (which
    metadata paragraphs may follow)."""
    blocks = body_markdown(talk.blocks, talk)
    if blocks and talk.blocks[0]["type"] == "paragraph":
        blocks[0] = dialect.escape_meta_start(blocks[0], dialect.TALK_META, bylines=True)
    return blocks


def body_markdown(blocks: list[dict], talk: Talk) -> list[str]:
    """Each block as Markdown. A list right after a list of its kind takes the other
    marker (`*` after `-`, `)` after `.`), or Markdown would read the two as one."""
    written = []
    previous: ListMarker | None = None
    for block in blocks:
        if block["type"] == "paragraph":
            markdown, previous = rich_text_markdown(block["value"], previous)
        elif block["type"] == "list":
            markdown, previous = list_markdown(block["value"], talk, previous)
        else:
            markdown, previous = block_markdown(block, talk), None
        written.append(markdown)
    return written


def list_markdown(value: dict, talk: Talk, previous: ListMarker | None) -> tuple[str, ListMarker]:
    """A list block: each item's blocks indented under its bullet or number."""
    tag = "ol" if value["ordered"] else "ul"
    marker = list_marker(tag, previous)
    items = []
    for number, item in enumerate(value["items"], start=value["start"]):
        bullet = f"{number}{marker}" if tag == "ol" else marker
        first, *rest = "\n\n".join(part for part in body_markdown(item, talk) if part).split("\n")
        pad = " " * (len(bullet) + 1)
        lines = [f"{bullet} {first}".rstrip(), *(pad + line if line else "" for line in rest)]
        items.append("\n".join(lines))
    return "\n".join(items), (tag, marker)


def block_markdown(block: dict, talk: Talk) -> str:
    kind, value = block["type"], block["value"]
    if kind == "heading":
        level = int(value["level"][1]) + TALK_LEVEL - 1
        return f"{'#' * level} {escape_heading(value['text'])}"
    if kind == "quote":
        return quote_markdown(value)
    if kind == "code":
        return code_markdown(value)
    if kind == "table":
        return table_markdown(value, talk)
    if kind == "image":
        return image_markdown(value)
    if kind == "embed":
        return f"<{value}>" if value else ""
    raise ValueError(f"no Markdown for block type {kind!r}")


def quote_markdown(value: dict) -> str:
    text = rich_text_to_markdown(value["text"])
    attribution = value.get("attribution") or ""
    if attribution:
        who = escape_text(attribution)
        url = value.get("attribution_url") or ""
        who = f"[{who}]({link_destination(url)})" if url else who
        ends_in_list = value["text"].rstrip().endswith(("</ul>", "</ol>"))
        # After the text on its line only a name reads back as who said it; other words
        # get a line of their own.
        inline = url or dialect.names_someone(attribution)
        separator = "\n\n" if ends_in_list else " " if inline else "\n"
        text = f"{text}{separator}-- {who}" if text else f"-- {who}"
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n"))


def code_markdown(value: dict) -> str:
    source = value["code"]
    fence = dialect.code_fence(source)
    info = dialect.fence_info(value["language"], value.get("caption") or "")
    return f"{fence}{info}\n{source}\n{fence}"


def table_markdown(value: dict, talk: Talk) -> str:
    rows = [[cell_markdown(cell) for cell in row] for row in value.get("data") or []]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(rows[0])} |", f"|{'|'.join([' --- '] * width)}|"]
    lines.extend(f"| {' | '.join(row)} |" for row in rows[1:])
    caption = value.get("table_caption") or ""
    if caption and caption != talk.title[:255]:
        lines.append(f"\nTable: {escape_text(caption)}")
    return "\n".join(lines)


def cell_markdown(cell: object) -> str:
    return escape_text(str(cell or "")).replace("|", "\\|")


def image_markdown(image: ImageRef) -> str:
    title = ' "' + image.caption.replace('"', '\\"') + '"' if image.caption else ""
    markdown = f"![{escape_text(image.alt)}]({link_destination(image.src)}{title})"
    return f"{markdown}\nCredit: {escape_text(image.credit)}" if image.credit else markdown
