"""Small widgets and widget helpers used across the window."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QMimeData, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QStatusTipEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


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


#: The message bands' borders: (edge width, frame width) in pixels. Errors have a thick
#: bottom edge; warnings a thin frame and a thick left edge.
_BAND_BORDERS = {"error": (2, 0), "warning": (4, 1)}
_PADDING = 6


def _paint_band(widget: QWidget, kind: str) -> None:
    """Paint a message band's borders in the widget's palette (its background is filled
    by Qt from the palette too), so a theme change shows at the next paint."""
    edge, frame = _BAND_BORDERS[kind]
    palette = widget.palette()
    rect = widget.rect()
    painter = QPainter(widget)
    if frame:
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
    accent = palette.color(QPalette.ColorRole.Highlight)
    if kind == "warning":
        painter.fillRect(QRect(rect.left(), rect.top(), edge, rect.height()), accent)
    else:
        painter.fillRect(QRect(rect.left(), rect.bottom() - edge + 1, rect.width(), edge), accent)
    painter.end()


def _band_colors(widget: QWidget) -> None:
    """A band's background and text come from the palette's alternate base and text."""
    widget.setAutoFillBackground(True)
    widget.setBackgroundRole(QPalette.ColorRole.AlternateBase)
    widget.setForegroundRole(QPalette.ColorRole.Text)


class BannerLabel(QLabel):
    """A wrapped plain-text label drawn as a message band: an error or a warning.

    Drawn from the palette rather than a style sheet: a sheet's palette colours are fixed
    when it is applied and would stay those of the theme before.
    """

    def __init__(self, kind: Literal["error", "warning"], text: str = "") -> None:
        super().__init__()
        edge, frame = _BAND_BORDERS[kind]  # an unknown kind raises KeyError
        self.kind = kind
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        _band_colors(self)
        pad = _PADDING + frame
        if kind == "warning":
            self.setContentsMargins(pad + edge - frame, pad, pad, pad)
        else:
            self.setContentsMargins(pad, pad, pad, pad + edge)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_band(self, self.kind)


def banner_label(kind: Literal["error", "warning"], text: str = "") -> QLabel:
    """A wrapped plain-text label styled as a message band: an error or a warning."""
    return BannerLabel(kind, text)


#: How long typing must pause before an editor reports its text as one edit.
TYPING_PAUSE_MS = 1500


class PauseCommit(QObject):
    """Turns a burst of typing into one finished edit.

    `typed` (re)starts the pause; `finished` fires once the pause has passed, or at once on
    `finish`. Every editor that commits on a pause owns one, so `commit_pending_edits` can
    find them all and commit what is still waiting.
    """

    finished = Signal()

    def __init__(self, parent: QObject, pause_ms: int | None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._enabled = pause_ms is not None
        if pause_ms is not None:
            self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self.finish)

    def set_interval(self, pause_ms: int) -> None:
        self._enabled = True
        self._timer.setInterval(pause_ms)

    def typed(self) -> None:
        if self._enabled:
            self._timer.start()

    def pending(self) -> bool:
        """Whether typing is waiting for its pause to be reported."""
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()

    def finish(self) -> None:
        """Report the edit now."""
        self._timer.stop()
        self.finished.emit()


def commit_pending_edits(root: QObject) -> None:
    """Report, now, every edit below `root` still on screen only.

    That is typing waiting for its pause, and the text of any editor open in an item view
    (a task title typed on the board), which is committed and closed.
    """
    for view in root.findChildren(QAbstractItemView):
        commit_open_editor(view)
    for pause in root.findChildren(PauseCommit):
        if pause.pending():
            pause.finish()


def commit_open_editor(view: QAbstractItemView) -> None:
    """Commit the text of the editor open in `view`, if any, and close it."""
    if view.state() != QAbstractItemView.State.EditingState:
        return
    # Qt edits the current item; the view itself commits that editor when the current
    # item changes, and this does the same.
    editor = view.indexWidget(view.currentIndex())
    if editor is not None:
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def show_status_hint(widget: QWidget, text: str) -> None:
    """Show a short hint in the status bar of the window holding `widget` (if it has one)."""
    # Qt passes status tips up the parents; QMainWindow shows them in its status bar.
    QApplication.sendEvent(widget, QStatusTipEvent(text))


def limit_hint(max_length: int) -> str:
    return f"Text cut at the limit of {max_length:,} characters."


def limit_line_edit(edit: QLineEdit, max_length: int) -> None:
    """Stop typing and pasting into `edit` at `max_length`; a hint says so at the limit."""
    edit.setMaxLength(max_length)
    edit.textEdited.connect(lambda text: _hint_at_limit(edit, text))


def _hint_at_limit(edit: QLineEdit, text: str) -> None:
    if len(text) >= edit.maxLength():
        show_status_hint(edit, limit_hint(edit.maxLength()))


class MessageBand(QFrame):
    """A message across the top of the window with its own buttons (Save As…, Break Lock…).

    Coloured from the palette, so it stays readable under dark themes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_band")
        _band_colors(self)
        self.label = plain_label()
        self.label.setForegroundRole(QPalette.ColorRole.Text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Status message")
        self._buttons = QHBoxLayout()
        layout = QHBoxLayout(self)
        edge = _BAND_BORDERS["error"][0]
        layout.setContentsMargins(8, _PADDING, 8, _PADDING + edge)
        layout.addWidget(self.label, 1)
        layout.addLayout(self._buttons)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_band(self, "error")

    def show_message(self, text: str, buttons: list[QPushButton]) -> None:
        """Show `text` with these buttons (the band owns them); empty text hides the band."""
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for button in buttons:
            self._buttons.addWidget(button)
        self.label.setText(text)
        self.setVisible(bool(text))


class CommitLineEdit(QLineEdit):
    """One line of text that reports a finished edit, not every keystroke.

    `editing_finished` fires on Return and when focus leaves; `typing_paused`, when
    `pause_ms` is given, after that long a pause in typing (the user may go on). Text
    longer than `max_length` cannot be typed or pasted; a hint says so at the limit.
    """

    editing_finished = Signal()
    typing_paused = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pause_ms: int | None = None,
        max_length: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.pause = PauseCommit(self, pause_ms)
        self.pause.finished.connect(self.typing_paused)
        if max_length is not None:
            limit_line_edit(self, max_length)
        # textEdited fires for the user's typing only, never for setText.
        self.textEdited.connect(self.pause.typed)
        self.editingFinished.connect(self._finished)

    def has_pending_edit(self) -> bool:
        return self.pause.pending()

    def _finished(self) -> None:
        self.pause.cancel()
        self.editing_finished.emit()


class CommitTextEdit(QPlainTextEdit):
    """Multi-line plain text that reports a finished edit, not every keystroke.

    `editing_finished` fires when focus leaves, on Ctrl+Return or Escape (which also ask
    to hand focus back, `leave_requested`), and, when `pause_ms` is given, after that long
    a pause in typing. Text set with `set_text_quietly` is never reported as an edit.
    With `max_length`, typing, pasting and dropping stop at that many characters.
    """

    editing_finished = Signal()
    leave_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pause_ms: int | None = None,
        max_length: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.max_length = max_length
        self._quiet = False
        self._inserted_end: int | None = None
        self.pause = PauseCommit(self, pause_ms)
        self.pause.finished.connect(self.editing_finished)
        self.textChanged.connect(self._typed)
        self.document().contentsChange.connect(self._contents_change)

    def set_text_quietly(self, text: str) -> None:
        """Show `text` without reporting an edit (and forget a pending one)."""
        self.pause.cancel()
        if self.toPlainText() != text:
            self._quiet = True
            try:
                self.setPlainText(text)
            finally:
                self._quiet = False

    def has_pending_edit(self) -> bool:
        """Whether typing paused for less than `pause_ms` is waiting to be reported."""
        return self.pause.pending()

    def cancel_pending_edit(self) -> None:
        self.pause.cancel()

    def finish_editing(self) -> None:
        """Report the edit now."""
        self.pause.finish()

    def _length(self) -> int:
        # The document counts a closing paragraph separator; it is not part of the text.
        return self.document().characterCount() - 1

    def _room(self) -> int | None:
        """How many more characters fit, counting the selection that an insert replaces."""
        if self.max_length is None:
            return None
        cursor = self.textCursor()
        selected = cursor.selectionEnd() - cursor.selectionStart()
        return max(0, self.max_length - self._length() + selected)

    def insertFromMimeData(self, source: QMimeData) -> None:
        room = self._room()
        if room is not None and source.hasText() and _utf16_length(source.text()) > room:
            # Cut before inserting, so a huge paste never reaches the document.
            self.textCursor().insertText(_cut_utf16(source.text(), room))
            self.ensureCursorVisible()
            show_status_hint(self, limit_hint(self.max_length or 0))
            return
        super().insertFromMimeData(source)

    def _contents_change(self, position: int, removed: int, added: int) -> None:
        if not self._quiet and added:
            self._inserted_end = position + added

    def _typed(self) -> None:
        end, self._inserted_end = self._inserted_end, None
        if self._quiet:
            return
        if self.max_length is not None and end is not None:
            self._cut_overflow(end)
        self.pause.typed()

    def _cut_overflow(self, end: int) -> None:
        """Remove what was inserted beyond the limit (by code or an input method; typing
        and pasting stop earlier), keeping the cursor after the rest."""
        assert self.max_length is not None
        over = self._length() - self.max_length
        if over <= 0:
            return
        start = max(0, end - over)
        if start and _is_high_surrogate(self.document().characterAt(start - 1)):
            start -= 1  # never split a character made of two UTF-16 units
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.setTextCursor(cursor)
        show_status_hint(self, limit_hint(self.max_length))

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
        if self._refuses(event.text()):
            # Refused before it reaches the document, so undo never sees a cut.
            show_status_hint(self, limit_hint(self.max_length or 0))
            event.accept()
            return
        super().keyPressEvent(event)

    def _refuses(self, typed: str) -> bool:
        """Whether typing `typed` would go past the limit."""
        room = self._room()
        inserts = bool(typed) and (typed.isprintable() or typed in "\r\n")
        return room is not None and inserts and _utf16_length(typed) > room


class FilterLineEdit(QLineEdit):
    """A search field with a clear button; Escape clears it, and Down, Enter or Page Down
    ask to move into the results (`results_requested`)."""

    results_requested = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if key in _INTO_RESULTS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.results_requested.emit()
            return
        super().keyPressEvent(event)


_INTO_RESULTS = (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_high_surrogate(char: str) -> bool:
    return bool(char) and 0xD800 <= ord(char[0]) <= 0xDBFF


def _utf16_length(text: str) -> int:
    """Length as Qt counts it: characters beyond the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, units: int) -> str:
    """The longest start of `text` that fits in `units` UTF-16 units."""
    return text.encode("utf-16-le")[: units * 2].decode("utf-16-le", errors="ignore")
