"""Property-based: no text makes the notes reader fail with anything but a NotesError.

Hypothesis makes up the files: arbitrary text and bytes, and Markdown-ish text built
from a grammar of what notes files hold (front matter of each kind, headings, metadata
lines, lists, fences and directives, quotes and callouts, tables, HTML, images, links
and footnotes), in any order and with the line endings, indents and invisible
characters real files have. Whatever the reader makes of them must also be something an
import can store: visible titles that fit their fields, and blocks that know their line.
The reader is pure, so no example touches the database.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from talks.notes.dialect import visible_text
from talks.notes.document import Document
from talks.notes.errors import NotesError
from talks.notes.reader import MAX_TITLE_CHARS, ReadOptions, decode, read_notes

EXAMPLES = settings(max_examples=150, deadline=3000)

WORDS = st.sampled_from(
    ["Day 1", "Talk", "Keynote", "Monday", "café", "🦀", "a", "x" * 300, "\u200b", ""]
)
PHRASE = st.lists(WORDS, max_size=4).map(" ".join)
URL = st.sampled_from(
    ["https://example.com/v", "http://bad_host/x", "/talks/t/", "javascript:alert(1)", "../up.png"]
)
INLINE = st.one_of(
    PHRASE,
    st.builds("*{}*".format, PHRASE),
    st.builds("**{}**".format, PHRASE),
    st.builds("`{}`".format, PHRASE),
    st.builds("[{}]({})".format, PHRASE, URL),
    st.builds("![{}]({})".format, PHRASE, URL),
    st.builds("<{}>".format, URL),
    st.sampled_from(
        ["[^1]", "~~gone~~", "<b>bold</b>", "&amp;", "\\*", "[", "*", "_", "|", "<i>", "</b>"]
    ),
    st.sampled_from(["<img src=x.png>", "<kbd>", "<!-- c -->", "<br>", "<?php", "![[a b.png]]"]),
    st.text(max_size=20),
)
TEXT_LINE = st.lists(INLINE, min_size=1, max_size=5).map(" ".join)

FRONT_MATTER = st.one_of(
    st.builds(
        "---\n{}\n---".format,
        st.lists(
            st.sampled_from(
                [
                    "title: Conf",
                    'title: "\u200b"',
                    "title: Conf: Day 2",
                    "date: 2024-02-30",
                    "date: 2024-05-01",
                    "tags: [python, web]",
                    "tags: [{a: b}]",
                    "categories: one, two",
                    "website: https://example.com",
                    "days: true",
                    "talk_level: 3",
                    "talk_level: 9",
                    "a: &x [1]",
                    "b: *x",
                    "slug: ''",
                    "- not a mapping",
                    "title: [unclosed",
                ]
            ),
            max_size=4,
        ).map("\n".join),
    ),
    st.builds("+++\n{}\n+++".format, st.sampled_from(['title = "Conf"', "a = [[", "x = 1"])),
    st.sampled_from(["Title: Conf\nTags: a, b", "---\ntitle: never closed", "+++"]),
)
HEADING = st.builds(
    "{} {}".format, st.sampled_from(["#", "##", "###", "####", "#####", "######"]), PHRASE
)
FENCE = st.sampled_from(["```", "```python", '```py title="x"', "```{note}", "```{figure} a.png"])
BLOCK = st.one_of(
    TEXT_LINE,
    HEADING,
    st.builds(
        "{}: {}".format,
        st.sampled_from(["Speakers", "Video", "Slides", "Tags", "Summary", "Slug", "Date"]),
        st.one_of(PHRASE, URL, st.just("2024-05-01")),
    ),
    st.builds("{}- {}".format, st.sampled_from(["", "  ", "    ", "\t", " " * 90]), TEXT_LINE),
    st.builds("{}. {}".format, st.integers(0, 12), TEXT_LINE),
    st.builds("{} {}".format, st.text(">", min_size=1, max_size=30), TEXT_LINE),
    # One fence in ten is never closed (which refuses the whole file).
    st.builds("{}\n{}\n{}".format, FENCE, TEXT_LINE, st.sampled_from(["```"] * 9 + [""])),
    st.builds("~~~\n{}\n~~~".format, TEXT_LINE),
    st.sampled_from(
        [
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "Table: caption",
            "Credit: someone",
            '!!! note "Title"\n    inside',
            "::: tip Title\ninside\n:::",
            "> [!NOTE] Title\n> inside",
            '<iframe src="https://www.youtube.com/embed/abc123XYZ"></iframe>',
            "<!-- a comment -->",
            "<div><script>alert(1)</script>",
            '<p align="center"><img src="x.png" alt="A" onerror="alert(1)"></p>',
            "<details>\n<summary>Q&amp;A <b>why",
            "</details>",
            '<blockquote class="twitter-tweet"><p>said</p>&mdash; Ada <a href="https://x">May',
            '<pre><code class="language-py">x = 1\n',
            "<figure><img src=a.png><figcaption>cap</figcaption></figure>",
            "<table><tr><td>1<td>2</table>",
            "<table><caption>c</caption><td><img src=a.png alt=A><br>x</table>",
            "<b><i></b></i><kbd>k</kbd><u>u</u><img src=javascript:alert(1)>",
            '<a href="javascript:alert(1)">x</a><a name="anchor"></a>',
            "{{< youtube abc123 >}}",
            "{{< toc >}}",
            "[^1]: the note",
            "[ref]: https://example.com",
            "---",
            "said -- Ada",
            "    indented code",
        ]
    ),
)
SEPARATOR = st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\r\r", "\n\n\n"])


@st.composite
def notes_files(draw) -> str:
    """Front matter perhaps, a lead, then sections: a heading and the blocks under it."""
    parts = [draw(FRONT_MATTER)] if draw(st.booleans()) else []
    parts += draw(st.lists(BLOCK, max_size=3))
    for _ in range(draw(st.integers(0, 8))):
        parts += [draw(HEADING), *draw(st.lists(BLOCK, max_size=5))]
    text = "".join(part + draw(SEPARATOR) for part in parts)
    return draw(st.sampled_from(["", "\ufeff"])) + text


OPTIONS = st.builds(
    ReadOptions,
    title=st.sampled_from(["", "Steered", "\u200b"]),
    talk_level=st.one_of(st.none(), st.integers(1, 6)),
    days=st.sampled_from([None, True, False]),
)


def read_or_refused(read: Callable[..., Document], *args) -> Document | None:
    """What the reader made of the input, or None if it refused it with a NotesError (any
    other exception fails the test)."""
    try:
        return read(*args)
    except NotesError:
        return None


def assert_importable(document: Document, text: str) -> None:
    """What the reader made can be stored: titles that fit, blocks that know their line."""
    lines = text.count("\n") + text.count("\r") + 1
    assert visible_text(document.title) and len(document.title) <= MAX_TITLE_CHARS
    for day in document.days:
        assert visible_text(day.title) and len(day.title) <= MAX_TITLE_CHARS
    for talk in document.talks:
        assert visible_text(talk.title) and len(talk.title) <= MAX_TITLE_CHARS
        assert talk.slug
        assert len(talk.block_lines) == len(talk.blocks)
        assert all(1 <= line <= lines for line in talk.block_lines)


@EXAMPLES
@given(text=st.text(max_size=2000), options=OPTIONS)
def test_any_text_is_read_or_refused_with_a_notes_error(text, options):
    if document := read_or_refused(read_notes, text, "any.md", options):
        assert_importable(document, text)


@EXAMPLES
@given(data=st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_a_notes_error(data):
    if document := read_or_refused(read_notes, data, "any.md"):
        text, _ = decode(data, "any.md")  # in an encoding it detected, any byte may be a break
        assert_importable(document, text)


@EXAMPLES
@given(text=notes_files(), options=OPTIONS)
# Found by this test: an empty day heading over a quote made a talk with no title.
@example(text="# \n\n> Day 1\n", options=ReadOptions(days=True))
def test_any_notes_shaped_text_is_read_or_refused_with_a_notes_error(text, options):
    if document := read_or_refused(read_notes, text, "notes.md", options):
        assert_importable(document, text)
