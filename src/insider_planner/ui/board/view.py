"""The board's view: a table of strategy bands and task rows, with tree-like keys and clicks.

The board is shown through `BoardFlatModel` as one list of rows, so that adding or removing
a task costs the same on a board of 50,000 tasks as on one of 50: a table only shifts its
row sizes, where a tree lays out every row again. The view gives back what the tree did:
strategy rows span every column as bands with an arrow that collapses and expands them,
task titles are indented below their strategy, Left and Right collapse, expand and step
between a strategy and its tasks.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QHeaderView,
    QScrollBar,
    QStyle,
    QStyleOptionFocusRect,
    QStyleOptionSlider,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from insider_planner.domain.plan import TaskStatus
from insider_planner.ui.board.delegate import StrategyDelegate
from insider_planner.ui.board.flat import BoardFlatModel, is_strategy_row
from insider_planner.ui.board.style import Column, format_due
from insider_planner.ui.placeholder import paint_placeholder

_MOVES = (
    QAbstractSlider.SliderChange.SliderRangeChange,
    QAbstractSlider.SliderChange.SliderValueChange,
)


class QuietScrollBar(QScrollBar):
    """A scroll bar that repaints only when it would look different.

    Every task added or removed changes the board's scroll range by one row (and showing
    the new task scrolls by one), which on a big board moves the handle by less than a
    pixel; a repaint of the bar would draw the same pixels again, at a cost like that of a
    dozen rows. The range and value still change, and are announced, as ever.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._painted: tuple[object, ...] | None = None

    def _look(self) -> tuple[object, ...]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )
        value = self.value()
        return (handle, value <= self.minimum(), value >= self.maximum(), self.isEnabled())

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        if (
            change in _MOVES
            and self._painted is not None
            and self.isVisible()
            and self._look() == self._painted
        ):
            return
        super().sliderChange(change)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._painted = self._look()
        super().paintEvent(event)


class BoardTableView(QTableView):
    """The board table; strategy rows are full-width bands that collapse and expand.

    Row heights are fixed (a strategy band is taller than a task row) and never measured
    from the contents, so nothing here asks the model about rows that are not on screen.
    When the board is narrow the Linked and Due columns give way (the editor below and
    the tool tips still show them), so titles keep room for `TITLE_CHARS` characters.
    """

    #: A paint begins (the model checks what its kept cell looks depend on).
    about_to_paint = Signal()
    #: Ctrl+Up (-1) or Ctrl+Down (+1) was pressed where nothing can move that way.
    move_refused = Signal(int)

    links_width = 180
    #: How long a drag rests on a collapsed strategy before it opens, as the tree did.
    AUTO_EXPAND_MS = 600

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strategy_rows: list[int] = []
        self._heights = (0, 0)  # strategy rows, task rows
        self._expand_timer = QTimer(self)
        self._expand_timer.setSingleShot(True)
        self._expand_timer.setInterval(self.AUTO_EXPAND_MS)
        self._expand_timer.timeout.connect(self._auto_expand)
        self._expand_row = -1
        self._empty_message = ""
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the board, as from the tree
        self.setDragDropOverwriteMode(False)  # drops land between rows, or on a strategy
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns = self.horizontalHeader()
        columns.setSectionsClickable(False)  # a click must not select a whole column
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setVerticalScrollBar(QuietScrollBar(Qt.Orientation.Vertical, self))

    # --- the flat model ---------------------------------------------------------------------

    def flat(self) -> BoardFlatModel:
        model = self.model()
        assert isinstance(model, BoardFlatModel)
        return model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            # The header highlights nothing and selects nothing, yet following the table's
            # selection it would repaint itself on every change of it.
            columns = self.horizontalHeader()
            columns.setSelectionModel(QItemSelectionModel(model, columns))
        if isinstance(model, BoardFlatModel):
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.layoutChanged,
                model.modelReset,
            ):
                signal.connect(self._sync_rows)
            self._strategy_rows = []
            self._sync_rows()

    def _sync_rows(self, *_: object) -> None:
        """Strategy rows span every column and are taller; a handful of rows, not all."""
        flat = self.flat()
        strategy_height, task_height = self._row_heights()
        header = self.verticalHeader()
        rows = flat.strategy_rows()
        if rows != self._strategy_rows:
            self.clearSpans()
            for row in rows:
                self.setSpan(row, 0, 1, flat.columnCount())
            # A row that held a strategy before a move may hold a task now.
            count = flat.rowCount()
            for row in set(self._strategy_rows).difference(rows):
                if row < count and header.sectionSize(row) != task_height:
                    header.resizeSection(row, task_height)
            self._strategy_rows = rows
        for row in rows:
            if header.sectionSize(row) != strategy_height:
                header.resizeSection(row, strategy_height)

    def _row_heights(self) -> tuple[int, int]:
        if self._heights[0] == 0:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            delegate = self.itemDelegate()
            if isinstance(delegate, StrategyDelegate):
                self._heights = delegate.row_heights(option)
            else:
                height = self.verticalHeader().defaultSectionSize()
                self._heights = (height, height)
            self.verticalHeader().setDefaultSectionSize(self._heights[1])
        return self._heights

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegate(delegate)
        self._remeasure()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._remeasure()

    def _remeasure(self) -> None:
        self._heights = (0, 0)
        delegate = self.itemDelegate()
        if isinstance(delegate, StrategyDelegate):
            delegate.forget_heights()
        if isinstance(self.model(), BoardFlatModel):
            self._strategy_rows = []
            self._sync_rows()

    # --- collapsing -------------------------------------------------------------------------

    def toggle_strategy(self, row: int) -> None:
        """Collapse or expand the strategy shown at a flat row."""
        flat = self.flat()
        lane = flat.lane_of_row(row)
        self.set_expanded(lane, not flat.is_expanded(lane))

    def set_expanded(self, lane: int, expanded: bool) -> None:
        """Show or hide one strategy's tasks; the current task hands over to its strategy."""
        flat = self.flat()
        current = self.currentIndex()
        if (
            not expanded
            and current.isValid()
            and flat.lane_of_row(current.row()) == lane
            and current.row() != flat.strategy_row(lane)
        ):
            self.setCurrentIndex(flat.index(flat.strategy_row(lane), 0))
        flat.set_expanded(lane, expanded)

    def _on_arrow(self, index: QModelIndex, x: int) -> bool:
        """Whether a point at viewport x is on the arrow of the strategy row `index`."""
        if not index.isValid() or not is_strategy_row(index):
            return False
        left = self.visualRect(index).left()
        return left <= x < left + self.indentation()

    def indentation(self) -> int:
        """The width of a strategy's arrow; task titles sit one more step to the right."""
        return self.style().pixelMetric(QStyle.PixelMetric.PM_TreeViewIndentation, None, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        index = self.indexAt(point)
        if event.button() == Qt.MouseButton.LeftButton and self._on_arrow(index, point.x()):
            self.toggle_strategy(index.row())
            event.accept()
            return
        super().mousePressEvent(event)
        # Rows are current as a whole, as in a tree: the title's cell stands for the row
        # (keys, F2 and the delegate, which draws no frame around one cell, go by it).
        current = self.currentIndex()
        if current.isValid() and current.column() != Column.TITLE:
            self.selectionModel().setCurrentIndex(
                current.siblingAtColumn(Column.TITLE), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        index = self.indexAt(point)
        if event.button() == Qt.MouseButton.LeftButton and self._on_arrow(index, point.x()):
            # The press before it toggled the strategy; as in a tree, the double-click
            # on the arrow adds nothing.
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and is_strategy_row(index):
            self.toggle_strategy(index.row())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # --- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Up/Down are the move shortcuts; when a move is not possible (the action is
        # disabled) they must not fall through and move the cursor instead.
        modifiers = event.modifiers()
        if modifiers == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            event.accept()
            self.move_refused.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ) and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_sideways(event.key() == Qt.Key.Key_Right)
            event.accept()
            return
        super().keyPressEvent(event)

    def _step_sideways(self, right: bool) -> None:
        """Left and Right as in a tree: collapse or expand a strategy, or step in or out."""
        current = self.currentIndex()
        if not current.isValid():
            return
        flat = self.flat()
        lane = flat.lane_of_row(current.row())
        strategy = flat.strategy_row(lane)
        if self.isRightToLeft():
            right = not right
        if current.row() != strategy:  # a task
            if not right:
                self.setCurrentIndex(flat.index(strategy, 0))
        elif not right:
            self.set_expanded(lane, False)
        elif not flat.is_expanded(lane):
            self.set_expanded(lane, True)
        elif flat.lane_of_row(strategy + 1) == lane and strategy + 1 < flat.rowCount():
            self.setCurrentIndex(flat.index(strategy + 1, 0))

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        # Home and End go to the first and last row, as in the tree (a table's go to the
        # first and last column, which selecting whole rows makes pointless).
        action = QAbstractItemView.CursorAction
        if cursorAction in (action.MoveHome, action.MoveEnd):
            count = self.model().rowCount() if self.model() is not None else 0
            if count:
                row = 0 if cursorAction == action.MoveHome else count - 1
                return self.model().index(row, max(self.currentIndex().column(), 0))
        return super().moveCursor(cursorAction, modifiers)

    # --- drag and drop ----------------------------------------------------------------------

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        index = self.indexAt(event.position().toPoint())
        row = index.row() if index.isValid() and is_strategy_row(index) else -1
        if row >= 0 and not self.flat().is_expanded(self.flat().lane_of_row(row)):
            if row != self._expand_row or not self._expand_timer.isActive():
                self._expand_row = row
                self._expand_timer.start()
        else:
            self._expand_timer.stop()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._expand_timer.stop()
        super().dragEnterEvent(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._expand_timer.stop()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._expand_timer.stop()
        super().dropEvent(event)

    def _auto_expand(self) -> None:
        if self._expand_row in self._strategy_rows:
            self.set_expanded(self.flat().lane_of_row(self._expand_row), True)
        self._expand_row = -1

    # --- the current row ---------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        current = self.currentIndex()
        if not current.isValid():  # Qt may make the first row current: let it
            super().focusInEvent(event)
            return
        # What QAbstractItemView does here, less its repaint of the whole widget.
        editable = bool(current.flags() & Qt.ItemFlag.ItemIsEditable)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, editable)
        self._repaint_focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._repaint_focus()
        app = QApplication.instance()
        if (
            isinstance(app, QApplication)
            and app.autoSipEnabled()
            and self.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        ):
            QGuiApplication.inputMethod().hide()

    def _repaint_focus(self) -> None:
        """Repaint what shows the focus.

        Qt repaints the whole widget when the focus comes or goes (as when a new task's
        title takes it, and the board gets it back): frame, header, rows and scroll bar.
        Here the focus shows on the rows alone (and the frame, in some styles), so the
        header and the scroll bar are spared.
        """
        self.update(QRegion(self.rect()).subtracted(QRegion(self.contentsRect())))
        current = self.currentIndex()
        if self.style().styleHint(QStyle.StyleHint.SH_ItemView_ChangeHighlightOnFocus, None, self):
            self.viewport().update()  # the selection may be drawn differently without the focus
        elif current.isValid():
            top = self.rowViewportPosition(current.row())
            self.viewport().update(0, top, self.viewport().width(), self.rowHeight(current.row()))

    # --- an empty board ----------------------------------------------------------------------

    def empty_message(self) -> str:
        """What the board says below its rows while it shows no task ("" otherwise)."""
        return self._empty_message

    def set_empty_message(self, text: str) -> None:
        """Say why the board shows no task (the panel knows: its filters, or no tasks at
        all); an empty text says nothing."""
        if text != self._empty_message:
            self._empty_message = text
            self.viewport().update()

    def _free_area(self) -> QRect:
        """The viewport below the last row."""
        count = self.model().rowCount() if self.model() is not None else 0
        bottom = 0
        if count:
            bottom = self.rowViewportPosition(count - 1) + self.rowHeight(count - 1)
        viewport = self.viewport().rect()
        return QRect(0, bottom, viewport.width(), viewport.bottom() + 1 - bottom)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.about_to_paint.emit()
        super().paintEvent(event)
        if self._empty_message:
            area = self._free_area()
            if area.intersects(event.rect()):
                paint_placeholder(self.viewport(), area, self._empty_message)
        # The current row shows the focus as a whole, as the tree drew it: cells never do.
        current = self.currentIndex()
        if not current.isValid() or not (self.hasFocus() or self.viewport().hasFocus()):
            return
        top = self.rowViewportPosition(current.row())
        height = self.rowHeight(current.row())
        if top + height < event.rect().top() or top > event.rect().bottom():
            return
        option = QStyleOptionFocusRect()
        option.initFrom(self)
        option.state |= QStyle.StateFlag.State_KeyboardFocusChange
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        selected = self.selectionModel().isRowSelected(current.row(), QModelIndex())
        option.backgroundColor = self.palette().color(
            group, QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        )
        header = self.horizontalHeader()
        option.rect = QRect(-header.offset(), top, header.length(), height)
        painter = QPainter(self.viewport())
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self)
        painter.end()

    # --- columns and narrow boards -------------------------------------------------------------

    #: Task titles keep room for this many average characters before Due and Linked
    #: attributes give way.
    TITLE_CHARS = 40
    #: How much of an attribute's path the Linked column shows at most, and at least.
    LINKS_CHARS = (30, 18)

    def setup_columns(self) -> None:
        """The title takes the room; Status and Due are as wide as the longest thing they
        can show (measured on the labels and the font, never on the rows, which may be
        tens of thousands), and the linked attributes get a share within limits."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        icon = self.iconSize().width() if self.iconSize().isValid() else 16
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        statuses = max(metrics.horizontalAdvance(status.label) for status in TaskStatus)
        dates = max(
            metrics.horizontalAdvance(format_due(date(2027, month, 28))) for month in range(1, 13)
        )
        model = self.model()
        for column, width in (
            (Column.STATUS, statuses + icon + padding),
            (Column.DUE, dates + padding),
            (Column.LINKS, metrics.averageCharWidth() * self.LINKS_CHARS[0] + padding),
        ):
            title = model.headerData(column, Qt.Orientation.Horizontal) if model else ""
            width = max(width, metrics.horizontalAdvance(str(title or "")) + padding)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.links_width = header.sectionSize(Column.LINKS)
        self._fit_columns()

    def title_decoration_width(self) -> int:
        """What a task's title cell spends before its text: the indent below the strategy,
        the check box, the private mark and their margins."""
        style = self.style()
        box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        icon = self.iconSize().width() if self.iconSize().isValid() else 16
        return 2 * self.indentation() + box + icon + 6 * margin

    def title_min_width(self) -> int:
        """The title column's width below which Due and Linked attributes give way."""
        average = self.fontMetrics().averageCharWidth()
        return self.title_decoration_width() + self.TITLE_CHARS * average

    def _fit_columns(self) -> None:
        width = self.viewport().width()
        header = self.horizontalHeader()
        if header.count() < len(Column):
            return
        room = width - self.title_min_width() - header.sectionSize(Column.STATUS)
        due = header.sectionSize(Column.DUE)
        header.setSectionHidden(Column.DUE, room < due)
        least = self.fontMetrics().averageCharWidth() * self.LINKS_CHARS[1]
        links = min(self.links_width, room - due)
        header.setSectionHidden(Column.LINKS, links < least)
        if links >= least:
            header.resizeSection(Column.LINKS, links)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
