"""The plans in the data folder as a list model; unreadable ones stay listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from insider_planner.storage.files import PlanLoadError
from insider_planner.storage.library import PlanEntry, list_plans
from insider_planner.storage.paths import data_dir
from insider_planner.ui.roles import AnyIndex
from insider_planner.ui.text import rich_tooltip
from insider_planner.ui.theme import readable

PATH_ROLE = int(Qt.ItemDataRole.UserRole) + 1
UNREADABLE_COLOR = QColor(160, 40, 40)


def _listed_plans() -> list[PlanEntry]:
    """The plans in the data folder; a folder that cannot be listed becomes one entry."""
    try:
        return list_plans()
    except PlanLoadError as error:
        return [PlanEntry(error.path, error.path.name, None, error.reason)]
    except OSError as error:
        where = Path(error.filename) if error.filename else Path()
        return [PlanEntry(where, where.name, None, error.strerror or str(error))]


class PlanListModel(QAbstractListModel):
    """One row per plan file; unreadable ones stay listed with their reason."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[PlanEntry] = []
        self.current: Path | None = None

    def reload(self) -> None:
        """Read the folder again (on start and after file operations, never per edit)."""
        self.beginResetModel()
        self.entries = _listed_plans()
        self.endResetModel()

    def update_entry(self, entry: PlanEntry) -> None:
        """Update (or add) one plan's row, e.g. from the open plan after it was saved."""
        path = entry.path
        for row, old in enumerate(self.entries):
            if old.path == path:
                self.entries[row] = entry
                self.dataChanged.emit(self.index(row), self.index(row))
                return
        if path.parent.resolve() == data_dir().resolve():
            self.beginInsertRows(QModelIndex(), 0, 0)
            self.entries.insert(0, entry)
            self.endInsertRows()

    def remove_entry(self, path: Path) -> None:
        """Drop one plan's row (a new plan that was never written)."""
        for row, entry in enumerate(self.entries):
            if entry.path == path:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.entries[row]
                self.endRemoveRows()
                return

    def set_current(self, path: Path | None) -> None:
        self.current = path
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if entry.error:
                return f"⚠ {entry.path.name}"
            when = entry.updated.astimezone().strftime("%Y-%m-%d %H:%M") if entry.updated else ""
            return f"{entry.title}\n{when}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.error:
                return rich_tooltip(f"{entry.path}\nCannot be opened: {entry.error}")
            return rich_tooltip(f"{entry.title}\n{entry.path}")
        if role == Qt.ItemDataRole.ForegroundRole and entry.error:
            # The hue of an error, kept readable on the list's base under any palette.
            base = QApplication.palette().color(QPalette.ColorRole.Base)
            return QBrush(readable(UNREADABLE_COLOR, base))
        if role == Qt.ItemDataRole.FontRole and entry.path == self.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == PATH_ROLE:
            return str(entry.path)
        return None
