"""A conference as Markdown notes, in the dialect the importer reads.

Importing the output gives back the same tree, page fields and block values, so
export → import → export is stable.
"""

from __future__ import annotations

import html
import re

import yaml
from django.utils import timezone

from talks.models import ConferencePage, DayPage, TalkPage

from .markdown import escape_text, link_destination, rich_text_to_markdown
from .parser import DAY_NAME

SIMPLE_PARAGRAPH = re.compile(r"^<p>([^<]*)</p>$")
HEADING_OFFSET = 2  # a talk body's h2 sits under `### talk`, so it is written `####`


def export_conference(conference: ConferencePage) -> str:
    days = list(DayPage.objects.child_of(conference).order_by("path"))
    talks = list(
        TalkPage.objects.descendant_of(conference)
        .order_by("path")
        .prefetch_related("tagged_items__tag")
    )
    sections = [front_matter(conference, talks)]
    if conference.show_table_of_contents:
        sections.append("{{< toc >}}")
    if conference.intro and not SIMPLE_PARAGRAPH.match(conference.intro):
        sections.append(rich_text_to_markdown(conference.intro))
    for day in days:
        title = escape_heading(day.title)
        if not DAY_NAME.search(day.title):
            # The importer recognises days by name; keep a day that isn't named one a day.
            title = escape_heading(f"Day {days.index(day) + 1}: {day.title}")
        sections.append(f"## {title}")
        if day.intro:
            sections.append(rich_text_to_markdown(day.intro))
        for talk in (talk for talk in talks if talk.path.startswith(day.path)):
            sections.extend(talk_markdown(talk))
    return "\n\n".join(section for section in sections if section) + "\n"


def front_matter(conference: ConferencePage, talks: list[TalkPage]) -> str:
    meta: dict[str, object] = {"title": conference.title}
    if conference.first_published_at:
        meta["date"] = timezone.localtime(conference.first_published_at).date().isoformat()
    simple = SIMPLE_PARAGRAPH.match(conference.intro or "")
    if simple:
        meta["description"] = html.unescape(simple[1])
    tag_sets = [{item.tag.name for item in talk.tagged_items.all()} for talk in talks]
    meta["tags"] = sorted(set.intersection(*tag_sets)) if tag_sets else []
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---"


def escape_heading(text: str) -> str:
    return re.sub(r"(\s)#", r"\1\\#", escape_text(text))


def talk_markdown(talk: TalkPage) -> list[str]:
    title = escape_heading(talk.title)
    heading = (
        f"### [{title}]({link_destination(talk.talk_url)})" if talk.talk_url else f"### {title}"
    )
    return [heading, *(block_markdown(child.block_type, child.value, talk) for child in talk.body)]


def block_markdown(kind: str, value, talk: TalkPage) -> str:
    if kind == "paragraph":
        return rich_text_to_markdown(value.source)
    if kind == "heading":
        level = int(value["level"][1]) + HEADING_OFFSET
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
        return f"<{value.url}>" if value else ""
    raise ValueError(f"no Markdown for block type {kind!r}")


def quote_markdown(value) -> str:
    text = rich_text_to_markdown(value["text"].source)
    attribution = value.get("attribution") or ""
    if attribution:
        who = escape_text(attribution)
        url = value.get("attribution_url") or ""
        who = f"[{who}]({link_destination(url)})" if url else who
        ends_in_list = value["text"].source.rstrip().endswith(("</ul>", "</ol>"))
        separator = "\n\n" if ends_in_list else " "
        text = f"{text}{separator}-- {who}" if text else f"-- {who}"
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n"))


def code_markdown(value) -> str:
    source = value["code"]
    longest = max((len(run) for run in re.findall(r"`{3,}", source)), default=2)
    fence = "`" * (longest + 1)
    info = "" if value["language"] == "plain" else value["language"]
    if value.get("caption"):
        info = f'{info or "plain"} title="{value["caption"]}"'
    return f"{fence}{info}\n{source}\n{fence}"


def table_markdown(value, talk: TalkPage) -> str:
    rows = [[cell_markdown(cell) for cell in row] for row in value.get("data") or []]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(rows[0])} |", f"|{'|'.join([' --- '] * width)}|"]
    lines.extend(f"| {' | '.join(row)} |" for row in rows[1:])
    caption = value.get("table_caption") or ""
    if caption and caption != talk.title:
        lines.append(f"\nTable: {escape_text(caption)}")
    return "\n".join(lines)


def cell_markdown(cell) -> str:
    return escape_text(str(cell or "")).replace("|", "\\|")


def image_markdown(value) -> str:
    image = value["image"]
    alt = "" if image.decorative else escape_text(image.contextual_alt_text or "")
    caption = value.get("caption") or ""
    title = ' "' + caption.replace('"', '\\"') + '"' if caption else ""
    return f"![{alt}]({link_destination(image.file.url)}{title})"
