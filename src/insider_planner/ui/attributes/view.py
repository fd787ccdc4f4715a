"""The attribute tree's view and its keys."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTreeView

HELD_KEY = "Space"
NEEDED_KEY = "Shift+Space"


class AttributeTreeView(QTreeView):
    """Space ticks Held, Shift+Space ticks Needed/Acceptable, Enter edits the note."""

    toggle_requested = Signal(QModelIndex, str)  # index, "held" or "needed"
    note_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() == Qt.Key.Key_Space:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.toggle_requested.emit(index, "needed" if shift else "held")
        elif index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.note_requested.emit()
        else:
            super().keyPressEvent(event)
