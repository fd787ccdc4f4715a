"""Every edit a user can make, as one function each: the tree, the board, the gap and the
plan header all call these, and nothing else pushes undo commands.

Each function checks its input against the open plan, builds the undo command(s) and
pushes them as one undo step; it returns what it did (False, None or an empty list when
there was nothing to do, or the plan is read-only or closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.marks import Flag, Mark, flag_label, mark_of
from insider_planner.domain.plan import CustomNode, Task, TaskStatus, new_id
from insider_planner.domain.text import plural, shorten
from insider_planner.domain.tree import Node
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    EditTaskCommand,
    InsertTaskCommand,
    MoveStrategyCommand,
    MoveTaskCommand,
    RemoveCustomNodeCommand,
    RemoveTaskCommand,
    RenameCustomNodeCommand,
    SetFlagsCommand,
    SetNodeFieldCommand,
    SetPlanFieldCommand,
    quoted,
)
from insider_planner.ui.document import PlanDocument

DEFAULT_TASK_TITLE = "New task"
DEFAULT_PLAN_TITLE = "Untitled plan"


def push_steps(
    doc: PlanDocument, text: str, commands: Sequence[QUndoCommand], always_macro: bool = False
) -> bool:
    """Push commands as one undo step (a macro named `text` when there are several).

    The stack's beginMacro/endMacro is used rather than parent commands: PySide does not
    keep the Python side of a child command alive, so a parent's redo would crash.
    """
    if not commands or doc.read_only or doc.closed:
        return False
    if len(commands) == 1 and not always_macro:
        return doc.push(commands[0])
    stack = doc.undo_stack
    stack.beginMacro(text)
    try:
        for command in commands:
            doc.push(command)
    finally:
        stack.endMacro()
    return True


# --- the plan and its attribute tree -------------------------------------------------------


def set_plan_field(doc: PlanDocument, field: str, value: str) -> bool:
    """Change the plan's title, target or project; a blank title becomes the default."""
    if field == "title":
        value = value.strip() or DEFAULT_PLAN_TITLE
    if value == getattr(doc.plan, field):
        return False
    return doc.push(SetPlanFieldCommand(doc, field, value))


def set_flag(doc: PlanDocument, node: Node, flag: Flag, value: bool) -> bool:
    """Tick or untick a node; on a parent this sets every leaf below, as one undo step."""
    leaves = [leaf.id for leaf in node.leaves()]
    if all(getattr(doc.plan.state(i), flag) == value for i in leaves):
        return False
    verb = "Tick" if value else "Untick"
    label = flag_label(node.kind, flag)
    text = f"{verb} {quoted(node.title)}" + ("" if flag == "held" else f" ({label})")
    return doc.push(SetFlagsCommand(doc, leaves, flag, value, text))


def toggle_flag(doc: PlanDocument, node: Node, flag: Flag) -> bool:
    """Space / Shift+Space: a partial or unticked node becomes ticked, a ticked one not."""
    return set_flag(doc, node, flag, mark_of(doc.plan, node, flag) != Mark.CHECKED)


def set_note(doc: PlanDocument, node_id: str, text: str) -> bool:
    """Replace a node's note."""
    return _set_node_field(doc, node_id, "note", text, "Edit Note on {}")


def set_private(doc: PlanDocument, node_id: str, private: bool) -> bool:
    """Mark a node private (left out of redacted output) or not."""
    label = "Mark {} Private" if private else "Unmark {} Private"
    return _set_node_field(doc, node_id, "private", private, label)


def _set_node_field(doc: PlanDocument, node_id: str, field: str, value: Any, label: str) -> bool:
    """Set a field of a node's state; `label` names the undo step ({} is the node)."""
    node = doc.tree.get(node_id)
    if node is None or value == getattr(doc.plan.state(node_id), field):
        return False
    text = label.format(quoted(node.title))
    return doc.push(SetNodeFieldCommand(doc, node_id, field, value, text))


def add_custom_node(doc: PlanDocument, parent_id: str, title: str) -> CustomNode | None:
    """Add a custom attribute (under a category) or facet (under an attribute)."""
    parent = doc.tree.get(parent_id)
    title = title.strip()
    if parent is None or parent.level == "facet" or not title:
        return None
    custom = CustomNode(id=new_id("custom-"), title=title, parent=parent_id)
    return custom if doc.push(AddCustomNodeCommand(doc, custom)) else None


def rename_custom_node(doc: PlanDocument, node_id: str, title: str) -> bool:
    node = doc.tree.get(node_id)
    title = title.strip()
    if node is None or not node.custom or not title or title == node.title:
        return False
    return doc.push(RenameCustomNodeCommand(doc, node_id, title))


def remove_custom_node(doc: PlanDocument, node_id: str) -> bool:
    """Remove a custom node and everything under it."""
    node = doc.tree.get(node_id)
    if node is None or not node.custom:
        return False
    return doc.push(RemoveCustomNodeCommand(doc, node_id))


# --- strategies ----------------------------------------------------------------------------


def move_strategy(doc: PlanDocument, from_row: int, to_row: int) -> bool:
    """Move a strategy so that it ends up at `to_row`."""
    count = len(doc.plan.strategies)
    if from_row == to_row or not (0 <= from_row < count and 0 <= to_row < count):
        return False
    return doc.push(MoveStrategyCommand(doc, from_row, to_row))


def starter_key(title: str) -> str:
    """What a title is compared by when a lane is checked for a starter task: the same
    task whatever its letters' case."""
    return title.casefold()


def missing_starter_tasks(doc: PlanDocument, lane_id: str) -> list[str]:
    """The catalog's starter tasks for a strategy that its lane does not have yet."""
    info = doc.catalog.strategy(lane_id)
    lane = doc.plan.lane(lane_id)
    if info is None or lane is None:
        return []
    have = {starter_key(task.title) for task in lane.tasks}
    return [title for title in info.starter_tasks if starter_key(title) not in have]


def add_starter_tasks(doc: PlanDocument, lane_id: str) -> list[Task]:
    """Add the catalog's starter tasks the lane lacks, as one undo step."""
    lane = doc.plan.lane(lane_id)
    titles = missing_starter_tasks(doc, lane_id)
    if lane is None or not titles:
        return []
    tasks = [Task(title=title) for title in titles]
    end = len(lane.tasks)
    commands: list[QUndoCommand] = [
        InsertTaskCommand(doc, lane_id, end + offset, task) for offset, task in enumerate(tasks)
    ]
    text = f"Add Starter Tasks to {quoted(doc.strategy_title(lane_id))}"
    return tasks if push_steps(doc, text, commands, always_macro=True) else []


# --- tasks ---------------------------------------------------------------------------------


def add_task(
    doc: PlanDocument,
    lane_id: str,
    row: int | None = None,
    title: str = DEFAULT_TASK_TITLE,
    links: Sequence[str] = (),
) -> Task | None:
    """Add a task to a lane, at `row` or (None, out of range) at the end."""
    lane = doc.plan.lane(lane_id)
    if lane is None:
        return None
    at = len(lane.tasks) if row is None or not 0 <= row <= len(lane.tasks) else row
    task = Task(title=title.strip() or DEFAULT_TASK_TITLE, links=list(links))
    return task if doc.push(InsertTaskCommand(doc, lane_id, at, task)) else None


def task_title_for(doc: PlanDocument, node_id: str) -> str:
    """A starting title for a task that targets a node, within the title limit."""
    node = doc.node(node_id)
    verb = "Resolve" if node.kind == "constraint" else "Acquire"
    # A custom node's title may itself be at the limit; the prefix must not push it over.
    return shorten(f"{verb}: {node.path_title}", TITLE_MAX)


def add_tasks_for_nodes(
    doc: PlanDocument,
    node_ids: Iterable[str],
    lane_id: str | None = None,
    row: int | None = None,
) -> list[Task]:
    """One task linked to each node, as one undo step.

    In lane `lane_id` at `row` (None or out of range: the end), or else at the end of the
    strategy the catalog suggests for each node.
    """
    tree = doc.tree
    nodes = [nid for nid in dict.fromkeys(node_ids) if nid in tree]
    if not nodes or (lane_id is not None and doc.plan.lane(lane_id) is None):
        return []
    commands: list[QUndoCommand] = []
    created: list[Task] = []
    offsets: dict[str, int] = {}
    for node_id in nodes:
        suggested = lane_id or tree[node_id].suggested_strategy() or ""
        lane = doc.plan.lane(suggested) or doc.plan.strategies[0]
        end = len(lane.tasks)
        base = row if lane_id is not None and row is not None and 0 <= row <= end else end
        at = base + offsets.get(lane.id, 0)
        offsets[lane.id] = offsets.get(lane.id, 0) + 1
        task = Task(title=task_title_for(doc, node_id), links=[node_id])
        commands.append(InsertTaskCommand(doc, lane.id, at, task))
        created.append(task)
    return created if push_steps(doc, f"Add {plural(len(nodes), 'Task')}", commands) else []


def move_tasks(
    doc: PlanDocument, task_ids: Iterable[str], lane_id: str, row: int | None = None
) -> bool:
    """Move tasks, in board order, to lane `lane_id` before the task now at `row`.

    `row` counts the lane as it is before the move (the way a drop names a place);
    None or an out-of-range row means the end. One undo step however many tasks move.
    """
    plan = doc.plan
    if plan.lane(lane_id) is None:
        return False
    wanted = set(task_ids)
    found = {t: hit for t in wanted if (hit := plan.find_task(t)) is not None}
    if not found:
        return False
    # Only the lanes involved are copied: a move costs the lanes it touches.
    rank = {lane.id: n for n, lane in enumerate(plan.strategies)}
    ordered = sorted(found, key=lambda t: (rank[found[t][0].id], found[t][1]))
    where = {task_id: found[task_id][0].id for task_id in ordered}
    sim = {
        lane.id: [t.id for t in lane.tasks]
        for lane in plan.strategies
        if lane.id == lane_id or lane.id in where.values()
    }
    current = sim[lane_id]
    at = len(current) if row is None or not 0 <= row <= len(current) else row
    anchor = next((tid for tid in current[at:] if tid not in wanted), None)
    steps: list[tuple[str, int]] = []
    for task_id in ordered:
        source = sim[where[task_id]]
        old_row = source.index(task_id)
        source.pop(old_row)
        final = current.index(anchor) if anchor is not None else len(current)
        current.insert(final, task_id)
        if where[task_id] != lane_id or old_row != final:
            steps.append((task_id, final))
        where[task_id] = lane_id
    # Steps can cancel out (tasks "moved" to where they already are): push nothing then.
    if not steps or all(
        sim[lane.id] == [t.id for t in lane.tasks] for lane in plan.strategies if lane.id in sim
    ):
        return False
    title = quoted(doc.strategy_title(lane_id))
    return push_steps(
        doc,
        f"Move {plural(len(steps), 'Task')} to {title}",
        [MoveTaskCommand(doc, task_id, lane_id, final) for task_id, final in steps],
    )


def delete_tasks(doc: PlanDocument, task_ids: Iterable[str]) -> bool:
    """Delete tasks; several at once are one undo step."""
    ids = [task.id for task in _tasks(doc, task_ids)]
    if not ids:
        return False
    return push_steps(
        doc, f"Delete {plural(len(ids), 'Task')}", [RemoveTaskCommand(doc, t) for t in ids]
    )


def set_status(doc: PlanDocument, task_ids: Iterable[str], status: TaskStatus) -> bool:
    """Give tasks a status; several at once are one undo step."""
    tasks = [t for t in _tasks(doc, task_ids) if t.status is not status]
    return push_steps(
        doc,
        f"Mark {plural(len(tasks), 'Task')} {status.label}",
        [
            EditTaskCommand(doc, t.id, {"status": status}, f"Mark {quoted(t.title)} {status.label}")
            for t in tasks
        ],
    )


def toggle_status(doc: PlanDocument, task_ids: Iterable[str]) -> bool:
    """Advance to do → doing → done → to do; several tasks follow the first one."""
    tasks = _tasks(doc, task_ids)
    if not tasks:
        return False
    return set_status(doc, [t.id for t in tasks], tasks[0].status.next())


def edit_task(
    doc: PlanDocument, task_id: str, changes: dict[str, Any], text: str | None = None
) -> bool:
    """Change fields of one task as one undo step; unchanged fields are dropped.

    A title is folded onto one line; a blank one is ignored (a task keeps a title).
    """
    found = _tasks(doc, [task_id])
    if not found:
        return False
    task = found[0]
    if "title" in changes:
        title = " ".join(str(changes["title"]).split())
        changes = {**changes, "title": title} if title else dict(changes)
        if not title:
            del changes["title"]
    changes = {k: v for k, v in changes.items() if getattr(task, k) != v}
    if not changes:
        return False
    return doc.push(EditTaskCommand(doc, task_id, changes, text or _edit_text(task, changes)))


def link_nodes(doc: PlanDocument, task_id: str, node_ids: Iterable[str]) -> bool:
    """Link a task to more nodes."""
    found = _tasks(doc, [task_id])
    if not found:
        return False
    task = found[0]
    added = [n for n in dict.fromkeys(node_ids) if n not in task.links]
    if not added:
        return False
    names = ", ".join(doc.tree[n].path_title if n in doc.tree else n for n in added)
    return edit_task(
        doc, task_id, {"links": [*task.links, *added]}, f"Link {quoted(names)} to Task"
    )


def unlink_nodes(doc: PlanDocument, task_id: str, node_ids: Iterable[str]) -> bool:
    """Remove links from a task."""
    found = _tasks(doc, [task_id])
    if not found:
        return False
    task = found[0]
    gone = set(node_ids)
    links = [n for n in task.links if n not in gone]
    if len(links) == len(task.links):
        return False
    return edit_task(doc, task_id, {"links": links}, f"Unlink from {quoted(task.title)}")


def _tasks(doc: PlanDocument, task_ids: Iterable[str]) -> list[Task]:
    """The tasks with these ids that the plan has, each once, in the order given."""
    tasks = []
    for task_id in dict.fromkeys(task_ids):
        found = doc.plan.find_task(task_id)
        if found is not None:
            tasks.append(found[0].tasks[found[1]])
    return tasks


def _edit_text(task: Task, changes: dict[str, Any]) -> str:
    name = quoted(task.title)
    if len(changes) > 1:
        return f"Edit Task {name}"
    field, value = next(iter(changes.items()))
    if field == "title":
        return f"Rename Task to {quoted(str(value))}"
    if field == "status":
        return f"Mark {name} {TaskStatus(value).label}"
    if field == "private":
        return f"Mark {name} {'Private' if value else 'Not Private'}"
    if field == "due":
        return f"Set Due Date of {name}" if value is not None else f"Clear Due Date of {name}"
    if field == "links":
        return f"Change Links of {name}"
    return f"Edit Notes of {name}"
