"""The attribute tree's view and its keys."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QStyle, QTreeView

_ACTIVE = QPalette.ColorGroup.Active
_INACTIVE = QPalette.ColorGroup.Inactive
#: Every colour a row may be painted in, but the selection's.
_UNSELECTED_ROLES = tuple(
    role
    for role in QPalette.ColorRole
    if role
    not in (
        QPalette.ColorRole.Highlight,
        QPalette.ColorRole.HighlightedText,
        QPalette.ColorRole.NColorRoles,
        QPalette.ColorRole.NoRole,
    )
)

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

    # Qt repaints every visible row when the view gains or loses focus: the focus mark moves,
    # and styles may paint the whole view in the palette's inactive colours without focus.
    # When those colours are the active ones but for the selection's, only the current and
    # selected rows look different: only they are repainted, so moving between the tree,
    # its filter and the note costs a row, not the whole tree.

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.currentIndex().isValid() or self._all_rows_follow_focus():
            super().focusInEvent(event)  # Qt may pick a current row; it repaints them all
            return
        QAbstractScrollArea.focusInEvent(self, event)
        # As Qt does for a current cell that is not edited in place, which none here is.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._update_focus_rows()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._all_rows_follow_focus():
            super().focusOutEvent(event)
            return
        QAbstractScrollArea.focusOutEvent(self, event)
        self._update_focus_rows()

    def _all_rows_follow_focus(self) -> bool:
        hint = QStyle.StyleHint.SH_ItemView_ChangeHighlightOnFocus
        if not self.style().styleHint(hint, None, self):
            return False
        palette = self.palette()
        return any(
            palette.brush(_ACTIVE, role) != palette.brush(_INACTIVE, role)
            for role in _UNSELECTED_ROLES
        )

    def _update_focus_rows(self) -> None:
        viewport = self.viewport()
        selection = self.selectionModel()
        selected = selection.selectedIndexes() if selection is not None else []
        for index in (self.currentIndex(), *selected):
            if index.isValid():
                rect = self.visualRect(index)
                if not rect.isEmpty():
                    viewport.update(0, rect.top(), viewport.width(), rect.height())
