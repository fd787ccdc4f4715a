"""Small reusable widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget


class CommitTextEdit(QPlainTextEdit):
    """Multi-line plain text that reports one edit when focus leaves, not per keystroke.

    Ctrl+Return and Escape also finish the edit and hand focus back (`leave_requested`).
    """

    editing_finished = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def set_text_quietly(self, text: str) -> None:
        if self.toPlainText() != text:
            self.setPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.editing_finished.emit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl_return = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if ctrl_return or event.key() == Qt.Key.Key_Escape:
            self.editing_finished.emit()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)


class FilterLineEdit(QLineEdit):
    """A search field that Escape clears."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
