"""The coverage chart paints bars for held and needed on any paint device."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.chart import bar_labels, coverage_chart_height, paint_coverage
from insider_planner.report.content import build_report
from insider_planner.report.page_style import HELD, NEEDED


def _colors(image: QImage) -> set[int]:
    return {
        image.pixel(x, y) & 0xFFFFFF
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_paints_held_and_needed_bars(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    coverage = build_report(sample_plan, catalog).coverage
    font = QFont()
    font.setPixelSize(12)
    height = coverage_chart_height(QFontMetricsF(font), len(coverage))
    image = QImage(600, int(height), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    paint_coverage(painter, QRectF(0, 0, 600, height), coverage)
    painter.end()
    colors = _colors(image)
    assert HELD.rgb() & 0xFFFFFF in colors
    assert NEEDED.rgb() & 0xFFFFFF in colors


def test_nothing_to_paint_is_fine(qapp: QApplication) -> None:
    image = QImage(50, 50, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_coverage(painter, QRectF(0, 0, 50, 50), [])
    paint_coverage(painter, QRectF(0, 0, 0, 0), [])
    painter.end()
    assert _colors(image) == {0xFFFFFF}


def test_constraint_bars_read_acceptable() -> None:
    assert bar_labels("constraint") == ("Held", "Acceptable")
    assert bar_labels("access") == ("Held", "Needed")


class _Recording(QPainter):
    """Keeps each text drawn in a rectangle, with that rectangle."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.drawn: list[tuple[QRectF, str]] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        if len(args) == 3 and isinstance(args[0], QRectF) and isinstance(args[2], str):
            self.drawn.append((QRectF(args[0]), args[2]))
        super().drawText(*args)  # type: ignore[call-overload]


def test_a_narrow_chart_shortens_names_but_shows_every_count_whole(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    coverage = build_report(sample_plan, catalog).coverage
    font = QFont()
    font.setPixelSize(12)
    metrics = QFontMetricsF(font)
    height = coverage_chart_height(metrics, len(coverage))
    width = 230.0  # far less than the names want
    image = QImage(int(width), int(height), QImage.Format.Format_RGB32)
    painter = _Recording(image)
    painter.setFont(font)
    area = QRectF(0, 0, width, height)
    paint_coverage(painter, area, coverage)
    painter.end()
    texts = [text for _, text in painter.drawn]
    for item in coverage:
        for count in (f"{item.held} of {item.total}", f"{item.needed} of {item.total}"):
            assert count in texts, count
    for rect, text in painter.drawn:
        if " of " in text:
            assert rect.left() >= 0 and rect.right() <= width + 0.5, (text, rect)
            assert metrics.horizontalAdvance(text) <= rect.width() + 0.5, (text, rect)
    assert any(text.endswith("…") for text in texts)  # some names had to be shortened
