"""The action board as an item model: strategies at the top level, their tasks below.

The model reads the plan directly and follows the document's before/after signals with
row-level Qt signals (moves, inserts, removals, dataChanged); it never resets on an edit.
Every change a user makes goes through one of the public operations here (`move_tasks`,
`move_strategy_to`, `add_task`, …), which push undo commands; keyboard actions and
drag-and-drop call the same operations.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QDate,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QUndoCommand,
)

from insider_planner.domain.plan import StrategyLane, Task, TaskStatus
from insider_planner.ui.commands import (
    EditTaskCommand,
    InsertTaskCommand,
    MoveStrategyCommand,
    MoveTaskCommand,
    RemoveTaskCommand,
    add_task_for_node,
    quoted,
    task_title_for,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.mime import BOARD_MIME, NODE_MIME

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The board's columns; strategy rows span them all in the view."""

    TITLE = 0
    STATUS = 1
    DUE = 2
    LINKS = 3


COLUMN_TITLES = ("Title", "Status", "Due", "Linked attributes")
COLUMN_COUNT = len(COLUMN_TITLES)
LAST_COLUMN = COLUMN_COUNT - 1

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # str, on task rows
LANE_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # str, on strategy and task rows
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 3  # str, the strategy's description
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 4  # (done, total), on strategy rows
STATUS_ROLE = Qt.ItemDataRole.UserRole + 5  # TaskStatus, on task rows
PRIVATE_ROLE = Qt.ItemDataRole.UserRole + 6  # bool, on task rows

CHECK_STATE = {
    TaskStatus.TODO: Qt.CheckState.Unchecked,
    TaskStatus.DOING: Qt.CheckState.PartiallyChecked,
    TaskStatus.DONE: Qt.CheckState.Checked,
}
STATUS_OF_CHECK = {int(state.value): status for status, state in CHECK_STATE.items()}
STATUS_COLORS = {
    TaskStatus.TODO: QColor("#9aa0a6"),
    TaskStatus.DOING: QColor("#e8a317"),
    TaskStatus.DONE: QColor("#2e9d57"),
}

# Computed once: flags() runs for every row a view lays out, and enum `|` is slow in Python.
_READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_STRATEGY_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
# Tasks never have children: telling views so spares them a rowCount call per task.
_READ_ONLY_TASK_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_TASK_FLAGS = _READ_ONLY_TASK_FLAGS | Qt.ItemFlag.ItemIsDragEnabled
_TASK_TITLE_FLAGS = (
    _TASK_FLAGS
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsUserCheckable
    | Qt.ItemFlag.ItemIsUserTristate
)


def _dot_icon(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


def _lock_icon(color: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(4, 1, 6, 8, 0, 180 * 16)
    painter.drawLine(4, 5, 4, 7)
    painter.drawLine(10, 5, 10, 7)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(2, 6, 10, 7, 1.5, 1.5)
    painter.end()
    return QIcon(pixmap)


class _Icons:
    """Small icons drawn once, after the application exists."""

    def __init__(self) -> None:
        self.status = {status: _dot_icon(color) for status, color in STATUS_COLORS.items()}
        self.private = _lock_icon(QColor("#6b6f75"))


#: Day, abbreviated month name, year: unambiguous in every locale.
DUE_FORMAT = "d MMM yyyy"


def format_due(due: date) -> str:
    """A due date with the month's name in the user's language."""
    return QLocale().toString(QDate(due.year, due.month, due.day), DUE_FORMAT)


class BoardModel(QAbstractItemModel):
    """Strategies (top level, in plan order) with their tasks as children."""

    #: Overall or per-strategy done/total counts changed.
    progress_changed = Signal()
    #: Tasks were created by one of this model's operations (task ids, in order).
    tasks_created = Signal(list)

    def __init__(self, doc: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._icons: _Icons | None = None
        self._pending_moves: list[bool] = []
        self._removing: list[str] = []
        self._moving_task: list[str] = []
        # Task indexes carry a stable per-lane key (never the lane's row, which moves), so
        # persistent indexes of tasks stay valid when their strategy is reordered.
        self._key_of: dict[str, int] = {}
        self._lane_of_key: dict[int, StrategyLane] = {}
        self._row_of: dict[str, int] = {}
        self._lanes_by_row: list[StrategyLane] = []
        self._done: dict[str, set[str]] = {}
        for lane in doc.plan.strategies:
            key = len(self._key_of) + 1
            self._key_of[lane.id] = key
            self._lane_of_key[key] = lane
            self._done[lane.id] = {t.id for t in lane.tasks if t.status is TaskStatus.DONE}
        self._index_lane_rows()

        doc.strategy_about_to_move.connect(self._on_strategy_about_to_move)
        doc.strategy_moved.connect(self._on_strategy_moved)
        doc.task_about_to_be_inserted.connect(self._on_task_about_to_be_inserted)
        doc.task_inserted.connect(self._on_task_inserted)
        doc.task_about_to_be_removed.connect(self._on_task_about_to_be_removed)
        doc.task_removed.connect(self._on_task_removed)
        doc.task_about_to_move.connect(self._on_task_about_to_move)
        doc.task_moved.connect(self._on_task_moved)
        doc.task_changed.connect(self._on_task_changed)
        doc.node_renamed.connect(self._on_nodes_changed)
        doc.node_inserted.connect(self._on_nodes_changed)
        doc.node_removed.connect(self._on_nodes_changed)

    @property
    def doc(self) -> PlanDocument:
        return self._doc

    def _index_lane_rows(self) -> None:
        self._lanes_by_row = list(self._doc.plan.strategies)
        self._row_of = {lane.id: row for row, lane in enumerate(self._lanes_by_row)}

    # --- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        # Views call this for every row they lay out: kept to a few cheap lookups.
        lanes = self._lanes_by_row
        if not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if 0 <= row < len(lanes) else QModelIndex()
        lane_row = parent.row()
        if parent.internalId() or parent.column() or lane_row >= len(lanes):
            return QModelIndex()
        lane = lanes[lane_row]
        if 0 <= row < len(lane.tasks):
            return self.createIndex(row, column, self._key_of[lane.id])
        return QModelIndex()

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...
    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        lane = self._lane_of_key[child.internalId()]
        return self.createIndex(self._row_of[lane.id], 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        strategies = self._doc.plan.strategies
        if not parent.isValid():
            return len(strategies)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(strategies[parent.row()].tasks)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section <= LAST_COLUMN
        ):
            return COLUMN_TITLES[section]
        return None

    # --- lookups ---------------------------------------------------------------------------

    def is_strategy(self, index: AnyIndex) -> bool:
        return index.isValid() and index.internalId() == 0

    def is_task(self, index: AnyIndex) -> bool:
        return index.isValid() and index.internalId() != 0

    def lane_at(self, row: int) -> StrategyLane:
        """The strategy lane shown at a top-level row."""
        return self._doc.plan.strategies[row]

    def lane_of(self, index: AnyIndex) -> StrategyLane:
        """The lane of a strategy row, or the lane a task row belongs to."""
        if index.internalId() == 0:
            return self._doc.plan.strategies[index.row()]
        return self._lane_of_key[index.internalId()]

    def task_of(self, index: AnyIndex) -> Task:
        """The task shown by a task row."""
        return self._lane_of_key[index.internalId()].tasks[index.row()]

    def task_in(self, lane_row: int, row: int) -> Task:
        """The task at `row` of the lane at top-level `lane_row` (used by the filter)."""
        return self._doc.plan.strategies[lane_row].tasks[row]

    def lane_index(self, lane_id: str, column: int = 0) -> QModelIndex:
        return self.createIndex(self._row_of[lane_id], column, 0)

    def task_index(self, task_id: str, column: int = 0) -> QModelIndex:
        """The index of a task, or an invalid index if the plan has no such task."""
        found = self._doc.plan.find_task(task_id)
        if found is None:
            return QModelIndex()
        lane, row = found
        return self.createIndex(row, column, self._key_of[lane.id])

    def lane_progress(self, lane_id: str) -> tuple[int, int]:
        """(done, total) for one strategy."""
        lane = self._lane_of_key[self._key_of[lane_id]]
        return len(self._done[lane_id]), len(lane.tasks)

    def progress(self) -> tuple[int, int]:
        """(done, total) over the whole board."""
        done = sum(len(ids) for ids in self._done.values())
        total = sum(len(lane.tasks) for lane in self._doc.plan.strategies)
        return done, total

    def strategy_label(self, lane_id: str) -> str:
        """'N. Title', N being the strategy's current priority."""
        return f"{self._row_of[lane_id] + 1}. {self._doc.strategy_title(lane_id)}"

    def missing_starter_tasks(self, lane_id: str) -> list[str]:
        """The catalog's starter tasks for a strategy that its lane does not have yet."""
        info = self._doc.catalog.strategy(lane_id)
        lane = self._doc.plan.lane(lane_id)
        if info is None or lane is None:
            return []
        have = {task.title.casefold() for task in lane.tasks}
        return [title for title in info.starter_tasks if title.casefold() not in have]

    def link_titles(self, task: Task) -> list[str]:
        """The names of the nodes a task is linked to (the id when a node has gone)."""
        tree = self._doc.tree
        return [node.path_title if (node := tree.get(link)) else link for link in task.links]

    # --- data ------------------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        read_only = self._doc.read_only
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags if read_only else Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == 0:
            return _READ_ONLY_FLAGS if read_only else _STRATEGY_FLAGS
        if read_only:
            return _READ_ONLY_TASK_FLAGS
        return _TASK_FLAGS if index.column() else _TASK_TITLE_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._strategy_data(self._doc.plan.strategies[index.row()], index, role)
        lane = self._lane_of_key[index.internalId()]
        return self._task_data(lane, lane.tasks[index.row()], index.column(), role)

    def _strategy_data(self, lane: StrategyLane, index: AnyIndex, role: int) -> Any:
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == Column.TITLE:
                label = f"{index.row() + 1}. {self._doc.strategy_title(lane.id)}"
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    done, total = self.lane_progress(lane.id)
                    return f"Step {label}, {done} of {total} tasks done"
                return label
            if column == Column.STATUS:
                done, total = self.lane_progress(lane.id)
                return f"{done}/{total} done"
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE:
            return html.escape(self._description(lane.id))
        if role == DESCRIPTION_ROLE:
            return self._description(lane.id)
        if role == PROGRESS_ROLE:
            return self.lane_progress(lane.id)
        if role == LANE_ID_ROLE:
            return lane.id
        if role == Qt.ItemDataRole.FontRole and column == Column.TITLE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _description(self, lane_id: str) -> str:
        info = self._doc.catalog.strategy(lane_id)
        return info.description if info else ""

    def _task_data(self, lane: StrategyLane, task: Task, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == Column.TITLE:
                return task.title
            if column == Column.STATUS:
                return task.status.label
            if column == Column.DUE:
                if task.due is None:
                    return "" if role == Qt.ItemDataRole.DisplayRole else None
                if role == Qt.ItemDataRole.EditRole:
                    return QDate(task.due.year, task.due.month, task.due.day)
                return format_due(task.due)
            return ", ".join(self.link_titles(task))
        if role == Qt.ItemDataRole.CheckStateRole:
            return CHECK_STATE[task.status] if column == Column.TITLE else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.STATUS:
                return self._get_icons().status[task.status]
            if column == Column.TITLE and task.private:
                return self._get_icons().private
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if task.status is TaskStatus.DONE and column in (Column.TITLE, Column.DUE):
                return QGuiApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
            if column == Column.DUE and task.due is not None and task.due < date.today():
                return QColor("#c62828")
            return None
        if role == Qt.ItemDataRole.FontRole and column == Column.TITLE:
            if task.status is TaskStatus.DONE:
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._task_tooltip(task)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.TITLE:
            private = ", private" if task.private else ""
            return f"{task.title}, {task.status.label}{private}"
        if role == TASK_ID_ROLE:
            return task.id
        if role == LANE_ID_ROLE:
            return lane.id
        if role == STATUS_ROLE:
            return task.status
        if role == PRIVATE_ROLE:
            return task.private
        return None

    def _task_tooltip(self, task: Task) -> str:
        # Tool tips guess rich text, so user text is escaped and the tip is built as HTML.
        parts = [f"<b>{html.escape(task.title)}</b> — {task.status.label}"]
        if task.due is not None:
            parts.append(f"Due {html.escape(format_due(task.due))}")
        if task.links:
            parts.append("Linked to: " + html.escape(", ".join(self.link_titles(task))))
        if task.private:
            parts.append("<i>Private: left out of redacted exports</i>")
        if task.notes:
            notes = task.notes if len(task.notes) <= 300 else task.notes[:299] + "…"
            parts.append(html.escape(notes).replace("\n", "<br>"))
        return "<p>" + "<br>".join(parts) + "</p>"

    def _get_icons(self) -> _Icons:
        if self._icons is None:
            self._icons = _Icons()
        return self._icons

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self.is_task(index) or index.column() != Column.TITLE:
            return False
        task = self.task_of(index)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_task(task.id, {"title": str(value)})
        if role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            status = STATUS_OF_CHECK.get(state)
            return status is not None and self.set_status([task.id], status)
        return False

    # --- following the document ------------------------------------------------------------

    def _emit_lane_changed(self, *lane_ids: str) -> None:
        for lane_id in dict.fromkeys(lane_ids):
            row = self._row_of[lane_id]
            self.dataChanged.emit(
                self.createIndex(row, 0, 0), self.createIndex(row, LAST_COLUMN, 0)
            )

    def _on_strategy_about_to_move(self, from_row: int, to_row: int) -> None:
        dest = to_row + 1 if to_row > from_row else to_row
        moving = from_row != to_row and self.beginMoveRows(
            QModelIndex(), from_row, from_row, QModelIndex(), dest
        )
        self._pending_moves.append(moving)

    def _on_strategy_moved(self, from_row: int, to_row: int) -> None:
        self._index_lane_rows()
        if self._pending_moves.pop():
            self.endMoveRows()
        # Every strategy between the two rows changed its priority number.
        low, high = sorted((from_row, to_row))
        self.dataChanged.emit(self.createIndex(low, 0, 0), self.createIndex(high, LAST_COLUMN, 0))

    def _on_task_about_to_be_inserted(self, lane_id: str, row: int) -> None:
        self.beginInsertRows(self.lane_index(lane_id), row, row)

    def _on_task_inserted(self, lane_id: str, row: int) -> None:
        self.endInsertRows()
        task = self._lane_of_key[self._key_of[lane_id]].tasks[row]
        if task.status is TaskStatus.DONE:
            self._done[lane_id].add(task.id)
        self._emit_lane_changed(lane_id)
        self.progress_changed.emit()

    def _on_task_about_to_be_removed(self, lane_id: str, row: int) -> None:
        self._removing.append(self._lane_of_key[self._key_of[lane_id]].tasks[row].id)
        self.beginRemoveRows(self.lane_index(lane_id), row, row)

    def _on_task_removed(self, lane_id: str, row: int) -> None:
        self.endRemoveRows()
        self._done[lane_id].discard(self._removing.pop())
        self._emit_lane_changed(lane_id)
        self.progress_changed.emit()

    def _on_task_about_to_move(
        self, from_lane: str, from_row: int, to_lane: str, to_row: int
    ) -> None:
        self._moving_task.append(self._lane_of_key[self._key_of[from_lane]].tasks[from_row].id)
        source = self.lane_index(from_lane)
        if from_lane == to_lane:
            dest = to_row + 1 if to_row > from_row else to_row
            moving = from_row != to_row and self.beginMoveRows(
                source, from_row, from_row, source, dest
            )
        else:
            moving = self.beginMoveRows(
                source, from_row, from_row, self.lane_index(to_lane), to_row
            )
        self._pending_moves.append(moving)

    def _on_task_moved(self, from_lane: str, from_row: int, to_lane: str, to_row: int) -> None:
        if self._pending_moves.pop():
            self.endMoveRows()
        task_id = self._moving_task.pop()
        if from_lane != to_lane:
            if task_id in self._done[from_lane]:
                self._done[from_lane].discard(task_id)
                self._done[to_lane].add(task_id)
            self._emit_lane_changed(from_lane, to_lane)
            self.progress_changed.emit()

    def _on_task_changed(self, task_id: str, fields: list[str]) -> None:
        found = self._doc.plan.find_task(task_id)
        if found is None:
            return
        lane, row = found
        key = self._key_of[lane.id]
        self.dataChanged.emit(
            self.createIndex(row, 0, key), self.createIndex(row, LAST_COLUMN, key)
        )
        if "status" in fields:
            if lane.tasks[row].status is TaskStatus.DONE:
                self._done[lane.id].add(task_id)
            else:
                self._done[lane.id].discard(task_id)
            self._emit_lane_changed(lane.id)
            self.progress_changed.emit()

    def _on_nodes_changed(self, *_: object) -> None:
        # A node's title or place changed: only the Linked column can show it.
        for lane in self._doc.plan.strategies:
            if lane.tasks:
                key = self._key_of[lane.id]
                last = len(lane.tasks) - 1
                self.dataChanged.emit(
                    self.createIndex(0, Column.LINKS, key),
                    self.createIndex(last, Column.LINKS, key),
                )

    # --- operations (each pushes one undo step) --------------------------------------------

    def move_strategy(self, row: int, delta: int) -> bool:
        """Move the strategy at `row` up (negative) or down (positive) by `delta`."""
        return self.move_strategy_to(row, row + delta)

    def move_strategy_to(self, from_row: int, to_row: int) -> bool:
        """Move a strategy so that it ends up at `to_row`."""
        count = len(self._doc.plan.strategies)
        if from_row == to_row or not (0 <= from_row < count and 0 <= to_row < count):
            return False
        return self._doc.push(MoveStrategyCommand(self._doc, from_row, to_row))

    def move_tasks(self, task_ids: Iterable[str], lane_id: str, row: int | None = None) -> bool:
        """Move tasks, in board order, to lane `lane_id` before the task now at `row`.

        `row` counts the lane as it is before the move (the way a drop names a place);
        None or an out-of-range row means the end. One undo step however many tasks move.
        """
        plan = self._doc.plan
        target = plan.lane(lane_id)
        if target is None:
            return False
        wanted = set(task_ids)
        where: dict[str, str] = {}
        ordered: list[str] = []
        sim: dict[str, list[str]] = {}
        for lane in plan.strategies:
            hits = [t.id for t in lane.tasks if t.id in wanted] if wanted else []
            if hits or lane.id == lane_id:
                sim[lane.id] = [t.id for t in lane.tasks]
            for task_id in hits:
                where[task_id] = lane.id
            ordered.extend(hits)
        if not ordered:
            return False
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
        title = quoted(self._doc.strategy_title(lane_id))
        return self._push_steps(
            f"Move {len(steps)} Tasks to {title}",
            [MoveTaskCommand(self._doc, task_id, lane_id, final) for task_id, final in steps],
        )

    def add_task(
        self,
        lane_id: str,
        row: int | None = None,
        title: str = "New task",
        links: Sequence[str] = (),
    ) -> Task | None:
        """Add a task to a lane (at the end unless `row` is given); None when read-only."""
        lane = self._doc.plan.lane(lane_id)
        if lane is None:
            return None
        at = len(lane.tasks) if row is None or not 0 <= row <= len(lane.tasks) else row
        task = Task(title=title.strip() or "New task", links=list(links))
        if not self._doc.push(InsertTaskCommand(self._doc, lane_id, at, task)):
            return None
        self.tasks_created.emit([task.id])
        return task

    def add_tasks_for_nodes(
        self, node_ids: Iterable[str], lane_id: str | None = None, row: int | None = None
    ) -> list[Task]:
        """One task linked to each node; in `lane_id` at `row`, else each node's strategy."""
        tree = self._doc.tree
        nodes = [nid for nid in dict.fromkeys(node_ids) if nid in tree]
        if not nodes or (lane_id is not None and self._doc.plan.lane(lane_id) is None):
            return []
        if len(nodes) == 1:
            task = add_task_for_node(self._doc, nodes[0], lane_id, row)
            created = [task] if task is not None else []
        else:
            commands: list[QUndoCommand] = []
            created = []
            offsets: dict[str, int] = {}
            for node_id in nodes:
                suggested = lane_id or tree[node_id].suggested_strategy() or ""
                lane = self._doc.plan.lane(suggested) or self._doc.plan.strategies[0]
                base = row if lane_id is not None and row is not None else len(lane.tasks)
                at = min(base, len(lane.tasks)) + offsets.get(lane.id, 0)
                offsets[lane.id] = offsets.get(lane.id, 0) + 1
                task = Task(title=task_title_for(self._doc, node_id), links=[node_id])
                commands.append(InsertTaskCommand(self._doc, lane.id, at, task))
                created.append(task)
            if not self._push_steps(f"Add {len(nodes)} Tasks", commands):
                created = []
        if created:
            self.tasks_created.emit([t.id for t in created])
        return created

    def add_starter_tasks(self, lane_id: str) -> list[Task]:
        """Add the catalog's starter tasks the lane lacks, as one undo step."""
        lane = self._doc.plan.lane(lane_id)
        titles = self.missing_starter_tasks(lane_id)
        if lane is None or not titles:
            return []
        tasks = [Task(title=title) for title in titles]
        end = len(lane.tasks)
        commands: list[QUndoCommand] = [
            InsertTaskCommand(self._doc, lane_id, end + offset, task)
            for offset, task in enumerate(tasks)
        ]
        text = f"Add Starter Tasks to {quoted(self._doc.strategy_title(lane_id))}"
        if not self._push_steps(text, commands, always_macro=True):
            return []
        self.tasks_created.emit([t.id for t in tasks])
        return tasks

    def delete_tasks(self, task_ids: Iterable[str]) -> bool:
        """Delete tasks; several at once are one undo step."""
        ids = [tid for tid in dict.fromkeys(task_ids) if self._doc.plan.find_task(tid)]
        if not ids:
            return False
        return self._push_steps(
            f"Delete {len(ids)} Tasks", [RemoveTaskCommand(self._doc, tid) for tid in ids]
        )

    def set_status(self, task_ids: Iterable[str], status: TaskStatus) -> bool:
        """Give tasks a status; several at once are one undo step."""
        tasks = [t for t in self._tasks(task_ids) if t.status is not status]
        if not tasks:
            return False
        return self._push_steps(
            f"Mark {len(tasks)} Tasks {status.label}",
            [
                EditTaskCommand(
                    self._doc, t.id, {"status": status}, f"Mark {quoted(t.title)} {status.label}"
                )
                for t in tasks
            ],
        )

    def toggle_status(self, task_ids: Iterable[str]) -> bool:
        """Advance to do → doing → done → to do; several tasks follow the first one."""
        tasks = self._tasks(task_ids)
        if not tasks:
            return False
        return self.set_status([t.id for t in tasks], tasks[0].status.next())

    def edit_task(self, task_id: str, changes: dict[str, Any], text: str | None = None) -> bool:
        """Change fields of one task as one undo step; unchanged fields are dropped."""
        found = self._doc.plan.find_task(task_id)
        if found is None:
            return False
        lane, row = found
        task = lane.tasks[row]
        if "title" in changes:
            title = " ".join(str(changes["title"]).split())
            if not title:
                changes = {k: v for k, v in changes.items() if k != "title"}
            else:
                changes = {**changes, "title": title}
        changes = {k: v for k, v in changes.items() if getattr(task, k) != v}
        if not changes:
            return False
        return self._doc.push(
            EditTaskCommand(self._doc, task_id, changes, text or _edit_text(task, changes))
        )

    def link_nodes(self, task_id: str, node_ids: Iterable[str]) -> bool:
        """Link a task to more nodes."""
        task = self._doc.task(task_id)
        added = [n for n in dict.fromkeys(node_ids) if n not in task.links]
        if not added:
            return False
        names = ", ".join(self._doc.tree[n].path_title if n in self._doc.tree else n for n in added)
        return self.edit_task(
            task_id, {"links": [*task.links, *added]}, f"Link {quoted(names)} to Task"
        )

    def unlink_nodes(self, task_id: str, node_ids: Iterable[str]) -> bool:
        """Remove links from a task."""
        task = self._doc.task(task_id)
        gone = set(node_ids)
        links = [n for n in task.links if n not in gone]
        if len(links) == len(task.links):
            return False
        return self.edit_task(task_id, {"links": links}, f"Unlink from {quoted(task.title)}")

    def _push_steps(
        self, text: str, commands: Sequence[QUndoCommand], always_macro: bool = False
    ) -> bool:
        """Push commands as one undo step (a macro when there are several).

        The stack's beginMacro/endMacro is used rather than parent commands: PySide does
        not keep the Python side of a child command alive, so a parent's redo would crash.
        """
        if not commands or self._doc.read_only:
            return False
        if len(commands) == 1 and not always_macro:
            return self._doc.push(commands[0])
        stack = self._doc.undo_stack
        stack.beginMacro(text)
        try:
            for command in commands:
                self._doc.push(command)
        finally:
            stack.endMacro()
        return True

    def _tasks(self, task_ids: Iterable[str]) -> list[Task]:
        tasks = []
        for task_id in dict.fromkeys(task_ids):
            found = self._doc.plan.find_task(task_id)
            if found is not None:
                tasks.append(found[0].tasks[found[1]])
        return tasks

    # --- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [BOARD_MIME, NODE_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        # Board items move; attribute-tree and gap entries arrive as copies or links.
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Tasks (in board order) when any are dragged, else the first strategy."""
        data = QMimeData()
        rows = {
            (self._row_of[self.lane_of(i).id], i.row() if self.is_task(i) else -1): i
            for i in indexes
            if i.isValid()
        }
        tasks = [self.task_of(i).id for key, i in sorted(rows.items()) if key[1] >= 0]
        if tasks:
            payload: dict[str, Any] = {"tasks": tasks}
        elif rows:
            payload = {"strategy": self.lane_of(rows[min(rows)]).id}
        else:
            return data
        data.setData(BOARD_MIME, QByteArray(json.dumps(payload).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if self._doc.read_only:
            return False
        if data.hasFormat(BOARD_MIME):
            return action == Qt.DropAction.MoveAction and _decode_board(data) is not None
        if data.hasFormat(NODE_MIME):
            return any(nid in self._doc.tree for nid in _decode_nodes(data))
        return False

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if data.hasFormat(BOARD_MIME):
            payload = _decode_board(data)
            assert payload is not None
            if "strategy" in payload:
                return self._drop_strategy(payload["strategy"], row, parent)
            lane_id, at = self._drop_place(row, parent)
            return self.move_tasks(payload["tasks"], lane_id, at)
        nodes = _decode_nodes(data)
        if not parent.isValid() and row < 0:
            return bool(self.add_tasks_for_nodes(nodes))  # each to its suggested strategy
        lane_id, at = self._drop_place(row, parent)
        return bool(self.add_tasks_for_nodes(nodes, lane_id, at))

    def _drop_place(self, row: int, parent: AnyIndex) -> tuple[str, int | None]:
        """The lane and insertion row (None: the end) that a drop at (row, parent) names."""
        strategies = self._doc.plan.strategies
        if parent.isValid():
            if parent.internalId() == 0:  # into a strategy, or onto its header
                return strategies[parent.row()].id, (row if row >= 0 else None)
            return self.lane_of(parent).id, parent.row()  # onto a task: before it
        if row <= 0:  # above the first strategy
            return strategies[0].id, 0
        # Between two strategies: the end of the one above the gap.
        return strategies[min(row, len(strategies)) - 1].id, None

    def _drop_strategy(self, lane_id: str, row: int, parent: AnyIndex) -> bool:
        from_row = self._row_of.get(lane_id)
        if from_row is None:
            return False
        last = len(self._doc.plan.strategies) - 1
        if parent.isValid():
            to_row = self._row_of[self.lane_of(parent).id]  # onto a strategy: take its place
        elif row < 0:
            to_row = last
        else:
            to_row = min(row if row <= from_row else row - 1, last)
        return self.move_strategy_to(from_row, to_row)


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


def _decode_board(data: QMimeData) -> dict[str, Any] | None:
    """The board payload, or None when it is malformed."""
    try:
        payload = json.loads(bytes(data.data(BOARD_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("strategy"), str):
        return {"strategy": payload["strategy"]}
    tasks = payload.get("tasks")
    if isinstance(tasks, list) and tasks and all(isinstance(t, str) for t in tasks):
        return {"tasks": tasks}
    return None


def _decode_nodes(data: QMimeData) -> list[str]:
    """The node ids of a NODE_MIME payload; empty when it is malformed."""
    try:
        ids = json.loads(bytes(data.data(NODE_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, str)]


class BoardFilterModel(QSortFilterProxyModel):
    """Hides done tasks and/or tasks not linked to one node (or anything below it).

    Strategies are always shown. Filtering only; the board is never sorted here.
    """

    def __init__(self, board: BoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._hide_done = False
        self._node_ids: frozenset[str] | None = None
        self.setSourceModel(board)

    @property
    def board(self) -> BoardModel:
        return self._board

    @property
    def hide_done(self) -> bool:
        return self._hide_done

    @property
    def filtering(self) -> bool:
        return self._hide_done or self._node_ids is not None

    def set_hide_done(self, hide: bool) -> None:
        if hide != self._hide_done:
            self._change_filter(lambda: setattr(self, "_hide_done", hide))

    def set_node_filter(self, node_id: str | None) -> None:
        """Show only tasks linked to this node or a node below it (None: all tasks)."""
        ids: frozenset[str] | None = None
        if node_id is not None:
            node = self._board.doc.tree.get(node_id)
            ids = frozenset(n.id for n in node.walk()) if node else frozenset({node_id})
        if ids != self._node_ids:
            self._change_filter(lambda: setattr(self, "_node_ids", ids))

    def _change_filter(self, change: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not source_parent.isValid() or not (self._hide_done or self._node_ids is not None):
            return True
        task = self._board.task_in(source_parent.row(), source_row)
        if self._hide_done and task.status is TaskStatus.DONE:
            return False
        nodes = self._node_ids
        return nodes is None or any(link in nodes for link in task.links)
