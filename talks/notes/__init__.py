"""Markdown notes in and out: parse a notes file into a page tree, import it, export it back."""
