"""Raw StreamField values of the talk body, as the notes reader and the demo content build them.

Plain data and no Wagtail imports, so the Markdown reader can build blocks without
loading Django's app registry or any model.
"""

from __future__ import annotations

CODE_LANGUAGES = [
    ("plain", "Plain text"),
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


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"level": level, "text": text}}


def quote(text: str, attribution: str = "", url: str = "") -> dict:
    return {
        "type": "quote",
        "value": {"text": text, "attribution": attribution, "attribution_url": url},
    }


def code(source: str, language: str = "python", caption: str = "") -> dict:
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
