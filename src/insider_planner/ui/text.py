"""Showing user text safely in widgets that would otherwise guess it is rich text."""

from __future__ import annotations

import html


def rich_tooltip(*paragraphs: str, title: str = "") -> str:
    """A tool tip that wraps, with user text escaped so it never reads as markup.

    Each paragraph starts on a new line; `title`, when given, comes first in bold.
    Empty parts are left out; with nothing to show the tip is empty (no tip at all).
    """
    parts = [html.escape(p).replace("\n", "<br>") for p in paragraphs if p]
    if title:
        parts.insert(0, f"<b>{html.escape(title)}</b>")
    return "<p>" + "<br>".join(parts) + "</p>" if parts else ""
