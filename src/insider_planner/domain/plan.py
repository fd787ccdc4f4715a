"""The plan a user edits: node states, strategy lanes with tasks, and custom nodes."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import ErrorDetails, PydanticKnownError, core_schema

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import (
    CUSTOM_NODES_MAX,
    ID_MAX,
    LINKS_MAX,
    LONG_TEXT_MAX,
    NODES_MAX,
    STRATEGIES_MAX,
    TARGET_MAX,
    TASKS_MAX,
    TITLE_MAX,
)

PLAN_FORMAT: Final = "insider-planner/plan"
SCHEMA_VERSION: Final = 2


def new_id(prefix: str = "") -> str:
    """A random id; short enough to read in a file, long enough not to collide."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def utc_now() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def at_most(limit: int, what: str = "characters") -> str:
    """A field's limit in words, for the JSON Schema's descriptions."""
    return f"At most {limit:,} {what}."


# --- strict types --------------------------------------------------------------------------
# Models validate strictly: no "yes" or 1 for true, no 5 for a title, no 2.0 for 2. Dates,
# times and statuses are lax on purpose: a JSON file spells them as strings, which strict
# mode refuses on Python input, so they sit behind a gate that lets only their own type or
# an ISO 8601 string through.

_ISO_DATE = r"\d{4}-\d{2}-\d{2}\Z"
_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}([T ]|\Z)"


@dataclass(frozen=True)
class _IsoGate:
    """A date or time that is its own type or an ISO 8601 string matching `pattern`.

    From JSON the gate is a pattern pydantic-core checks itself, so loading a file calls
    no Python per value; from Python it is a function that also lets the type through.
    Either way a value refused at the gate gets the type's own error (`error`).
    """

    kind: type[date]
    pattern: str
    error: Literal["date_type", "datetime_type"]

    def _parsed(self) -> core_schema.CoreSchema:
        if self.kind is datetime:
            return core_schema.datetime_schema(strict=False)
        return core_schema.date_schema(strict=False)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        kind, matches, error = self.kind, re.compile(self.pattern).match, self.error

        def gate(value: Any) -> Any:
            if isinstance(value, kind) or (isinstance(value, str) and matches(value)):
                return value
            raise PydanticKnownError(error)

        # Rust's `$` is Python's `\Z`, and a pattern must match at the start, as `match` does.
        anchored = "^" + self.pattern.replace("\\Z", "$")
        text = core_schema.str_schema(pattern=anchored, strict=True)
        from_json = core_schema.chain_schema(
            [core_schema.custom_error_schema(text, error), self._parsed()]
        )
        from_python = core_schema.no_info_before_validator_function(gate, self._parsed())
        return core_schema.json_or_python_schema(from_json, from_python)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(self._parsed())


def exact_int(value: Any) -> Any:
    """Refuse anything but an int (for Literal fields, which ignore strict mode: 2.0 is 2)."""
    if type(value) is not int:
        raise PydanticKnownError("int_type")
    return value


#: What a field holding a lone surrogate (from a JSON escape, or Qt text) is told.
LONE_SURROGATE: Final = "text with invalid Unicode (a lone surrogate)"


def error_text(error: ErrorDetails) -> str:
    """What one validation error says, with a lone surrogate named as such.

    Every text field has a length limit, and pydantic-core refuses a string that is not
    valid Unicode when it checks one (error type ``string_unicode``), so no field needs a
    check of its own; only pydantic's wording ("unable to parse raw data as a unicode
    string") says too little.
    """
    return LONE_SURROGATE if error["type"] == "string_unicode" else error["msg"]


def text(limit: int, min_length: int = 0) -> Any:
    """A text field's length limit, stated in the JSON Schema."""
    return Field(min_length=min_length or None, max_length=limit, description=at_most(limit))


IsoDate = Annotated[date, _IsoGate(date, _ISO_DATE, "date_type")]
IsoDateTime = Annotated[datetime, _IsoGate(datetime, _ISO_DATETIME, "datetime_type")]

#: The id of a node, task, lane or custom node.
Id = Annotated[str, text(ID_MAX, min_length=1)]
#: A node id where a node is named rather than defined: the keys of `nodes`, a task's links.
NodeRef = Annotated[str, text(ID_MAX)]
Title = Annotated[str, text(TITLE_MAX, min_length=1)]
LongText = Annotated[str, text(LONG_TEXT_MAX)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class NodeState(_Model):
    """What the user said about one node. For constraints, `needed` means acceptable."""

    held: bool = False
    needed: bool = False
    note: LongText = ""
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

    id: Id = Field(default_factory=lambda: new_id("t-"))
    title: Title
    notes: LongText = ""
    # Lax so that the file's "done" is taken; an enum takes nothing but its own values.
    status: TaskStatus = Field(default=TaskStatus.TODO, strict=False)
    due: IsoDate | None = None
    links: list[NodeRef] = Field(
        default_factory=list, max_length=LINKS_MAX, description=at_most(LINKS_MAX, "links")
    )
    private: bool = False


class StrategyLane(_Model):
    """A strategy as it stands in this plan: its place (by list order) and its tasks."""

    id: Id
    tasks: list[Task] = Field(
        default_factory=list,
        max_length=TASKS_MAX,
        description=at_most(TASKS_MAX, "tasks in the whole plan"),
    )


class CustomNode(_Model):
    """An attribute (under a category) or facet (under an attribute) the user added."""

    id: Id
    title: Title
    help: LongText = ""
    parent: Id
    strategy: Id | None = None


class TaskRows:
    """Where each task of a plan stands: task id → (lane, row).

    Edits in `domain.editing` keep it up to date; every hit is checked against the plan,
    so a plan changed some other way is re-indexed on its next lookup, never misread.
    Two indexes are always equal: a cache never makes two plans differ.

    An insert or a removal shifts every later row of its lane. Rather than record each of
    them again (the whole lane, on a large plan), the shift is noted for the lane and
    applied when a task's place is looked up: each entry remembers how many of its lane's
    shifts it had seen. After `SHIFTS_KEPT` shifts a lane is recorded afresh.
    """

    SHIFTS_KEPT = 64

    def __init__(self) -> None:
        #: task id → (lane, row when recorded, the lane's shifts seen then)
        self.where: dict[str, tuple[StrategyLane, int, int]] = {}
        #: lane id → the shifts since the lane was last recorded whole: (first row, step)
        self._shifts: dict[str, list[tuple[int, int]]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TaskRows)

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> TaskRows:
        return TaskRows()  # a copy of a plan holds other lanes: start afresh

    def __deepcopy__(self, memo: dict[int, Any]) -> TaskRows:
        return TaskRows()

    def place(self, task_id: str) -> tuple[StrategyLane, int] | None:
        """Where the index last put a task, unchecked; None when it has no entry."""
        entry = self.where.get(task_id)
        if entry is None:
            return None
        lane, row, seen = entry
        shifts = self._shifts.get(lane.id, ())
        for first, step in itertools.islice(shifts, seen, None):
            if row >= first:
                row += step
        return lane, row

    def index_lane(self, lane: StrategyLane, start: int = 0, stop: int | None = None) -> None:
        """Record the rows `start`…`stop` (default: to the end) of one lane as they are."""
        tasks = lane.tasks
        end = len(tasks) if stop is None else min(stop, len(tasks))
        where = self.where
        seen = len(self._shifts.get(lane.id, ()))
        for row in range(start, end):
            where[tasks[row].id] = (lane, row, seen)

    def inserted(self, lane: StrategyLane, row: int) -> None:
        """A task was inserted at `row` of `lane` (the rows below it moved down one)."""
        if row == len(lane.tasks) - 1 or self._shift(lane, row, 1):  # the end: no shift
            self.index_lane(lane, row, row + 1)

    def removed(self, lane: StrategyLane, row: int, task_id: str) -> None:
        """The task at `row` of `lane` was removed (the rows below it moved up one)."""
        self.where.pop(task_id, None)
        if row < len(lane.tasks):
            self._shift(lane, row + 1, -1)

    def _shift(self, lane: StrategyLane, first: int, step: int) -> bool:
        """Note a shift of the rows from `first` on; False when the lane was recorded
        afresh instead (every row, so nothing is left to record)."""
        shifts = self._shifts.setdefault(lane.id, [])
        if len(shifts) < self.SHIFTS_KEPT:
            shifts.append((first, step))
            return True
        shifts.clear()
        self.index_lane(lane)
        return False

    def rebuild(self, strategies: list[StrategyLane]) -> None:
        self.where = {}
        self._shifts = {}
        for lane in strategies:
            self.index_lane(lane)


class Plan(_Model):
    """Everything saved in one plan file."""

    format: Literal["insider-planner/plan"] = PLAN_FORMAT
    schema_version: Annotated[Literal[2], BeforeValidator(exact_int)] = SCHEMA_VERSION
    id: Id = Field(default_factory=lambda: new_id("p-"))
    title: Annotated[str, text(TITLE_MAX)] = "Untitled plan"
    target: Annotated[str, text(TARGET_MAX)] = ""
    project: LongText = ""
    created: IsoDateTime = Field(default_factory=utc_now)
    updated: IsoDateTime = Field(default_factory=utc_now)
    nodes: dict[NodeRef, NodeState] = Field(
        default_factory=dict,
        max_length=NODES_MAX,
        description=f"Keyed by node id (at most {ID_MAX:,} characters). "
        + at_most(NODES_MAX, "nodes"),
    )
    strategies: list[StrategyLane] = Field(
        default_factory=list,
        max_length=STRATEGIES_MAX,
        description=at_most(STRATEGIES_MAX, "strategies"),
    )
    custom_nodes: list[CustomNode] = Field(
        default_factory=list,
        max_length=CUSTOM_NODES_MAX,
        description=at_most(CUSTOM_NODES_MAX, "custom nodes"),
    )
    _task_rows: TaskRows = PrivateAttr(default_factory=TaskRows)

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        lane_ids = [lane.id for lane in self.strategies]
        if len(set(lane_ids)) != len(lane_ids):
            raise ValueError("strategy ids must be unique")
        task_ids = [t.id for lane in self.strategies for t in lane.tasks]
        if len(task_ids) > TASKS_MAX:
            raise ValueError(f"a plan holds at most {TASKS_MAX:,} tasks")
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

    @property
    def task_rows(self) -> TaskRows:
        """The index of task places behind `find_task` (kept by `domain.editing`)."""
        return self._task_rows

    def find_task(self, task_id: str) -> tuple[StrategyLane, int] | None:
        """The lane holding a task and its row there."""
        found = self._task_rows.place(task_id)
        if found is not None and self._still_there(task_id, *found):
            return found
        # Unknown or stale (the plan was changed without `domain.editing`): index it all.
        self._task_rows.rebuild(self.strategies)
        return self._task_rows.place(task_id)

    def _still_there(self, task_id: str, lane: StrategyLane, row: int) -> bool:
        tasks = lane.tasks
        return (
            row < len(tasks)
            and tasks[row].id == task_id
            and any(held is lane for held in self.strategies)
        )


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
