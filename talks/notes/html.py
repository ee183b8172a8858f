"""Raw HTML inside notes, read for what a browser shows of it: its text, the formatting
rich text can hold, and its images, code and quotes. Never kept as markup.

Notes written for a blog or a README carry HTML for what Markdown can't say: a centred
image with a width, `<details>` around the Q&A, `<kbd>` keys, an embedded tweet. A
browser shows their text and images, so the site does too; everything it writes is built
here from escaped text and the few tags rich text allows (b, i, s, code, a, br, p).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.html import escape
from markdown_it.common.normalize_url import normalizeLink


def tag_set(names: str) -> frozenset[str]:
    return frozenset(names.split())


SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|\.|[^:]*$)", re.IGNORECASE)
SPACES = re.compile(r"\s+")

# HTML tags and the rich-text tag that shows them the same way.
RICH_TEXT_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "cite": "i",
    "dfn": "i",
    "var": "i",
    "s": "s",
    "del": "s",
    "strike": "s",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
# Elements that end a paragraph and start another.
BLOCK_TAGS = tag_set(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol p pre "
    "section summary table tbody tfoot thead tr ul"
)
# Their text is a heading of what follows: it is shown bold.
TITLE_TAGS = tag_set("summary h1 h2 h3 h4 h5 h6 dt legend caption")
# GitHub's Markdown shows these as text rather than run or hide them (its tag filter), and
# so does the site, unless they are empty: `<script async src=…></script>` after an
# embedded tweet shows nothing in any browser. A `<style>`'s sheet is left out instead.
SHOWN_AS_TEXT = tag_set("script style textarea title xmp noembed noframes plaintext")
# Tags a reader never sees the effect of, left out without a word.
QUIET_TAGS = tag_set(
    "a abbr article aside bdi bdo big blockquote br center data details div figure font "
    "footer header hr img ins label main mark nav p q section small source span sub "
    "summary sup table tbody td tfoot th thead time tr u video audio picture figcaption "
    "caption dl dt dd ul ol li h1 h2 h3 h4 h5 h6 pre input wbr"
) | set(RICH_TEXT_TAGS)
DASHES = ("—", "–", "-")  # "-" covers "--"
# MDX's video components (Astro, Next, Gatsby notes): `<YouTube id="dQw4w9WgXcQ" />`.
PLAYER_COMPONENTS = {
    "youtube": "https://www.youtube.com/watch?v={id}",
    "vimeo": "https://vimeo.com/{id}",
}
VIDEO_ID = re.compile(r"^[\w-]{5,64}$")
WEB_ADDRESS = re.compile(r"^https?://[^\s\"'<>]{1,1990}$", re.I)
# A gist embedded by its script: `<script src="https://gist.github.com/ada/1f2e.js">`.
GIST_SCRIPT = re.compile(r"^(?P<gist>https://gist\.github\.com/[\w-]++/\w++)\.js(?:\?[\w=&.-]*+)?$")
MAX_OPEN_MARKS = 8
# Python's HTML parser takes quadratic time on some malformed input (thousands of
# unclosed `<!--`); a block of raw HTML longer than this is kept as text instead.
MAX_HTML_CHARS = 20_000


def safe_href(href: str) -> str | None:
    """The address, if a link to it can't run script (no `javascript:`), written as
    Markdown's own links and images are (`{{ x }}` as `%7B%7B%20x%20%7D%7D`), so one from
    raw HTML reads back the same from exported notes."""
    return normalizeLink(href) if SAFE_URL.match(href) else None


def tag_events(html: str) -> list[tuple[str, str, dict[str, str]]]:
    """The start, end and empty-element tags of a snippet, with their attributes."""
    parser = TagEvents()
    parser.feed(html)
    parser.close()
    return parser.events


OPENING_MARKS = {"<b>": "</b>", "<i>": "</i>", "<s>": "</s>"}
CLOSING_MARKS = {end: start for start, end in OPENING_MARKS.items()}
ADJOINING = {"<code>": "</code>", **OPENING_MARKS}
# Tags inside a line of text; a space beside any other (a line break, a paragraph's or an
# item's edge) isn't shown.
INLINE_TAGS = re.compile(r"^</?(?:b|i|s|a|code)\b")
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
RUN_OF_SPACES = re.compile(r"  ++")


def spaces_outside_marks(html: str) -> str:
    """Rich text as Markdown can say it and a browser shows it alike: a space just inside
    bold, italics or strikethrough (`<b>Speaker: </b>Ada`) goes just outside, where
    `**Speaker: **` would not be bold at all; a space that isn't shown (beside a line
    break, at a paragraph's edge, the second of two) goes, as do a line break that ends
    a paragraph and formatting around nothing. Code keeps its spaces."""
    out: list[str] = []
    in_code = False

    def text_at(index: int) -> str:
        return out[index] if -len(out) <= index < len(out) and out[index][:1] != "<" else ""

    def drop_trailing_space() -> bool:
        if not text_at(-1).endswith(" "):
            return False
        out[-1] = out[-1][:-1]
        if not out[-1]:
            out.pop()
        return True

    for piece in TAG_OR_TEXT.split(html):
        if not piece:
            continue
        if in_code or piece.startswith("<"):
            in_code = (in_code or piece == "<code>") and piece != "</code>"
            if piece in CLOSING_MARKS and out and out[-1] == CLOSING_MARKS[piece]:
                out.pop()  # formatting around nothing
                continue
            if piece in CLOSING_MARKS and out and out[-1] == "<br/>":
                out[-1:] = [piece, "<br/>"]  # the break after the bold, where it can end
                continue
            if piece in ADJOINING and out and out[-1] == ADJOINING[piece]:
                # `<kbd>ctrl</kbd><kbd>Q</kbd>`: Markdown can't write two code spans or
                # bolds side by side (`ctrl``Q` is one span), so they are one.
                out.pop()
                continue
            if piece[:6] != "<code>" and not INLINE_TAGS.match(piece):
                drop_trailing_space()
                while out and out[-1] == "<br/>" and piece != "<br/>":
                    out.pop()  # a line break that ends a paragraph or an item breaks nothing
                    drop_trailing_space()
            elif piece in CLOSING_MARKS and drop_trailing_space():
                out.extend((piece, " "))
                continue
            out.append(piece)
            continue
        piece = RUN_OF_SPACES.sub(" ", piece)  # shown as one (a tag left out between two)
        if piece.startswith(" "):
            piece = piece[1:]
            marks = len(out)
            while marks and out[marks - 1] in OPENING_MARKS:
                marks -= 1
            before = out[marks - 1] if marks else ""
            shown_before = bool(before) and (before[:1] != "<" or INLINE_TAGS.match(before))
            if marks < len(out) and shown_before and not text_at(marks - 1).endswith(" "):
                out.insert(marks, " ")
            elif marks == len(out) and shown_before and not before.endswith(" "):
                piece = " " + piece
        if piece:
            out.append(piece)
    return "".join(out)


class TagEvents(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("empty", tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))

    def handle_comment(self, data):
        self.events.append(("comment", "", {}))


class Marks:
    """The rich-text formatting open in a run of text: HTML's own tags mapped to the ones
    rich text allows, always closed in order, whatever order the HTML closed them in.

    At most MAX_OPEN_MARKS are open at once (more add nothing a reader sees), so closing
    one out of order, which reopens those inside it, costs a bounded amount."""

    def __init__(self, links: bool = True) -> None:
        self.open: list[tuple[str, str]] = []  # (HTML tag, the rich-text start tag)
        self.links = links  # False inside a Markdown link

    def start(self, tag: str, attrs: dict[str, str]) -> str:
        if len(self.open) >= MAX_OPEN_MARKS:
            return ""
        if tag == "a":
            href = safe_href(attrs.get("href", "").strip())
            if not (href and self.links) or any(name == "a" for name, _ in self.open):
                return ""  # links don't nest; an unsafe one keeps its text
            start = f'<a href="{escape(href)}">'
        elif tag in RICH_TEXT_TAGS:
            start = f"<{RICH_TEXT_TAGS[tag]}>"
        else:
            return ""
        if any(start == opened for _, opened in self.open):
            start = ""  # bold inside bold shows as bold: held open, writing nothing
        self.open.append((tag, start))
        return start

    def end(self, tag: str) -> str:
        """Closes the innermost `tag`, and reopens what was opened inside it."""
        names = [name for name, _ in self.open]
        if tag not in names:
            return ""
        at = len(names) - 1 - names[::-1].index(tag)
        if not self.open[at][1]:
            del self.open[at]
            return ""
        html = self.closing(at) + "".join(start for _, start in self.open[at + 1 :])
        del self.open[at]
        return html

    def closing(self, down_to: int = 0) -> str:
        """The end tags of what is open, innermost first (it stays open)."""
        return "".join(
            f"</{RICH_TEXT_TAGS.get(name, name)}>"  # an <a> is itself
            for name, start in reversed(self.open[down_to:])
            if start
        )

    def close_all(self) -> str:
        html, self.open = self.closing(), []
        return html

    def reopen(self) -> str:
        return "".join(start for _, start in self.open)


@dataclass
class HtmlImage:
    src: str
    alt: str
    caption: str = ""


@dataclass
class HtmlCode:
    source: str
    language: str


@dataclass
class HtmlEmbed:
    url: str


@dataclass
class HtmlTable:
    rows: list[list[str]]


@dataclass
class HtmlQuote:
    text: str  # rich text
    attribution: str = ""
    url: str = ""


@dataclass
class Paragraph:
    html: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # what it shows, to tell it isn't empty
    href: str = ""  # its first link's address

    def shown(self) -> str:
        return " ".join("".join(self.text).split())


Piece = str | HtmlImage | HtmlCode | HtmlQuote | HtmlTable | HtmlEmbed


@dataclass
class HtmlContent:
    """What a block of raw HTML shows: rich-text paragraphs (`<p>…</p>`), images, code and
    quotes in order; the tags left out; whether it held a comment."""

    pieces: list[Piece]
    left_out: list[str]
    had_comment: bool
    #: Where the frames and gist scripts kept as links pointed (their hosts).
    linked: list[str] = field(default_factory=list)


def read_html(html: str) -> HtmlContent | None:
    """The content of a block of raw HTML, or None when it must stay text: it holds a
    script, a style or another element GitHub shows as text, with something in it, or it
    is over MAX_HTML_CHARS long."""
    if len(html) > MAX_HTML_CHARS:
        return None
    reader = HtmlReader()
    reader.feed(html)
    reader.close()
    if reader.shown_as_text:
        return None
    reader.end_unclosed()
    return HtmlContent(reader.pieces, sorted(reader.left_out), reader.had_comment, reader.linked)


class HtmlReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self.left_out: set[str] = set()
        self.linked: list[str] = []
        self.had_comment = False
        self.shown_as_text = False
        self.marks = Marks()
        self.paragraph = Paragraph()
        self.hidden: str | None = None  # inside a script or style: what it is
        self.code: HtmlCode | None = None  # inside a <pre>
        self.quotes: list[int] = []  # where each open blockquote's pieces start
        self.figures: list[int] = []  # likewise for figures
        self.caption: Paragraph | None = None  # inside a figcaption
        self.paragraph_at: dict[int, Paragraph] = {}  # each paragraph piece's own text
        self.table: list[list[str]] | None = None  # inside a table: its rows of cells
        self.cell_links: list[str] = []  # the addresses of the links open in a cell

    # Text

    def handle_data(self, data: str) -> None:
        if self.hidden == "style":
            # A style sheet (pandas' before every table it writes) is never what a reader
            # reads: left out, with a word, rather than the whole block shown as code.
            self.left_out.add("style")
        elif self.hidden:
            self.shown_as_text |= bool(data.strip())
        elif self.code is not None:
            self.code.source += data
        elif self.table is not None:
            self.cell_text(data)
        else:
            target = self.caption or self.paragraph
            text = SPACES.sub(" ", data)
            if not target.text:
                text = text.lstrip()
            if text:
                self.write(escape(text), text, target)

    def end_unclosed(self) -> None:
        """What a `<pre>`, a table or a caption left open at the block's end holds is
        kept, as if closed there."""
        for tag in ("pre", "table"):
            self.handle_endtag(tag)
        if self.caption is not None:
            self.end_block("figcaption")
        self.end_paragraph()

    def cell_text(self, text: str) -> None:
        """Text in a table goes in its last cell (one is made for text outside any, but
        not for the spaces and line breaks between a table's tags)."""
        if not text.strip() and not (self.table and self.table[-1]):
            return
        self.table[-1:] = self.table[-1:] or [[]]
        self.table[-1][-1:] = [(self.table[-1][-1:] or [""])[0] + text]

    def write(self, html: str, text: str, target: Paragraph | None = None) -> None:
        target = target or self.paragraph
        if not target.html:
            target.html.append(self.marks.reopen())
        target.html.append(html)
        target.text.append(text)

    def handle_comment(self, data: str) -> None:
        self.had_comment = True

    # Tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "script" and (gist := GIST_SCRIPT.match(attributes.get("src", "").strip())):
            self.hidden = tag
            self.framed(gist["gist"], "The code on GitHub Gist")
        elif tag in SHOWN_AS_TEXT:
            self.hidden = tag
        elif self.code is not None:
            self.code.language = self.code.language or language_of(attributes)
        elif tag == "pre":
            self.end_paragraph()
            self.code = HtmlCode("", language_of(attributes))
        elif self.table is not None:
            if tag == "tr":
                self.table.append([])
            elif tag in ("td", "th"):
                self.table[-1:] = self.table[-1:] or [[]]
                self.table[-1].append("")
            elif tag == "img":
                self.cell_text(f" {attributes.get('alt') or attributes.get('src', '')} ")
            elif tag == "a":
                href = attributes.get("href", "").strip()
                self.cell_links.append(href if WEB_ADDRESS.match(href) else "")
            elif tag == "br" or tag in BLOCK_TAGS:
                self.cell_text(" ")  # a line or paragraph in a cell: words stay apart
        elif tag == "table":
            self.end_paragraph()
            self.table = []
        elif tag == "img":
            self.image(attributes)
        elif tag in PLAYER_COMPONENTS:
            self.player(tag, attributes)
        elif tag == "br" and self.caption is not None:
            self.caption.text.append(" ")
        elif tag == "br":
            if self.paragraph.text:
                self.write("<br/>", "\n")
        elif tag == "input" and attributes.get("type") == "checkbox":
            self.write("☑ " if "checked" in attributes else "☐ ", "☐")
        elif tag == "iframe":
            self.framed(attributes.get("src", "").strip(), attributes.get("title", ""))
        elif tag in BLOCK_TAGS:
            self.start_block(tag)
        elif tag == "a" or tag in RICH_TEXT_TAGS:
            start = self.marks.start(tag, attributes)
            if start and self.paragraph.html:
                self.paragraph.html.append(start)
            if tag == "a" and start and not self.paragraph.href:
                self.paragraph.href = attributes["href"].strip()
        elif tag not in QUIET_TAGS:
            self.left_out.add(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "br", "input", "hr", *PLAYER_COMPONENTS):
            self.handle_starttag(tag, attrs)
        elif tag not in QUIET_TAGS:
            self.left_out.add(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.hidden:
            self.hidden = None
        elif tag == "pre" and self.code is not None:
            code, self.code = self.code, None
            source = code.source.removeprefix("\n").rstrip()
            if source.strip():
                self.pieces.append(HtmlCode(source, code.language))
        elif self.code is not None:
            pass
        elif tag == "table" and self.table is not None:
            rows = [[" ".join(cell.split()) for cell in row] for row in self.table if row]
            self.table = None
            if any(any(row) for row in rows):
                width = max(map(len, rows))
                self.pieces.append(HtmlTable([row + [""] * (width - len(row)) for row in rows]))
        elif self.table is not None:
            if tag == "a" and self.cell_links:
                # Cells are plain text: a link keeps its address after its words.
                href = self.cell_links.pop()
                if href:
                    self.cell_text(f" ({href})")
        elif tag in BLOCK_TAGS:
            self.end_block(tag)
        elif tag == "a" or tag in RICH_TEXT_TAGS:
            end = self.marks.end(tag)
            if self.paragraph.html:
                self.paragraph.html.append(end)

    def start_block(self, tag: str) -> None:
        self.end_paragraph()
        if tag == "blockquote":
            self.quotes.append(len(self.pieces))
        elif tag == "figure":
            self.figures.append(len(self.pieces))
        elif tag == "figcaption" and self.figures:
            self.caption = Paragraph()
        elif tag in TITLE_TAGS:
            self.marks.start("b", {})

    def end_block(self, tag: str) -> None:
        if tag == "figcaption" and self.caption is not None:
            caption, self.caption = self.caption, None
            self.caption_figure(caption)
            return
        if tag in TITLE_TAGS:
            end = self.marks.end("b")
            if self.paragraph.html:
                self.paragraph.html.append(end)
        self.end_paragraph()
        if tag == "blockquote" and self.quotes:
            self.quote(self.quotes.pop())
        elif tag == "figure" and self.figures:
            self.figures.pop()

    def end_paragraph(self) -> None:
        paragraph, self.paragraph = self.paragraph, Paragraph()
        if paragraph.shown():
            html = "".join(paragraph.html).strip().removesuffix("<br/>").rstrip()
            self.pieces.append(spaces_outside_marks(f"<p>{html}{self.marks.closing()}</p>"))
            self.paragraph_at[len(self.pieces) - 1] = paragraph

    # Images, captions, quotes

    def image(self, attributes: dict[str, str]) -> None:
        src = attributes.get("src", "").strip()
        if not src:
            return
        if not (src := safe_href(src)):
            self.left_out.add("img")  # a script's address, or data the site can't store
            return
        self.end_paragraph()
        alt = " ".join(attributes.get("alt", "").split())
        self.pieces.append(HtmlImage(src, alt, " ".join(attributes.get("title", "").split())))

    def framed(self, src: str, title: str) -> None:
        """A page framed in the notes (slides, a gist, a form) as a link to it: the site
        frames only known players, and a reader loses nothing but the frame."""
        src = f"https:{src}" if src.startswith("//") else src
        host = urlsplit(src).hostname if WEB_ADDRESS.match(src) and safe_href(src) else None
        if not host:
            self.left_out.add("iframe")  # a script's address, or none: said, not shown
            return
        self.end_paragraph()
        text = " ".join(title.split()) or f"Embedded content on {host}"
        self.pieces.append(f'<p><a href="{escape(src)}">{escape(text)}</a></p>')
        self.linked.append(host)

    def player(self, tag: str, attributes: dict[str, str]) -> None:
        found = next(
            (
                attributes[name].strip()
                for name in ("id", "videoid", "url", "src")
                if attributes.get(name)
            ),
            "",
        )
        if re.match(r"^https?://", found) and safe_href(found):
            url = found
        elif VIDEO_ID.match(found):
            url = PLAYER_COMPONENTS[tag].format(id=found)
        else:
            self.left_out.add(tag)
            return
        self.end_paragraph()
        self.pieces.append(HtmlEmbed(url))

    def caption_figure(self, caption: Paragraph) -> None:
        images = [p for p in self.pieces[self.figures[-1] :] if isinstance(p, HtmlImage)]
        if images and not images[-1].caption:
            images[-1].caption = caption.shown()[:255]
        elif caption.shown():
            self.pieces.append(f"<p>{escape(caption.shown())}</p>")

    def quote(self, start: int) -> None:
        """The paragraphs since `start` as one quote; a last one that starts with a dash
        (an embedded tweet's "— Ada (@ada) May 1, 2024") is who said it."""
        inside = self.pieces[start:]
        texts = [index for index, piece in enumerate(inside) if isinstance(piece, str)]
        if not texts:
            return
        attribution, url = "", ""
        last = self.paragraph_at.get(start + texts[-1])
        if last and len(texts) > 1 and last.shown().startswith(DASHES):
            attribution = last.shown().lstrip("—–- ").strip()[:255]
            url = last.href if re.match(r"^https?://", last.href) else ""
            texts.pop()
        text = "".join(inside[index] for index in texts)
        others = [piece for piece in inside if not isinstance(piece, str)]
        self.pieces[start:] = [HtmlQuote(text, attribution, url), *others]


def language_of(attributes: dict[str, str]) -> str:
    """A code element's language: `class="language-python"`, `lang="python"`."""
    for name in attributes.get("class", "").split():
        if name.startswith(("language-", "lang-")):
            return name.split("-", 1)[1][:100]
    return attributes.get("lang", "").strip()[:100]
