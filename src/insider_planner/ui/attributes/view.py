"""The attribute tree's view and its keys."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView, QStyle, QTreeView, QWidget

from insider_planner.domain.marks import Flag, flag_label
from insider_planner.ui.attributes.model import COL_HELD, COL_NAME, COL_NEEDED, COL_NOTE
from insider_planner.ui.placeholder import paint_placeholder

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

    #: How much of a name the Attribute column shows at least, and at most before the
    #: Note column gets the rest, in average characters (the indentation comes on top).
    NAME_CHARS = (16, 30)
    NOTE_CHARS = 6
    #: How much of the filter's text the view repeats when nothing matches it.
    FILTER_CHARS = 40

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter_text = ""
        self._watching_drags = False
        self._fitting = False  # the Attribute column is being sized here, not by the user
        self._name_dragged = False  # the user has sized it: keep their width

    # --- no matches ---------------------------------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        """The filter's text, which the view repeats when nothing matches it."""
        if text != self._filter_text:
            self._filter_text = text
            self.viewport().update()

    def empty_message(self) -> str:
        """What the view says while its filter matches nothing ("" otherwise)."""
        model = self.model()
        if not self._filter_text or model is None or model.rowCount() > 0:
            return ""
        text = self._filter_text
        if len(text) > self.FILTER_CHARS:  # a long paste is cut, not wrapped over the tree
            text = text[: self.FILTER_CHARS - 1] + "…"
        return f"No matches for “{text}”.\nPress Escape in the filter to clear it."

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        message = self.empty_message()
        if message:
            paint_placeholder(self.viewport(), self.viewport().rect(), message)

    # --- columns ------------------------------------------------------------------------------

    def setup_columns(self) -> None:
        """Held and Needed as wide as their labels; the names and notes share the rest.

        Widths come from the font, not from the rows: measuring rows costs a walk of the
        whole tree. The user may still drag the Attribute column's edge; once they have,
        the column keeps their width.
        """
        header = self.header()
        if not self._watching_drags:
            header.sectionResized.connect(self._section_resized)
            self._watching_drags = True
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 4)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)  # what is left
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        for column in (COL_HELD, COL_NEEDED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, self.flag_column_width(column))
        self.fit_columns()

    def flag_column_width(self, column: int) -> int:
        """Room for a check box and the widest label the column shows (category rows show
        'Held', 'Needed' or 'Acceptable' beside the box), or for the header's title."""
        flag: Flag = "held" if column == COL_HELD else "needed"
        labels = {flag_label(kind, flag) for kind in ("access", "constraint")}
        metrics = self.fontMetrics()
        text = max(metrics.horizontalAdvance(label) for label in labels)
        style = self.style()
        box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        cell = box + text + 6 * margin
        title = self.model().headerData(column, Qt.Orientation.Horizontal) if self.model() else ""
        return max(cell, metrics.horizontalAdvance(str(title or "")) + 4 * margin + 12)

    def name_width_limits(self) -> tuple[int, int]:
        """The Attribute column's narrowest and widest default width, in pixels."""
        average = self.fontMetrics().averageCharWidth()
        indent = 3 * self.indentation()  # categories, attributes, facets
        return (average * self.NAME_CHARS[0] + indent, average * self.NAME_CHARS[1] + indent)

    def fit_columns(self) -> None:
        """Give the Attribute column what the check columns and a little of the notes
        leave, within its limits; a narrow tree scrolls only past the narrowest."""
        header = self.header()
        if header.count() <= COL_NOTE or self._name_dragged:
            return
        narrowest, widest = self.name_width_limits()
        flags = header.sectionSize(COL_HELD) + header.sectionSize(COL_NEEDED)
        note = self.fontMetrics().averageCharWidth() * self.NOTE_CHARS
        room = self.viewport().width() - flags
        width = max(narrowest, min(widest, room - note))
        if header.sectionSize(COL_NAME) != width:
            self._fitting = True
            try:
                header.resizeSection(COL_NAME, width)
            finally:
                self._fitting = False

    def _section_resized(self, column: int, old: int, new: int) -> None:
        if column == COL_NAME and not self._fitting:
            self._name_dragged = True  # the user's width from now on

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

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
