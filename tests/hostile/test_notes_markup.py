"""Raw HTML in a notes file is read for what a browser shows of it (its text, images,
code, quotes): every script-injection payload, as a block of its own, inside a line and
inside a `<details>`, reaches the published talk page as text, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser

from talks.models import TalkPage
from tests.hostile.payloads import MARKER, payloads
from tests.notes.conftest import import_file

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}


class InjectedMarkup(HTMLParser):
    """What a payload could only have made if it reached the page as markup: an event
    handler (the site's pages have none of their own), a script address, a script that
    calls the marker."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on") or (
                name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:text/html"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.script = dict(attrs).get("type") or ""

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is not None and self.script != "application/ld+json" and MARKER in data:
            self.found.append(f"<script>{data[:80]}")


def injected_markup(html: str) -> list[str]:
    parser = InjectedMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def notes_with_every_payload() -> str:
    lines = ["## Payloads", ""]
    for payload in payloads():
        lines += [
            payload.text,
            "",
            f"Said inline {payload.text} and on.",
            "",
            f"<details><summary>{payload.text}</summary>\n{payload.text}\n</details>",
            "",
        ]
    return "\n".join(lines)


def test_the_detector_finds_markup_that_would_run():
    assert injected_markup('<p><img src="x" onerror="__xss(1)"></p>') != []
    assert injected_markup('<a href=" javascript:__xss(2)">x</a>') != []
    assert injected_markup("<script>__xss(3)</script>") != []
    assert injected_markup("<p>&lt;img src=x onerror=__xss(4)&gt;</p>") == []


def test_no_payload_in_raw_html_reaches_the_talk_page_as_markup(client, home, tmp_path):
    path = tmp_path / "payloads.md"
    path.write_text(notes_with_every_payload())
    import_file(path, "--publish")
    response = client.get(TalkPage.objects.get().url)
    assert response.status_code == 200
    html = response.content.decode()
    assert injected_markup(html) == []
    # Read as text, not lost: a payload's words show, and one held as text shows whole.
    assert "Said inline" in html and "&lt;script&gt;__xss(1)&lt;/script&gt;" in html
