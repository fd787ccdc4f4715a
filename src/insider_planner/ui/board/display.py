"""What the board's rows show, role by role: labels, icons, colours, fonts and tool tips."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QDate, QLocale, QModelRoleData, QModelRoleDataSpan
from PySide6.QtGui import QFont, QGuiApplication

from insider_planner.domain.plan import StrategyLane, Task, TaskStatus
from insider_planner.domain.text import shorten
from insider_planner.ui import roles
from insider_planner.ui.board.style import (
    CHECK_STATE,
    DESCRIPTION_ROLE,
    LANE_ID_ROLE,
    PRIVATE_ROLE,
    PROGRESS_ROLE,
    STATUS_ROLE,
    TASK_ID_ROLE,
    BoardIcons,
    Column,
    done_color,
    format_due,
    overdue_color,
)
from insider_planner.ui.text import rich_tooltip

if TYPE_CHECKING:
    from insider_planner.ui.board.model import BoardModel

#: Task notes longer than this are cut in tool tips.
TOOLTIP_NOTES_LIMIT = 300
#: Task cells whose look is kept between paints: a few screens of rows.
LOOKS_KEPT = 1024

#: The roles of a task that are facts rather than its look (`BoardDisplay.task_look`).
_TASK_FACTS = frozenset(
    {
        roles.EDIT,
        roles.TOOLTIP,
        roles.ACCESSIBLE_TEXT,
        TASK_ID_ROLE,
        LANE_ID_ROLE,
        STATUS_ROLE,
        PRIVATE_ROLE,
    }
)


def each_role(roles: QModelRoleDataSpan) -> Iterator[QModelRoleData]:
    """The roles of a `multiData` call (the span is iterable; its type stubs do not say)."""
    return cast(Iterator[QModelRoleData], iter(roles))  # type: ignore[call-overload]


class BoardDisplay:
    """Answers the board model's data() calls for strategy and task rows."""

    def __init__(self, model: BoardModel) -> None:
        self._model = model
        self._doc = model.doc
        self._icons: BoardIcons | None = None
        # The look of the task cells painted lately, by (task id, column): a view paints
        # the same cells again and again. Kept until the task changes (`forget`), or what
        # looks depend on beyond the task does (`check_context`).
        self._looks: dict[tuple[str, int], dict[int, Any]] = {}
        self._context: tuple[object, ...] = ()

    def forget(self, task_id: str) -> None:
        """The task changed (or came or went): work its cells' look out afresh."""
        for column in Column:
            self._looks.pop((task_id, column), None)

    def forget_all(self) -> None:
        self._looks.clear()

    def check_context(self) -> None:
        """Forget every look when the day, the palette, the font or the language changed
        (overdue dates, done tasks' colour and font, date formats); once per paint."""
        context = (
            date.today(),
            QGuiApplication.palette().cacheKey(),
            QGuiApplication.font().key(),
            QLocale().name(),
        )
        if context != self._context:
            self._context = context
            self._looks.clear()
            self._icons = None  # drawn in the palette's colours

    def strategy(self, lane: StrategyLane, row: int, column: int, role: int) -> Any:
        """What a strategy row shows in `column` for `role`."""
        if role in (roles.DISPLAY, roles.ACCESSIBLE_TEXT):
            if column == Column.TITLE:
                label = f"{row + 1}. {self._doc.strategy_title(lane.id)}"
                if role == roles.ACCESSIBLE_TEXT:
                    done, total = self._model.lane_progress(lane.id)
                    return f"Step {label}, {done} of {total} tasks done"
                return label
            if column == Column.STATUS:
                done, total = self._model.lane_progress(lane.id)
                return f"{done}/{total} done"
            return None
        if role == roles.TOOLTIP and column == Column.TITLE:
            return rich_tooltip(self._description(lane.id))
        if role == DESCRIPTION_ROLE:
            return self._description(lane.id)
        if role == PROGRESS_ROLE:
            return self._model.lane_progress(lane.id)
        if role == LANE_ID_ROLE:
            return lane.id
        if role == roles.FONT and column == Column.TITLE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _description(self, lane_id: str) -> str:
        info = self._doc.catalog.strategy(lane_id)
        return info.description if info else ""

    def task(self, lane: StrategyLane, task: Task, column: int, role: int) -> Any:
        """What a task row shows in `column` for `role`."""
        if role not in _TASK_FACTS:
            return self._look(task, column).get(role)
        if role == roles.EDIT:
            if column == Column.DUE:
                due = task.due
                return None if due is None else QDate(due.year, due.month, due.day)
            return self._look(task, column)[roles.DISPLAY]
        if role == roles.TOOLTIP:
            return self._task_tooltip(task)
        if role == roles.ACCESSIBLE_TEXT:
            if column != Column.TITLE:
                return None
            private = ", private" if task.private else ""
            return f"{task.title}, {task.status.label}{private}"
        if role == TASK_ID_ROLE:
            return task.id
        if role == LANE_ID_ROLE:
            return lane.id
        if role == STATUS_ROLE:
            return task.status
        return task.private  # PRIVATE_ROLE

    def task_look(self, task: Task, column: int) -> dict[int, Any]:
        """How a task's cell is drawn, every role at once (a role not here shows nothing):
        a delegate asks for them all, cell after cell, whenever the board is painted."""
        status = task.status
        done = status is TaskStatus.DONE
        if column == Column.TITLE:
            look: dict[int, Any] = {
                roles.DISPLAY: task.title,
                roles.CHECK_STATE: CHECK_STATE[status],
            }
            if task.private:
                look[roles.DECORATION] = self._get_icons().private
            if done:
                look[roles.FOREGROUND] = done_color()
                font = QFont()
                font.setStrikeOut(True)
                look[roles.FONT] = font
            return look
        if column == Column.STATUS:
            return {roles.DISPLAY: status.label, roles.DECORATION: self._get_icons().status[status]}
        if column == Column.DUE:
            due = task.due
            look = {roles.DISPLAY: "" if due is None else format_due(due)}
            if done:
                look[roles.FOREGROUND] = done_color()
            elif due is not None and due < date.today():
                look[roles.FOREGROUND] = overdue_color()
            return look
        return {roles.DISPLAY: ", ".join(self._model.link_titles(task))}

    def fill_task(
        self, lane: StrategyLane, task: Task, column: int, roles: QModelRoleDataSpan
    ) -> None:
        """Answer several roles of one task cell (`multiData`): its look is worked out once,
        and kept for the next paint."""
        known = self._look(task, column).get
        for role_data in each_role(roles):
            role = role_data.role()
            role_data.setData(
                self.task(lane, task, column, role) if role in _TASK_FACTS else known(role)
            )

    def _look(self, task: Task, column: int) -> dict[int, Any]:
        """A task cell's look (`task_look`), kept until the task or the context changes."""
        key = (task.id, column)
        look = self._looks.get(key)
        if look is None:
            if len(self._looks) >= LOOKS_KEPT:
                self._looks.clear()
            look = self._looks[key] = self.task_look(task, column)
        return look

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
