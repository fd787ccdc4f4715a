"""The board's tree view: strategy bands, narrow-width columns, drops below a header."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDropEvent, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QTreeView

from insider_planner.ui.board.style import Column
from insider_planner.ui.drag import decode
from insider_planner.ui.roles import AnyIndex


def _is_strategy_drag(data: QMimeData) -> bool:
    payload = decode(data)
    return payload is not None and payload.strategy is not None


class BoardTreeView(QTreeView):
    """The board tree; strategy rows are drawn as full-width bands.

    When the board is narrow the Linked and Due columns give way (the editor below and
    the tool tips still show them), so titles stay readable.
    """

    links_width = 180

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        header = self.header()
        header.setSectionHidden(Column.LINKS, width < 520)
        header.setSectionHidden(Column.DUE, width < 400)
        if width >= 520:
            header.resizeSection(Column.LINKS, min(self.links_width, max(120, width // 4)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Up/Down are the move shortcuts; when a move is not possible (the action is
        # disabled) they must not fall through and move the cursor instead.
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        # Just below an expanded strategy's header the drop line sits above its first task,
        # but Qt reports "after this strategy", which the model reads as the strategy's end.
        index = self.indexAt(event.position().toPoint())
        if (
            self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem
            and index.isValid()
            and not index.parent().isValid()
            and self.isExpanded(index)
            and self.model().rowCount(index.siblingAtColumn(0)) > 0
            and not _is_strategy_drag(event.mimeData())
        ):
            dropped = self.model().dropMimeData(
                event.mimeData(), event.dropAction(), 0, 0, index.siblingAtColumn(0)
            )
            event.setAccepted(dropped)
            self.setState(QAbstractItemView.State.NoState)
            self.viewport().update()
            return
        super().dropEvent(event)

    def drawRow(self, painter: QPainter, options: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not index.parent().isValid():
            band = self.palette().color(QPalette.ColorRole.AlternateBase)
            painter.fillRect(options.rect, band)
        super().drawRow(painter, options, index)
