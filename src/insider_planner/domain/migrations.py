"""Step-by-step upgrades of plan data from older schema versions to the current one.

Each step validates the shape it expects with a pydantic model of that old version, so a
damaged old file fails with a readable field error instead of a KeyError deep in a step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from insider_planner.domain.limits import TARGET_MAX, TITLE_MAX
from insider_planner.domain.plan import (
    PLAN_FORMAT,
    SCHEMA_VERSION,
    Id,
    IsoDateTime,
    LongText,
    NodeRef,
    Title,
    exact_int,
    new_id,
    text,
)


class _OldModel(BaseModel):
    # As strict as the current models: a file is refused, not reinterpreted.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class _TaskV1(_OldModel):
    title: Title
    strategy: Id
    done: bool = False
    notes: LongText = ""


class PlanV1(_OldModel):
    """Schema 1: flat lists of held and needed ids, tasks with a done flag."""

    format: Literal["insider-planner/plan"]
    schema_version: Annotated[Literal[1], BeforeValidator(exact_int)]
    title: Annotated[str, text(TITLE_MAX)]
    target: Annotated[str, text(TARGET_MAX)] = ""
    project: LongText = ""
    created: IsoDateTime
    updated: IsoDateTime
    held: list[NodeRef] = Field(default_factory=list)
    needed: list[NodeRef] = Field(default_factory=list)
    notes: dict[NodeRef, LongText] = Field(default_factory=dict)
    strategy_order: list[Id] = Field(default_factory=list)
    tasks: list[_TaskV1] = Field(default_factory=list)


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    old = PlanV1.model_validate(data)
    nodes: dict[str, dict[str, Any]] = {}
    for node_id in old.held:
        nodes.setdefault(node_id, {})["held"] = True
    for node_id in old.needed:
        nodes.setdefault(node_id, {})["needed"] = True
    for node_id, note in old.notes.items():
        nodes.setdefault(node_id, {})["note"] = note
    order = list(dict.fromkeys(old.strategy_order + [t.strategy for t in old.tasks]))
    lanes: dict[str, list[dict[str, Any]]] = {sid: [] for sid in order}
    for task in old.tasks:
        lanes[task.strategy].append(
            {
                "id": new_id("t-"),
                "title": task.title,
                "notes": task.notes,
                "status": "done" if task.done else "todo",
            }
        )
    return {
        "format": PLAN_FORMAT,
        "schema_version": 2,
        "id": new_id("p-"),
        "title": old.title,
        "target": old.target,
        "project": old.project,
        "created": old.created.isoformat(),
        "updated": old.updated.isoformat(),
        "nodes": nodes,
        "strategies": [{"id": sid, "tasks": tasks} for sid, tasks in lanes.items()],
        "custom_nodes": [],
    }


#: MIGRATIONS[n] turns schema n into schema n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
OLDEST_SUPPORTED = min(MIGRATIONS)

assert max(MIGRATIONS) + 1 == SCHEMA_VERSION, "every schema step needs a migration"


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Apply each step from `version` up to the current schema; raises ValidationError."""
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
