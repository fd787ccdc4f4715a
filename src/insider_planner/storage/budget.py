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


def _counts(raw: bytes) -> tuple[int, int, int]:
    return raw.count(b"{"), raw.count(b"["), raw.count(b",")


def too_many_items(raw: bytes) -> str | None:
    """Why `raw` holds more items than any plan may, or None when it may be a plan.

    Brackets and commas are counted in the whole file first; only when that rough count is
    over a limit are strings taken out (where brackets and commas mean nothing) to count again.
    """
    limits = (OBJECTS_MAX, ARRAYS_MAX, VALUES_MAX)
    counts = _counts(raw)
    if all(count <= limit for count, limit in zip(counts, limits, strict=True)):
        return None
    objects, arrays, values = _counts(_STRING.sub(b'""', raw))
    if objects > OBJECTS_MAX:
        return (
            f"the file holds too many items ({objects:,} objects; "
            f"a plan holds at most {OBJECTS_MAX:,})"
        )
    if arrays > ARRAYS_MAX:
        return f"the file holds too many lists ({arrays:,}; a plan holds at most {ARRAYS_MAX:,})"
    if values > VALUES_MAX:
        return f"the file holds too many values ({values:,}; a plan holds at most {VALUES_MAX:,})"
    return None
