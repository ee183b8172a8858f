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
- while lexing's CPU time stays within HIGHLIGHT_SECONDS_PER_CHAR of the code's length
  (real code takes at most a third of it), MAX_HIGHLIGHT_SECONDS a block and
  MAX_HIGHLIGHT_SECONDS_A_RENDER a talk's body, which bounds their number (C#'s matches
  are each short, but quadratic in all);
else it is shown as escaped plain text, whole. A block shown plain for lack of time is
kept in no cache, so that a slow moment doesn't leave it plain.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import _TokenType
from pygments.util import ClassNotFound

from talks.block_values import CODE_LANGUAGE_NAMES

# Each lexer's first alias (`js` is "javascript", `sh` is "bash").
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
# Real code lexes at 0.2-6 µs a character (JSON to Python and Bash, on a busy machine).
HIGHLIGHT_SECONDS_PER_CHAR = 20e-6
MIN_HIGHLIGHT_SECONDS = 0.01
# Beyond this (50 KB of code), a block is shown plain rather than keep a page waiting.
MAX_HIGHLIGHT_SECONDS = 1.0

# CPU seconds of highlighting one rendering (a talk's body, a preview) may spend in all.
MAX_HIGHLIGHT_SECONDS_A_RENDER = 2.0


@dataclass
class HighlightingBudget:
    """The CPU seconds of highlighting left to a rendering, and whether it showed code
    plain for lack of them."""

    seconds: float
    timed_out: bool = False


_budget: ContextVar[HighlightingBudget | None] = ContextVar("highlighting_budget", default=None)


class LexingTookTooLong(Exception):
    pass


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
    if language.lower() == "r":
        return "R"  # Pygments names its lexer for R and S "S"
    lexer = lexer_for(language)
    return lexer.name if lexer else language


def highlight_code(source: str, language: str) -> SafeString:
    """The code as HTML: highlighted where it can be in time, else plain; escaped either
    way (Pygments escapes what it highlights)."""
    try:
        return _highlighted(source, language)
    except LexingTookTooLong:
        # Plain for lack of time, the block's or the rendering's, which another moment
        # may have: noted, so that a rendered body holding it is not kept, and (an
        # exception) not cached here.
        budget = _budget.get()
        if budget is not None:
            budget.timed_out = True
        return plain(source)


@contextmanager
def highlighting_budget() -> Iterator[HighlightingBudget]:
    """The budget of the code highlighted within it: the one already open, if any (a
    rendering within one that watches it), else MAX_HIGHLIGHT_SECONDS_A_RENDER."""
    budget = _budget.get()
    if budget is not None:
        yield budget
        return
    budget = HighlightingBudget(MAX_HIGHLIGHT_SECONDS_A_RENDER)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def plain(source: str) -> SafeString:
    return mark_safe(f"<pre><code>{escape(source)}</code></pre>")


# Cached because highlighting costs more than the rest of a talk page's rendering put
# together.
@lru_cache(maxsize=2048)
def _highlighted(source: str, language: str) -> SafeString:
    lexer = lexer_for(language)
    if lexer is None or not may_highlight(source, lexer):
        return plain(source)
    tokens = words_kept_whole(lexed_in_time(source, lexer))
    formatted = format_tokens(tokens, HtmlFormatter(nowrap=True))
    return mark_safe(f"<pre><code>{formatted}</code></pre>")


def words_kept_whole(tokens: list[tuple[_TokenType, str]]) -> list[tuple[_TokenType, str]]:
    """The tokens, a word split between two (CSS's `10` and `px`) as one of the first's
    kind: the page shows one word, to copying, find-in-page and text-to-speech alike."""
    merged: list[tuple[_TokenType, list[str]]] = []
    for kind, value in tokens:
        if merged and value[:1].isalnum() and merged[-1][1][-1][-1:].isalnum():
            merged[-1][1].append(value)
        else:
            merged.append((kind, [value]))
    return [(kind, "".join(parts)) for kind, parts in merged]


def may_highlight(source: str, lexer: Lexer) -> bool:
    """Whether code this shape is highlighted at all: its lexer is vetted, and no line
    is so long that a single match could take long. (Pygments reads \\r as a line end;
    the other characters `splitlines` splits on are within a line to it.)"""
    lines = source.replace("\r", "\n").split("\n")
    return lexer.aliases[0] in HIGHLIGHTED_LANGUAGES and max(map(len, lines)) <= MAX_LINE_CHARS


def lexed_in_time(source: str, lexer: Lexer) -> list[tuple[_TokenType, str]]:
    """The lexer's tokens for `source`; LexingTookTooLong if they take longer than code
    of this length should, or than the rendering's budget has left."""
    budget = _budget.get()
    seconds = min(
        MIN_HIGHLIGHT_SECONDS + len(source) * HIGHLIGHT_SECONDS_PER_CHAR,
        MAX_HIGHLIGHT_SECONDS,
        budget.seconds if budget else MAX_HIGHLIGHT_SECONDS,
    )
    if seconds <= 0:
        raise LexingTookTooLong
    # The thread's CPU time is what counts, not the time other work on a busy machine
    # takes; but reading it costs a system call, so the clock is read at each token and
    # the CPU time only when as much time has passed as remained of the budget.
    started = time.thread_time()
    check_at = time.monotonic() + seconds
    tokens = []
    try:
        for token in lexer.get_tokens(source):
            if time.monotonic() > check_at:
                left = seconds - (time.thread_time() - started)
                if left < 0:
                    raise LexingTookTooLong
                check_at = time.monotonic() + left
            tokens.append(token)
    finally:
        if budget is not None:
            budget.seconds -= time.thread_time() - started
    return tokens
