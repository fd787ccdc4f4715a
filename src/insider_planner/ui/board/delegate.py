"""Paints the board's strategy rows as section headers; task titles are edited in place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.ui.board.flat import BoardFlatModel, is_strategy_row
from insider_planner.ui.board.style import DESCRIPTION_ROLE, PROGRESS_ROLE, Column
from insider_planner.ui.roles import AnyIndex
from insider_planner.ui.theme import readable
from insider_planner.ui.widgets import limit_line_edit

_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_NOT_FOCUS = ~_HAS_FOCUS
_SELECTED = QStyle.StateFlag.State_Selected
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem


class StrategyDelegate(QStyledItemDelegate):
    """Paints strategy rows as section headers: an arrow, number and title, progress and
    description, on a band across the row. Task titles sit one step further in."""

    PADDING = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[str, tuple[int, int]] = {}
        self._indent: int | None = None

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.9))
        return title, small

    def indentation(self, option: QStyleOptionViewItem) -> int:
        """The width of a strategy's arrow: the step task titles are indented by, twice."""
        if self._indent is None:
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._indent = style.pixelMetric(
                QStyle.PixelMetric.PM_TreeViewIndentation, None, widget
            )
        return self._indent

    def row_heights(self, option: QStyleOptionViewItem) -> tuple[int, int]:
        """The heights of strategy rows and of task rows for the view's font (kept)."""
        key = option.font.key()
        heights = self._heights.get(key)
        if heights is None:
            title, small = self._fonts(option)
            strategy = QFontMetrics(title).height() + QFontMetrics(small).height()
            # A task's title cell: a check box, a small icon and a line of text.
            task = QStyleOptionViewItem(option)
            task.features |= (
                QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
                | QStyleOptionViewItem.ViewItemFeature.HasDisplay
                | QStyleOptionViewItem.ViewItemFeature.HasDecoration
            )
            task.text = "Task"
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            cell = style.sizeFromContents(
                QStyle.ContentsType.CT_ItemViewItem, task, QSize(), widget
            ).height()
            heights = self._heights[key] = (
                strategy + 3 * self.PADDING,
                max(cell, QFontMetrics(option.font).height() + 8, 24),
            )
        return heights

    def forget_heights(self) -> None:
        """Measure rows and the indent afresh (the style or font changed)."""
        self._heights.clear()
        self._indent = None

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        strategy, task = self.row_heights(option)
        return QSize(200, strategy if is_strategy_row(index) else task)

    def _indented(self, option: QStyleOptionViewItem, index: AnyIndex) -> QStyleOptionViewItem:
        """A task title's cell as it is drawn: indented below its strategy. Painting, the
        check box's click area and the title editor all place it so."""
        if index.column() != Column.TITLE or is_strategy_row(index):
            return option
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted(2 * self.indentation(option), 0, 0, 0)
        return shifted

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        return super().editorEvent(event, model, self._indented(option, index), index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        super().updateEditorGeometry(editor, self._indented(option, index), index)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        # The only cell the board edits in place is a task's title.
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            limit_line_edit(editor, TITLE_MAX)
        return editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # Every task title on screen comes here on every paint: kept to a few calls.
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        if not is_strategy_row(index):
            cell = QStyleOptionViewItem(option)
            if index.column() == Column.TITLE:
                if option.state & _SELECTED:  # the indent is selected with the row
                    style.drawPrimitive(_PANEL, option, painter, widget)
                cell.rect = option.rect.adjusted(2 * self.indentation(option), 0, 0, 0)
            cell.state &= _NOT_FOCUS  # the whole row is current, as in a tree: no cell frame
            super().paint(painter, cell, index)
            return
        if option.state & _HAS_FOCUS:
            option = QStyleOptionViewItem(option)
            option.state &= _NOT_FOCUS
        painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.AlternateBase))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        self._paint_arrow(painter, opt, index)

        title_font, small_font = self._fonts(option)
        rect: QRect = opt.rect.adjusted(
            self.indentation(option) + self.PADDING, self.PADDING, -2 * self.PADDING, -self.PADDING
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = (
            palette.color(QPalette.ColorRole.HighlightedText)
            if selected
            else readable(
                palette.color(QPalette.ColorRole.PlaceholderText),
                palette.color(QPalette.ColorRole.AlternateBase),
            )
        )
        done, total = index.data(PROGRESS_ROLE) or (0, 0)
        progress = f"{done} of {total} done" if total else "No tasks yet"

        painter.save()
        title_metrics = QFontMetrics(title_font)
        small_metrics = QFontMetrics(small_font)
        bar_width = 64
        progress_width = small_metrics.horizontalAdvance(progress)
        right_block = progress_width + (bar_width + 8 if total else 0)
        title_rect = QRect(
            rect.left(), rect.top(), rect.width() - right_block - 12, title_metrics.height()
        )
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = title_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )

        painter.setFont(small_font)
        painter.setPen(muted)
        progress_rect = QRect(
            rect.right() - progress_width, rect.top(), progress_width, title_rect.height()
        )
        painter.drawText(
            progress_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, progress
        )
        if total:
            bar = QRect(progress_rect.left() - bar_width - 8, 0, bar_width, 6)
            bar.moveCenter(QPoint(bar.center().x(), progress_rect.center().y()))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            track = palette.color(QPalette.ColorRole.Mid)
            track.setAlpha(90)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            if done:
                filled = QRect(bar)
                filled.setWidth(max(6, round(bar_width * done / total)))
                painter.setBrush(
                    palette.color(QPalette.ColorRole.HighlightedText)
                    if selected
                    else palette.color(QPalette.ColorRole.Highlight)
                )
                painter.drawRoundedRect(filled, 3, 3)

        description = str(index.data(DESCRIPTION_ROLE) or "")
        painter.setPen(muted)
        desc_rect = QRect(
            rect.left(), title_rect.bottom() + 3, rect.width(), small_metrics.height()
        )
        painter.drawText(
            desc_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(description, Qt.TextElideMode.ElideRight, desc_rect.width()),
        )
        painter.restore()

    def _paint_arrow(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        """The strategy's arrow, drawn as the tree drew its branch indicator."""
        model = index.model()
        expanded = not isinstance(model, BoardFlatModel) or model.is_expanded(
            model.lane_of_row(index.row())
        )
        branch = QStyleOptionViewItem(option)
        branch.rect = QRect(
            option.rect.left(), option.rect.top(), self.indentation(option), option.rect.height()
        )
        state = QStyle.StateFlag
        branch.state = option.state | state.State_Item | state.State_Children
        if expanded:
            branch.state |= state.State_Open
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorBranch, branch, painter, widget)
