"""A plan file's size in items, counted before it is parsed.

`json.loads` builds every object and array of a file before validation can refuse a list
that is too long, and a 30 MB file of tiny objects costs seconds and gigabytes. Counting the
brackets and commas outside strings first costs a fraction of that, and refuses such a file
with a reason while its text is still only bytes.
"""

from __future__ import annotations

import re
from typing import Final

from insider_planner.domain.limits import (
    CUSTOM_NODES_MAX,
    NODES_MAX,
    STRATEGIES_MAX,
    TASKS_MAX,
)

#: Room for the plan object itself and a few more than the fields it has.
_SLACK: Final = 64
#: The most objects a valid plan holds: every node state, task, lane and custom node.
OBJECTS_MAX: Final = NODES_MAX + TASKS_MAX + STRATEGIES_MAX + CUSTOM_NODES_MAX + _SLACK
#: The most arrays: the lists of lanes and custom nodes, each lane's tasks, each task's links.
ARRAYS_MAX: Final = TASKS_MAX + STRATEGIES_MAX + _SLACK
#: The most values in all (commas, roughly): far above any real plan's, which has a few
#: fields per object and a few links per task.
VALUES_MAX: Final = 2_000_000

# A JSON string, escapes included; written so that long strings are matched in one step.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


#: What is counted: objects, arrays and values (commas), in that order, and their limits.
MARKS: Final = (b"{", b"[", b",")
LIMITS: Final = (OBJECTS_MAX, ARRAYS_MAX, VALUES_MAX)
#: Every byte but the marks: deleting them with `bytes.translate` leaves only the marks,
#: so one pass over the file counts all three.
_NOT_MARKS = bytes(byte for byte in range(256) if bytes([byte]) not in MARKS)
#: The file is read this much at a time, so the pass needs little memory of its own.
_CHUNK = 8 * 1024 * 1024


def _rough_counts(raw: bytes) -> list[int]:
    """Objects, arrays and commas anywhere in `raw`, strings included: one pass."""
    counts = [0, 0, 0]
    for start in range(0, len(raw), _CHUNK):
        marks = raw[start : start + _CHUNK].translate(None, _NOT_MARKS)
        for i, mark in enumerate(MARKS):
            counts[i] += marks.count(mark)
    return counts


def _over(counts: list[int]) -> bool:
    return any(count > limit for count, limit in zip(counts, LIMITS, strict=True))


def _counts_outside_strings(raw: bytes) -> list[int]:
    """Objects, arrays and commas outside strings; stops as soon as one is over its limit.

    Walks the strings one by one rather than copying the file without them, so memory
    stays flat however many strings a hostile file holds.
    """
    counts = [0, 0, 0]
    start = 0
    for string in _STRING.finditer(raw):
        for i, mark in enumerate(MARKS):
            counts[i] += raw.count(mark, start, string.start())
        start = string.end()
        if _over(counts):
            return counts
    for i, mark in enumerate(MARKS):
        counts[i] += raw.count(mark, start)
    return counts


def too_many_items(raw: bytes) -> str | None:
    """Why `raw` holds more items than any plan may, or None when it may be a plan.

    Brackets and commas are counted in the whole file first; only when that rough count is
    over a limit are they counted again outside strings, where they mean something.
    """
    if not _over(_rough_counts(raw)):
        return None
    objects, arrays, values = _counts_outside_strings(raw)
    if objects > OBJECTS_MAX:
        return f"the file holds too many items (over {OBJECTS_MAX:,} objects)"
    if arrays > ARRAYS_MAX:
        return f"the file holds too many lists (over {ARRAYS_MAX:,})"
    if values > VALUES_MAX:
        return f"the file holds too many values (over {VALUES_MAX:,})"
    return None
