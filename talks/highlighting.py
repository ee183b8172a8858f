"""Code highlighting: on the server, so code reads without JavaScript, and in time that
grows with the code's length whatever a code block holds.

Pygments' lexers are regular expressions written for real code. On hostile text some
take quadratic or worse time, some of it in a single match, which nothing in the
process can interrupt: the shell session's lexer on one line of 8,000 letters took
0.8 s, OCaml's on a line of digits 1.2 s, C#'s 3.5 s on 2,000 one-letter lines,
Easytrieve's 160 s on 4,000 tabs. So a block is highlighted only
- in a language whose lexer is in HIGHLIGHTED_LANGUAGES, each vetted against such text
  by `scripts/vet_highlighting.py`;
- when no line is longer than MAX_LINE_CHARS, which bounds each match;
- while lexing stays within HIGHLIGHT_SECONDS_PER_CHAR of the code's length (real
  code takes a tenth of it), which bounds their number;
else it is shown as escaped plain text, whole.
"""

from __future__ import annotations

import time
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from talks.block_values import CODE_LANGUAGE_NAMES

# Each lexer's first alias (`js` and `node` are both "javascript").
HIGHLIGHTED_LANGUAGES = frozenset(
    alias
    for kind in (
        "bash console powershell pwsh-session batch awk tcl",
        "c cpp csharp objective-c go java kotlin scala groovy swift rust dart vb.net",
        "d delphi ada zig nimrod cr fortran cobol nasm verilog vhdl",
        "python python2 pycon ruby rbcon php perl lua splus julia matlab",
        "haskell elixir iex erlang erl clojure ocaml fsharp elm",
        "scheme racket common-lisp emacs-lisp prolog",
        "javascript jsx typescript tsx coffeescript html css scss sass less",
        "graphql django solidity",
        "json yaml toml ini properties xml sql postgresql mysql sqlite3 plpgsql tsql protobuf",
        "diff docker make cmake nginx apacheconf terraform nixos vim http",
        "markdown restructuredtext tex groff text",
    )
    for alias in kind.split()
)
MAX_LINE_CHARS = 1000
# Real code lexes at 0.2-3 µs a character (JSON to Python, formatting included).
HIGHLIGHT_SECONDS_PER_CHAR = 20e-6
MIN_HIGHLIGHT_SECONDS = 0.01


def lexer_for(language: str) -> Lexer | None:
    """Pygments' lexer for a language or any of its aliases (`js`, `console`, `pycon`)."""
    if not language:
        return None
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


@lru_cache(maxsize=512)
def language_name(language: str) -> str:
    """The language as readers (and screen readers) are told it: the editor's name for
    it, else Pygments' name, else as the notes wrote it."""
    if not language:
        return "Plain text"
    if language in CODE_LANGUAGE_NAMES:
        return CODE_LANGUAGE_NAMES[language]
    lexer = lexer_for(language)
    return lexer.name if lexer else language


@lru_cache(maxsize=2048)
def highlight_code(source: str, language: str) -> SafeString:
    """The code as HTML: highlighted where it can be in time, else plain; escaped either
    way (Pygments escapes what it highlights). Cached because highlighting costs more
    than the rest of a talk page's rendering put together."""
    lexer = lexer_for(language)
    tokens = lexed_in_time(source, lexer) if lexer else None
    if tokens is None:
        return mark_safe(f"<pre><code>{escape(source)}</code></pre>")
    formatted = format_tokens(tokens, HtmlFormatter(nowrap=True))
    return mark_safe(f"<pre><code>{formatted}</code></pre>")


def lexed_in_time(source: str, lexer: Lexer) -> list[tuple] | None:
    """The lexer's tokens for `source`, or None where it isn't vetted, a line is too long
    or lexing takes longer than code of this length should."""
    if lexer.aliases[0] not in HIGHLIGHTED_LANGUAGES:
        return None
    if max(map(len, source.splitlines()), default=0) > MAX_LINE_CHARS:
        return None
    seconds = MIN_HIGHLIGHT_SECONDS + len(source) * HIGHLIGHT_SECONDS_PER_CHAR
    deadline = time.monotonic() + seconds
    tokens = []
    for token in lexer.get_tokens(source):
        if time.monotonic() > deadline:
            return None
        tokens.append(token)
    return tokens
