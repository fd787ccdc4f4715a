"""The short message an empty view draws in its free space, saying why it is empty."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QWidget

from insider_planner.ui.theme import readable

#: A message is wrapped to at most this many average characters a line.
LINE_CHARS = 56
#: Below this much room (in lines of text) the message is not drawn at all.
LEAST_LINES = 2


def paint_placeholder(viewport: QWidget, area: QRect, text: str) -> None:
    """Draw `text` centred in `area` of a view's viewport, in the palette's placeholder
    colour (as an empty line edit draws its hint, kept readable on the view's base),
    wrapped at word boundaries.

    Nothing is drawn when `area` is too small to hold the message readably.
    """
    metrics = viewport.fontMetrics()
    margin = metrics.height()
    width = min(area.width() - 2 * margin, metrics.averageCharWidth() * LINE_CHARS)
    if not text or width <= 0 or area.height() < LEAST_LINES * metrics.lineSpacing():
        return
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
    bounds = metrics.boundingRect(QRect(0, 0, width, 10**6), int(flags), text)
    height = min(bounds.height(), area.height())
    # A third of the way down reads better than the middle of a tall, empty view.
    top = area.top() + max(0, (area.height() - height) // 3)
    box = QRect(area.left() + (area.width() - width) // 2, top, width, height)
    painter = QPainter(viewport)
    group = QPalette.ColorGroup.Normal if viewport.isEnabled() else QPalette.ColorGroup.Disabled
    palette = viewport.palette()
    color = palette.color(group, QPalette.ColorRole.PlaceholderText)
    painter.setPen(readable(color, palette.color(group, QPalette.ColorRole.Base)))
    painter.drawText(box, int(flags), text)
    painter.end()
