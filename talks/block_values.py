"""Raw StreamField values of the talk body, as the notes reader and the demo content build them.

Plain data and no Wagtail imports, so the Markdown reader can build blocks without
loading Django's app registry or any model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The editor's suggestions for a code block's language; any other language is kept too
# (and highlighted where talks/highlighting.py vets its lexer). No language is plain text.
CODE_LANGUAGES = [
    ("bash", "Shell (Bash)"),
    ("console", "Shell session"),
    ("c", "C"),
    ("cpp", "C++"),
    ("csharp", "C#"),
    ("css", "CSS"),
    ("diff", "Diff"),
    ("django", "Django template"),
    ("dockerfile", "Dockerfile"),
    ("go", "Go"),
    ("graphql", "GraphQL"),
    ("html", "HTML"),
    ("ini", "INI"),
    ("java", "Java"),
    ("javascript", "JavaScript"),
    ("json", "JSON"),
    ("kotlin", "Kotlin"),
    ("markdown", "Markdown"),
    ("php", "PHP"),
    ("pycon", "Python console"),
    ("python", "Python"),
    ("ruby", "Ruby"),
    ("rust", "Rust"),
    ("sql", "SQL"),
    ("swift", "Swift"),
    ("toml", "TOML"),
    ("typescript", "TypeScript"),
    ("xml", "XML"),
    ("yaml", "YAML"),
]
CODE_LANGUAGE_NAMES = dict(CODE_LANGUAGES)
# A language is the first word of a fence's info string, so it has no spaces or
# backticks; a leading `{` would read as a MyST directive and `=` as an attribute.
CODE_LANGUAGE = re.compile(r"^(?!\{)[^\s`=]{1,100}$")
# Blocks a list item can hold besides its text; deeper lists than this nest in rich text.
LIST_ITEM_BLOCKS = ("code", "table", "quote", "list")
MAX_LIST_DEPTH = 3


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"level": level, "text": text}}


def quote(text: str, attribution: str = "", url: str = "") -> dict:
    return {
        "type": "quote",
        "value": {"text": text, "attribution": attribution, "attribution_url": url},
    }


def code(source: str, language: str = "", caption: str = "") -> dict:
    return {"type": "code", "value": {"language": language, "code": source, "caption": caption}}


def table(caption: str, rows: list[list[str]]) -> dict:
    return {
        "type": "table",
        "value": {
            "data": rows,
            "table_caption": caption,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
        },
    }


def figure(image_id: int, alt: str, caption: str = "", attribution: str = "") -> dict:
    return {
        "type": "image",
        "value": {
            "image": {"image": image_id, "alt_text": alt, "decorative": False},
            "caption": caption,
            "attribution": attribution,
        },
    }


def embed(url: str) -> dict:
    return {"type": "embed", "value": url}


def list_block(items: list[list[dict]], ordered: bool = False, start: int = 1) -> dict:
    """A list whose items are blocks: rich text (`paragraph`) and `LIST_ITEM_BLOCKS`."""
    return {"type": "list", "value": {"ordered": ordered, "start": start, "items": items}}


def content_of(blocks: list[dict]) -> list[dict]:
    """Blocks as type and value only, at any depth: without the ids Wagtail gives blocks
    and list items when it saves them, so what a file says compares equal to what is
    stored."""
    return [
        {
            "type": block["type"],
            "value": list_content(block["value"]) if block["type"] == "list" else block["value"],
        }
        for block in blocks
    ]


def list_content(value: dict) -> dict:
    # Wagtail stores a list item as {"type": "item", "value": …, "id": …}.
    items = [item["value"] if isinstance(item, dict) else item for item in value["items"]]
    return {**value, "items": [content_of(item) for item in items]}


def all_blocks(blocks: list[dict]) -> Iterator[dict]:
    """Every block at any depth, in document order: a list's items' blocks after it."""
    for block in blocks:
        yield block
        if block["type"] == "list":
            for item in list_content(block["value"])["items"]:
                yield from all_blocks(item)
