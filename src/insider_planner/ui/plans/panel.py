"""The plan switcher: the list of plans and the buttons that act on the selected one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.ui.actions import pop_up
from insider_planner.ui.placeholder import paint_placeholder
from insider_planner.ui.plans.model import PATH_ROLE, PlanListModel

#: What the list says while it is empty.
EMPTY_TEXT = "No plans yet. A new plan or the example plan is listed here."


class PlanListView(QListView):
    """The list of plans, which says so when there are none."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            paint_placeholder(self.viewport(), self.viewport().rect(), EMPTY_TEXT)


class PlanListPanel(QWidget):
    """The plan switcher."""

    open_requested = Signal(Path)
    new_requested = Signal()
    rename_requested = Signal(Path)
    duplicate_requested = Signal(Path)
    delete_requested = Signal(Path)
    show_folder_requested = Signal(Path)  # show this plan's folder in the file manager

    def __init__(self, model: PlanListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = PlanListView()
        self.view.setModel(model)
        self.view.setAccessibleName("Plans")
        self.view.setToolTip("Your plans. Enter or double-click opens one.")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A title takes one line (and its date a second), elided: the tool tip has it all.
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
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

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The right-click menu for a plan (an invalid index: for the list's empty space)."""
        menu = QMenu(self)
        value = index.data(PATH_ROLE) if index.isValid() else None
        if not value:
            menu.addAction("&New Plan", self.new_requested.emit)
            return menu
        path = Path(value)
        menu.addAction("&Open", lambda: self.open_requested.emit(path))
        menu.addSeparator()
        menu.addAction("&Rename…", lambda: self.rename_requested.emit(path))
        menu.addAction("D&uplicate", lambda: self.duplicate_requested.emit(path))
        menu.addAction("Show in File &Manager", lambda: self.show_folder_requested.emit(path))
        menu.addSeparator()
        menu.addAction("&Delete…", lambda: self.delete_requested.emit(path))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = self.context_menu(index)
        pop_up(menu, self.view.viewport(), pos)

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(PATH_ROLE)
        if value:
            self.open_requested.emit(Path(value))
