"""Shortening user text for places that have room for one line: labels, messages, columns."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def one_line(text: str, limit: int = 200) -> str:
    """All of `text` on one line (runs of white space and line breaks become one space)."""
    return shorten(" ".join(text.split()), limit)


def first_line(text: str, limit: int = 80) -> str:
    """The first line of `text` only, as a preview of a longer note."""
    stripped = text.strip()
    return shorten(stripped.splitlines()[0], limit) if stripped else ""
