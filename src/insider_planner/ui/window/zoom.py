"""The text size of the lists that show a plan: the attribute tree, the board and the gap."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from insider_planner.storage.settings import AppSettings

#: The sizes Zoom In and Zoom Out step through, in percent of the normal size.
ZOOM_STEPS = (60, 70, 80, 90, 100, 110, 125, 150, 175, 200)
NORMAL = 100


def nearest_step(percent: int) -> int:
    """The zoom step closest to `percent` (a hand-edited setting may hold anything)."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


class TextZoom(QObject):
    """The zoom level, kept in the settings, and the fonts it gives the plan's lists.

    A zoomed widget's font sets only its size, so family and style still follow the
    application; at the normal size the widget inherits its font again. `changed` tells
    the window (which applies the fonts) and Preferences (which shows the size).
    """

    changed = Signal(int)

    def __init__(self, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.percent = nearest_step(settings.text_zoom)

    def step(self, direction: int) -> bool:
        """One step larger (+1) or smaller (-1), or back to the normal size (0).

        False when the size stays as it was (at a limit, or already normal).
        """
        if direction == 0:
            return self.set_percent(NORMAL)
        row = ZOOM_STEPS.index(self.percent) + direction
        if not 0 <= row < len(ZOOM_STEPS):
            return False
        return self.set_percent(ZOOM_STEPS[row])

    def set_percent(self, percent: int) -> bool:
        """Go to the zoom step nearest `percent`; False when the size stays as it was."""
        target = nearest_step(percent)
        if target == self.percent:
            return False
        self.percent = target
        self._settings.text_zoom = target
        self._settings.sync()
        self.changed.emit(target)
        return True

    def apply(self, widgets: Iterable[QWidget]) -> None:
        """Give each widget the zoomed font; each lays itself out again once.

        Columns keep their widths: wider ones would push the tree's check boxes and the
        board's titles out of sight.
        """
        for widget in widgets:
            widget.setFont(self.font_for(widget))

    def font_for(self, widget: QWidget) -> QFont:
        """The font `widget` shows at this zoom (an empty font at the normal size)."""
        font = QFont()
        if self.percent == NORMAL:
            return font
        base = QApplication.font(widget)
        scale = self.percent / NORMAL
        if base.pointSizeF() > 0:
            font.setPointSizeF(base.pointSizeF() * scale)
        else:
            font.setPixelSize(max(1, round(base.pixelSize() * scale)))
        return font
