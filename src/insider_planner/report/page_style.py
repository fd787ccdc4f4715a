"""How the printed report looks: its colours, its fonts and their sizes in a device's units.

The palette also serves the coverage chart, which is painted on screen as well as on paper,
so every colour the report uses is defined here and only here.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPagedPaintDevice

# --- colours -------------------------------------------------------------------------------

# The coverage chart: its bars, their tracks and outlines, and its labels' (slightly lighter) grey.
HELD = QColor("#2f6f8f")
NEEDED = QColor("#d9922e")
TRACK = QColor("#eeeeee")
OUTLINE = QColor("#9a9a9a")
CHART_MUTED = QColor("#5a5a5a")

# The pages. A note's bar is the chart's "needed" orange, and the chart's text is TEXT too.
NOTE_BAR = NEEDED
TEXT = QColor("#1a1a1a")
MUTED = QColor("#555555")
ACCENT = QColor("#1f4e63")
RULE = QColor("#c8c8c8")
HEADER_FILL = QColor("#e9eff2")
BAND_FILL = QColor("#f5f5f5")
NOTE_FILL = QColor("#fbf3e4")
BOX = QColor("#333333")

# --- fonts ---------------------------------------------------------------------------------

_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica Neue", "Helvetica")


@cache
def _family() -> str:
    available = set(QFontDatabase.families())
    return next((f for f in _FAMILIES if f in available), QFont().family())


def _font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(_family())
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    # Ligatures would turn "fi" into one glyph that PDF readers copy out as "ﬁ".
    if hasattr(font, "setFeature"):  # Qt 6.7+
        font.setFeature(QFont.Tag("liga"), 0)
    return font


class Style:
    """Fonts and sizes in the device's units, and the body area of a page."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.unit = device.logicalDpiY() / 72.0  # device units per point
        self.body = _font(9.5)
        self.bold = _font(9.5, bold=True)
        self.italic = _font(9.5, italic=True)
        self.small = _font(8)
        self.small_bold = _font(8, bold=True)
        self.small_italic = _font(8, italic=True)
        self.h1 = _font(13.5, bold=True)
        self.h2 = _font(10.5, bold=True)
        self.title = _font(20, bold=True)
        self.width = float(device.width())
        small_line = QFontMetricsF(self.small, device).height()
        self.footer_height = small_line * 2.4
        self.body_height = float(device.height()) - self.footer_height

    def pt(self, points: float) -> float:
        """`points` in device units."""
        return points * self.unit

    def mm(self, millimetres: float) -> float:
        """`millimetres` in device units."""
        return millimetres / 25.4 * 72.0 * self.unit

    def advance(self, font: QFont, text: str) -> float:
        """How wide `text` is in `font` on the device."""
        return QFontMetricsF(font, self.device).horizontalAdvance(text)

    def line_height(self, font: QFont) -> float:
        """The height of one line of `font` on the device."""
        return QFontMetricsF(font, self.device).height()

    def baseline_shift(self, font: QFont, other: QFont) -> float:
        """How far below `font`'s line top a line of `other` starts to share its baseline."""
        ascent = QFontMetricsF(font, self.device).ascent()
        return ascent - QFontMetricsF(other, self.device).ascent()
