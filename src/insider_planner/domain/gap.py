"""The gap between what a plan holds and what its project needs. Derived, never stored."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from insider_planner.domain.marks import stored_state
from insider_planner.domain.plan import NodeState, Plan
from insider_planner.domain.tree import Node, PlanTree


def state_in_gap(state: NodeState, kind: str) -> bool:
    """Access: needed but not held. Constraint: held but not acceptable."""
    if kind == "constraint":
        return state.held and not state.needed
    return state.needed and not state.held


def in_gap(plan: Plan, node: Node) -> bool:
    """Whether a leaf node is part of the gap."""
    return node.is_leaf and state_in_gap(stored_state(plan, node.id), node.kind)


@dataclass(frozen=True)
class Coverage:
    """Counts for one category. For constraints, `needed` counts the acceptable ones."""

    category_id: str
    title: str
    kind: str
    total: int
    held: int
    needed: int
    covered: int
    gap: int


def category_coverage(
    plan: Plan, category: Node, hidden: Collection[str] = frozenset()
) -> Coverage:
    """Held, needed and covered leaf counts for one category; `hidden` leaves count nowhere."""
    held = needed = covered = gap = total = 0
    for leaf in visible_leaves(category, hidden):
        state = stored_state(plan, leaf.id)
        total += 1
        held += state.held
        needed += state.needed
        covered += state.held and state.needed
        gap += state_in_gap(state, category.kind)
    return Coverage(category.id, category.title, category.kind, total, held, needed, covered, gap)


def visible_leaves(node: Node, hidden: Collection[str]) -> list[Node]:
    """The leaves under `node` that are not `hidden` (withheld from a redacted report)."""
    return [leaf for leaf in node.leaves() if leaf.id not in hidden]


def coverage(plan: Plan, tree: PlanTree) -> list[Coverage]:
    """Coverage for every category, in tree order."""
    return [category_coverage(plan, root) for root in tree.roots]


def gap_nodes(plan: Plan, tree: PlanTree) -> list[Node]:
    """Every leaf in the gap, in tree order."""
    return [leaf for leaf in tree.leaves() if in_gap(plan, leaf)]


def criticism_limits_held(plan: Plan, tree: PlanTree) -> list[Node]:
    """Held constraints that limit the freedom to criticise the lab openly."""
    return [
        leaf for leaf in tree.leaves() if leaf.limits_criticism and stored_state(plan, leaf.id).held
    ]


CRITICISM_WARNING = (
    "You hold a constraint that limits what you can say in public (an NDA or a publication "
    "restriction). The freedom to criticise a lab openly is perhaps the main thing a partial "
    "insider has that an employee lacks; weigh this before accepting more."
)
