"""Paints the board's strategy rows as section headers; task titles are edited in place."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
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
from insider_planner.ui.board.style import DESCRIPTION_ROLE, PROGRESS_ROLE, Column
from insider_planner.ui.roles import AnyIndex
from insider_planner.ui.widgets import limit_line_edit


class StrategyDelegate(QStyledItemDelegate):
    """Paints strategy rows as section headers: number and title, progress, description."""

    PADDING = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[str, tuple[int, int]] = {}

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.9))
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # Rows are not of uniform height, so the tree asks for every row it lays out; on a
        # big plan that is thousands of calls, so the two heights are computed once per font.
        key = option.font.key()
        heights = self._heights.get(key)
        if heights is None:
            title, small = self._fonts(option)
            strategy = QFontMetrics(title).height() + QFontMetrics(small).height()
            task = super().sizeHint(option, index).height() if index.parent().isValid() else 0
            heights = (
                strategy + 3 * self.PADDING,
                max(task, QFontMetrics(option.font).height() + 8, 24),
            )
            if task:
                self._heights[key] = heights
        return QSize(200, heights[1] if index.parent().isValid() else heights[0])

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        # The only cell the board edits in place is a task's title.
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            limit_line_edit(editor, TITLE_MAX)
        return editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.parent().isValid() or index.column() != Column.TITLE:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        title_font, small_font = self._fonts(option)
        rect: QRect = opt.rect.adjusted(
            self.PADDING, self.PADDING, -2 * self.PADDING, -self.PADDING
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
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
