"""Helpers for showing user text safely in widgets that guess rich text."""

from __future__ import annotations

import html


def rich_tooltip(text: str) -> str:
    """A tooltip that wraps and never interprets the text as markup."""
    if not text:
        return ""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def first_line(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
