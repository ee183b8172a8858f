"""Code blocks holding hostile text render in time, whole and escaped.

Unguarded, Pygments took each of these for seconds (talks/highlighting.py says why).
"""

from __future__ import annotations

import re
import time
from html import unescape

import pytest

from talks import highlighting
from talks.block_values import code
from talks.blocks import CodeBlock
from talks.highlighting import MAX_LINE_CHARS
from tests.readers import publish

HOSTILE_CODE = {
    # A lexer not vetted for the site: 2.4 s for one match, on a line within the limit.
    "easytrieve, 950 tabs": ("easytrieve", "\t" * 950 + "<b>x</b>"),
    # Vetted, but one line this long takes a single match 5 s.
    "console, one line of 20,000 letters": ("console", "a" * 20_000 + "<b>"),
    # Vetted, each match short, but 14 s in all.
    "csharp, 4,000 one-letter lines": ("csharp", "a\n" * 4_000 + "<script>x</script>"),
}


def rendered(language: str, code: str) -> str:
    block = CodeBlock()
    return block.render(block.to_python({"language": language, "code": code, "caption": ""}))


def code_texts(html: str) -> list[str]:
    """What the reader sees in each code block: its text, unescaped."""
    shown = re.findall(r"<pre><code>(.*?)</code></pre>", html, re.S)
    return [unescape(re.sub(r"<[^>]*>", "", text)) for text in shown]


def code_text(html: str) -> str:
    [text] = code_texts(html)
    return text


@pytest.mark.parametrize(("language", "code"), HOSTILE_CODE.values(), ids=HOSTILE_CODE)
def test_hostile_code_renders_in_time_whole_and_escaped(language, code):
    started = time.thread_time()  # CPU time: the suite's other processes don't count
    html = rendered(language, code)
    assert time.thread_time() - started < 1
    assert code_text(html) == code
    assert "<b>" not in html and "<script>" not in html


def test_a_line_longer_than_the_limit_is_shown_plain_and_a_line_within_it_highlighted():
    within = "x = 1  # " + "a" * (MAX_LINE_CHARS - 9)
    beyond = within + "a"
    assert '<span class="n">x</span>' in rendered("python", within)
    shown = rendered("python", beyond)
    assert "<span" not in shown.split("<pre>")[1]
    assert code_text(shown) == beyond


def test_a_talk_of_many_hostile_code_blocks_is_shown_within_one_renders_budget(
    client, talk, monkeypatch
):
    # Ten blocks of 0.17 s each (as the C# case above), against a render's 0.3 s.
    monkeypatch.setattr(highlighting, "MAX_HIGHLIGHT_SECONDS_A_RENDER", 0.3)
    sources = [f"// block {number}\n" + "a\n" * 4_000 for number in range(10)]
    talk.body = [code(source, "csharp") for source in sources]
    publish(talk)
    started = time.thread_time()
    html = client.get(talk.url).content.decode()
    assert time.thread_time() - started < 1
    assert code_texts(html) == sources
