"""Parse a Markdown notes file (Hugo style) into a conference → day → talk tree.

The tree holds page fields and StreamField block values ready to save, and the line
each page starts on, so the preview and errors can point into the file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import yaml
from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from talks.blocks import CODE_LANGUAGE_NAMES, code, embed, heading, paragraph, quote, table

from .errors import NotesError, NotesWarning
from .richtext import FlowWriter, inline_html, plain_text

DAY_NAME = re.compile(
    r"\bday\s*\d+\b|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)
DAY_IN_TITLE = re.compile(r"^(?P<conference>.+?)\s*[:|–—-]\s*(?P<day>day\s*\d+.*)$", re.I)
SHORTCODE = re.compile(r"^\{\{[<%]\s*(?P<name>[\w/-]+).*[>%]\}\}$")
ATTRIBUTION_TEXT = re.compile(r"^(?:(?P<said>.*)\s)?--\s+(?P<who>\S.{0,254})$", re.S)
ATTRIBUTION_LEAD = re.compile(r"^(?:(?P<said>.*)\s)?--\s*$", re.S)
TABLE_CAPTION = re.compile(r"^Table:\s*(?P<caption>.+)$")
FENCE_CAPTION = re.compile(r'\btitle="(?P<caption>[^"]*)"')
LANGUAGE_ALIASES = {
    "py": "python",
    "python3": "python",
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "js": "javascript",
    "ts": "typescript",
    "yml": "yaml",
    "md": "markdown",
    "htmldjango": "django",
    "jinja": "django",
    "text": "plain",
    "txt": "plain",
    "c++": "cpp",
    "cs": "csharp",
    "docker": "dockerfile",
    "postgresql": "sql",
    "rb": "ruby",
    "rs": "rust",
}
MAX_HEADING_LEVEL = 4


@dataclass
class PendingImage:
    """An image the file refers to; the importer stores it and fills in the block."""

    path: Path | None
    src: str
    alt: str
    caption: str
    line: int


@dataclass
class TalkNode:
    title: str
    slug: str
    line: int
    talk_url: str = ""
    blocks: list[dict] = field(default_factory=list)


@dataclass
class DayNode:
    title: str
    slug: str
    line: int
    intro: str = ""
    talks: list[TalkNode] = field(default_factory=list)


@dataclass
class NotesDocument:
    source: str
    conference_title: str
    conference_slug: str
    #: A one-day file (title "<Conference>: Day N") joins its conference and doesn't
    #: change the conference's own fields.
    owns_conference: bool
    intro: str = ""
    published: datetime.datetime | None = None
    tags: list[str] = field(default_factory=list)
    show_table_of_contents: bool = False
    days: list[DayNode] = field(default_factory=list)
    warnings: list[NotesWarning] = field(default_factory=list)

    @property
    def talks(self) -> list[TalkNode]:
        return [talk for day in self.days for talk in day.talks]

    def block_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for talk in self.talks:
            for block in talk.blocks:
                counts[block["type"]] = counts.get(block["type"], 0) + 1
        return dict(sorted(counts.items()))


def markdown_parser() -> MarkdownIt:
    # Raw HTML is off: "<script>" in notes is text, never markup.
    return MarkdownIt("commonmark", {"html": False}).use(front_matter_plugin).enable("table")


def decode(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise NotesError(source, None, "this is a binary file; expected a Markdown text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NotesError(
            source, line, "this is not UTF-8 text; expected a Markdown file saved as UTF-8."
        ) from error


def unique_slug(title: str, used: set[str], fallback: str) -> str:
    base = slugify(title, allow_unicode=True)[:240].strip("-") or fallback
    slug, counter = base, 2
    while slug in used:
        slug, counter = f"{base}-{counter}", counter + 1
    used.add(slug)
    return slug


def read_notes(data: bytes, source: str, base_dir: Path | None = None) -> NotesDocument:
    """Parse the bytes of a notes file (an upload or a file on disk)."""
    return parse_notes(decode(data, source), source, base_dir)


def parse_notes(text: str, source: str, base_dir: Path | None = None) -> NotesDocument:
    """Parse a notes file; raises NotesError naming the line and what was expected."""
    return NotesParser(text, source, base_dir).parse()


class NotesParser:
    def __init__(self, text: str, source: str, base_dir: Path | None) -> None:
        self.source = source
        self.base_dir = base_dir
        self.warnings: list[NotesWarning] = []
        self.text = self._repair_mojibake(text.replace("\r\n", "\n"))
        self.lines = self.text.split("\n")
        self.talk_title = ""
        self.heading_shift = 1
        self.previous_heading = 1

    # -- helpers ---------------------------------------------------------------

    def fail(self, line: int | None, message: str) -> NotesError:
        return NotesError(self.source, line, message)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(NotesWarning(line, message))

    @staticmethod
    def line_of(node: SyntaxTreeNode) -> int:
        return node.map[0] + 1 if node.map else 0

    def _repair_mojibake(self, text: str) -> str:
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if line.isascii():
                continue
            repaired = ftfy.fix_encoding(line)
            if repaired != line:
                lines[number - 1] = repaired
                self.warn(number, f"repaired mis-decoded text (mojibake): now “{repaired.strip()}”")
        return "\n".join(lines)

    # -- document --------------------------------------------------------------

    def parse(self) -> NotesDocument:
        if not self.text.strip():
            raise self.fail(None, "the file is empty; expected front matter and notes.")
        root = SyntaxTreeNode(markdown_parser().parse(self.text))
        nodes = list(root.children)
        meta = self._front_matter(nodes[0] if nodes else None)
        if nodes and nodes[0].type == "front_matter":
            nodes = nodes[1:]
        self._check_fences(root)

        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            raise self.fail(1, "no title; expected front matter with `title: <conference>`.")
        title = title.strip()
        named_day = DAY_IN_TITLE.match(title)
        conference_title = named_day["conference"] if named_day else title
        document = NotesDocument(
            source=self.source,
            conference_title=conference_title,
            conference_slug=unique_slug(conference_title, set(), "conference"),
            owns_conference=not named_day,
            published=self._published(meta),
            tags=self._tags(meta),
            warnings=self.warnings,
        )
        description = meta.get("description")
        description_html = f"<p>{escape(str(description))}</p>" if description else ""

        nodes = self._take_shortcodes(nodes, document)
        h2_titles = [
            plain_text(node) for node in nodes if node.type == "heading" and node.tag == "h2"
        ]
        if any(DAY_NAME.search(text) for text in h2_titles):
            days = self._split(nodes, day_level=2)
            document.intro = description_html + self._intro(days.pop(0)[1], "the first day")
            document.days = [self._day(heading_node, body, 3) for heading_node, body in days]
        else:
            day_title = named_day["day"] if named_day else "Day 1"
            lead, talks = self._sections(nodes, 2)
            day = DayNode(title=day_title, slug=unique_slug(day_title, set(), "day"), line=1)
            intro = self._intro(lead, "the first talk")
            if named_day:
                day.intro = description_html + intro
            else:
                document.intro, day.intro = description_html, intro
            used: set[str] = set()
            day.talks = [self._talk(node, body, 2, used) for node, body in talks]
            document.days = [day]
        if not document.talks:
            raise self.fail(None, "no talks found; expected `## Day N` and `### <talk>` headings.")
        return document

    def _front_matter(self, node: SyntaxTreeNode | None) -> dict:
        if node is None or node.type != "front_matter":
            raise self.fail(
                1,
                "no front matter; expected the file to start with `---`, "
                "a YAML `title:` line and a closing `---`.",
            )
        if self.lines[(node.map[1] if node.map else 1) - 1].strip() != "---":
            raise self.fail(1, "the front matter is never closed; expected a `---` line.")
        try:
            meta = yaml.safe_load(node.content) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            problem = getattr(error, "problem", None) or "invalid YAML"
            raise self.fail(
                line, f"malformed front matter ({problem}); expected `key: value` lines."
            ) from error
        if not isinstance(meta, dict):
            raise self.fail(2, "malformed front matter; expected `key: value` lines.")
        return meta

    def _front_matter_line(self, key: str) -> int:
        for number, line in enumerate(self.lines, start=1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    def _published(self, meta: dict) -> datetime.datetime | None:
        value = meta.get("date")
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        try:
            date = (
                value
                if isinstance(value, datetime.date)
                else datetime.date.fromisoformat(str(value)[:10])
            )
        except ValueError as error:
            raise self.fail(
                self._front_matter_line("date"),
                f"date “{value}” is not a date; expected YYYY-MM-DD.",
            ) from error
        return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)

    def _tags(self, meta: dict) -> list[str]:
        tags = []
        for key in ("tags", "categories"):
            value = meta.get(key) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise self.fail(
                    self._front_matter_line(key), f"`{key}` must be a list, like `{key}: [python]`."
                )
            if key == "categories" and value:
                self.warn(self._front_matter_line(key), "categories were added to the talks' tags.")
            tags.extend(str(tag).strip() for tag in value if str(tag).strip())
        return list(dict.fromkeys(tags))

    def _check_fences(self, root: SyntaxTreeNode) -> None:
        for node in root.walk():
            if node.type != "fence" or not node.map:
                continue
            last = self.lines[node.map[1] - 1].strip().lstrip(">").strip()
            marker = node.markup[0]
            closed = (
                node.map[1] - node.map[0] > 1
                and last.startswith(node.markup)
                and not last.strip(marker)
            )
            if not closed:
                raise self.fail(
                    self.line_of(node),
                    f"this code block is never closed; expected a line with {node.markup} to close it.",
                )

    def _take_shortcodes(
        self, nodes: list[SyntaxTreeNode], document: NotesDocument
    ) -> list[SyntaxTreeNode]:
        kept = []
        for node in nodes:
            match = node.type == "paragraph" and SHORTCODE.match(node.children[0].content.strip())
            if match and match["name"] == "toc":
                document.show_table_of_contents = True
                continue
            kept.append(node)
        return kept

    # -- tree ------------------------------------------------------------------

    def _sections(self, nodes: list[SyntaxTreeNode], level: int):
        """The nodes before the first heading of `level`, and each such heading with its body."""
        tag = f"h{level}"
        lead: list[SyntaxTreeNode] = []
        sections: list[tuple[SyntaxTreeNode, list[SyntaxTreeNode]]] = []
        for node in nodes:
            if node.type == "heading" and node.tag == tag:
                sections.append((node, []))
            elif node.type == "heading" and int(node.tag[1]) < level:
                raise self.fail(
                    self.line_of(node),
                    f"unexpected {'#' * int(node.tag[1])} heading “{plain_text(node)}”; "
                    f"the title comes from the front matter, expected {'#' * level} headings or deeper.",
                )
            elif sections:
                sections[-1][1].append(node)
            else:
                lead.append(node)
        return lead, sections

    def _split(self, nodes, day_level: int):
        lead, days = self._sections(nodes, day_level)
        for node in lead:
            if node.type == "heading":
                raise self.fail(
                    self.line_of(node),
                    f"talk “{plain_text(node)}” comes before any day; "
                    "expected a `## Day N` heading above it.",
                )
        return [(None, lead), *days]

    def _day(self, node: SyntaxTreeNode, body: list[SyntaxTreeNode], talk_level: int) -> DayNode:
        title = plain_text(node).strip()
        day = DayNode(
            title=title, slug=unique_slug(title, self._day_slugs, "day"), line=self.line_of(node)
        )
        lead, talks = self._sections(body, talk_level)
        for lead_node in lead:
            if lead_node.type == "heading":
                raise self.fail(
                    self.line_of(lead_node),
                    f"heading “{plain_text(lead_node)}” comes before any talk "
                    f"of {title}; expected a `{'#' * talk_level} <talk>` heading above it.",
                )
        day.intro = self._intro(lead, "the first talk")
        used: set[str] = set()
        day.talks = [
            self._talk(talk_node, talk_body, talk_level, used) for talk_node, talk_body in talks
        ]
        if not day.talks:
            self.warn(day.line, f"{title} has no talks.")
        return day

    @property
    def _day_slugs(self) -> set[str]:
        if not hasattr(self, "_used_day_slugs"):
            self._used_day_slugs: set[str] = set()
        return self._used_day_slugs

    def _intro(self, nodes: list[SyntaxTreeNode], before: str) -> str:
        pieces = self._flow(nodes)
        for piece in pieces:
            if isinstance(piece, dict):
                raise self.fail(
                    None,
                    f"a {piece['type']} block comes before {before}; "
                    "expected only paragraphs and lists there.",
                )
        return "".join(pieces)

    def _talk(
        self, node: SyntaxTreeNode, body: list[SyntaxTreeNode], level: int, used: set[str]
    ) -> TalkNode:
        inline = node.children[0]
        talk_url = ""
        parts = [
            child
            for child in inline.children
            if not (child.type == "text" and not child.content.strip())
        ]
        if len(parts) == 1 and parts[0].type == "link":
            talk_url = str(parts[0].attrs.get("href", ""))
        title = plain_text(node).strip()
        if len(title) > 255:
            self.warn(
                self.line_of(node), f"talk title shortened to 255 characters: “{title[:40]}…”"
            )
            title = title[:255]
        talk = TalkNode(
            title=title,
            slug=unique_slug(title, used, "talk"),
            line=self.line_of(node),
            talk_url=talk_url,
        )
        self.talk_title = title
        self.heading_shift = level - 1
        self.previous_heading = 1
        talk.blocks = [
            paragraph(piece) if isinstance(piece, str) else piece for piece in self._flow(body)
        ]
        return talk

    # -- body ------------------------------------------------------------------

    def _flow(self, nodes: list[SyntaxTreeNode]) -> list[str | dict]:
        writer = FlowWriter()
        self._write_children(nodes, writer, in_list=False)
        return writer.finish()

    def _write_children(
        self, nodes: list[SyntaxTreeNode], writer: FlowWriter, in_list: bool
    ) -> None:
        nodes = list(nodes)
        for index, node in enumerate(nodes):
            if node.type == "table":
                caption = self._table_caption(nodes[index + 1] if index + 1 < len(nodes) else None)
                writer.block(self._table(node, caption))
            elif (
                node.type == "paragraph"
                and index
                and nodes[index - 1].type == "table"
                and self._table_caption(node)
            ):
                continue
            else:
                self._write(node, writer, in_list, first=index == 0)

    def _write(self, node: SyntaxTreeNode, writer: FlowWriter, in_list: bool, first: bool) -> None:
        kind = node.type
        if kind == "paragraph":
            self._paragraph(node, writer, in_list, first)
        elif kind in ("bullet_list", "ordered_list"):
            self._list(node, writer)
        elif kind in ("fence", "code_block"):
            writer.block(self._code(node))
        elif kind == "blockquote":
            for block in self._quotes(node):
                writer.block(block)
        elif kind == "heading":
            writer.block(self._heading(node))
        elif kind == "hr":
            self.warn(self.line_of(node), "a horizontal rule (---) was left out.")
        else:
            self.warn(self.line_of(node), f"unsupported Markdown ({kind}) kept as text.")
            writer.html(f"<p>{escape(node.content)}</p>")

    def _paragraph(
        self, node: SyntaxTreeNode, writer: FlowWriter, in_list: bool, first: bool
    ) -> None:
        inline = node.children[0]
        shortcode = SHORTCODE.match(inline.content.strip())
        if shortcode:
            self.warn(self.line_of(node), f"shortcode “{inline.content.strip()}” kept as text.")
        parts = [child for child in inline.children if child.type != "softbreak"]
        if (
            len(parts) == 1
            and parts[0].type == "link"
            and parts[0].markup == "autolink"
            and not in_list
        ):
            # A bare <url> on its own line is an embed (a recording or slides).
            writer.block(embed(str(parts[0].attrs.get("href", ""))))
            return
        if len(parts) == 1 and parts[0].type == "image" and not in_list:
            image = self._image(parts[0], self.line_of(node))
            if image:
                writer.block({"type": "image", "value": image})
                return
        html = inline_html(inline, lambda image: self._image_link(image, self.line_of(node)))
        if in_list:
            writer.html(html if first else f"<br/>{html}")
        else:
            writer.html(f"<p>{html}</p>")

    def _image(self, node: SyntaxTreeNode, line: int) -> PendingImage | None:
        """An image file beside the notes, or one of the site's own (from an export)."""
        src = str(node.attrs.get("src", ""))
        path = (self.base_dir / src).resolve() if self.base_dir and "://" not in src else None
        if path and not path.is_file():
            path = None
        if path is None and not src.startswith(settings.MEDIA_URL):
            return None
        caption = str(node.attrs.get("title") or "")
        return PendingImage(path=path, src=src, alt=plain_text(node), caption=caption, line=line)

    def _image_link(self, node: SyntaxTreeNode, line: int) -> str:
        src = str(node.attrs.get("src", ""))
        self.warn(line, f"image “{src}” inside text became a link.")
        alt = escape(plain_text(node) or src)
        return f'<a href="{escape(src)}">{alt}</a>'

    def _list(self, node: SyntaxTreeNode, writer: FlowWriter) -> None:
        tag = "ol" if node.type == "ordered_list" else "ul"
        start = int(node.attrs.get("start", 1) or 1)
        writer.open(
            f'<ol start="{start}">' if tag == "ol" and start != 1 else f"<{tag}>", f"</{tag}>"
        )
        for item in node.children:
            writer.open("<li>", "</li>")
            self._write_children(item.children, writer, in_list=True)
            writer.close()
        writer.close()

    def _heading(self, node: SyntaxTreeNode) -> dict:
        level = int(node.tag[1]) - self.heading_shift
        text = plain_text(node).strip()
        wanted = min(level, self.previous_heading + 1, MAX_HEADING_LEVEL)
        if wanted != level:
            self.warn(
                self.line_of(node),
                f"heading “{text}” moved to level h{wanted} so headings don't skip a level.",
            )
        self.previous_heading = wanted
        return heading(text, f"h{wanted}")

    def _code(self, node: SyntaxTreeNode) -> dict:
        info = (node.info or "").strip()
        name = info.split()[0].lower() if info else "plain"
        language = LANGUAGE_ALIASES.get(name, name)
        if language not in CODE_LANGUAGE_NAMES:
            self.warn(
                self.line_of(node),
                f"code language “{name}” is not one the site highlights; shown as plain text.",
            )
            language = "plain"
        caption = FENCE_CAPTION.search(info)
        source = node.content[:-1] if node.content.endswith("\n") else node.content
        return code(source, language, caption["caption"] if caption else "")

    def _table_caption(self, node: SyntaxTreeNode | None) -> str:
        if node is None or node.type != "paragraph":
            return ""
        match = TABLE_CAPTION.match(node.children[0].content.strip())
        return match["caption"] if match else ""

    def _table(self, node: SyntaxTreeNode, caption: str) -> dict:
        rows = []
        for row in (r for section in node.children for r in section.children):
            cells = []
            for cell in row.children:
                inline = cell.children[0] if cell.children else None
                if inline and any(
                    child.type not in ("text", "softbreak") for child in inline.children
                ):
                    self.warn(
                        self.line_of(node),
                        "formatting inside a table cell was dropped (cells are plain text).",
                    )
                cells.append(plain_text(cell).strip())
            rows.append(cells)
        return table(caption or self.talk_title, rows)

    def _quotes(self, node: SyntaxTreeNode) -> list[dict]:
        """One quote per attribution: each paragraph ending in `-- who` closes a quote."""
        blocks: list[dict] = []
        writer = FlowWriter()
        for child in node.children:
            said, who, url = (
                self._attribution(child) if child.type == "paragraph" else (None, "", "")
            )
            if said is None:
                self._write_children([child], writer, in_list=False)
                continue
            if said:
                writer.html(f"<p>{said}</p>")
            blocks.extend(self._quote_blocks(writer.finish(), who, url, self.line_of(child)))
            writer = FlowWriter()
        blocks.extend(self._quote_blocks(writer.finish(), "", "", self.line_of(node)))
        return blocks

    def _quote_blocks(self, pieces: list[str | dict], who: str, url: str, line: int) -> list[dict]:
        blocks = [quote(piece) if isinstance(piece, str) else piece for piece in pieces]
        if who:
            if blocks and blocks[-1]["type"] == "quote":
                blocks[-1]["value"].update(attribution=who, attribution_url=url)
            else:
                self.warn(
                    line, f"attribution “{who}” has no quoted text before it; kept as a quote."
                )
                blocks.append(quote(f"<p>{escape(who)}</p>"))
        return blocks

    def _attribution(self, node: SyntaxTreeNode) -> tuple[str | None, str, str]:
        """Split `text -- who` or `text -- [who](url)`: (text HTML, who, url), or (None, ...)."""
        inline = node.children[0]
        children = list(inline.children)
        on_image = lambda image: self._image_link(image, self.line_of(node))  # noqa: E731
        if (
            children
            and children[-1].type == "link"
            and len(children) >= 2
            and children[-2].type == "text"
        ):
            lead = ATTRIBUTION_LEAD.match(children[-2].content)
            if lead:
                said = lead["said"] or ""
                html = "".join(inline_html(child, on_image) for child in children[:-2])
                return (
                    html + escape(said),
                    plain_text(children[-1]).strip(),
                    str(children[-1].attrs.get("href", "")),
                )
        if children and children[-1].type == "text":
            match = ATTRIBUTION_TEXT.match(children[-1].content)
            if match:
                html = "".join(inline_html(child, on_image) for child in children[:-1])
                return html + escape(match["said"] or ""), match["who"].strip(), ""
        return None, "", ""
