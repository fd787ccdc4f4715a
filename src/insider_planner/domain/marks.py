"""Held / needed marks of tree nodes: stored on leaves, derived for parents."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from insider_planner.domain.plan import NodeState, Plan
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
        return _leaf_mark(plan, node, flag)
    seen_on = seen_off = False
    for leaf in node.leaves():
        if _leaf_mark(plan, leaf, flag) is Mark.CHECKED:
            seen_on = True
        else:
            seen_off = True
        if seen_on and seen_off:
            return Mark.PARTIAL
    return Mark.CHECKED if seen_on else Mark.UNCHECKED


# Read in place of the states a plan does not store; never changed.
_UNMARKED = NodeState()


def stored_state(plan: Plan, node_id: str) -> NodeState:
    """`plan.state` for reading only: no new default state for each of the many unmarked."""
    return plan.nodes.get(node_id) or _UNMARKED


def _leaf_mark(plan: Plan, leaf: Node, flag: Flag) -> Mark:
    return Mark.CHECKED if getattr(stored_state(plan, leaf.id), flag) else Mark.UNCHECKED


def _combined(marks: list[Mark]) -> Mark:
    """A parent's mark from its children's: the same as counting its leaves."""
    first = marks[0]
    if first is not Mark.PARTIAL and all(m is first for m in marks):
        return first
    return Mark.PARTIAL


class MarkCache:
    """`mark_of` for every node of one plan, each parent's worked out once from its children.

    Call `forget` with a node whose state or children changed: it and its ancestors are
    worked out again when next asked.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._marks: dict[tuple[str, Flag], Mark] = {}

    def mark(self, node: Node, flag: Flag) -> Mark:
        if not node.children:
            return _leaf_mark(self.plan, node, flag)
        key = (node.id, flag)
        mark = self._marks.get(key)
        if mark is None:
            mark = _combined([self.mark(child, flag) for child in node.children])
            self._marks[key] = mark
        return mark

    def known(self, node: Node, flag: Flag) -> Mark | None:
        """The mark worked out last for a parent; None when it is not known (or a leaf)."""
        return self._marks.get((node.id, flag))

    def forget(self, node: Node) -> None:
        """Drop what is known of `node`, everything below it and its ancestors."""
        for below in node.walk():
            for flag in FLAGS:
                self._marks.pop((below.id, flag), None)
        current = node.parent
        while current is not None:
            for flag in FLAGS:
                self._marks.pop((current.id, flag), None)
            current = current.parent


FLAGS: tuple[Flag, ...] = ("held", "needed")


def flag_label(kind: str, flag: Flag) -> str:
    """Column titles: the second mark reads 'Acceptable' for constraints."""
    if flag == "held":
        return "Held"
    return "Acceptable" if kind == "constraint" else "Needed"
