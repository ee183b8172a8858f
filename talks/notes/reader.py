"""Read a Markdown notes file into the document model; a pure function of its text.

The structure is inferred from the heading outline, not demanded: the conference title
comes from front matter, else a lone top-level heading, else the file name; days are
the shallowest headings that name a day; talks are the level below the days (or the
main section level). What can't be mapped exactly is kept as text and named in a
warning. No database, no file system, no models: see `talks.notes.pages` for those.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from html import unescape
from itertools import pairwise, takewhile

import ftfy
from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from talks.block_values import (
    CODE_LANGUAGE,
    LIST_ITEM_BLOCKS,
    MAX_LIST_DEPTH,
    code,
    embed,
    heading,
    list_block,
    paragraph,
    quote,
    table,
)

from . import dialect
from .document import Day, Document, ImageRef, Structure, Talk, merge_paragraphs
from .errors import NotesError, NotesWarning, shown
from .html import (
    HtmlCode,
    HtmlEmbed,
    HtmlImage,
    HtmlQuote,
    HtmlTable,
    read_html,
    safe_href,
    spaces_outside_marks,
)
from .richtext import SPACES, FlowWriter, cell_text, inline_html, plain_text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TALKS = 5000
# Real notes files hold hundreds of blocks; 20,000 read in about a second.
MAX_BLOCKS = 20_000
MAX_NESTING = 100
# Reading gives up after this long: the admin preview must answer well within the app
# server's 30-second timeout, and a few lines of unclosed `[` cost the parser quadratic
# time. Real notes (30 KB) read in a tenth of a second.
MAX_READ_SECONDS = 10
MAX_TITLE_CHARS = 255
MAX_SPEAKER_CHARS = 255
# Talk fields that several metadata lines add to (Panelists, then Moderator).
MANY_LINED_FIELDS = {"speakers", "tags"}
PARAGRAPH = re.compile(r"<p>(.*?)</p>")
EMOJI_SHORTCODE_AT_END = re.compile(r"(?<!\w):[a-z0-9_+-]{1,40}:$")
# The quote marks and indentation before a fence's closing line, however deeply quoted.
QUOTE_MARKS = re.compile(r"^[\s>]*")
# Containers whose end also ends a code block left open inside them.
FENCE_ENDERS = {"list_item": "list item", "blockquote": "quote"}
MAX_HEADING_LEVEL = 4
# Lines readers never see, left out before parsing, and what the warning says of them.
LEFT_OUT_LINES = (
    (
        dialect.strip_obsidian_comments,
        "line(s) held Obsidian comments (%%…%%), left out (readers never see them).",
    ),
    (
        dialect.strip_kramdown_attributes,
        "kramdown attribute list(s) under a block ({:.lead}) left out: they say how the "
        "block looks.",
    ),
)
# Blocks an introduction's rich text can't hold, as a warning names them.
BLOCKS_IN_TEXT = {
    "list": "a list's code, table or quote",
    "image": "an image",
    "embed": "an embed",
}
BEFORE_THE_DAYS = "Before the first day"
MIN_BOLD_TALK_LINES = 3
# A day without talk headings keeps a short note as its intro; longer notes are a talk.
SHORT_DAY_NODES = 2
# Nodes that read as blocks of their own; a list holding one becomes a list block.
BLOCK_NODES = {"fence", "code_block", "table", "blockquote", "heading"}
LIST_NODES = {"bullet_list", "ordered_list"}


class Place(Enum):
    """Where a node is read, which decides what its paragraphs become."""

    #: A talk's body or an introduction: a line alone can be an image or an embed.
    BODY = "body"
    #: An item of a list in rich text: its first paragraph is the item's text, the
    #: next ones go on after a line break.
    LIST_TEXT = "list text"
    #: An item of a list block: paragraphs, and code, tables, quotes and lists beside them.
    LIST_ITEM = "list item"


@dataclass(frozen=True)
class ReadOptions:
    """An editor's steering: the conference title, the talks' heading level, days or not."""

    title: str = ""
    talk_level: int | None = None
    days: bool | None = None


def markdown_parser() -> MarkdownIt:
    # Raw HTML is parsed so it can be recognised (players, comments) and then escaped.
    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        .use(footnote_plugin)
        .enable(["table", "strikethrough"])
    )
    parser.core.ruler.push("wikilinks", wikilinks_in_text)
    return parser


def wikilinks_in_text(state: StateCore) -> None:
    """Links between notes in text as the text they show; in code (spans, fences,
    indented, raw HTML), which is no text token, they stay as written."""
    for token in state.tokens:
        for child in token.children or [] if token.type == "inline" else []:
            if child.type == "text":
                child.content = dialect.wikilinks_as_text(child.content)


def decode(data: bytes, source: str) -> tuple[str, list[NotesWarning]]:
    """The file's text; UTF-8 (with or without a BOM), else its detected encoding."""
    if len(data) > MAX_FILE_BYTES:
        raise NotesError(source, None, "the file is larger than 10 MB; split it into parts.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # What Windows editors save as "Unicode": every other byte is a NUL, yet it is text.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NotesError(
                source, None, "this file starts as UTF-16 text but isn't; expected a text file."
            ) from error
        return text, [NotesWarning(None, "the file is UTF-16, not UTF-8; read it as UTF-16.")]
    if b"\x00" in data:
        raise NotesError(source, None, "this is a binary file; expected a Markdown text file.")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        matches = from_bytes(data)
        best = likeliest_reading(matches)
        if best is None:
            line = data[: error.start].count(b"\n") + 1
            raise NotesError(
                source, line, "this is not text in any known encoding; expected a Markdown file."
            ) from error
        return str(best), [
            NotesWarning(None, f"the file is not UTF-8; read it as {best.encoding}.")
        ]


# Letters of Polish, of Czech and Slovak, of Hungarian and of Romanian that none of the
# others has: what Western text read as cp1250 turns its accents into ("ê" → "ę", "ù" →
# "ů", "û" → "ű", "ã" → "ă"). (Not "č" or "ć": Croatian, Serbian and Bosnian have both.)
CENTRAL_EUROPEAN_LETTERS = ("ąęłśźżń", "ěňůřďť", "őű", "ăţ")
VIETNAMESE_LETTERS = set("ăđơư")


def unlikely_reading(match: CharsetMatch) -> bool:
    """Whether a Central European or Vietnamese reading is more likely Western text:
    the Central European one mixes letters no one language has together, or has "ŕ"
    (rare even in Slovak, and what every "à" of French, Italian or Portuguese becomes);
    the Vietnamese one has none of the letters Vietnamese writes with."""
    letters = set(str(match).casefold())
    if match.encoding == "cp1250":
        languages = sum(1 for group in CENTRAL_EUROPEAN_LETTERS if letters & set(group))
        return "ŕ" in letters or languages > 1
    return match.encoding == "cp1258" and not letters & VIETNAMESE_LETTERS


def likeliest_reading(matches: CharsetMatches) -> CharsetMatch | None:
    """The detector's best reading of a legacy file, or Western (cp1252) where that
    reads as cleanly and the best is an unlikely lookalike: the detector can't tell
    short French or Italian notes from Czech or Vietnamese by its statistics alone."""
    best = matches.best()
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if best and western and western.chaos <= best.chaos and unlikely_reading(best):
        return western
    return best


def image_ref(image: SyntaxTreeNode, line: int) -> ImageRef:
    return ImageRef(
        src=dialect.image_path(str(image.attrs.get("src", ""))),
        alt=SPACES.sub(" ", plain_text(image)),  # as export writes it
        caption=str(image.attrs.get("title") or "")[:255],
        line=line,
    )


def footnote_refs(node: SyntaxTreeNode) -> list[int]:
    """The footnotes a node refers to, as the parser numbers them."""
    return [int(inner.meta.get("id", 0)) for inner in node.walk() if inner.type == "footnote_ref"]


def code_text(node: SyntaxTreeNode) -> str:
    """A fence's code, without the line end the parser gives its last line."""
    return node.content.removesuffix("\n")


def unique_slug(title: str, used: set[str], fallback: str) -> str:
    base = dialect.slug_of(title, fallback)
    slug, counter = base, 2
    while slug in used:
        slug, counter = f"{base}-{counter}", counter + 1
    used.add(slug)
    return slug


def read_notes(
    data: bytes | str,
    source: str,
    options: ReadOptions | None = None,
    *,
    seconds: float = MAX_READ_SECONDS,
) -> Document:
    """Read a notes file: its bytes (an upload or a file on disk), or text already decoded.
    Raises NotesError naming the line and what was expected, also when reading takes
    longer than `seconds`."""
    text, warnings = decode(data, source) if isinstance(data, bytes) else (data, [])
    deadline = Deadline(source, seconds)
    document = NotesReader(text, source, options or ReadOptions(), deadline).read()
    document.warnings[:0] = warnings
    return document


class Deadline:
    """The time a file's reading may take; the line being read when it runs out."""

    def __init__(self, source: str, seconds: float) -> None:
        self.source = source
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.line = 0

    def check(self, line: int | None = None) -> None:
        if time.monotonic() > self.end:
            raise NotesError(
                self.source,
                line or self.line or None,
                f"reading stopped here after {self.seconds:g} seconds; split the file into "
                "parts, or shorten this paragraph if it is very long.",
            )

    def watch(self, parser: MarkdownIt) -> MarkdownIt:
        """The parser, checking the time at every step of its inline pass, where a long
        paragraph can take quadratic time."""
        parser.core.ruler.at("inline", self._inline_pass)
        parser.inline.ruler.before("text", "deadline", self._inline_step)
        return parser

    def _inline_pass(self, state: StateCore) -> None:
        # markdown-it's own inline pass, noting the line it has reached for the message
        # (a table cell has none of its own; its row has).
        for token in state.tokens:
            self.line = line_of(token) or self.line
            if token.type == "inline":
                token.children = token.children or []
                state.md.inline.parse(token.content, state.md, state.env, token.children)

    def _inline_step(self, state: StateInline, silent: bool) -> bool:
        self.check()
        return False  # never consumes anything itself


@dataclass
class Section:
    """A heading and the top-level nodes under it, up to the next heading as deep or deeper."""

    node: SyntaxTreeNode | None
    level: int
    body: list[SyntaxTreeNode]

    @property
    def line(self) -> int:
        return line_of(self.node) if self.node else 1


def line_of(node: SyntaxTreeNode | Token) -> int:
    return node.map[0] + 1 if node.map else 0


def inline_lines(
    inline: SyntaxTreeNode, breaks: tuple[str, ...] = ("softbreak", "hardbreak")
) -> list[list[SyntaxTreeNode]]:
    """An inline node's children, line by line (split at the `breaks`)."""
    lines: list[list[SyntaxTreeNode]] = [[]]
    for child in inline.children:
        if child.type in breaks:
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def with_parts(
    node: SyntaxTreeNode, parts: list[list[SyntaxTreeNode]], indexes: list[int]
) -> SyntaxTreeNode:
    """The list or paragraph `node` with only the items or lines (`parts`) at `indexes`;
    each line after the first keeps the break written before it."""
    kept = copy.copy(node)
    if node.type == "bullet_list":
        kept.children = [item for index in indexes for item in parts[index]]
        return kept
    inline = copy.copy(node.children[0])
    breaks = [child for child in inline.children if child.type in ("softbreak", "hardbreak")]
    inline.children = [
        child
        for position, index in enumerate(indexes)
        for child in ([breaks[index - 1]] if position else []) + parts[index]
    ]
    kept.children = [inline]
    return kept


def level_of(node: SyntaxTreeNode) -> int:
    return int(node.tag[1])


def heading_text(node: SyntaxTreeNode) -> str:
    """A heading as a title: one line, no invisible characters, no images (a badge, a
    logo), no attribute list (Pandoc's and kramdown's `{#id .class}`), no trailing colon."""
    shown = dialect.visible_text(plain_text(node, images=False))
    shown = shown or dialect.visible_text(plain_text(node))  # a heading that is an image
    text = dialect.without_attribute_list(shown)
    if EMOJI_SHORTCODE_AT_END.search(text):  # `## Badge :iphone:` keeps its closing colon
        return text
    return text.rstrip(":").rstrip()


class NotesReader:
    def __init__(self, text: str, source: str, options: ReadOptions, deadline: Deadline) -> None:
        self.source = source
        self.options = options
        self.deadline = deadline
        self.warnings: list[NotesWarning] = []
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        # Composed, as typed: text from macOS or Vietnamese keyboards can come decomposed
        # ("ê" as "e" and a combining accent), which reads the same but neither matches
        # day names nor is found by a search typed the usual way.
        text = unicodedata.normalize("NFC", text)
        self.lines = self._repair_mojibake(text).split("\n")
        self.parsed_lines: list[str] = []
        self.talk_title = ""
        self.heading_shift = 1
        self.previous_heading = 1
        self.footnotes: dict[int, str] = {}
        # Where the footnotes are defined: the line of the notes listed after a talk.
        self.footnotes_line = 0
        self.footnote_refs: list[int] = []
        self.code_without_language = 0
        self.block_count = 0
        self.talk_count = 0
        # Every tree parsed (the file's, and each callout's of its own) is kept for the
        # whole read: the caches below know nodes by id, and a freed node's id is reused.
        self.trees: list[SyntaxTreeNode] = []
        # Headings are looked at several times (title, levels, sections); read once each.
        self.heading_texts: dict[int, str] = {}
        self.list_depth = 0
        # ids of the list nodes known to hold no blocks.
        self.lists_without_blocks: set[int] = set()
        self.html_left_out: set[str] = set()  # raw HTML tags already warned of

    # -- helpers ---------------------------------------------------------------

    def fail(self, line: int | None, message: str) -> NotesError:
        return NotesError(self.source, line, message)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(NotesWarning(line or None, message))

    def _repair_mojibake(self, text: str) -> str:
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if line.isascii():
                continue
            repaired = ftfy.fix_encoding(line)
            if repaired != line:
                lines[number - 1] = repaired
                self.warn(number, f"repaired mis-decoded text (mojibake): now {shown(repaired)}")
        return "\n".join(lines)

    # -- document --------------------------------------------------------------

    def read(self) -> Document:
        if not "".join(self.lines).strip():
            raise self.fail(None, "the file is empty; expected Markdown notes.")
        front = dialect.read_front_matter(self.lines, self.source)
        meta = front.values
        # Blank lines keep every later line number pointing into the file.
        body_lines = [""] * front.lines + dialect.rewrite_platform_syntax(
            dialect.rewrite_embedded_images(
                dialect.rewrite_admonitions(
                    dialect.rewrite_highlight_tags(self.lines[front.lines :])
                )
            )
        )
        for strip, left_out in LEFT_OUT_LINES:
            body_lines, numbers = strip(body_lines)
            if numbers:
                self.warn(numbers[0], f"{len(numbers)} {left_out}")
        body_lines, spaced = dialect.space_after_heading_marks(body_lines)
        if spaced:
            self.warn(
                spaced[0],
                f"{len(spaced)} heading(s) written without a space after their # (`##Title`) "
                "read as headings, as the Markdown of their day read them.",
            )
        body_lines, cut = dialect.flatten_deep_nesting(body_lines)
        # What was parsed: metadata lines are read from these too, comments left out.
        self.parsed_lines = body_lines
        if cut:
            self.warn(
                cut[0],
                f"{len(cut)} line(s) nested deeper than {dialect.MAX_QUOTE_DEPTH} quotes or "
                f"{dialect.MAX_INDENT} columns were moved up to that depth.",
            )
        self.env: dict = {}
        root = self._parse("\n".join(body_lines), self.env)
        self._check_fences(root)
        self._collect_footnotes(root)
        tags, tag_warnings = dialect.meta_tags(meta, self.lines, self.source)
        for message in tag_warnings:
            self.warn(dialect.front_matter_line(self.lines, "categories"), message)

        document = Document(source=self.source, title="", slug="", tags=tags)
        nodes = self._take_markers(list(root.children), document)
        headings = [node for node in nodes if node.type == "heading"]
        title, title_from, title_node = self._title(meta, headings)
        if (
            title_node is not None
            and title_node.type == "heading"
            and (self._heading_text(title_node).casefold() == title.casefold())
        ):
            nodes.remove(title_node)
        headings = [node for node in headings if node is not title_node]
        if not headings:
            headings = self._bold_lines_as_headings(nodes)
        # Within what a title keeps: a longer one names no day (and costs the pattern more).
        named_day = (
            dialect.DAY_IN_TITLE.match(title)
            if title_from == "front matter" and len(title) <= MAX_TITLE_CHARS
            else None
        )
        # The one day of a file whose title names it, else the day of a file without days.
        only_day = (named_day["day"] or named_day["day_in_brackets"]) if named_day else "Day 1"
        title_line = (
            dialect.front_matter_line(self.lines, "title")
            if title_from == "front matter"
            else line_of(title_node)
            if title_from == "heading" and title_node is not None
            else None
        )
        document.title = self._cut(
            named_day["conference"] if named_day else title, title_line, "title"
        )
        document.slug = unique_slug(
            dialect.meta_text(meta, "slug") or document.title, set(), "conference"
        )
        document.owns_conference = not named_day
        self._conference_fields(document, meta)
        description = dialect.meta_text(meta, "description", "summary")
        description_html = f"<p>{escape(description)}</p>" if description else ""

        day_level, talk_level = self._levels(nodes, headings, meta)
        talk_title = document.title
        one_talk = self._one_talk(
            nodes,
            headings,
            talk_titled=title_from == "heading" and bool(dialect.TALK_KIND_TITLE.match(title)),
        )
        if one_talk:
            # Its headings are the talk's sections; the conference is the one named.
            day_level = talk_level = None
            if event := dialect.meta_text(meta, "conference", "event"):
                document.title = self._cut(event, None, "conference")
                document.slug = unique_slug(document.title, set(), "conference")
        elif not self._days_given(meta) and self._put_talks_under_their_days(
            nodes, headings, day_level, talk_level
        ):
            talk_level = day_level + 1
        document.structure = Structure(title_from, day_level, talk_level)
        if day_level is not None:
            lead, sections = self._split(nodes, day_level)
            untitled = BEFORE_THE_DAYS
            if talk_level and any(n.type == "heading" and level_of(n) == talk_level for n in lead):
                # Talks before the first day get a day of their own rather than being lost;
                # where no day follows (only closing sections, "## Summary"), it is the day.
                if not any(self._holds_a_day(section, talk_level) for section in sections):
                    untitled = only_day
                sections.insert(0, Section(None, day_level, lead))
                lead = []
            document.intro = description_html + self._rich_text(lead, "the conference")
            used: set[str] = set()
            for section in sections:
                self._day_or_intro(section, talk_level, document, used, untitled)
        else:
            day = Day(only_day, unique_slug(only_day, set(), "day"), 1)
            lead, talks = self._split(nodes, talk_level) if talk_level else (nodes, [])
            intro = self._rich_text(lead, "the first talk") if talks else ""
            if named_day:
                day.intro = description_html + intro
            else:
                document.intro, day.intro = description_html, intro
            used = set()
            self._count_talks(len(talks))
            day.talks = [self._talk(section, used) for section in talks]
            if not talks:
                day.talks = [self._whole_file_talk(talk_title, nodes, one_talk=one_talk)]
            document.days = [day]
        if not document.talks and not any(day.intro for day in document.days):
            raise self.fail(None, "no notes found; expected Markdown text or headings.")
        self._date_the_conference(document)
        document.structure.code_without_language = self.code_without_language
        document.warnings = self.warnings
        return document

    def _title(
        self, meta: dict, headings: list[SyntaxTreeNode]
    ) -> tuple[str, str, SyntaxTreeNode | None]:
        """The conference title, where it came from, and the heading that gave it."""
        shallowest = min((level_of(node) for node in headings), default=1)
        top = [node for node in headings if level_of(node) == shallowest]
        # The first heading, at the top level and not a day, when it is the only one (an
        # `##` one only when it reads as a title, "## PyCon AU 2015 Presentations"), or
        # when it reads as a title above days ("# PyCon 2024 notes", "# Day 1", "# Day 2",
        # "# Wrap-up"; not a section before them, "# Getting there").
        first = self._heading_text(top[0]) if top else ""
        reads_as_title = bool(dialect.TITLE_ABOVE_DAYS.search(first))
        lone = (
            top[0]
            if top
            and headings[0] is top[0]
            and not dialect.names_a_day(first)
            and (
                (len(top) == 1 and (shallowest == 1 or reads_as_title))
                or (
                    reads_as_title
                    and any(dialect.names_a_day(self._heading_text(node)) for node in top[1:])
                )
            )
            else None
        )
        given = [(self.options.title, "option"), (dialect.meta_text(meta, "title"), "front matter")]
        for text, origin in given:
            if dialect.visible_text(text):
                return dialect.visible_text(text), origin, lone
            if text:
                line = (
                    dialect.front_matter_line(self.lines, "title")
                    if origin == "front matter"
                    else None
                )
                self.warn(line, f"the title in the {origin} has no visible characters; not used.")
        if lone is not None and self._heading_text(lone):
            return self._heading_text(lone), "heading", lone
        # "# SciPy 2020 notes: Day 1" as the first heading names the conference, and stays
        # the day.
        named_day = (
            dialect.DAY_IN_TITLE.match(first)
            if top and headings[0] is top[0] and len(first) <= MAX_TITLE_CHARS
            else None
        )
        if named_day:
            return named_day["conference"], "heading", None
        return dialect.title_from_file_name(self.source), "file name", None

    def _cut(self, text: str, line: int | None, what: str, limit: int = MAX_TITLE_CHARS) -> str:
        """The text as its field holds it: visible characters, at most `limit` of them."""
        text = dialect.visible_text(text)
        if len(text) > limit:
            self.warn(line, f"{what} shortened to {limit} characters: “{text[:40]}…”")
            text = text[:limit].rstrip()
        return text

    def _names(self, text: str, line: int, what: str, limit: int) -> list[str]:
        """The names a metadata line lists, each cut to what its field holds."""
        names = (self._cut(name, line, what, limit) for name in dialect.split_names(text))
        return [name for name in names if name]

    def _conference_fields(self, document: Document, meta: dict) -> None:
        published = dialect.meta_date(meta, self.lines, self.source, "date")
        if isinstance(meta.get("date"), datetime.datetime) and meta["date"].tzinfo:
            document.published = meta["date"]
        elif published:
            document.published = datetime.datetime.combine(
                published, datetime.time(12), tzinfo=datetime.UTC
            )
        document.start_date = dialect.meta_date(meta, self.lines, self.source, "start_date")
        document.end_date = dialect.meta_date(meta, self.lines, self.source, "end_date")
        document.location = self._cut(
            dialect.meta_text(meta, "location"),
            dialect.front_matter_line(self.lines, "location"),
            "location",
        )
        website = dialect.meta_text(meta, "website")
        document.website = dialect.full_url(website)
        if website and not document.website:
            self.warn(
                dialect.front_matter_line(self.lines, "website"),
                f"website {shown(website)} is not a web address of at most "
                f"{dialect.MAX_URL_CHARS} characters; left out.",
            )

    def _days_given(self, meta: dict) -> bool:
        """Whether `--days` or the front matter's `days: true` makes the headings above
        the talks days, whatever they are called (export writes it where a day's title
        doesn't name one)."""
        return self.options.days is True or (
            self.options.days is None and meta.get(dialect.DAYS_KEY) is True
        )

    def _levels(
        self, nodes: list[SyntaxTreeNode], headings: list[SyntaxTreeNode], meta: dict
    ) -> tuple[int | None, int | None]:
        """The heading levels of days and talks (either may be None)."""
        levels = [level_of(node) for node in headings]
        option_days = True if self._days_given(meta) else self.options.days
        talk_level = self.options.talk_level or _int(meta.get(dialect.TALK_LEVEL_KEY))
        above = [level for level in levels if talk_level is None or level < talk_level]
        day_level = None
        if option_days is not False and above:
            if option_days:
                day_level = min(above)
            else:
                named = [n for n in headings if dialect.names_a_day(self._heading_text(n))]
                named_at = Counter(level_of(n) for n in named)
                headings_at = Counter(levels)
                above_levels = set(above)
                # One heading naming a day among sections of another kind ("Day 2 Keynote",
                # "Day 0 - the day before") doesn't make its level the days', unless it
                # holds headings or marks where the days start.
                day_level = min(
                    (
                        level_of(n)
                        for n in named
                        if level_of(n) in above_levels
                        and (
                            named_at[level_of(n)] > 1
                            or headings_at[level_of(n)] == 1
                            or self._leads_headings(nodes, n)
                        )
                    ),
                    default=None,
                )
        if talk_level is None:
            deeper = [level for level in levels if day_level is None or level > day_level]
            numbered = [
                level_of(n)
                for n in headings
                if dialect.NUMBERED_TALK.match(self._heading_text(n)) and level_of(n) in deeper
            ]
            if numbered:
                talk_level = min(numbered)
            elif day_level is not None:
                talk_level = min(deeper) if deeper else None
            elif deeper:
                repeated = sorted(level for level in set(deeper) if deeper.count(level) > 1)
                talk_level = repeated[0] if repeated else min(deeper)
                if len(repeated) > 1 and self._only_groups(headings, repeated[0]):
                    # "## Keynotes", "## Lightning talks": the talks are the level below.
                    talk_level = repeated[1]
        if day_level is None and talk_level is not None and option_days is not False:
            # Headings above the talks group them, like days do.
            groups = [level for level in levels if level < talk_level]
            day_level = max(groups) if groups else None
        return day_level, talk_level

    @staticmethod
    def _leads_headings(nodes: list[SyntaxTreeNode], heading: SyntaxTreeNode) -> bool:
        """Whether a heading has headings below it, or none of its own notes before the
        next heading (a bare marker: `## Day 1` right above `## A talk`)."""
        after = nodes[nodes.index(heading) + 1 :]
        following = next((node for node in after if node.type == "heading"), None)
        return following is not None and (
            after[0] is following or level_of(following) > level_of(heading)
        )

    def _one_talk(
        self, nodes: list[SyntaxTreeNode], headings: list[SyntaxTreeNode], talk_titled: bool
    ) -> bool:
        """Notes on one talk: a speaker line right under the title, before any heading, or
        a title heading that names a talk ("# Keynote: The Magic of Rails"); no day, and no
        section with a speaker of its own ("# Building X", "**Speaker:** Ada", "## Summary",
        "## Q&A"). A byline there is the notes' author's."""
        meta = self._meta(nodes, dialect.TALK_META)
        if not (talk_titled or (meta is not None and "speakers" in meta[0])) or any(
            dialect.names_a_day(self._heading_text(node)) for node in headings
        ):
            return False
        for index, node in enumerate(nodes[:-1]):
            if node.type == "heading":
                after = nodes[index + 1 : index + 2]
                own = self._talk_fields(after)
                if own is not None and "speakers" in own[0]:
                    return False
        return True

    def _only_groups(self, headings: list[SyntaxTreeNode], level: int) -> bool:
        """Whether the headings at `level` with headings below them group talks: each
        names a kind of talk, a track or a part of the day ("Keynotes", "Track A",
        "Afternoon sessions"); or the one, among sections of other kinds ("# Sessions",
        "# Summary"), starts with a kind of talk."""
        parents = [
            self._heading_text(node)
            for node, after in zip(headings, [*headings[1:], None], strict=True)
            if level_of(node) == level and after is not None and level_of(after) > level
        ]
        if len(parents) == 1:
            return bool(dialect.GROUP_HEADING_START.match(parents[0]))
        return len(parents) > 1 and all(dialect.GROUP_HEADING.match(text) for text in parents)

    def _put_talks_under_their_days(
        self,
        nodes: list[SyntaxTreeNode],
        headings: list[SyntaxTreeNode],
        day_level: int | None,
        talk_level: int | None,
    ) -> bool:
        """Days and talks at one level (`## Day 1`, `## A talk`, `## Another`, `## Day 2`):
        moves the talks, and the headings inside them, a level down, under their day, and
        says whether it did. Only
        where each day's heading is a bare marker, a heading right after it (a day with
        notes of its own keeps them, and a section after it stays the conference's), and
        no heading sits right under a day (there the talks are below the days)."""
        if day_level is None or self.options.talk_level:
            return False
        days = [
            level_of(node) == day_level and dialect.names_a_day(self._heading_text(node))
            for node in headings
        ]
        markers = {
            id(node)
            for node, after in pairwise(nodes)
            if node.type == "heading" and after.type == "heading"
        }
        if any(
            is_day and id(node) not in markers for node, is_day in zip(headings, days, strict=True)
        ):
            return False
        # From the first day on: what comes before it is the conference's introduction.
        first = days.index(True) if True in days else len(days)
        after_first = list(zip(headings[first:], days[first:], strict=True))
        in_a_day = beside = False
        for node, is_day in after_first:
            level = level_of(node)
            if level == day_level:
                in_a_day = is_day
                beside = beside or not is_day
            elif level > day_level and in_a_day:
                return False
        if not beside or talk_level not in (None, day_level + 1):
            return False
        for node, is_day in after_first:
            level = level_of(node)
            if level >= day_level and not is_day:
                for token in node.nester_tokens:
                    token.tag = f"h{level + 1}"
        return True

    def _bold_lines_as_headings(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """Notes without headings that head each talk with a line in bold of its own
        (`**1. Talk : Speaker**`): those lines, made `##` headings. Three at least (notes
        on one talk label a section or two so: `**Key takeaways**`), and none a field
        (`**Speaker: Ada**`)."""
        bold = [node for node in nodes if self._whole_bold_line(node)]
        if len(bold) < MIN_BOLD_TALK_LINES:
            return []
        for node in bold:
            opening, closing = node.nester_tokens
            opening.type, closing.type = "heading_open", "heading_close"
            opening.tag = closing.tag = "h2"
        self.warn(
            line_of(bold[0]),
            f"no headings: the {len(bold)} lines in bold of their own head the talks.",
        )
        return bold

    @staticmethod
    def _whole_bold_line(node: SyntaxTreeNode) -> bool:
        if node.type != "paragraph" or not node.children:
            return False
        shown = [
            child
            for child in node.children[0].children
            if child.type != "text" or child.content.strip()
        ]
        if len(shown) != 1 or shown[0].type != "strong":
            return False
        text = plain_text(shown[0]).strip()
        field = dialect.meta_match(text)
        return (
            0 < len(text) <= MAX_TITLE_CHARS
            and "\n" not in text
            and not (field and field["key"].strip().lower() in dialect.TALK_META)
        )

    def _take_markers(
        self, nodes: list[SyntaxTreeNode], document: Document
    ) -> list[SyntaxTreeNode]:
        kept = []
        for node in nodes:
            content = node.children[0].content.strip() if node.children else ""
            if node.type == "paragraph" and content and dialect.TOC_MARKER.match(content):
                document.show_table_of_contents = True
                continue
            if node.type == "heading" and (tagged := dialect.HACKMD_TAGS.match(content)):
                # HackMD's `###### tags: `COSCUP` `2023``: the notes' tags, not a heading.
                found = dialect.HACKMD_TAG.findall(tagged["tags"])
                tags = [tag.strip()[: dialect.MAX_TAG_CHARS] for tag in found if tag.strip()]
                document.tags += [tag for tag in dict.fromkeys(tags) if tag not in document.tags]
                continue
            kept.append(node)
        return kept

    def _parse(self, text: str, env: dict) -> SyntaxTreeNode:
        """Markdown's syntax tree, within the deadline and the nesting limit."""
        try:
            tokens = self.deadline.watch(markdown_parser()).parse(text, env)
        except RecursionError as error:
            raise self.fail(None, "the notes are nested too deeply to read.") from error
        self._check_nesting(tokens)
        self.trees.append(SyntaxTreeNode(tokens))
        return self.trees[-1]

    def _check_nesting(self, tokens: list[Token]) -> None:
        """Refuse text nested deeper than MAX_NESTING: the parser nests emphasis without a
        limit (`*` a thousand deep), and reading the tree back is recursive."""
        for token in tokens:
            depth = deepest = token.level
            for child in token.children or []:
                depth += child.nesting
                deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                raise self.fail(
                    line_of(token),
                    f"the text here is nested more than {MAX_NESTING} levels deep (emphasis, "
                    "links, lists or quotes inside each other); expected a few levels.",
                )

    def _check_fences(self, root: SyntaxTreeNode) -> None:
        for node in root.walk():
            if node.type != "fence" or not node.map:
                continue
            last = QUOTE_MARKS.sub("", self.parsed_lines[node.map[1] - 1]).rstrip()
            marker = node.markup[0]
            closed = (
                node.map[1] - node.map[0] > 1
                and last.startswith(node.markup)
                and not last.strip(marker)
            )
            if not closed and node.parent is not None and node.parent.type in FENCE_ENDERS:
                # Where its list item or quote ends, so does the code, as GitHub shows it:
                # the text after it is still read as text, and nothing is lost.
                self.warn(
                    line_of(node),
                    f"this code block is never closed; it ends with its "
                    f"{FENCE_ENDERS[node.parent.type]} on line {node.map[1]}.",
                )
            elif not closed:
                raise self.fail(
                    line_of(node),
                    f"this code block is never closed; expected a line with {node.markup} to close it.",
                )

    def _collect_footnotes(self, root: SyntaxTreeNode) -> None:
        for block in root.children:
            if block.type != "footnote_block":
                continue
            # The block itself has no line; its first note's paragraph does.
            self.footnotes_line = next((line_of(n) for n in block.walk() if n.map), 0)
            for note in block.children:
                writer = FlowWriter()
                self._write_children(
                    [child for child in note.children if child.type != "footnote_anchor"],
                    writer,
                    Place.LIST_TEXT,
                )
                self.footnotes[int(note.meta.get("id", 0))] = "".join(
                    piece if isinstance(piece, str) else block_as_text(piece)
                    for piece in writer.finish()
                )

    # -- tree ------------------------------------------------------------------

    def _split(self, nodes: list[SyntaxTreeNode], level: int) -> tuple[list, list[Section]]:
        """The nodes before the first heading at `level` or above, then each such section."""
        lead: list[SyntaxTreeNode] = []
        sections: list[Section] = []
        for node in nodes:
            if node.type == "heading" and level_of(node) <= level:
                sections.append(Section(node, level_of(node), []))
            elif sections:
                sections[-1].body.append(node)
            else:
                lead.append(node)
        return lead, sections

    def _holds_a_day(self, section: Section, talk_level: int) -> bool:
        """Whether a section at the day level is a day (see `_is_day`)."""
        return section.node is not None and self._is_day(
            self._heading_text(section.node), self._split(section.body, talk_level)[1]
        )

    def _is_day(self, title: str, talks: list[Section]) -> bool:
        """A section at the day level is a day when it holds talks or is named as one."""
        return bool(talks) or dialect.names_a_day(title) or bool(self.options.days)

    def _day_or_intro(
        self,
        section: Section,
        talk_level: int | None,
        document: Document,
        used: set[str],
        untitled: str = BEFORE_THE_DAYS,
    ) -> None:
        title = (
            self._cut(self._heading_text(section.node), section.line, "day title")
            if section.node
            else untitled
        )
        lead, talks = self._split(section.body, talk_level) if talk_level else (section.body, [])
        if not self._is_day(title, talks):
            # A section beside the days that holds no talks: travel, thanks, links.
            self.warn(
                section.line,
                f"section “{title}” is not a day; kept in the conference's introduction.",
            )
            document.intro += f"<p><b>{escape(title)}</b></p>" + self._rich_text(
                section.body, "the conference"
            )
            return
        if talks and not dialect.names_a_day(title) and not self.options.days:
            self.warn(section.line, f"“{title}” holds talks, so it became a day.")
        title = title or "Day"  # an empty heading; its notes may become a talk of that name
        day = Day(title, unique_slug(title, used, "day"), section.line)
        day.date = dialect.date_in_heading(title)
        lead = self._day_meta(lead, day, used)
        slugs: set[str] = set()
        if talks:
            self._count_talks(len(talks))
            day.intro = self._rich_text(lead, f"the first talk of {title}")
            day.talks = [self._talk(talk, slugs) for talk in talks]
        elif lead and len(lead) <= SHORT_DAY_NODES and self._fits_rich_text(lead):
            day.intro = self._rich_text(lead, title)
        elif lead:
            self._count_talks(1)
            day.talks = [self._whole_file_talk(title, lead, section.line)]
        else:
            self.warn(section.line, f"{title} has no talks.")
        document.days.append(day)

    def _date_the_conference(self, document: Document) -> None:
        """Days dated by their headings date the conference too, where the file doesn't;
        where it does, a day's date outside the conference's is left out, with a warning
        (the day page would refuse it)."""
        dated = [day for day in document.days if day.date]
        if not dated:
            return
        if document.start_date is None and document.end_date is None:
            first, last = min(day.date for day in dated), max(day.date for day in dated)
            document.start_date, document.end_date = first, (last if last != first else None)
            return
        first = document.start_date or document.end_date
        last = document.end_date or document.start_date
        for day in dated:
            if not first <= day.date <= last:
                self.warn(
                    day.line,
                    f"“{day.title}” is dated {day.date}, outside the conference's dates "
                    f"({first} to {last}); the day was left undated.",
                )
                day.date = None

    def _day_meta(self, nodes: list[SyntaxTreeNode], day: Day, used: set[str]) -> list:
        meta = self._meta(nodes, dialect.DAY_META)
        if meta is None:
            return nodes
        values, kept = meta
        if values.get("date"):
            day.date = datetime.date.fromisoformat(values["date"])
        self._named_slug(day, values, used, "day")
        return [kept, *nodes[1:]] if kept else nodes[1:]

    @staticmethod
    def _named_slug(
        page: Day | Talk, values: dict[str, str], used: set[str], fallback: str
    ) -> None:
        if values.get("slug"):
            used.discard(page.slug)
            page.slug = unique_slug(values["slug"], used, fallback)

    def _meta(
        self, nodes: list[SyntaxTreeNode], keys: dict[str, str]
    ) -> tuple[dict[str, str], SyntaxTreeNode | None] | None:
        """The fields the `Key: value` lines of the first paragraph set, or of the first
        list when its every item is one (`- **Speaker:** Ada`, `- Slides: <url>`); with
        the node holding the lines that set none (`Room: Hall A`), to be kept as text.
        Nothing is changed until the caller keeps that node."""
        if not nodes or nodes[0].type not in ("paragraph", "bullet_list") or not nodes[0].map:
            return None
        node = nodes[0]
        start, end = node.map
        lines = self.parsed_lines[start:end]
        if node.type == "bullet_list":
            if any(len(item.children) != 1 for item in node.children):
                return self._fields_leading_a_list(node, keys)
            lines = [dialect.BULLET.sub("", line) for line in lines if line.strip()]
            parts = [[item] for item in node.children]
        else:
            parts = inline_lines(node.children[0]) if node.children else [[]]
        read = dialect.read_meta_lines(lines, keys)
        if read is None and node.type == "bullet_list":
            return self._fields_leading_a_list(node, keys)
        if read is None or (read.text_lines and len(parts) != len(lines)):
            return None  # lines that can't be told apart can't be kept apart
        if not read.text_lines:
            return read.values, None
        return read.values, with_parts(node, parts, read.text_lines)

    def _fields_leading_a_list(
        self, node: SyntaxTreeNode, keys: dict[str, str]
    ) -> tuple[dict[str, str], SyntaxTreeNode] | None:
        """The speakers (and other fields) the first items of a list of notes give, one
        `Key: value` line each (`* Speaker: Ada`, then the notes' own items), with the
        list of the items that give none."""
        lines = []
        for item in node.children:
            paragraph = item.children[0] if len(item.children) == 1 else None
            if paragraph is None or paragraph.type != "paragraph" or not paragraph.map:
                break
            start, end = paragraph.map
            line = dialect.BULLET.sub("", self.parsed_lines[start])
            if end != start + 1 or dialect.meta_match(line) is None:
                break
            lines.append(line)
        read = dialect.read_meta_lines(lines, keys) if lines else None
        if read is None or "speakers" not in read.values:
            return None
        parts = [[item] for item in node.children]
        kept = [*read.text_lines, *range(len(lines), len(parts))]
        return read.values, with_parts(node, parts, kept)

    def _talk_fields(
        self, nodes: list[SyntaxTreeNode]
    ) -> tuple[dict[str, str], SyntaxTreeNode | None] | None:
        """What a talk's first paragraph says of it: its `Key: value` lines, or a byline."""
        return self._meta(nodes, dialect.TALK_META) or self._byline(nodes)

    def _byline(
        self, nodes: list[SyntaxTreeNode]
    ) -> tuple[dict[str, str], SyntaxTreeNode | None] | None:
        """A first paragraph that is only a byline, `By Ada Lovelace` or `*by Ada and Bo*`."""
        if not nodes or nodes[0].type != "paragraph" or not nodes[0].map:
            return None
        start, end = nodes[0].map
        byline = (
            dialect.BYLINE.match(self.parsed_lines[start].strip()) if end == start + 1 else None
        )
        names = dialect.split_speakers(byline["names"]) if byline else []
        # Full names ("By Ada Lovelace"), not "By Design" or "By Apple".
        if (
            names
            and dialect.names_someone(byline["names"])
            and all(len(name.split()) > 1 for name in names)
        ):
            return {"speakers": byline["names"]}, None
        return None

    def _fits_rich_text(self, nodes: list[SyntaxTreeNode]) -> bool:
        # A trial read: its warnings come again when the nodes are read for real.
        mark, uncounted, refs = len(self.warnings), self.code_without_language, self.footnote_refs
        left_out = set(self.html_left_out)
        self.footnote_refs = []
        fits = all(isinstance(piece, str) for piece in self._flow(nodes).pieces)
        del self.warnings[mark:]
        self.code_without_language, self.footnote_refs = uncounted, refs
        self.html_left_out = left_out
        return fits

    def _rich_text(self, nodes: list[SyntaxTreeNode], where: str) -> str:
        """Rich text for an introduction; blocks it can't hold are kept as text."""
        self.heading_shift, self.previous_heading = 0, 1
        self.footnote_refs = []
        html = []
        flow = self._flow(nodes)
        for piece, line in zip(flow.pieces, flow.lines, strict=True):
            if isinstance(piece, str):
                html.append(piece)
                continue
            what = BLOCKS_IN_TEXT.get(piece["type"], f"a {piece['type']}")
            self.warn(line, f"{what} in the introduction of {where} was kept as text.")
            html.append(block_as_text(piece))
        # As export writes it: a table's empty cells leave no run of spaces.
        return spaces_outside_marks("".join(html) + self._footnotes_html())

    def _footnotes_html(self) -> str:
        """The footnotes referred to since the last call, as notes at the end."""
        if not self.footnote_refs:
            return ""
        items = "".join(
            f"<li>[{ref + 1}] {self.footnotes.get(ref, '')}</li>"
            for ref in dict.fromkeys(self.footnote_refs)
        )
        self.footnote_refs = []
        return f"<p><b>Notes</b></p><ul>{items}</ul>"

    def _talk(self, section: Section, used: set[str]) -> Talk:
        node = section.node
        inline = node.children[0] if node and node.children else None
        talk_url = ""
        parts = [
            c
            for c in (inline.children if inline else [])
            if not (c.type == "text" and not c.content.strip())
        ]
        # Links named for the recording or the slides (`### Title - [Video](…), [Slides](…)`)
        # set those, and leave the title.
        fields, rest = {}, []
        for part in parts:
            field = dialect.LINKED_FIELDS.get(plain_text(part).strip().casefold())
            url = dialect.full_url(str(part.attrs.get("href", ""))) if part.type == "link" else ""
            if field and url and field not in fields:
                fields[field] = url
            else:
                rest.append(part)
        if not any(plain_text(part).strip() for part in rest):
            fields, rest = {}, parts  # the link is all the heading says: it is the title
        parts = rest
        if fields and inline:
            node = copy.copy(node)
            node.children = [copy.copy(inline)]
            node.children[0].children = parts
        # A heading that links (`### [Title](url)`, `### Keynote: [Title](url) by Bo`) gives
        # the talk its URL: the title, being text, can't keep the link.
        links = [part for part in parts if part.type == "link"]
        if len(links) > 1:
            self.warn(
                section.line,
                f"the talk heading has {len(links)} links; a title is text, so the first "
                "is the talk's URL and the others are left out.",
            )
        if links:
            href = str(links[0].attrs.get("href", ""))
            talk_url = dialect.full_url(href)
            if not talk_url:
                self.warn(
                    section.line,
                    f"the talk's link {shown(href)} is not a full URL of at most "
                    f"{dialect.MAX_URL_CHARS} characters; kept out of the talk.",
                )
        if node is None:
            heading = ""
        elif fields:
            # A copy of the heading without those links: not one the memo of texts holds.
            heading = dialect.TRAILING_SEPARATORS.sub("", heading_text(node))
        else:
            heading = self._heading_text(node)
        title = self._cut(heading, section.line, "talk title")
        if not title:
            title = f"Untitled talk (line {section.line})"
            self.warn(section.line, f"a talk heading has no text; called it “{title}”.")
        self.deadline.check(section.line)
        talk = Talk(title, unique_slug(title, used, "talk"), section.line, talk_url=talk_url)
        body = self._talk_meta(section.body, talk, used)
        for field, url in fields.items():
            if getattr(talk, field):
                self.warn(
                    section.line,
                    f"the heading's link {shown(url)} was left out: a "
                    "line under it gives the talk's own.",
                )
            else:
                setattr(talk, field, url)
        self.talk_title = title
        self.heading_shift = section.level - 1
        self.previous_heading = 1
        talk.blocks, talk.block_lines = self._blocks(body, node)
        return talk

    def _whole_file_talk(
        self, title: str, nodes: list[SyntaxTreeNode], line: int = 1, one_talk: bool = False
    ) -> Talk:
        """Notes without talk headings become one talk, so nothing is lost; so do notes on
        one talk (`one_talk`), whose headings are its sections."""
        if one_talk:
            self.warn(line, f"the notes are one talk, “{title}”, its headings its sections.")
        else:
            self.warn(line, f"no talk headings found; the notes became one talk, “{title}”.")
        talk = Talk(title, unique_slug(title, set(), "talk"), line)
        self.talk_title = title
        self.heading_shift, self.previous_heading = 0, 1
        talk.blocks, talk.block_lines = self._blocks(self._talk_meta(nodes, talk, {talk.slug}))
        return talk

    def _talk_meta(self, nodes: list[SyntaxTreeNode], talk: Talk, used: set[str]) -> list:
        meta = self._talk_fields(nodes)
        if meta is None:
            return nodes
        values, kept_node = meta
        line = line_of(nodes[0])
        taken = 1
        kept = [kept_node] if kept_node else []
        given = {name: [value] for name, value in values.items()}
        # Metadata paragraphs one after another (`Speaker: Ada`, a blank line, `Slides:
        # <url>`), until one names a field already given, or speakers (a panel's
        # transcript starts `Moderator: Welcome everyone, …`): that one is the talk's text.
        while (more := self._meta(nodes[taken : taken + 1], dialect.TALK_META)) is not None:
            values, kept_node = more
            if "speakers" in values or (values.keys() & given.keys()) - MANY_LINED_FIELDS:
                break
            for name, value in values.items():
                given.setdefault(name, []).append(value)
            kept += [kept_node] if kept_node else []
            self.deadline.check(line_of(nodes[taken]))
            taken += 1
        values = {name: "\n".join(parts) for name, parts in given.items()}
        lines = values.get("speakers", "").split("\n")  # a line each: Panelists, Moderator
        for reference in (name for line in lines for name in dialect.split_speakers(line)):
            name, profile = dialect.speaker_reference(reference)
            name = self._cut(name, line, "speaker name", MAX_SPEAKER_CHARS)
            if name:
                talk.speakers.append(name)
            if name and profile:
                talk.speaker_profiles[name] = profile
        talk.video_url = values.get("video_url", "")
        talk.slides_url = values.get("slides_url", "")
        talk.tags = self._names(
            values.get("tags", "").replace("\n", ","), line, "tag", dialect.MAX_TAG_CHARS
        )
        talk.summary = values.get("summary", "")
        self._named_slug(talk, values, used, "talk")
        return [*kept, *nodes[taken:]]

    def _count_talks(self, talks: int) -> None:
        # Counted as each day's talks are split off, before they are read: a file over the
        # limit is refused without reading the talks beyond it.
        self.talk_count += talks
        if self.talk_count > MAX_TALKS:
            raise self.fail(None, f"more than {MAX_TALKS} talks; split the file into parts.")

    def _heading_text(self, node: SyntaxTreeNode) -> str:
        if id(node) not in self.heading_texts:
            self.heading_texts[id(node)] = heading_text(node)
        return self.heading_texts[id(node)]

    def _blocks(
        self, nodes: list[SyntaxTreeNode], heading: SyntaxTreeNode | None = None
    ) -> tuple[list[dict], list[int]]:
        """A talk's blocks, and the line each starts on; the notes its heading and its
        blocks refer to at the end."""
        self.footnote_refs = footnote_refs(heading) if heading else []
        flow = self._flow(nodes)
        blocks = [paragraph(piece) if isinstance(piece, str) else piece for piece in flow.pieces]
        lines = flow.lines
        notes = self._footnotes_html()
        if notes:
            blocks, lines = merge_paragraphs(
                [*blocks, paragraph(notes)], [*lines, self.footnotes_line]
            )
        self.block_count += len(blocks)
        if self.block_count > MAX_BLOCKS:
            raise self.fail(None, f"more than {MAX_BLOCKS} blocks; split the file into parts.")
        return blocks, lines

    # -- body ------------------------------------------------------------------

    def _flow(self, nodes: list[SyntaxTreeNode]) -> FlowWriter:
        writer = FlowWriter()
        self._write_children(nodes, writer, Place.BODY)
        writer.finish()
        return writer

    def _write_children(
        self, nodes: list[SyntaxTreeNode], writer: FlowWriter, place: Place
    ) -> None:
        nodes = list(nodes)
        for index, node in enumerate(nodes):
            writer.line = line_of(node) or writer.line
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
                self._write(node, writer, place, first=index == 0)

    def _write(self, node: SyntaxTreeNode, writer: FlowWriter, place: Place, first: bool) -> None:
        kind = node.type
        if kind == "paragraph":
            self._paragraph(node, writer, place, first)
        elif kind in LIST_NODES:
            if self.list_depth < MAX_LIST_DEPTH and self._holds_blocks(node):
                writer.block(self._list_block(node))
            else:
                self._list(node, writer)
        elif kind == "fence" and (node.info or "").strip().startswith("{"):
            self._directive(node, writer)
        elif kind in ("fence", "code_block"):
            self._fence(node, writer)
        elif kind == "blockquote":
            for block in self._quotes(node):
                writer.block(block)
        elif kind == "heading":
            writer.block(self._heading(node))
        elif kind == "html_block":
            self._html_block(node, writer, place, first)
        elif kind == "hr":
            self.warn(line_of(node), "a horizontal rule (---) was left out.")
        elif kind == "footnote_block":
            pass  # the notes are listed at the end of each talk that refers to them
        else:
            self.warn(line_of(node), f"unsupported Markdown ({kind}) kept as text.")
            writer.html(f"<p>{escape(node.content)}</p>")

    def _inline(self, node: SyntaxTreeNode, line: int) -> str:
        return inline_html(
            node,
            lambda src, alt: self._image_link(src, alt, line),
            self._footnote_ref,
            lambda tag: self._left_out(line, tag),
        )

    def _left_out(self, line: int, tag: str) -> None:
        """Says once per file which raw HTML tags were left out (their text is kept)."""
        if tag == "comment":
            self.warn(line, "an HTML comment was left out (readers never see it).")
        elif tag == "style" and tag not in self.html_left_out:
            self.html_left_out.add(tag)
            self.warn(line, "a <style> sheet was left out (readers never see it).")
        elif tag not in self.html_left_out:
            self.html_left_out.add(tag)
            self.warn(line, f"raw HTML {shown(f'<{tag}>')} left out; its text is kept.")

    def _footnote_ref(self, node: SyntaxTreeNode) -> str:
        [ref] = footnote_refs(node)
        self.footnote_refs.append(ref)
        return f"[{ref + 1}]"

    def _paragraph(
        self, node: SyntaxTreeNode, writer: FlowWriter, place: Place, first: bool
    ) -> None:
        inline = node.children[0]
        line = line_of(node)
        content = inline.content.strip()
        alone = place is Place.BODY  # only there is a line alone an image or an embed
        shortcode = dialect.SHORTCODE.match(content)
        if shortcode:
            player = dialect.shortcode_player(content)
            if player and alone:
                writer.block(embed(player))
                return
            self.warn(line, f"shortcode {shown(content)} kept as text.")
        parts = [child for child in inline.children if child.type != "softbreak"]
        if (
            len(parts) == 1
            and parts[0].type == "link"
            and parts[0].markup == "autolink"
            and dialect.URL.match(str(parts[0].attrs.get("href", "")))
            and alone
        ):
            # A bare <url> on its own line is an embed (a recording or slides); a bare
            # <mailto:…> stays a link.
            writer.block(embed(str(parts[0].attrs.get("href", ""))))
            return
        images = self._image_paragraph(inline, line) if alone else []
        for image in images:
            writer.block({"type": "image", "value": image})
        if images:
            return
        html = self._inline(inline, line).strip()  # a raw tag left out may leave a space
        if not html:
            return
        if not alone and first:
            html = re.sub(r"^\[ \] ", "☐ ", re.sub(r"^\[[xX]\] ", "☑ ", html))
        if place is Place.LIST_TEXT:
            writer.html(html if first else f"<br/>{html}")
        else:
            writer.html(f"<p>{html}</p>")

    def _image_paragraph(self, inline: SyntaxTreeNode, line: int) -> list[ImageRef]:
        """`![alt](src "caption")` alone on its line, perhaps with a `Credit: …` line after
        it; several such lines in one paragraph (a photo notes' run of them) give several."""
        lines = [
            [
                child
                for child in line
                if not (
                    (child.type == "text" and not child.content.strip())
                    # knitr writes `![](fig/plot-1.png)<!-- -->` for each figure
                    or (child.type == "html_inline" and child.content.startswith("<!--"))
                )
            ]
            for line in inline_lines(inline, breaks=("softbreak",))
        ]
        images: list[ImageRef] = []
        for number, parts in enumerate(lines):
            credit = dialect.IMAGE_CREDIT.match("".join(plain_text(part) for part in parts))
            if len(parts) == 1 and parts[0].type == "image":
                images.append(image_ref(parts[0], line + number))
            elif (
                images
                and not images[-1].credit
                and credit
                and "image" not in {p.type for p in parts}
            ):
                images[-1].credit = credit["credit"].strip()[:255]
            else:
                return []
        return images

    def _image_link(self, src: str, alt: str, line: int) -> str:
        self.warn(line, f"image {shown(src)} inside text became a link.")
        href = safe_href(src)
        text = escape(SPACES.sub(" ", alt or src))  # as export writes it
        return f'<a href="{escape(href)}">{text}</a>' if href else text

    def _html_block(
        self, node: SyntaxTreeNode, writer: FlowWriter, place: Place, first: bool = True
    ) -> None:
        """Raw HTML as a browser shows it: its text, images, code and quotes (html.py);
        a video player's iframe is an embed. One holding a script or a style stays text.
        In a list item's text (`- <img …>`), its paragraphs are lines of the item's, as
        the item's own are."""
        content, line = node.content, line_of(node)
        self.deadline.check(line)
        players = dialect.player_urls(content)
        for url in players:
            writer.block(embed(url))
        rest = dialect.IFRAME_BLOCK.sub("", content) if players else content
        shown_html = read_html(rest)
        if shown_html is None:
            rest = dialect.without_html_comments(rest).strip()
            self.warn(line, "raw HTML with a script or style in it, or very long, kept as text.")
            text = escape(" ".join(rest.split()))
            if place is not Place.LIST_TEXT:
                writer.html(f"<p>{text}</p>")
            else:
                writer.html(text if first else f"<br/>{text}")
            return
        if shown_html.had_comment and not players:
            self._left_out(line, "comment")
        for tag in shown_html.left_out:
            self._left_out(line, tag)
        for host in shown_html.linked:
            self.warn(line, f"a page framed from {host} is kept as a link to it.")
        for piece in shown_html.pieces:
            if isinstance(piece, str) and place is Place.LIST_TEXT:
                lines = PARAGRAPH.sub(r"\1<br/>", piece).removesuffix("<br/>")
                writer.html(lines if first else f"<br/>{lines}")
                first = False
            elif isinstance(piece, str):
                writer.html(piece)
            elif isinstance(piece, HtmlImage) and place is Place.BODY:
                src = dialect.image_path(piece.src)
                writer.block(
                    {"type": "image", "value": ImageRef(src, piece.alt, piece.caption, "", line)}
                )
            elif isinstance(piece, HtmlImage) and place is Place.LIST_TEXT:
                link = self._image_link(piece.src, piece.alt, line)
                writer.html(link if first else f"<br/>{link}")
                first = False
            elif isinstance(piece, HtmlImage):
                writer.html(f"<p>{self._image_link(piece.src, piece.alt, line)}</p>")
            elif isinstance(piece, HtmlCode):
                self._code(node, writer, piece.source, piece.language, "")
            elif isinstance(piece, HtmlQuote):
                writer.block(quote(piece.text, piece.attribution, piece.url))
            elif isinstance(piece, HtmlEmbed):
                writer.block(embed(piece.url))
            elif isinstance(piece, HtmlTable):
                writer.block(table(self.talk_title[:255] or "Table", piece.rows))

    def _holds_blocks(self, node: SyntaxTreeNode) -> bool:
        """Whether a list holds, at any depth, something that reads as a block of its own.

        The lists inside one that holds none hold none either: they are remembered, so a
        list nested a thousand times is walked once rather than once for each level."""
        if id(node) in self.lists_without_blocks:
            return False
        lists = []
        for inner in node.walk():
            if inner.type in BLOCK_NODES or (
                inner.type == "html_block" and dialect.player_urls(inner.content)
            ):
                return True
            if inner.type in LIST_NODES:
                lists.append(id(inner))
        self.lists_without_blocks.update(lists)
        return False

    def _list(self, node: SyntaxTreeNode, writer: FlowWriter) -> None:
        tag = "ol" if node.type == "ordered_list" else "ul"
        start = int(node.attrs.get("start", 1) or 1)
        writer.open(
            f'<ol start="{start}">' if tag == "ol" and start != 1 else f"<{tag}>", f"</{tag}>"
        )
        for item in node.children:
            writer.line = line_of(item) or writer.line
            writer.open("<li>", "</li>")
            self._write_children(item.children, writer, Place.LIST_TEXT)
            writer.close()
        writer.close()

    def _list_block(self, node: SyntaxTreeNode) -> dict:
        """A list whose items hold code, tables or quotes, read as a list block."""
        self.list_depth += 1
        try:
            items = [self._list_item(item) for item in node.children]
        finally:
            self.list_depth -= 1
        if node.type == "bullet_list":
            return list_block(items)
        return list_block(items, ordered=True, start=int(node.attrs.get("start", 1) or 1))

    def _list_item(self, item: SyntaxTreeNode) -> list[dict]:
        writer = FlowWriter()
        self._write_children(list(item.children), writer, Place.LIST_ITEM)
        blocks = []
        for piece in writer.finish():
            if isinstance(piece, str):
                blocks.append(paragraph(piece))
            elif piece["type"] in LIST_ITEM_BLOCKS:
                blocks.append(piece)
            else:
                self.warn(line_of(item), f"a {piece['type']} inside a list item was kept as text.")
                blocks.append(paragraph(block_as_text(piece)))
        # An item is inside one block: the lines of its own blocks are not kept.
        return merge_paragraphs(blocks, [0] * len(blocks))[0]

    def _heading(self, node: SyntaxTreeNode) -> dict:
        level = max(level_of(node) - self.heading_shift, 2)
        text = self._cut(self._heading_text(node), line_of(node), "heading") or "…"
        wanted = min(level, self.previous_heading + 1, MAX_HEADING_LEVEL)
        if wanted != level:
            self.warn(
                line_of(node),
                f"heading “{text}” moved to level h{wanted} so headings don't skip a level.",
            )
        self.previous_heading = wanted
        self.footnote_refs += footnote_refs(node)  # a title has no room for its [1]
        return heading(text, f"h{wanted}")

    def _fence(self, node: SyntaxTreeNode, writer: FlowWriter) -> None:
        info = (node.info or "").strip()
        language, caption = dialect.fence_language(info), dialect.fence_caption(info)
        self._code(node, writer, code_text(node), language, caption)

    def _code(
        self, node: SyntaxTreeNode, writer: FlowWriter, source: str, language: str, caption: str
    ) -> None:
        """A code block; a language a fence couldn't carry back is left out, with a warning,
        and so is an empty block (a page can't hold one, so it would refuse the file)."""
        if not source.strip():
            self.warn(line_of(node), "an empty code block was left out.")
            return
        if language and not CODE_LANGUAGE.match(language):
            self.warn(
                line_of(node),
                f"code language {shown(language)} is not one word a fence can carry back; "
                "shown as plain text.",
            )
            language = ""
        if not language:
            self.code_without_language += 1
        writer.block(code(source, language, caption[:255]))

    def _directive(self, node: SyntaxTreeNode, writer: FlowWriter) -> None:
        """MyST/Sphinx ```{name} argument``` fences: code, figures, admonitions, anything
        else as code; Pandoc's attributes, ```{.python .numberLines}```, and Quarto's or R
        Markdown's cells, ```{r setup}```: code of that language."""
        info = (node.info or "").strip()
        pandoc = dialect.PANDOC_CODE_ATTRIBUTES.match(info)
        cell = dialect.EXECUTABLE_CELL.match(info)
        if pandoc or (cell and cell["language"].lower() in dialect.CELL_LANGUAGES):
            self._code(node, writer, code_text(node), (pandoc or cell)["language"], "")
            return
        match = dialect.MYST_DIRECTIVE.match(info)
        name, argument = (match["name"].lower(), match["argument"].strip()) if match else ("", "")
        if name in dialect.MYST_CODE:
            lines = node.content.split("\n")
            options = list(takewhile(dialect.MYST_OPTION.match, lines))
            captions = (dialect.MYST_CAPTION.match(line) for line in options)
            caption = next((found["caption"].strip() for found in captions if found), "")
            source = "\n".join(lines[len(options) :]).strip("\n")
            language = argument.split(maxsplit=1)[0] if argument else ""
            self._code(node, writer, source, language, caption)
            return
        content = [line for line in node.content.split("\n") if not dialect.MYST_OPTION.match(line)]
        if name in dialect.MYST_FIGURES and argument:
            caption = " ".join(" ".join(content).split())
            writer.block(
                {
                    "type": "image",
                    "value": ImageRef(
                        argument, caption or argument, caption[:255], "", line_of(node)
                    ),
                }
            )
            return
        if name in dialect.MYST_ADMONITIONS:
            # A generic admonition's argument is its whole title.
            label = (
                (argument or "Note")
                if name == "admonition"
                else dialect.callout_label(name, argument)
            )
            # Blank lines first keep the lines inside pointing into the file.
            inner = self._parse("\n" * line_of(node) + "\n".join(content), {})
            quote_writer = FlowWriter()
            quote_writer.html(f"<p><b>{escape(label)}</b></p>")
            self._write_children(list(inner.children), quote_writer, Place.BODY)
            for piece in quote_writer.finish():
                writer.block(quote(piece) if isinstance(piece, str) else piece)
            return
        self.warn(line_of(node), f"directive {shown(f'{{{name}}}')} kept as code.")
        self._code(node, writer, code_text(node), "", "")

    def _table_caption(self, node: SyntaxTreeNode | None) -> str:
        if node is None or node.type != "paragraph":
            return ""
        match = dialect.TABLE_CAPTION.match(node.children[0].content.strip())
        return match["caption"][:255] if match else ""

    def _table(self, node: SyntaxTreeNode, caption: str) -> dict:
        rows = []
        formatted = 0
        for row in (r for section in node.children for r in section.children):
            cells = []
            for cell in row.children:
                inline = cell.children[0] if cell.children else None
                formatted += bool(
                    inline
                    and any(child.type not in ("text", "softbreak") for child in inline.children)
                )
                cells.append(cell_text(cell).strip())
            rows.append(cells)
        if formatted:
            self.warn(
                line_of(node),
                f"formatting inside {formatted} table cell(s) was dropped (cells are plain "
                "text; a link keeps its address after its words).",
            )
        return table(caption or self.talk_title[:255] or "Table", rows)

    def _quotes(self, node: SyntaxTreeNode) -> list[dict]:
        """One quote per attribution: each paragraph ending in `-- who` closes a quote."""
        blocks: list[dict] = []
        writer = FlowWriter()
        for child in node.children:
            said, who, url = (
                self._attribution(child) if child.type == "paragraph" else (None, "", "")
            )
            if said is None:
                self._write_children([child], writer, Place.BODY)
                continue
            if said:
                writer.html(f"<p>{said}</p>")
            blocks.extend(self._quote_blocks(writer.finish(), who, url, line_of(child)))
            writer = FlowWriter()
        blocks.extend(self._quote_blocks(writer.finish(), "", "", line_of(node)))
        return blocks

    def _quote_blocks(self, pieces: list[str | dict], who: str, url: str, line: int) -> list[dict]:
        blocks = [quote(piece) if isinstance(piece, str) else piece for piece in pieces]
        if who:
            if blocks and blocks[-1]["type"] == "quote":
                blocks[-1]["value"].update(attribution=who[:255], attribution_url=url)
            else:
                self.warn(
                    line, f"attribution {shown(who)} has no quoted text before it; kept as a quote."
                )
                blocks.append(quote(f"<p>{escape(who)}</p>"))
        return blocks

    def _attribution(self, node: SyntaxTreeNode) -> tuple[str | None, str, str]:
        """Split `text -- who` or `text -- [who](url)`: (text HTML, who, url), or (None, ...)."""
        inline = node.children[0]
        children = list(inline.children)
        line = line_of(node)
        if len(children) >= 2 and children[-1].type == "link" and children[-2].type == "text":
            lead = dialect.ATTRIBUTION_LEAD.match(children[-2].content)
            url = str(children[-1].attrs.get("href", ""))
            if lead and dialect.URL.match(url):
                html = "".join(self._inline(child, line) for child in children[:-2])
                return html + escape(lead["said"] or ""), plain_text(children[-1]).strip(), url
        if children and children[-1].type == "text":
            match = dialect.ATTRIBUTION_TEXT.match(children[-1].content)
            said_here = match and (match["said"] or match["closed"])
            # On a line of its own, any words are who said it (export writes them so);
            # after text on the same line, only words that read as a name.
            own_line = (
                match
                and not said_here
                and (len(children) == 1 or children[-2].type in ("softbreak", "hardbreak"))
            )
            if match and (own_line or dialect.names_someone(match["who"])):
                said = children[:-2] if own_line else children[:-1]  # not the line break
                html = "".join(self._inline(child, line) for child in said)
                return html + escape(said_here or ""), match["who"].strip(), ""
        return None, "", ""


def block_as_text(block: dict) -> str:
    """Rich text for a block that must live in rich text (an introduction)."""
    kind, value = block["type"], block["value"]
    if kind == "paragraph":
        return value
    if kind == "heading":
        return f"<p><b>{escape(value['text'])}</b></p>"
    if kind == "quote":
        who = value.get("attribution")
        return value["text"] + (f"<p>— {escape(who)}</p>" if who else "")
    if kind == "code":
        lines = "<br/>".join(
            f"<code>{escape(line)}</code>" for line in value["code"].split("\n") if line.strip()
        )
        return f"<p>{lines}</p>" if lines else ""
    if kind == "table":
        return "".join(f"<p>{escape(' | '.join(row))}</p>" for row in value["data"])
    if kind == "list":
        return list_as_text(value)
    if kind == "image":
        return value.as_link_html()
    return f'<p><a href="{escape(value)}">{escape(unescape(value))}</a></p>'


def list_as_text(value: dict) -> str:
    """A list block as a list in rich text: each item's blocks are lines of its text."""
    tag = "ol" if value["ordered"] else "ul"
    start = f' start="{value["start"]}"' if value["ordered"] and value["start"] != 1 else ""
    items = []
    for item in value["items"]:
        parts: list[str] = []
        for block in item:
            lines = PARAGRAPH.sub(r"\1<br/>", block_as_text(block))
            nested_list = lines.startswith(("<ul", "<ol"))
            if not nested_list and parts and parts[-1].endswith(("</ul>", "</ol>")):
                # Rich text has no words after an item's nested list (a quote below it):
                # they become an item of that list, which keeps them where they were.
                nested, closing = parts[-1][:-5], parts[-1][-5:]
                parts[-1] = f"{nested}<li>{lines.removesuffix('<br/>')}</li>{closing}"
            else:
                parts.append(lines)
        items.append(f"<li>{re.sub(r'<br/>(?=<[ou]l|$)', '', ''.join(parts))}</li>")
    return f"<{tag}{start}>{''.join(items)}</{tag}>"


def _int(value: object) -> int | None:
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 6
        else None
    )
