"""The gap panel: the list, its buttons, the coverage chart and the warning."""

from __future__ import annotations

from PySide6.QtCore import Qt

from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.chart import CoverageChart
from insider_planner.ui.gap.panel import GapPanel


def test_chart_figures_follow_edits(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    chart = CoverageChart(doc)
    qtbot.addWidget(chart)
    artefacts = chart.coverage[0]
    assert (artefacts.needed, artefacts.covered) == (2, 1)
    doc.set_flags(["metrics.benchmarks"], "needed", True)
    assert (chart.coverage[0].needed, chart.coverage[0].covered) == (3, 1)
    doc.set_flags(["internals.weights"], "held", True)
    assert chart.coverage[0].covered == 2


def test_criticism_warning_shows_while_an_nda_is_held(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = GapPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.warning.isVisible()
    assert "criticise" in panel.warning.text()
    doc.set_flags(["formal.nda"], "held", False)
    assert not panel.warning.isVisible()
    doc.set_flags(["formal.publication-restrictions"], "held", True)
    assert panel.warning.isVisible()
    assert panel.warning.textFormat() == Qt.TextFormat.PlainText
