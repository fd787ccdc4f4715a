"""Step-by-step upgrades from older plan schemas."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from insider_planner.domain.migrations import MIGRATIONS, OLDEST_SUPPORTED, migrate
from insider_planner.domain.plan import SCHEMA_VERSION, NodeState, Plan, TaskStatus


def _v1(**fields: Any) -> dict[str, Any]:
    return {
        "format": "insider-planner/plan",
        "schema_version": 1,
        "title": "Old plan",
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-02-01T00:00:00+01:00",
        **fields,
    }


def test_every_old_version_has_a_step() -> None:
    assert OLDEST_SUPPORTED == 1
    assert sorted(MIGRATIONS) == list(range(OLDEST_SUPPORTED, SCHEMA_VERSION))


def test_v1_marks_notes_and_tasks() -> None:
    data = migrate(
        _v1(
            target="Lab",
            project="Why",
            held=["a.x", "c.z"],
            needed=["a.x", "b.y"],
            notes={"b.y": "ask", "d.w": "only a note"},
            strategy_order=["connections", "understand", "connections"],
            tasks=[
                {"title": "Done one", "strategy": "understand", "done": True},
                {"title": "Open one", "strategy": "obstacles", "notes": "n"},
                {"title": "Another", "strategy": "understand"},
            ],
        ),
        1,
    )
    plan = Plan.model_validate(data)
    assert plan.schema_version == SCHEMA_VERSION
    assert (plan.title, plan.target, plan.project) == ("Old plan", "Lab", "Why")
    assert plan.nodes == {
        "a.x": NodeState(held=True, needed=True),
        "c.z": NodeState(held=True),
        "b.y": NodeState(needed=True, note="ask"),
        "d.w": NodeState(note="only a note"),
    }
    # The saved order first, then strategies only tasks named, each once.
    assert [lane.id for lane in plan.strategies] == ["connections", "understand", "obstacles"]
    assert [(t.title, t.status, t.notes) for t in plan.all_tasks()] == [
        ("Done one", TaskStatus.DONE, ""),
        ("Another", TaskStatus.TODO, ""),
        ("Open one", TaskStatus.TODO, "n"),
    ]
    assert len({t.id for t in plan.all_tasks()}) == 3
    assert plan.updated.isoformat() == "2025-02-01T00:00:00+01:00"


def test_a_minimal_v1_plan() -> None:
    plan = Plan.model_validate(migrate(_v1(), 1))
    assert plan.nodes == {} and plan.strategies == [] and plan.custom_nodes == []


@pytest.mark.parametrize(
    "broken",
    [
        {"held": "a.x"},
        {"tasks": [{"title": "", "strategy": "understand"}]},
        {"tasks": [{"title": "No strategy"}]},
        {"colour": "red"},
        {"created": "yesterday"},
    ],
)
def test_a_damaged_v1_plan_fails_with_a_field_error(broken: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        migrate(_v1(**broken), 1)


def test_current_data_is_left_as_it_is() -> None:
    data = {"anything": object()}
    assert migrate(data, SCHEMA_VERSION) is data
