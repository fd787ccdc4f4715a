"""The plans in the data folder: a list model, and its panel with the file operations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.storage.library import PlanEntry, list_plans
from insider_planner.storage.paths import data_dir
from insider_planner.ui.text import rich_tooltip

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanListModel(QAbstractListModel):
    """One row per plan file; unreadable ones stay listed with their reason."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[PlanEntry] = []
        self.current: Path | None = None

    def reload(self) -> None:
        """Read the folder again (on start and after file operations, never per edit)."""
        self.beginResetModel()
        self.entries = list_plans()
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

    def set_current(self, path: Path | None) -> None:
        self.current = path
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))

    def row_of(self, path: Path) -> int:
        return next((r for r, e in enumerate(self.entries) if e.path == path), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
            return QBrush(QColor(160, 40, 40))
        if role == Qt.ItemDataRole.FontRole and entry.path == self.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == PATH_ROLE:
            return str(entry.path)
        return None


class PlanListPanel(QWidget):
    """The plan switcher."""

    open_requested = Signal(Path)
    new_requested = Signal()
    rename_requested = Signal(Path)
    duplicate_requested = Signal(Path)
    delete_requested = Signal(Path)

    def __init__(self, model: PlanListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QListView()
        self.view.setModel(model)
        self.view.setAccessibleName("Plans")
        self.view.setToolTip("Your plans. Enter or double-click opens one.")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.activated.connect(self._activated)
        buttons = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, tip in (
            ("new", "New", "Create a new plan"),
            ("rename", "Rename…", "Rename the selected plan"),
            ("duplicate", "Duplicate", "Copy the selected plan"),
            ("delete", "Delete…", "Delete the selected plan (a backup is kept)"),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.setAccessibleName(f"{label.rstrip('…')} plan")
            buttons.addWidget(button, len(self.buttons) // 2, len(self.buttons) % 2)
            self.buttons[key] = button
        self.buttons["new"].clicked.connect(self.new_requested.emit)
        self.buttons["rename"].clicked.connect(
            lambda: self._emit_for_selected(self.rename_requested)
        )
        self.buttons["duplicate"].clicked.connect(
            lambda: self._emit_for_selected(self.duplicate_requested)
        )
        self.buttons["delete"].clicked.connect(
            lambda: self._emit_for_selected(self.delete_requested)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def selected_path(self) -> Path | None:
        index = self.view.currentIndex()
        value = index.data(PATH_ROLE) if index.isValid() else None
        return Path(value) if value else None

    def _emit_for_selected(self, signal: Any) -> None:
        path = self.selected_path()
        if path is not None:
            signal.emit(path)

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(PATH_ROLE)
        if value:
            self.open_requested.emit(Path(value))
