"""The coverage chart in the gap panel: held vs needed per category."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from insider_planner.domain.gap import Coverage, category_coverage
from insider_planner.report.chart import (
    PRINT_COLORS,
    ChartColors,
    coverage_chart_height,
    coverage_chart_width,
    paint_coverage,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.theme import GRAPHIC_CONTRAST, blend, readable


def screen_colors(palette: QPalette) -> ChartColors:
    """The chart's colours on screen: its text from the palette, its bars' hues from paper,
    each checked against the window colour the chart is drawn on."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return ChartColors(
        held=readable(PRINT_COLORS.held, window, GRAPHIC_CONTRAST),
        needed=readable(PRINT_COLORS.needed, window, GRAPHIC_CONTRAST),
        track=blend(window, text, 0.08),
        outline=readable(blend(window, text, 0.4), window, GRAPHIC_CONTRAST),
        text=readable(text, window),
        muted=readable(palette.color(QPalette.ColorRole.PlaceholderText), window),
    )


class CoverageChart(QWidget):
    """Held vs needed per category; recomputes only the categories an edit touched."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setAccessibleName("Coverage chart")
        self.coverage: list[Coverage] = [category_coverage(doc.plan, r) for r in doc.tree.roots]
        self._update_tooltip()
        doc.node_states_changed.connect(self._states_changed)
        doc.node_inserted.connect(lambda node: self._recompute({node.category.id}))
        doc.node_removed.connect(lambda parent, row: self._recompute({parent.category.id}))

    def _states_changed(self, node_ids: list[str]) -> None:
        self._recompute(
            {node.category.id for i in node_ids if (node := self.doc.tree.get(i)) is not None}
        )

    def _recompute(self, category_ids: set[str]) -> None:
        before = list(self.coverage)
        for row, root in enumerate(self.doc.tree.roots):
            if root.id in category_ids:
                self.coverage[row] = category_coverage(self.doc.plan, root)
        if self.coverage != before:  # a note or a privacy mark changes no count
            self._update_tooltip()
            self.update()

    def _update_tooltip(self) -> None:
        lines = [
            f"{c.title}: {c.held} held, {c.needed} "
            + ("acceptable" if c.kind == "constraint" else f"needed ({c.covered} covered)")
            for c in self.coverage
        ]
        self.setToolTip("\n".join(lines))
        self.setAccessibleDescription("; ".join(lines))

    def sizeHint(self) -> QSize:
        height = coverage_chart_height(self.fontMetrics(), len(self.coverage))  # type: ignore[arg-type]
        # Wide enough for every category's name in full (the painter's margins: 8).
        width = math.ceil(coverage_chart_width(self.font(), self.coverage)) + 8
        return QSize(max(280, width), int(height) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_coverage(
            painter,
            QRectF(self.rect().adjusted(4, 4, -4, -4)),
            self.coverage,
            screen_colors(self.palette()),
        )
        painter.end()
