"""The plan model: defaults, validation and the small helpers the UI relies on."""

from __future__ import annotations

from datetime import timezone

import pytest
from pydantic import ValidationError

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import (
    PLAN_FORMAT,
    SCHEMA_VERSION,
    CustomNode,
    NodeState,
    Plan,
    StrategyLane,
    Task,
    TaskStatus,
    new_id,
    new_plan,
    reconcile_with_catalog,
    utc_now,
)


def test_a_new_plan_has_every_strategy_in_the_catalogs_order(catalog: Catalog) -> None:
    plan = new_plan(catalog, title="Pilot")
    assert plan.title == "Pilot"
    assert plan.format == PLAN_FORMAT and plan.schema_version == SCHEMA_VERSION
    assert [lane.id for lane in plan.strategies] == [s.id for s in catalog.strategies]
    assert plan.all_tasks() == [] and plan.nodes == {} and plan.custom_nodes == []
    assert plan.created.tzinfo is not None and plan.created == plan.updated
    assert new_plan(catalog).id != plan.id


def test_ids_and_times() -> None:
    ids = {new_id("t-") for _ in range(1000)}
    assert len(ids) == 1000 and all(i.startswith("t-") and len(i) == 14 for i in ids)
    now = utc_now()
    assert now.tzinfo is timezone.utc and now.microsecond == 0


def test_node_state_default() -> None:
    assert NodeState().is_default()
    for change in ({"held": True}, {"needed": True}, {"note": "x"}, {"private": True}):
        assert not NodeState.model_validate(change).is_default()


def test_task_status_cycles() -> None:
    assert [s.next() for s in TaskStatus] == [TaskStatus.DOING, TaskStatus.DONE, TaskStatus.TODO]
    assert [s.label for s in TaskStatus] == ["To do", "Doing", "Done"]
    assert TaskStatus("done") is TaskStatus.DONE


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("strategies", [StrategyLane(id="a"), StrategyLane(id="a")], "strategy ids must be unique"),
        (
            "strategies",
            [
                StrategyLane(id="a", tasks=[Task(id="t", title="x")]),
                StrategyLane(id="b", tasks=[Task(id="t", title="y")]),
            ],
            "task ids must be unique",
        ),
        (
            "custom_nodes",
            [CustomNode(id="c", title="x", parent="p"), CustomNode(id="c", title="y", parent="p")],
            "custom node ids must be unique",
        ),
    ],
)
def test_duplicate_ids_are_refused(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Plan.model_validate({field: value})


def test_unknown_fields_and_empty_titles_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Plan.model_validate({"colour": "red"})
    with pytest.raises(ValidationError, match="at least 1 character"):
        Task(title="")
    with pytest.raises(ValidationError):
        Plan.model_validate({"schema_version": 1})


def test_state_of_an_unmarked_node_is_not_stored(sample_plan: Plan) -> None:
    assert sample_plan.state("internals.activations").note == "Via the pilot"
    state = sample_plan.state("internals.gradients")
    assert state.is_default()
    assert "internals.gradients" not in sample_plan.nodes


def test_lanes_and_tasks(sample_plan: Plan) -> None:
    assert [t.id for t in sample_plan.all_tasks()] == ["t-1", "t-2", "t-3", "t-4"]
    lane = sample_plan.lane("small-collaborations")
    assert lane is not None and [t.id for t in lane.tasks] == ["t-3", "t-4"]
    assert sample_plan.lane("nope") is None
    found = sample_plan.find_task("t-4")
    assert found is not None and found[0] is lane and found[1] == 1
    assert sample_plan.find_task("t-9") is None


def test_reconcile_adds_missing_strategies_at_the_end(catalog: Catalog) -> None:
    plan = Plan(strategies=[StrategyLane(id="obstacles"), StrategyLane(id="mine")])
    assert reconcile_with_catalog(plan, catalog)
    ids = [lane.id for lane in plan.strategies]
    assert ids[:2] == ["obstacles", "mine"]
    assert ids[2:] == [s.id for s in catalog.strategies if s.id != "obstacles"]
    assert not reconcile_with_catalog(plan, catalog)
