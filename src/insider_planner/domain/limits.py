"""How long each text field and how many of each item a plan may hold.

The schema states these limits, loading refuses a file over any of them with the field
named, and the editors stop typing and pasting at them. They are generous for real plans
and keep a hostile file from freezing the window or the printer.
"""

from __future__ import annotations

from typing import Final

#: Ids of nodes, tasks, lanes and custom nodes.
ID_MAX: Final = 100
#: One-line titles: the plan's, a task's, a custom node's. Generous, since printing wraps
#: even a long title with no spaces; still small enough for any list view.
TITLE_MAX: Final = 4_000
#: The plan's target (who or what the plan aims at).
TARGET_MAX: Final = 2_000
#: Free text: the project description, notes on attributes and tasks, custom node help.
LONG_TEXT_MAX: Final = 1_048_576

#: Items per plan.
NODES_MAX: Final = 20_000
STRATEGIES_MAX: Final = 100
TASKS_MAX: Final = 100_000
CUSTOM_NODES_MAX: Final = 10_000
LINKS_MAX: Final = 1_000
