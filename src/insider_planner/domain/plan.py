"""The plan a user edits: node states, strategy lanes with tasks, and custom nodes."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import Enum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from insider_planner.domain.catalog import Catalog

PLAN_FORMAT: Final = "insider-planner/plan"
SCHEMA_VERSION: Final = 2


def new_id(prefix: str = "") -> str:
    """A random id; short enough to read in a file, long enough not to collide."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def utc_now() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NodeState(_Model):
    """What the user said about one node. For constraints, `needed` means acceptable."""

    held: bool = False
    needed: bool = False
    note: str = ""
    private: bool = False

    def is_default(self) -> bool:
        """True when the state carries nothing worth storing."""
        return not (self.held or self.needed or self.note or self.private)


class TaskStatus(str, Enum):
    """Where a task stands."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"todo": "To do", "doing": "Doing", "done": "Done"}[self.value]

    def next(self) -> TaskStatus:
        """The status a single toggle moves to: to do → doing → done → to do."""
        order = list(TaskStatus)
        return order[(order.index(self) + 1) % len(order)]


class Task(_Model):
    """Something to do to acquire an attribute or resolve a constraint."""

    id: str = Field(default_factory=lambda: new_id("t-"), min_length=1)
    title: str = Field(min_length=1)
    notes: str = ""
    status: TaskStatus = TaskStatus.TODO
    due: date | None = None
    links: list[str] = Field(default_factory=list)
    private: bool = False


class StrategyLane(_Model):
    """A strategy as it stands in this plan: its place (by list order) and its tasks."""

    id: str = Field(min_length=1)
    tasks: list[Task] = Field(default_factory=list)


class CustomNode(_Model):
    """An attribute (under a category) or facet (under an attribute) the user added."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    help: str = ""
    parent: str = Field(min_length=1)
    strategy: str | None = None


class Plan(_Model):
    """Everything saved in one plan file."""

    format: Literal["insider-planner/plan"] = PLAN_FORMAT
    schema_version: Literal[2] = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: new_id("p-"), min_length=1)
    title: str = "Untitled plan"
    target: str = ""
    project: str = ""
    created: datetime = Field(default_factory=utc_now)
    updated: datetime = Field(default_factory=utc_now)
    nodes: dict[str, NodeState] = Field(default_factory=dict)
    strategies: list[StrategyLane] = Field(default_factory=list)
    custom_nodes: list[CustomNode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        lane_ids = [lane.id for lane in self.strategies]
        if len(set(lane_ids)) != len(lane_ids):
            raise ValueError("strategy ids must be unique")
        task_ids = [t.id for lane in self.strategies for t in lane.tasks]
        if len(set(task_ids)) != len(task_ids):
            raise ValueError("task ids must be unique")
        custom_ids = [c.id for c in self.custom_nodes]
        if len(set(custom_ids)) != len(custom_ids):
            raise ValueError("custom node ids must be unique")
        return self

    def state(self, node_id: str) -> NodeState:
        """The stored state of a node, or a fresh default one (not stored)."""
        return self.nodes.get(node_id) or NodeState()

    def lane(self, strategy_id: str) -> StrategyLane | None:
        """The lane of a strategy, if the plan has it."""
        return next((lane for lane in self.strategies if lane.id == strategy_id), None)

    def all_tasks(self) -> list[Task]:
        """Every task, lanes in priority order."""
        return [t for lane in self.strategies for t in lane.tasks]

    def find_task(self, task_id: str) -> tuple[StrategyLane, int] | None:
        """The lane holding a task and its row there."""
        for lane in self.strategies:
            for row, task in enumerate(lane.tasks):
                if task.id == task_id:
                    return lane, row
        return None


def new_plan(catalog: Catalog, title: str = "Untitled plan") -> Plan:
    """A fresh plan with the catalog's strategies in their default order and no tasks."""
    plan = Plan(title=title)
    reconcile_with_catalog(plan, catalog)
    return plan


def reconcile_with_catalog(plan: Plan, catalog: Catalog) -> bool:
    """Give the plan a lane for every catalog strategy it lacks; True when it changed."""
    have = {lane.id for lane in plan.strategies}
    missing = [s.id for s in catalog.strategies if s.id not in have]
    plan.strategies.extend(StrategyLane(id=sid) for sid in missing)
    return bool(missing)
