"""Undo commands: each calls one operation of the open plan, and reverses it.

They are pushed by the operations in `ui.edits`, never built by widgets themselves.

Several commands that form one step are grouped with QUndoStack.beginMacro / endMacro:
child commands created in Python with a `parent=` command lose their Python side in PySide.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from insider_planner.domain.marks import Flag
from insider_planner.domain.plan import CustomNode, Task
from insider_planner.domain.text import one_line
from insider_planner.ui.document import PlanDocument, RemovedSubtree


def quoted(text: str, limit: int = 40) -> str:
    """A title for an undo label: one line, shortened, in quotes."""
    return f"'{one_line(text, limit)}'"


class SetFlagsCommand(QUndoCommand):
    """Tick or untick held / needed on one or more leaves (a parent tick is one step)."""

    def __init__(
        self,
        doc: PlanDocument,
        node_ids: list[str],
        flag: Flag,
        value: bool,
        text: str,
    ) -> None:
        super().__init__(text)
        self.doc, self.node_ids, self.flag, self.value = doc, node_ids, flag, value
        self.previous: dict[str, bool] = {}

    def redo(self) -> None:
        self.previous = self.doc.set_flags(self.node_ids, self.flag, self.value)

    def undo(self) -> None:
        self.doc.restore_flags(self.flag, self.previous)


class SetNodeFieldCommand(QUndoCommand):
    """Change a node's note or private mark."""

    def __init__(self, doc: PlanDocument, node_id: str, field: str, value: Any, text: str) -> None:
        super().__init__(text)
        self.doc, self.node_id, self.field, self.value = doc, node_id, field, value
        self.old: Any = None

    def redo(self) -> None:
        self.old = self.doc.set_node_field(self.node_id, self.field, self.value)

    def undo(self) -> None:
        self.doc.set_node_field(self.node_id, self.field, self.old)


class SetPlanFieldCommand(QUndoCommand):
    """Change the plan's title, target or project."""

    def __init__(self, doc: PlanDocument, field: str, value: str) -> None:
        super().__init__(f"Edit {field.capitalize()}")
        self.doc, self.field, self.value = doc, field, value
        self.old = ""

    def redo(self) -> None:
        self.old = self.doc.set_plan_field(self.field, self.value)

    def undo(self) -> None:
        self.doc.set_plan_field(self.field, self.old)


class AddCustomNodeCommand(QUndoCommand):
    def __init__(self, doc: PlanDocument, node: CustomNode) -> None:
        super().__init__(f"Add {quoted(node.title)}")
        self.doc, self.node = doc, node

    def redo(self) -> None:
        self.doc.add_custom_node(self.node)

    def undo(self) -> None:
        self.doc.remove_custom_node(self.node.id)


class RemoveCustomNodeCommand(QUndoCommand):
    def __init__(self, doc: PlanDocument, node_id: str) -> None:
        super().__init__(f"Remove {quoted(doc.node(node_id).title)}")
        self.doc, self.node_id = doc, node_id
        self.removed: RemovedSubtree | None = None

    def redo(self) -> None:
        self.removed = self.doc.remove_custom_node(self.node_id)

    def undo(self) -> None:
        assert self.removed is not None
        self.doc.restore_custom_node(self.removed)


class RenameCustomNodeCommand(QUndoCommand):
    def __init__(self, doc: PlanDocument, node_id: str, title: str) -> None:
        super().__init__(f"Rename to {quoted(title)}")
        self.doc, self.node_id, self.title = doc, node_id, title
        self.old = ""

    def redo(self) -> None:
        self.old = self.doc.rename_custom_node(self.node_id, self.title)

    def undo(self) -> None:
        self.doc.rename_custom_node(self.node_id, self.old)


class MoveStrategyCommand(QUndoCommand):
    def __init__(self, doc: PlanDocument, from_row: int, to_row: int) -> None:
        title = doc.strategy_title(doc.plan.strategies[from_row].id)
        super().__init__(f"Move {quoted(title)}")
        self.doc, self.from_row, self.to_row = doc, from_row, to_row

    def redo(self) -> None:
        self.doc.move_strategy(self.from_row, self.to_row)

    def undo(self) -> None:
        self.doc.move_strategy(self.to_row, self.from_row)


class InsertTaskCommand(QUndoCommand):
    def __init__(
        self,
        doc: PlanDocument,
        lane_id: str,
        row: int,
        task: Task,
    ) -> None:
        super().__init__(f"Add Task {quoted(task.title)}")
        self.doc, self.lane_id, self.row, self.task = doc, lane_id, row, task

    def redo(self) -> None:
        self.doc.insert_task(self.lane_id, self.row, self.task)

    def undo(self) -> None:
        self.doc.remove_task(self.task.id)


class RemoveTaskCommand(QUndoCommand):
    def __init__(self, doc: PlanDocument, task_id: str) -> None:
        super().__init__(f"Delete Task {quoted(doc.task(task_id).title)}")
        self.doc, self.task_id = doc, task_id
        self.lane_id, self.row = "", 0
        self.task: Task | None = None

    def redo(self) -> None:
        self.lane_id, self.row, self.task = self.doc.remove_task(self.task_id)

    def undo(self) -> None:
        assert self.task is not None
        self.doc.insert_task(self.lane_id, self.row, self.task)


class MoveTaskCommand(QUndoCommand):
    """Move a task within its strategy or to another; `row` is its final position."""

    def __init__(
        self,
        doc: PlanDocument,
        task_id: str,
        lane_id: str,
        row: int,
    ) -> None:
        super().__init__(f"Move Task {quoted(doc.task(task_id).title)}")
        self.doc, self.task_id, self.lane_id, self.row = doc, task_id, lane_id, row
        self.old_lane, self.old_row = "", 0

    def redo(self) -> None:
        self.old_lane, self.old_row = self.doc.move_task(self.task_id, self.lane_id, self.row)

    def undo(self) -> None:
        self.doc.move_task(self.task_id, self.old_lane, self.old_row)


class EditTaskCommand(QUndoCommand):
    """Change fields of a task (title, notes, status, due, links, private)."""

    def __init__(
        self,
        doc: PlanDocument,
        task_id: str,
        changes: dict[str, Any],
        text: str,
    ) -> None:
        super().__init__(text)
        self.doc, self.task_id, self.changes = doc, task_id, changes
        self.old: dict[str, Any] = {}

    def redo(self) -> None:
        self.old = self.doc.update_task(self.task_id, self.changes)

    def undo(self) -> None:
        self.doc.update_task(self.task_id, self.old)
