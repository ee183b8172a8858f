"""What the notes importer reports: errors that stop a file, warnings that don't."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_CHARS = 80


def shown(text: str) -> str:
    """A value from the file as a message quotes it: on one line, cut when long (a
    pasted data: URL or a runaway line would otherwise fill the preview)."""
    text = " ".join(text.split())
    return f"“{text[:SHOWN_CHARS]}…”" if len(text) > SHOWN_CHARS else f"“{text}”"


class NotesError(Exception):
    """A notes file that can't be imported; nothing of it is written."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}, line {self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class NotesWarning:
    """Something imported in a changed form, so the editor should look at it."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message
