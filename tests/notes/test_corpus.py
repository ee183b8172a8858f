"""Every seed and real notes file imports whole, shows its words, re-imports quietly and
comes back byte for byte from export → import → export."""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from wagtail.models import Page, Revision

from talks.models import ConferencePage, Speaker
from talks.notes import dialect
from tests.database import rolled_back_on_exit

from .conftest import CORPUS_NAMES, EXTRA_CORPUS_NAMES, SEED_NAMES, import_file, notes_file
from .test_round_trip import export, snapshot

SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\[TOC\]", re.S)
WORD = re.compile(r"\w+")


class VisibleText(HTMLParser):
    """The text a browser shows: no scripts, styles or comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "template") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def words_of_html(html: str) -> Counter:
    parser = VisibleText()
    parser.feed(html)
    return Counter(WORD.findall(" ".join(parser.parts).casefold()))


def rendered_words(markdown: str) -> Counter:
    """The words a GitHub-style Markdown renderer shows, front matter and shortcodes aside."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")
    front = dialect.read_front_matter(lines, "notes")
    text = SHORTCODE.sub(" ", "\n".join(lines[front.lines :]))
    return words_of_html(renderer().render(text))


def renderer() -> MarkdownIt:
    """CommonMark + GFM, reading MyST directives as MyST does: their options are markup."""
    md = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin)
    md.enable(["table", "strikethrough"])
    default_fence = md.renderer.rules["fence"]

    def fence(_renderer, tokens, index, options, env):
        token = tokens[index]
        directive = re.match(r"^\{(\w+)\}\s*(.*)$", token.info.strip())
        if not directive:
            return default_fence(tokens, index, options, env)
        content = "\n".join(
            line for line in token.content.split("\n") if not re.match(r"^\s*:\w[\w-]*:", line)
        )
        title = "" if directive[1] in ("figure", "image") else directive[2]  # a path isn't shown
        return f"<p>{title}</p>" + renderer().render(content)

    md.add_render_rule("fence", fence)
    return md


def published_words(client, conference: ConferencePage) -> Counter:
    words: Counter = Counter()
    for page in Page.objects.descendant_of(conference, inclusive=True).live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        words.update(words_of_html(response.content.decode()))
    return words


@dataclass
class Imported:
    name: str
    shown: Counter  # the words of its published pages, read just after the import


@pytest.fixture(scope="module", params=SEED_NAMES + CORPUS_NAMES + EXTRA_CORPUS_NAMES)
def imported(request, django_db_setup, django_db_blocker) -> Iterator[Imported]:
    """Each file imported and published once for both its tests (pytest runs them one
    after the other), which roll back what they write themselves."""
    with rolled_back_on_exit(django_db_blocker):
        import_file(notes_file(request.param), "--publish")
        yield Imported(request.param, published_words(Client(), ConferencePage.objects.get()))


def test_every_file_imports_and_its_published_pages_show_its_words(imported):
    expected = rendered_words(notes_file(imported.name).read_bytes().decode("utf-8"))
    missing = expected - imported.shown
    kept = 1 - sum(missing.values()) / sum(expected.values())
    assert kept >= 0.99, f"{kept:.2%} of the words shown; missing: {list(missing)[:30]}"


def test_reimport_is_quiet_and_export_import_export_is_identical(db, imported, tmp_path):
    revisions = Revision.objects.count()
    out, _ = import_file(notes_file(imported.name), "--publish")
    assert Revision.objects.count() == revisions
    assert "0 new, 0 changed" in out and "talks: 0 new, 0 changed" in out

    conference = ConferencePage.objects.get()
    first = export(conference.slug)
    before = snapshot(conference)
    conference.delete()
    Speaker.objects.all().delete()
    exported = tmp_path / "export.md"
    exported.write_text(first, encoding="utf-8")
    import_file(exported, "--publish")
    conference = ConferencePage.objects.get()
    after = snapshot(conference)
    assert len(after) == len(before)
    for row_after, row_before in zip(after, before, strict=True):
        assert {k: v for k, v in row_after.items() if v != row_before.get(k)} == {}, row_before
    assert export(conference.slug) == first
