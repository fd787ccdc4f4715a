"""Step-by-step upgrades from older plan schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from insider_planner.domain.limits import ID_MAX, LONG_TEXT_MAX, TITLE_MAX
from insider_planner.domain.migrations import MIGRATIONS, OLDEST_SUPPORTED, migrate
from insider_planner.domain.plan import SCHEMA_VERSION, NodeState, Plan, TaskStatus
from insider_planner.storage.files import PlanLoadError, parse_plan


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


@pytest.mark.parametrize(
    ("broken", "where"),
    [
        ({"tasks": [{"title": "x", "strategy": "s", "done": "yes"}]}, "tasks.0.done"),
        ({"tasks": [{"title": "x", "strategy": "s", "done": 1}]}, "tasks.0.done"),
        ({"tasks": [{"title": 5, "strategy": "s"}]}, "tasks.0.title"),
        ({"title": 5}, "title"),
        ({"held": [1]}, "held.0"),
        ({"notes": {"a.x": 5}}, "notes.a.x"),
        ({"created": 1700000000}, "created"),
        ({"schema_version": 1.0}, "schema_version"),
        ({"title": "x" * (TITLE_MAX + 1)}, "title"),
        ({"project": "x" * (LONG_TEXT_MAX + 1)}, "project"),
        ({"notes": {"a.x": "x" * (LONG_TEXT_MAX + 1)}}, "notes.a.x"),
        ({"held": ["x" * (ID_MAX + 1)]}, "held.0"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_a_v1_plan_is_validated_strictly_and_within_limits(
    broken: dict[str, Any], where: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        migrate(_v1(**broken), 1)
    assert ".".join(map(str, raised.value.errors()[0]["loc"])) == where


def test_a_v1_file_is_refused_with_the_field_named() -> None:
    raw = json.dumps(_v1(tasks=[{"title": "x", "strategy": "s", "done": "yes"}])).encode()
    with pytest.raises(PlanLoadError) as raised:
        parse_plan(raw, Path("old.insiderplan"))
    assert raised.value.reason == "invalid field tasks.0.done: Input should be a valid boolean"


def test_current_data_is_left_as_it_is() -> None:
    data = {"anything": object()}
    assert migrate(data, SCHEMA_VERSION) is data
