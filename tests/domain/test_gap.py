"""The gap: needed but not held for access; held but not acceptable for constraints."""

from __future__ import annotations

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.gap import (
    Coverage,
    coverage,
    criticism_limits_held,
    gap_nodes,
    in_gap,
    state_in_gap,
)
from insider_planner.domain.plan import NodeState, Plan, new_plan
from insider_planner.domain.tree import PlanTree


@pytest.mark.parametrize(
    ("held", "second", "access_gap", "constraint_gap"),
    [
        (False, False, False, False),
        (False, True, True, False),  # access: needed, missing · constraint: acceptable, not held
        (True, False, False, True),  # access: held, not needed · constraint: held, unacceptable
        (True, True, False, False),
    ],
)
def test_gap_rules(held: bool, second: bool, access_gap: bool, constraint_gap: bool) -> None:
    state = NodeState(held=held, needed=second)
    assert state_in_gap(state, "access") is access_gap
    assert state_in_gap(state, "constraint") is constraint_gap


def test_gap_of_the_sample_plan_in_tree_order(sample_plan: Plan, catalog: Catalog) -> None:
    tree = PlanTree(catalog, sample_plan)
    assert [n.id for n in gap_nodes(sample_plan, tree)] == [
        "internals.weights",
        "api-surface.prefill",
        "custom-eval-seat",
        "formal.nda",
    ]


def test_only_leaves_are_in_the_gap(catalog: Catalog) -> None:
    plan = new_plan(catalog)
    plan.nodes["internals"] = NodeState(needed=True)  # a parent's own state counts for nothing
    tree = PlanTree(catalog, plan)
    assert not in_gap(plan, tree["internals"])
    assert gap_nodes(plan, tree) == []


def test_coverage_counts(sample_plan: Plan, catalog: Catalog) -> None:
    tree = PlanTree(catalog, sample_plan)
    assert coverage(sample_plan, tree) == [
        Coverage("artefacts", "Access to artefacts", "access", 16, 1, 2, 1, 1),
        Coverage("resources", "Access to resources", "access", 14, 1, 1, 0, 1),
        Coverage("information", "Access to information", "access", 8, 0, 0, 0, 0),
        Coverage("influence", "Influence and trust", "access", 17, 0, 1, 0, 1),
        Coverage("constraints", "Constraints", "constraint", 8, 1, 1, 0, 1),
    ]


def test_coverage_of_an_empty_plan(catalog: Catalog) -> None:
    plan = new_plan(catalog)
    figures = coverage(plan, PlanTree(catalog, plan))
    assert [c.total for c in figures] == [16, 14, 8, 16, 8]
    assert all(c.held == c.needed == c.covered == c.gap == 0 for c in figures)


def test_criticism_limits(catalog: Catalog, sample_plan: Plan) -> None:
    tree = PlanTree(catalog, sample_plan)
    assert [n.id for n in criticism_limits_held(sample_plan, tree)] == ["formal.nda"]

    plan = new_plan(catalog)
    tree = PlanTree(catalog, plan)
    assert criticism_limits_held(plan, tree) == []
    plan.nodes["formal.nda"] = NodeState(needed=True)  # acceptable, not held: no warning
    plan.nodes["formal.rival-lab-contact"] = NodeState(held=True)  # held, harmless
    plan.nodes["internals.weights"] = NodeState(held=True)
    assert criticism_limits_held(plan, tree) == []
    plan.nodes["formal.publication-restrictions"] = NodeState(held=True, needed=True)
    assert [n.id for n in criticism_limits_held(plan, tree)] == ["formal.publication-restrictions"]


def test_gap_and_coverage_read_stored_states_without_building_defaults(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Most leaves are unmarked; building a default state for each made every tick slower.
    plan = new_plan(catalog, title="t")
    plan.nodes["internals.weights"] = NodeState(needed=True)
    tree = PlanTree(catalog, plan)

    def refuse(self: Plan, node_id: str) -> NodeState:
        raise AssertionError(f"default state built for {node_id}")

    monkeypatch.setattr(Plan, "state", refuse)
    assert [n.id for n in gap_nodes(plan, tree)] == ["internals.weights"]
    assert sum(c.gap for c in coverage(plan, tree)) == 1
    assert criticism_limits_held(plan, tree) == []
