"""Find in a plan: attributes by name or note, tasks by title or notes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from insider_planner.domain.plan import Plan
from insider_planner.domain.tree import PlanTree

HitKind = Literal["attribute", "task"]


class Hit(NamedTuple):
    """One match: an attribute-tree node or a task, and which of its texts matched."""

    kind: HitKind
    id: str
    field: str  # "name", "note", "title" or "notes"


def query_words(query: str) -> list[str]:
    """The words to look for, each in any case; none for a blank query."""
    return query.casefold().split()


def _holds(text: str, words: list[str]) -> bool:
    # A loop, not `all()` over a generator: this runs for every task of a large plan.
    for word in words:  # noqa: SIM110
        if word not in text:
            return False
    return True


def _field_of(words: list[str], first: tuple[str, str], second: tuple[str, str]) -> str | None:
    """Which text of an item (field, text) holds every word: the first if it does, else
    the second; failing both, the item still matches when the two hold every word between
    them (the first field is named then). None when it does not match."""
    name, text = first
    folded = text.casefold()
    if _holds(folded, words):
        return name
    other_name, other = second
    if not other:
        return None
    other = other.casefold()
    if _holds(other, words):
        return other_name
    if _holds(folded + "\n" + other, words):
        return name
    return None


def find(plan: Plan, tree: PlanTree, query: str) -> list[Hit]:
    """Every attribute (in tree order) and then every task (in board order) whose texts
    hold all the words of `query`, in any case. A node matches by its name or its note
    in this plan; a task by its title or its notes."""
    words = query_words(query)
    if not words:
        return []
    return list(_hits(plan, tree, words))


def _hits(plan: Plan, tree: PlanTree, words: list[str]) -> Iterator[Hit]:
    for node in tree.walk():
        state = plan.nodes.get(node.id)
        note = state.note if state is not None else ""
        field = _field_of(words, ("name", node.title), ("note", note))
        if field is not None:
            yield Hit("attribute", node.id, field)
    for lane in plan.strategies:
        for task in lane.tasks:
            field = _field_of(words, ("title", task.title), ("notes", task.notes))
            if field is not None:
                yield Hit("task", task.id, field)
