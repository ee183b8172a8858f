"""Each imported talk, rendered, shows every code line and list item of its Markdown."""

import re
from html.parser import HTMLParser

import pytest
from markdown_it.tree import SyntaxTreeNode

from talks.models import TalkPage
from talks.notes.reader import markdown_parser
from talks.notes.richtext import plain_text

from .conftest import ONE_DAY, THREE_DAYS, import_file, seed


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(html: str) -> str:
    parser = TextOf()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def squeeze(text: str) -> str:
    return " ".join(text.split())


def source_talks(markdown: str) -> dict[str, tuple[list[str], list[str]]]:
    """Per talk heading: its code lines and its list items' own text, read from the source."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)  # the front matter
    root = SyntaxTreeNode(markdown_parser().parse(markdown))
    talks: dict[str, tuple[list[str], list[str]]] = {}
    current = None
    talk_level = "h3" if "\n## Day" in markdown else "h2"
    for node in root.children:
        if node.type == "heading" and node.tag == talk_level:
            current = talks.setdefault(plain_text(node).strip(), ([], []))
            continue
        if current is None:
            continue
        for inner in node.walk():
            if inner.type == "fence":
                current[0].extend(line for line in inner.content.splitlines() if line.strip())
            elif inner.type == "list_item":
                for child in inner.children:
                    if child.type == "paragraph":
                        current[1].append(plain_text(child))
    return talks


@pytest.mark.parametrize("name", [THREE_DAYS, ONE_DAY])
def test_every_code_line_and_list_item_is_shown(client, home, name):
    path = seed(name)
    import_file(path, "--publish")
    expected = source_talks(path.read_text(encoding="utf-8"))
    talks = {talk.title: talk for talk in TalkPage.objects.all()}
    assert set(expected) == set(talks)
    for title, (code_lines, items) in expected.items():
        response = client.get(talks[title].url)
        assert response.status_code == 200
        text = page_text(response.content.decode())
        missing = [line for line in [*code_lines, *items] if squeeze(line) not in text]
        assert not missing, f"{title}: not shown: {missing}"
