"""Vets the lexers the site highlights with (talks.highlighting.HIGHLIGHTED_LANGUAGES)
against hostile text, as code blocks may hold it: each of a few dozen characters and
short runs repeated, as one line of MAX_LINE_CHARS and as 20 such lines. Prints, per
lexer, the longest single step of lexing (one match, which nothing can interrupt) and
the text that took it; exits 1 if a step takes longer than --limit (default 0.1 s).

Run it after a Pygments upgrade, and before adding a language:
    .venv/bin/python scripts/vet_highlighting.py [--limit 0.1] [language ...]
A language that fails stays out of the set: its code is shown plain.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pygments.lexers import get_lexer_by_name

from talks.highlighting import HIGHLIGHTED_LANGUAGES, MAX_LINE_CHARS

# What made some lexer slow in a sweep of all of Pygments' (letters, digits, spaces,
# tabs, openers, sigils, comment starts), plus the characters code is made of.
PIECES = [
    *"a 1\t\"'({[<#\\=-`$@:*%!/_|;,&~^+.?>",
    *["a\n", "a ", "a.", "1.", "0x", "e1", "/*", "//", "<!--", "#{", "${", "<%", "?>"],
    *["aa::", "a:", "a(", "\\\n", '"a', "'a", "--", "a\n\n", "\ta\n", "1 "],
]
LINES = 20
# A text is lexed no longer than this: by then its step (or its total) has told enough.
GIVE_UP_SECONDS = 2


def hostile_texts() -> list[tuple[str, str]]:
    texts = []
    for piece in PIECES:
        line = (piece * (MAX_LINE_CHARS // len(piece) + 1))[:MAX_LINE_CHARS]
        texts += [
            (f"{piece!r} line", line),
            (f"{piece!r} x{LINES} lines", "\n".join([line] * LINES)),
        ]
    return texts


def longest_step(language: str, text: str, give_up: float) -> float:
    """The longest CPU time between two of the lexer's tokens (or to its first): CPU
    time, so that other work on the machine doesn't count."""
    lexer = get_lexer_by_name(language)
    started = last = time.process_time()
    longest = 0.0
    for _ in lexer.get_tokens(text):
        now = time.process_time()
        longest, last = max(longest, now - last), now
        if now - started > give_up:
            break
    return longest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", default=sorted(HIGHLIGHTED_LANGUAGES))
    parser.add_argument("--limit", type=float, default=0.1, help="seconds per step")
    args = parser.parse_args()
    texts = hostile_texts()
    failed = []
    print(f"{'language':<18} {'longest step':>12}  on")
    for language in args.languages:
        step, worst = max(
            (longest_step(language, text, give_up=GIVE_UP_SECONDS), name) for name, text in texts
        )
        mark = "  FAIL" if step > args.limit else ""
        print(f"{language:<18} {step * 1000:>9.1f} ms  {worst}{mark}", flush=True)
        if mark:
            failed.append(language)
    if failed:
        print(f"over {args.limit:g} s a step: {' '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
