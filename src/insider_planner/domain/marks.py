"""Held / needed marks of tree nodes: stored on leaves, derived for parents."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from insider_planner.domain.plan import Plan
from insider_planner.domain.tree import Node

Flag = Literal["held", "needed"]


class Mark(Enum):
    """A tick box's state."""

    UNCHECKED = 0
    PARTIAL = 1
    CHECKED = 2


def mark_of(plan: Plan, node: Node, flag: Flag) -> Mark:
    """Leaves: their stored flag. Parents: checked when all leaves are, partial when some."""
    if node.is_leaf:
        return Mark.CHECKED if getattr(plan.state(node.id), flag) else Mark.UNCHECKED
    seen_on = seen_off = False
    for leaf in node.leaves():
        if getattr(plan.state(leaf.id), flag):
            seen_on = True
        else:
            seen_off = True
        if seen_on and seen_off:
            return Mark.PARTIAL
    return Mark.CHECKED if seen_on else Mark.UNCHECKED


def flag_label(kind: str, flag: Flag) -> str:
    """Column titles: the second mark reads 'Acceptable' for constraints."""
    if flag == "held":
        return "Held"
    return "Acceptable" if kind == "constraint" else "Needed"
