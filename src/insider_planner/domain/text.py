"""Shortening user text for places that have room for one line: labels, messages, columns."""

from __future__ import annotations

import re

ELLIPSIS = "…"

#: How long a line printed to a terminal may be.
TERMINAL_LINE_MAX = 300

# What a terminal acts on rather than shows: C0 controls, DEL, C1 controls, the Unicode line
# and paragraph separators, bidi marks, embeddings, overrides and isolates, and surrogates
# (undecodable bytes of a file name).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`count` and the noun that agrees with it: "1 task", "3 tasks", "0 tasks"."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


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


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte a file name could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, limit: int = TERMINAL_LINE_MAX) -> str:
    """`text` as one line of at most `limit` characters that a terminal shows as it is.

    Control characters, bidi controls and undecodable bytes are escaped visibly
    (``\\x1b``, ``\\n``, ``\\u202e``), so user text can neither move the cursor, colour or
    retitle the terminal, reorder what follows it, nor start a new line.
    """
    # Escapes only lengthen the text, so what lies beyond the limit never shows.
    return shorten(_UNSAFE.sub(_escaped, text[: limit + 1]), limit)
