"""The coverage chart: per category, how many nodes are held and how many needed.

Drawn with QPainter primitives only (rectangles and plain text), so it stays vector graphics
in a PDF and can be reused by any widget's paintEvent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from insider_planner.domain.gap import Coverage
from insider_planner.report.figures import bar_labels, gap_label
from insider_planner.report.page_style import CHART_MUTED, HELD, NEEDED, OUTLINE, TEXT, TRACK


@dataclass(frozen=True)
class ChartColors:
    """The chart's colours: its bars, their tracks and outlines, and its two greys of text."""

    held: QColor
    needed: QColor
    track: QColor
    outline: QColor
    text: QColor
    muted: QColor


#: Paper's colours: printed and exported pages always use these, whatever the screen's theme.
PRINT_COLORS = ChartColors(HELD, NEEDED, TRACK, OUTLINE, TEXT, CHART_MUTED)

#: A category's row is this many text lines high: two bars and the space between rows.
ROW_LINES = 2.9


def coverage_chart_height(metrics: QFontMetricsF, count: int) -> float:
    """The height the chart wants for `count` categories, in the units of `metrics`."""
    return count * ROW_LINES * metrics.height()


#: The shortest a bar may get (in text lines) before category names are elided for it.
MIN_BAR_LINES = 4.0


def _columns(
    metrics: QFontMetricsF, bold_metrics: QFontMetricsF, coverage: Sequence[Coverage]
) -> tuple[float, float, float]:
    """The widths the names, the bars' labels and the counts want, each with its gutter."""
    gutter = metrics.height() * 0.9
    title_w = max(bold_metrics.horizontalAdvance(c.title) for c in coverage) + gutter
    name_w = max(metrics.horizontalAdvance(n) for n in ("Held", "Acceptable", "Needed")) + gutter
    value_w = max(metrics.horizontalAdvance(f"{c.total} of {c.total}") for c in coverage) + gutter
    return title_w, name_w, value_w


def coverage_chart_width(font: QFont, coverage: Sequence[Coverage]) -> float:
    """The narrowest width at which every category's name is shown in full, in `font`'s
    units (on screen: pixels)."""
    if not coverage:
        return 0.0
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetricsF(font)
    title_w, name_w, value_w = _columns(metrics, QFontMetricsF(bold), coverage)
    return title_w + name_w + value_w + MIN_BAR_LINES * metrics.height()


def paint_coverage(
    painter: QPainter,
    rect: QRectF,
    coverage: Sequence[Coverage],
    colors: ChartColors = PRINT_COLORS,
) -> None:
    """Paint held and needed bars for each category into `rect`, in the painter's font.

    Each category gets an equal share of the height; bars are scaled to the category's
    number of leaf nodes, and each bar carries its count ("3 of 16"). The screen passes
    colours taken from its palette; pages keep the paper's.
    """
    if not coverage or rect.width() <= 0 or rect.height() <= 0:
        return
    painter.save()
    try:
        _paint(painter, rect, coverage, colors)
    finally:
        painter.restore()


def _paint(
    painter: QPainter, rect: QRectF, coverage: Sequence[Coverage], colors: ChartColors
) -> None:
    base = QFont(painter.font())
    bold = QFont(base)
    bold.setBold(True)
    device = painter.device()
    metrics = QFontMetricsF(base, device)
    bold_metrics = QFontMetricsF(bold, device)
    line = metrics.height()
    row_h = rect.height() / len(coverage)
    bar_h = min(line * 0.95, row_h * 0.34)
    bar_gap = min(line * 0.25, row_h * 0.08)
    gutter = line * 0.9

    title_w, name_w, value_w = _columns(metrics, bold_metrics, coverage)
    # Names take what the bars can spare (down to MIN_BAR_LINES), and at least 42 %; but
    # never the room of the counts: a narrow chart shortens its names, not its figures.
    spare = rect.width() - name_w - value_w - MIN_BAR_LINES * line
    counts_kept = rect.width() - name_w - value_w - line
    label_w = max(min(title_w, max(rect.width() * 0.42, spare), counts_kept), 0.0)
    bar_x = rect.left() + label_w + name_w
    bar_w = max(rect.right() - value_w - bar_x, line)

    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    outline = QPen(colors.outline)
    outline.setWidthF(max(line / 22, 0.5))
    for row, item in enumerate(coverage):
        top = rect.top() + row * row_h
        block_h = 2 * bar_h + bar_gap
        y0 = top + (row_h - block_h) / 2

        painter.setPen(colors.text)
        painter.setFont(bold)
        title_rect = QRectF(rect.left(), y0 - line * 0.1, label_w - gutter, line)
        painter.drawText(
            title_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bold_metrics.elidedText(item.title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        painter.setFont(base)
        painter.setPen(colors.muted)
        painter.drawText(
            QRectF(rect.left(), y0 + line * 0.9, label_w - gutter, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(gap_label(item), Qt.TextElideMode.ElideRight, label_w - gutter),
        )

        names = bar_labels(item.kind)
        for index, (name, count, color) in enumerate(
            ((names[0], item.held, colors.held), (names[1], item.needed, colors.needed))
        ):
            y = y0 + index * (bar_h + bar_gap)
            painter.setPen(colors.muted)
            painter.drawText(
                QRectF(rect.left() + label_w, y, name_w - gutter / 2, bar_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            track = QRectF(bar_x, y, bar_w, bar_h)
            painter.fillRect(track, colors.track)
            if item.total and count:
                painter.fillRect(QRectF(bar_x, y, bar_w * count / item.total, bar_h), color)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(track)
            painter.setPen(colors.text)
            painter.drawText(
                QRectF(bar_x + bar_w + gutter / 2, y, value_w - gutter / 2, bar_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{count} of {item.total}",
            )
