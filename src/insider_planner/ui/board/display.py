"""What the board's rows show, role by role: labels, icons, colours, fonts and tool tips."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from insider_planner.domain.plan import StrategyLane, Task, TaskStatus
from insider_planner.domain.text import shorten
from insider_planner.ui.board.style import (
    CHECK_STATE,
    DESCRIPTION_ROLE,
    LANE_ID_ROLE,
    OVERDUE_COLOR,
    PRIVATE_ROLE,
    PROGRESS_ROLE,
    STATUS_ROLE,
    TASK_ID_ROLE,
    BoardIcons,
    Column,
    format_due,
)
from insider_planner.ui.text import rich_tooltip

if TYPE_CHECKING:
    from insider_planner.ui.board.model import BoardModel

#: Task notes longer than this are cut in tool tips.
TOOLTIP_NOTES_LIMIT = 300


class BoardDisplay:
    """Answers the board model's data() calls for strategy and task rows."""

    def __init__(self, model: BoardModel) -> None:
        self._model = model
        self._doc = model.doc
        self._icons: BoardIcons | None = None

    def strategy(self, lane: StrategyLane, row: int, column: int, role: int) -> Any:
        """What a strategy row shows in `column` for `role`."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == Column.TITLE:
                label = f"{row + 1}. {self._doc.strategy_title(lane.id)}"
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    done, total = self._model.lane_progress(lane.id)
                    return f"Step {label}, {done} of {total} tasks done"
                return label
            if column == Column.STATUS:
                done, total = self._model.lane_progress(lane.id)
                return f"{done}/{total} done"
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE:
            return rich_tooltip(self._description(lane.id))
        if role == DESCRIPTION_ROLE:
            return self._description(lane.id)
        if role == PROGRESS_ROLE:
            return self._model.lane_progress(lane.id)
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

    def task(self, lane: StrategyLane, task: Task, column: int, role: int) -> Any:
        """What a task row shows in `column` for `role`."""
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
            return ", ".join(self._model.link_titles(task))
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
                return OVERDUE_COLOR
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
        due = f" · Due {format_due(task.due)}" if task.due is not None else ""
        links = ", ".join(self._model.link_titles(task))
        return rich_tooltip(
            task.status.label + due,
            f"Linked to: {links}" if links else "",
            "Private: left out of redacted exports" if task.private else "",
            shorten(task.notes, TOOLTIP_NOTES_LIMIT),
            title=task.title,
        )

    def _get_icons(self) -> BoardIcons:
        if self._icons is None:
            self._icons = BoardIcons()
        return self._icons
