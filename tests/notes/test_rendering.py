"""Each imported talk, rendered, shows every code line and list item of its Markdown."""

import re
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
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


LISTS_AND_CODE = """---
title: Render Conf
---

## Day 1

### Lists and code

Say ~~nothing~~ something.

3. Install it:

   ```console
   $ pip install notes
   ```
4. Compare:

   | Tool | Speed |
   | --- | --- |
   | notes | fast |

   Table: Tools
5. Done, ~~mostly~~.

```js
const answer = 42;
```

```mermaid
graph TD
```

```
no language
```
"""


def test_code_and_tables_render_inside_their_list_items_and_the_numbering_goes_on(
    client, home, tmp_path
):
    path = tmp_path / "render.md"
    path.write_text(LISTS_AND_CODE, encoding="utf-8")
    import_file(path, "--publish")
    html = client.get(TalkPage.objects.get().url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    [numbered] = page.select("ol.block-list")
    assert numbered["start"] == "3"
    items = numbered.find_all("li", recursive=False)
    assert [squeeze(item.get_text(" "))[:12] for item in items] == [
        "Install it: ",
        "Compare: Too",
        "Done, mostly",
    ]  # three items, none empty, in their order
    assert items[0].select_one("figure.block-code pre").get_text() == "$ pip install notes\n"
    assert items[1].select_one("table caption").get_text() == "Tools"
    assert items[2].select_one("s").get_text() == "mostly"
    assert page.select_one(".block-paragraph s").get_text() == "nothing"


def test_fence_languages_the_site_highlights_are_highlighted_others_shown_plain(
    client, home, tmp_path
):
    path = tmp_path / "render.md"
    path.write_text(LISTS_AND_CODE, encoding="utf-8")
    import_file(path, "--publish")
    page = BeautifulSoup(client.get(TalkPage.objects.get().url).content, "html.parser")
    figures = {
        figure["data-language"]: figure for figure in page.select(".talk-body figure.block-code")
    }
    assert set(figures) == {"console", "js", "mermaid", ""}
    names = {key: f.select_one(".block-code__language").get_text() for key, f in figures.items()}
    assert names == {
        "console": "Shell session",
        "js": "JavaScript",
        "mermaid": "mermaid",
        "": "Plain text",
    }
    assert figures["console"].select_one("pre span.gp").get_text() == "$ "  # the prompt
    assert figures["js"].select_one("pre span.kd").get_text() == "const"
    assert not figures["mermaid"].select("pre span") and not figures[""].select("pre span")
