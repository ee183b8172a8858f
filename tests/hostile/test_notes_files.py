"""A corpus of malformed and hostile notes files, built here, one builder per file.

Each file is refused with the importer's own error, naming the line where there is one,
or read with a warning that names the line; within a time limit; and a refused file
writes nothing (no page, revision, image, speaker or tag, no file in media storage).
Every file goes through the pure reader and through `import_notes`, and those the reader
alone judges through the admin's upload, preview and import too; on the database the
suite runs on (SQLite, or PostgreSQL with DATABASE_URL).
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from talks.models import Speaker
from talks.notes.errors import NotesError
from talks.notes.reader import MAX_TALKS, read_notes

DAY = "---\ntitle: Conf\n---\n\n## Day 1\n\n"
FRONT = DAY + "### Talk\n\n"  # the talk's body starts at line 9
# A message quotes what it names, cut short: never a runaway line whole.
MAX_MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Hostile:
    build: Callable[[], bytes]
    #: The error or warning, with its line ("line 9: …") where the file has one.
    message: str
    refused: bool = False
    #: Found when importing (images, the talk body's rules), not by the reader alone.
    on_import: bool = False
    #: Files beside the notes file, in its folder (images, symlinks).
    beside: Callable[[Path], None] = lambda folder: None
    seconds: float = 5


def text(markdown: str) -> Callable[[], bytes]:
    return lambda: markdown.encode()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def write(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(content)


def link_out(folder: Path) -> None:
    """An image in the notes' folder that is a link to a file outside it."""
    (folder.parent / "outside.png").write_bytes(png())
    (folder / "link.png").symlink_to(folder.parent / "outside.png")


def billion_laughs() -> bytes:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return f"---\ntitle: Conf\n{chr(10).join(rows)}\ntags: *i\n---\n\ntext\n".encode()


def talks(count: int) -> bytes:
    return (DAY + "".join(f"### Talk {n}\n\nNotes {n}.\n\n" for n in range(count))).encode()


HOSTILE: dict[str, Hostile] = {
    # Front matter (#11 items 1 and 5).
    "yaml-alias-bomb": Hostile(
        billion_laughs,
        "line 4: malformed front matter (anchors and aliases (*name) are not allowed)",
        refused=True,
    ),
    "front-matter-over-64-kb": Hostile(
        text("---\ntitle: Conf\ndescription: " + "x" * 70_000 + "\n---\n\ntext\n"),
        "line 1: the front matter is larger than 64 KB.",
        refused=True,
    ),
    "front-matter-nested-20000-deep": Hostile(
        text("---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\ntext\n"),
        "line 2: the front matter is nested too deeply.",
        refused=True,
    ),
    "toml-nested-5000-deep": Hostile(
        text("+++\na = " + "[" * 5_000 + "]" * 5_000 + "\n+++\n\ntext\n"),
        "line 2: malformed TOML front matter",
        refused=True,
    ),
    "impossible-date": Hostile(
        text("---\ntitle: Conf\ndate: 2024-02-30\n---\n\ntext\n"),
        "line 3: date “2024-02-30” is not a date; expected YYYY-MM-DD.",
        refused=True,
    ),
    "date-that-is-a-list": Hostile(
        text("---\ntitle: Conf\ndate: [2024, 5]\n---\n\ntext\n"),
        "line 3: date “[2024, 5]” is not a date; expected YYYY-MM-DD.",
        refused=True,
    ),
    "tags-that-are-mappings": Hostile(
        text("---\ntitle: Conf\ntags: [{a: b}]\n---\n\ntext\n"),
        "line 3: `tags` must be a list of words",
        refused=True,
    ),
    "front-matter-tag-over-100-characters": Hostile(
        text("---\ntitle: Conf\ntags: [ok, " + "t" * 101 + "]\n---\n\ntext\n"),
        "line 3: a tag in `tags` is longer than 100 characters.",
        refused=True,
    ),
    "broken-yaml": Hostile(
        text("---\ntitle: [Conf\n---\n\ntext\n"), "line 2: malformed front matter", refused=True
    ),
    "front-matter-never-closed": Hostile(
        # YAML that no closing line ends (a Pelican header of `Key: Value` lines would be
        # read up to its blank line).
        text("---\ntitle: Conf\ntags:\n  - a\n\n## Talk\n\ntext\n"),
        "line 1: the front matter is never closed; expected a `---` line.",
        refused=True,
    ),
    "invisible-front-matter-title": Hostile(
        text('---\ntitle: "\u200b\u200b"\n---\n\n## Talk\n\ntext\n'),
        "line 2: the title in the front matter has no visible characters; not used.",
    ),
    "website-that-is-a-script": Hostile(
        text("---\ntitle: Conf\nwebsite: javascript:alert(1)\n---\n\ntext\n"),
        "line 3: website “javascript:alert(1)” is not a web address of at most 200 characters",
    ),
    "location-over-255-characters": Hostile(
        text("---\ntitle: Conf\nlocation: " + "Far away " * 40 + "\n---\n\ntext\n"),
        "line 3: location shortened to 255 characters",
    ),
    # Titles and headings (#11 item 5).
    "conference-title-over-255-characters": Hostile(
        text("---\ntitle: " + "Conf " * 100 + "\n---\n\n## Talk\n\ntext\n"),
        "line 2: title shortened to 255 characters",
    ),
    "day-title-over-255-characters": Hostile(
        text("---\ntitle: Conf\n---\n\n## Day 1 " + "long " * 100 + "\n\n### Talk\n\ntext\n"),
        "line 5: day title shortened to 255 characters",
    ),
    "talk-title-over-255-characters": Hostile(
        text(DAY + "### " + "Talk " * 100 + "\n\ntext\n"),
        "line 7: talk title shortened to 255 characters",
    ),
    "heading-line-of-a-megabyte": Hostile(
        text("## " + "word " * 200_000 + "\n\ntext\n"),
        "line 1: talk title shortened to 255 characters",
    ),
    # Each heading is looked at for a day's name ("Day 2", "2日目"): in linear time, even
    # in a run of digits (where the look once started again at every digit).
    "heading-of-50000-digits": Hostile(
        text("## " + "1" * 50_000 + "\n\ntext\n"),
        "line 1: talk title shortened to 255 characters",
    ),
    # A speaker line is matched whole: in linear time, even with a long run of spaces
    # inside (where the match once started again at every space).
    "speaker-line-with-200000-inner-spaces": Hostile(
        text(FRONT + "Speaker: Ada" + " " * 200_000 + "x" * 300 + "\n\ntext\n"),
        "line 9: speaker name shortened to 255 characters",
    ),
    # Highlight tags, Liquid tags, containers and fence attributes are read in linear
    # time, even where a long name never closes (quadratic once: 100 s at this size).
    "open-tags-and-attributes-of-100000-letters": Hostile(
        text(
            FRONT
            + "{{< highlight "
            + "a" * 100_000
            + "\n\n{% "
            + "b" * 100_000
            + "\n\n::: {."
            + "d" * 100_000
            + "\n\n```{#a .b"
            + "c" * 100_000
            + "\n```\n"
        ),
        "line 15: directive “{}” kept as code.",
    ),
    # Python's HTML parser is quadratic on thousands of unclosed comments; raw HTML this
    # long is kept as text, and formatting closed out of order reopens a bounded amount.
    "raw-html-of-50000-unclosed-comments": Hostile(
        text(FRONT + "<div>" + "<!--" * 50_000 + "\n"),
        "line 9: raw HTML with a script or style in it, or very long, kept as text.",
    ),
    "raw-html-of-nested-formatting-closed-out-of-order": Hostile(
        text(
            FRONT
            + "<div>"  # under the 20,000 characters past which a block stays text
            + "<b><i>" * 1_500
            + "x"
            + "</b>" * 1_500
            + "\n\n"
            + "x "
            + "<b><i>" * 3_000
            + "x"
            + "</b>" * 3_000
            + "\n\n<marquee>\n"
        ),
        "line 13: raw HTML “<marquee>” left out; its text is kept.",
    ),
    "empty-talk-heading": Hostile(
        text(DAY + "###\n\ntext\n"),
        "line 7: a talk heading has no text; called it “Untitled talk (line 7)”.",
    ),
    "zero-width-space-talk-title": Hostile(
        text(DAY + "### \u200b\u200b\n\ntext\n"),
        "line 7: a talk heading has no text",
    ),
    # The warning names line 7 only if a lone CR ends a line.
    "cr-only-line-endings": Hostile(
        text("---\rtitle: Conf\r---\r\r## Day 1\r\r###\r\rtext\r"),
        "line 7: a talk heading has no text",
    ),
    "talk-heading-linking-to-a-relative-url": Hostile(
        text(DAY + "### [Talk](/talks/t/)\n\ntext\n"),
        "line 7: the talk's link “/talks/t/” is not a full URL",
    ),
    "talk-link-over-200-characters": Hostile(
        text(DAY + f"### [Talk](https://x.org/{'a' * 300})\n\nx\n"),
        "line 7: the talk's link “https://x.org/aaa",
    ),
    "talk-tag-over-100-characters": Hostile(
        text(FRONT + "Tags: web, " + "t" * 150 + "\n\ntext\n"),
        "line 9: tag shortened to 100 characters",
    ),
    "speaker-name-over-255-characters": Hostile(
        text(FRONT + "Speakers: " + "Ada " * 100 + "\n\ntext\n"),
        "line 9: speaker name shortened to 255 characters",
    ),
    # Images (#11 items 5 and 7): only image files inside the notes' folder are read.
    "image-path-to-a-text-file": Hostile(
        text(FRONT + "![Secret](secret.txt)\n"),
        "line 9: image “secret.txt” is not an image file in the notes' folder.",
        on_import=True,
        beside=write("secret.txt", b"not an image"),
    ),
    "image-named-png-holding-text": Hostile(
        text(FRONT + "![Stage](fake.png)\n"),
        "line 9: image “fake.png” can't be used: Upload a valid image.",
        on_import=True,
        beside=write("fake.png", b"not an image at all"),
    ),
    "image-claiming-900-million-pixels": Hostile(
        text(FRONT + "![Stage](bomb.png)\n"),
        "line 9: image “bomb.png” can't be used:",
        on_import=True,
        beside=write("bomb.png", png_claiming(30_000, 30_000)),
    ),
    "image-outside-the-folder": Hostile(
        text(FRONT + "![Out](../outside.png)\n"),
        "line 9: image “../outside.png” is not an image file in the notes' folder.",
        on_import=True,
        beside=lambda folder: (folder.parent / "outside.png").write_bytes(png()),
    ),
    "image-absolute-path": Hostile(
        text(FRONT + "![Passwords](/etc/passwd)\n"),
        "line 9: image “/etc/passwd” was not found; kept as a link.",
        on_import=True,
    ),
    "image-symlink-out-of-the-folder": Hostile(
        text(FRONT + "![Link](link.png)\n"),
        "line 9: image “link.png” is not an image file in the notes' folder.",
        on_import=True,
        beside=link_out,
    ),
    "image-path-too-long-for-the-file-system": Hostile(
        text(FRONT + "![Deep](" + "a/" * 3000 + "x.png)\n"),
        "line 9: image “a/a/a/",
        on_import=True,
    ),
    "image-as-a-megabyte-data-url": Hostile(
        text(FRONT + "![Pasted](data:image/png;base64," + "iVBORw0KGgo" * 100_000 + ")\n"),
        "line 9: image “data:image/png;base64,iVBORw0KGgo",
        on_import=True,
    ),
    # Alt text the editor would refuse: the image is kept, and the warning says how.
    "image-alt-text-that-is-its-file-name": Hostile(
        text(FRONT + "Intro.\n\n![stage.png](stage.png)\n"),
        "line 11: image “stage.png”: its alt text “stage.png” is a file name",
        on_import=True,
        beside=write("stage.png", png()),
    ),
    # Blocks the talk body refuses (#11 item 9): the block, its line, its field, why.
    "recording-url-with-a-bad-host": Hostile(
        text(FRONT + "<http://bad_host/recording>\n"),
        "line 9: talk “Talk”, embed block 1: Enter a valid URL.",
        refused=True,
        on_import=True,
    ),
    # Big and deep (#11 item 8).
    # One over the limit, so the refusal is the limit's and not some larger size's.
    "5001-talks": Hostile(
        lambda: talks(MAX_TALKS + 1),
        "more than 5000 talks; split the file into parts.",
        True,
        seconds=30,
    ),
    "over-20000-blocks": Hostile(
        text(FRONT + "#### a\n" * 20_001),
        "more than 20000 blocks; split the file into parts.",
        refused=True,
        seconds=15,
    ),
    "emphasis-1000-deep": Hostile(
        text(FRONT + "*" * 1000 + "deep" + "*" * 1000 + "\n"),
        "line 9: the text here is nested more than 100 levels deep",
        refused=True,
    ),
    "emphasis-1000-deep-inside-a-callout": Hostile(
        text(FRONT + "```{note}\n" + "_" * 1000 + "deep" + "_" * 1000 + "\n```\n"),
        "line 10: the text here is nested more than 100 levels deep",
        refused=True,
    ),
    "quotes-100-deep": Hostile(
        text(FRONT + "> " * 100 + "deep words\n"),
        "line 9: 1 line(s) nested deeper than 20 quotes or 80 columns were moved up",
    ),
    "list-1000-deep": Hostile(
        text(FRONT + "".join("  " * depth + "- item\n" for depth in range(1000))),
        "line 50: 959 line(s) nested deeper than 20 quotes or 80 columns were moved up",
    ),
    "code-fence-never-closed": Hostile(
        text(FRONT + "```python\nprint('hi')\n"),
        "line 9: this code block is never closed",
        refused=True,
    ),
    # Not text, or not UTF-8.
    "empty-file": Hostile(lambda: b"", "the file is empty; expected Markdown notes.", True),
    "only-whitespace": Hostile(text(" \n\t\n\n"), "the file is empty", refused=True),
    "binary-file": Hostile(
        lambda: png(), "this is a binary file; expected a Markdown text file.", True
    ),
    "nul-bytes-in-text": Hostile(text(FRONT + "a\x00b\n"), "this is a binary file", True),
    "over-10-mb": Hostile(
        lambda: b"x" * (10 * 2**20 + 1), "the file is larger than 10 MB", True, seconds=15
    ),
    "bytes-in-no-known-encoding": Hostile(
        lambda: FRONT.encode() + bytes([0xC0, 0xC1, 0xF5, 0xFF, 0xFE] * 20),
        "line 9: this is not text in any known encoding; expected a Markdown file.",
        refused=True,
    ),
    "windows-1252-text": Hostile(
        lambda: (FRONT + "Café, straße, déjà vu.\n").encode("cp1252"),
        "the file is not UTF-8; read it as",
    ),
    "utf-16-text": Hostile(
        lambda: (FRONT + "Notes.\n").encode("utf-16"), "the file is UTF-16, not UTF-8"
    ),
    "broken-utf-16": Hostile(
        lambda: "\ufeff## Talk".encode("utf-16-le") + b"\x00",
        "this file starts as UTF-16 text but isn't",
        refused=True,
    ),
    "mojibake": Hostile(
        text(FRONT + "CafÃ© and crabs ðŸ¦€\n"),
        "line 9: repaired mis-decoded text (mojibake): now “Café and crabs 🦀”",
    ),
}


def media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def stored() -> dict[str, int]:
    """What an import writes: pages and revisions, images, speakers, tags."""
    models = (Page, Revision, get_image_model(), Speaker, Tag)
    return {model.__name__: model.objects.count() for model in models}


def reported(message: str, source: str, warning: bool = False) -> str:
    """The message as the importer prints it: after the file (and its line, if any)."""
    return (
        f"{source}, {message}" if warning or message.startswith("line ") else f"{source}: {message}"
    )


def test_the_corpus_has_a_file_for_every_kind_of_trouble():
    assert len(HOSTILE) >= 30
    assert sum(case.refused for case in HOSTILE.values()) >= 15


@pytest.mark.parametrize("name", HOSTILE)
def test_the_reader_refuses_or_warns_in_time(name):
    case = HOSTILE[name]
    data = case.build()
    started = time.perf_counter()
    try:
        document = read_notes(data, "hostile.md")
    except NotesError as error:
        assert case.refused and not case.on_import, f"refused: {error}"
        assert reported(case.message, "hostile.md") in str(error)
        messages = [str(error)]
    else:
        assert not case.refused or case.on_import, "read without an error"
        messages = [str(warning) for warning in document.warnings]
        if not case.on_import:
            assert any(case.message in message for message in messages), messages
    assert time.perf_counter() - started < case.seconds
    assert all(len(message) < MAX_MESSAGE_CHARS for message in messages)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_import_command_refuses_or_warns_in_time_and_a_refusal_writes_nothing(
    home, tmp_path, name
):
    case = HOSTILE[name]
    folder = tmp_path / "notes"
    folder.mkdir()
    case.beside(folder)
    path = folder / "hostile.md"
    path.write_bytes(case.build())
    before, files = stored(), media_files()
    started = time.perf_counter()
    out, err = StringIO(), StringIO()
    if case.refused:
        with pytest.raises(CommandError) as failure:
            call_command("import_notes", str(path), "--publish", stdout=out, stderr=err)
        assert reported(case.message, str(path)) in str(failure.value)
        assert stored() == before
        assert media_files() == files
        messages = [str(failure.value)]
    else:
        call_command("import_notes", str(path), "--publish", stdout=out, stderr=err)
        assert reported(case.message, str(path), warning=True) in err.getvalue()
        assert stored()["Page"] > before["Page"]
        messages = err.getvalue().splitlines()
    assert time.perf_counter() - started < case.seconds
    assert all(len(message) < len(str(path)) + MAX_MESSAGE_CHARS for message in messages)


# The admin reads what the reader reads (images aside: an upload has no folder). Its
# form refuses an empty or over-10 MB upload before reading (tests/notes/test_admin.py).
ADMIN = [
    name
    for name, case in HOSTILE.items()
    if not case.on_import and case.seconds <= 5 and name != "empty-file"
]


@pytest.mark.parametrize("name", ADMIN)
def test_the_admin_import_shows_the_error_or_warning_and_never_fails(client, editor, name):
    case = HOSTILE[name]
    client.force_login(editor)
    upload = SimpleUploadedFile("hostile.md", case.build())
    before = stored()
    preview = client.post(reverse("talks_import_notes"), {"file": upload})
    assert preview.status_code == 200
    assert case.message in unescape(preview.content.decode())
    if case.refused:
        assert stored() == before
        return
    token = preview.context["form"].initial["upload"]
    imported = client.post(reverse("talks_import_notes"), {"upload": token, "action": "import"})
    assert imported.status_code == 302
    assert stored()["Page"] > before["Page"]


def test_reading_stops_at_its_time_limit_naming_the_line():
    # 50,000 characters of unclosed footnote references take the Markdown parser
    # quadratic time: about ten seconds on a quiet machine.
    data = (FRONT + "Intro.\n\n" + "[^" * 25_000 + "\n").encode()
    started = time.perf_counter()
    with pytest.raises(NotesError) as refused:
        read_notes(data, "slow.md", seconds=1)
    assert time.perf_counter() - started < 4
    assert str(refused.value).startswith("slow.md, line 11: reading stopped here after 1 seconds")
