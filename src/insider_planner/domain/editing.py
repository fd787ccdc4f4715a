"""Every change a user can make to a plan, as small pure operations that undo can reverse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from insider_planner.domain.marks import Flag
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task

NODE_FIELDS = ("held", "needed", "note", "private")
PLAN_FIELDS = ("title", "target", "project")
TASK_FIELDS = ("title", "notes", "status", "due", "links", "private")


def _store(plan: Plan, node_id: str, state: NodeState) -> None:
    if state.is_default():
        plan.nodes.pop(node_id, None)
    else:
        plan.nodes[node_id] = state


def set_node_field(plan: Plan, node_id: str, field: str, value: Any) -> Any:
    """Set one field of a node's state; returns the old value."""
    if field not in NODE_FIELDS:
        raise ValueError(f"unknown node field {field!r}")
    state = plan.state(node_id).model_copy()
    old = getattr(state, field)
    setattr(state, field, value)
    _store(plan, node_id, state)
    return old


def set_flags(plan: Plan, node_ids: list[str], flag: Flag, value: bool) -> dict[str, bool]:
    """Set held or needed on several nodes at once; returns each node's previous value."""
    # Each node once: a second pass would record the new value as the "previous" one.
    return {
        node_id: set_node_field(plan, node_id, flag, value) for node_id in dict.fromkeys(node_ids)
    }


def restore_flags(plan: Plan, flag: Flag, previous: dict[str, bool]) -> None:
    for node_id, value in previous.items():
        set_node_field(plan, node_id, flag, value)


def set_plan_field(plan: Plan, field: str, value: str) -> str:
    if field not in PLAN_FIELDS:
        raise ValueError(f"unknown plan field {field!r}")
    old: str = getattr(plan, field)
    setattr(plan, field, value)
    return old


# --- custom nodes --------------------------------------------------------------------------


@dataclass
class RemovedCustomNodes:
    """What removing custom nodes took out of a plan, for an exact undo."""

    entries: list[tuple[int, CustomNode]]  # (index in plan.custom_nodes, node), ascending
    states: dict[str, NodeState]


def add_custom_node(plan: Plan, node: CustomNode) -> None:
    plan.custom_nodes.append(node)


def remove_custom_nodes(plan: Plan, node_ids: set[str]) -> RemovedCustomNodes:
    """Remove custom nodes and their states; the result puts them back exactly."""
    entries = [(i, c) for i, c in enumerate(plan.custom_nodes) if c.id in node_ids]
    plan.custom_nodes = [c for c in plan.custom_nodes if c.id not in node_ids]
    states = {nid: plan.nodes.pop(nid) for nid in node_ids if nid in plan.nodes}
    return RemovedCustomNodes(entries, states)


def restore_custom_nodes(plan: Plan, removed: RemovedCustomNodes) -> None:
    """Undo remove_custom_nodes: same list positions, same states."""
    for index, node in removed.entries:
        plan.custom_nodes.insert(index, node)
    for node_id, state in removed.states.items():
        _store(plan, node_id, state)


def rename_custom_node(plan: Plan, node_id: str, title: str) -> str:
    custom = next(c for c in plan.custom_nodes if c.id == node_id)
    old = custom.title
    custom.title = title
    return old


# --- strategies and tasks ------------------------------------------------------------------


def move_strategy(plan: Plan, from_row: int, to_row: int) -> None:
    """Move a strategy so that it ends up at `to_row`."""
    lane = plan.strategies.pop(from_row)
    plan.strategies.insert(to_row, lane)


def insert_task(plan: Plan, lane_id: str, row: int, task: Task) -> None:
    lane = plan.lane(lane_id)
    if lane is None:
        raise KeyError(lane_id)
    row = _clamp(row, len(lane.tasks))
    lane.tasks.insert(row, task)
    plan.task_rows.inserted(lane, row)


def remove_task(plan: Plan, task_id: str) -> tuple[str, int, Task]:
    """Remove a task; returns its lane, row and the task itself for undo."""
    found = plan.find_task(task_id)
    if found is None:
        raise KeyError(task_id)
    lane, row = found
    task = lane.tasks.pop(row)
    plan.task_rows.removed(lane, row, task_id)
    return lane.id, row, task


def move_task(plan: Plan, task_id: str, lane_id: str, row: int) -> tuple[str, int]:
    """Move a task so that it ends up at `row` of lane `lane_id`; returns where it was."""
    found = plan.find_task(task_id)
    if found is None:
        raise KeyError(task_id)
    old_lane, old_row = found
    if old_lane.id != lane_id:
        _, _, task = remove_task(plan, task_id)
        insert_task(plan, lane_id, row, task)
        return old_lane.id, old_row
    # Within one lane only the rows between the two places change.
    tasks = old_lane.tasks
    row = _clamp(row, len(tasks) - 1)
    tasks.insert(row, tasks.pop(old_row))
    plan.task_rows.index_lane(old_lane, min(row, old_row), max(row, old_row) + 1)
    return old_lane.id, old_row


def _clamp(row: int, length: int) -> int:
    """Where list.insert(row, …) puts an item in a list of `length`, for the index."""
    return max(0, row + length) if row < 0 else min(row, length)


def update_task(plan: Plan, task_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change some fields of a task; returns their old values."""
    found = plan.find_task(task_id)
    if found is None:
        raise KeyError(task_id)
    lane, row = found
    task = lane.tasks[row]
    old: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in TASK_FIELDS:
            raise ValueError(f"unknown task field {field!r}")
        old[field] = getattr(task, field)
        setattr(task, field, list(value) if field == "links" else value)
    return old
