"""Log lines that stay one line, so log shippers never split an event."""

import logging


class OneLineFormatter(logging.Formatter):
    """Formats as usual, then escapes newlines (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")
