"""Small widgets and widget helpers used across the window."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget


def describe(widget: QWidget, name: str, tooltip: str) -> None:
    """Give a widget its accessible name and tool tip in one call."""
    widget.setAccessibleName(name)
    widget.setToolTip(tooltip)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally (QLabel would guess rich text otherwise)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


_BANNER_STYLES = {
    "error": (
        "QLabel { background: #f8d7d3; color: #5a1010; padding: 6px;"
        " border-bottom: 1px solid #d08a80; }"
    ),
    "warning": (
        "QLabel { background: #fdecc8; color: #4a3000; border: 1px solid #e0b050;"
        " border-radius: 4px; padding: 6px; }"
    ),
}


def banner_label(kind: Literal["error", "warning"], text: str = "") -> QLabel:
    """A wrapped plain-text label styled as a message band: an error or a warning."""
    label = plain_label(text)
    label.setWordWrap(True)
    label.setStyleSheet(_BANNER_STYLES[kind])
    return label


class CommitTextEdit(QPlainTextEdit):
    """Multi-line plain text that reports a finished edit, not every keystroke.

    `editing_finished` fires when focus leaves, on Ctrl+Return or Escape (which also ask
    to hand focus back, `leave_requested`), and, when `pause_ms` is given, after that long
    a pause in typing. Text set with `set_text_quietly` is never reported as an edit.
    """

    editing_finished = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, pause_ms: int | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._quiet = False
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        if pause_ms is not None:
            self._pause.setInterval(pause_ms)
            self._pause.timeout.connect(self.finish_editing)
            self.textChanged.connect(self._typed)

    def set_text_quietly(self, text: str) -> None:
        """Show `text` without reporting an edit (and forget a pending one)."""
        self._pause.stop()
        if self.toPlainText() != text:
            self._quiet = True
            try:
                self.setPlainText(text)
            finally:
                self._quiet = False

    def has_pending_edit(self) -> bool:
        """Whether typing paused for less than `pause_ms` is waiting to be reported."""
        return self._pause.isActive()

    def cancel_pending_edit(self) -> None:
        self._pause.stop()

    def finish_editing(self) -> None:
        """Report the edit now."""
        self._pause.stop()
        self.editing_finished.emit()

    def _typed(self) -> None:
        if not self._quiet:
            self._pause.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.finish_editing()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl_return = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if ctrl_return or event.key() == Qt.Key.Key_Escape:
            self.finish_editing()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)


class FilterLineEdit(QLineEdit):
    """A search field with a clear button; Escape clears it."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
