"""The board's columns, item roles, status colours and icons, and how dates are shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from insider_planner.domain.plan import TaskStatus
from insider_planner.ui.roles import NODE_ROLE
from insider_planner.ui.theme import GRAPHIC_CONTRAST, readable


class Column(IntEnum):
    """The board's columns; strategy rows span them all in the view."""

    TITLE = 0
    STATUS = 1
    DUE = 2
    LINKS = 3


COLUMN_TITLES = ("Title", "Status", "Due", "Linked attributes")
COLUMN_COUNT = len(COLUMN_TITLES)
LAST_COLUMN = COLUMN_COUNT - 1

# Board roles start after the node role shared by every model, so the two never collide.
TASK_ID_ROLE = NODE_ROLE + 1  # str, on task rows
LANE_ID_ROLE = NODE_ROLE + 2  # str, on strategy and task rows
DESCRIPTION_ROLE = NODE_ROLE + 3  # str, the strategy's description
PROGRESS_ROLE = NODE_ROLE + 4  # (done, total), on strategy rows
STATUS_ROLE = NODE_ROLE + 5  # TaskStatus, on task rows
PRIVATE_ROLE = NODE_ROLE + 6  # bool, on task rows

CHECK_STATE = {
    TaskStatus.TODO: Qt.CheckState.Unchecked,
    TaskStatus.DOING: Qt.CheckState.PartiallyChecked,
    TaskStatus.DONE: Qt.CheckState.Checked,
}
STATUS_OF_CHECK = {int(state.value): status for status, state in CHECK_STATE.items()}
# The hues of the board's colours; on screen each is made readable against the palette's
# base (`overdue_color`, `BoardIcons`), so dark themes keep them visible.
STATUS_COLORS = {
    TaskStatus.TODO: QColor("#9aa0a6"),
    TaskStatus.DOING: QColor("#e8a317"),
    TaskStatus.DONE: QColor("#2e9d57"),
}
OVERDUE_COLOR = QColor("#c62828")
PRIVATE_ICON_COLOR = QColor("#6b6f75")


def overdue_color() -> QColor:
    """The text colour of an overdue date, readable on the palette's base."""
    return readable(OVERDUE_COLOR, QGuiApplication.palette().color(QPalette.ColorRole.Base))


def done_color() -> QColor:
    """Done tasks are drawn in the palette's disabled text colour, kept readable."""
    palette = QGuiApplication.palette()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return readable(disabled, palette.color(QPalette.ColorRole.Base))


#: Day, abbreviated month name, year: unambiguous in every locale.
DUE_FORMAT = "d MMM yyyy"


def format_due(due: date) -> str:
    """A due date with the month's name in the user's language."""
    return QLocale().toString(QDate(due.year, due.month, due.day), DUE_FORMAT)


def _icon(size: int, draw: Callable[[QPainter], None]) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def dot_icon(color: QColor) -> QIcon:
    """A filled dot: a task's status."""

    def draw(painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(2, 2, 8, 8)

    return _icon(12, draw)


def lock_icon(color: QColor) -> QIcon:
    """A padlock: a private task."""

    def draw(painter: QPainter) -> None:
        painter.setPen(color)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(4, 1, 6, 8, 0, 180 * 16)
        painter.drawLine(4, 5, 4, 7)
        painter.drawLine(10, 5, 10, 7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(2, 6, 10, 7, 1.5, 1.5)

    return _icon(14, draw)


class BoardIcons:
    """The board's small icons for one palette, drawn once (pixmaps need the application
    to exist); their colours stand out from the palette's base."""

    def __init__(self, palette: QPalette | None = None) -> None:
        base = (palette or QGuiApplication.palette()).color(QPalette.ColorRole.Base)
        self.status = {
            status: dot_icon(readable(color, base, GRAPHIC_CONTRAST))
            for status, color in STATUS_COLORS.items()
        }
        self.private = lock_icon(readable(PRIVATE_ICON_COLOR, base, GRAPHIC_CONTRAST))
