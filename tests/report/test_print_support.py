"""Print preview: the toolbar's toggles re-render the preview through our renderer."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.ui.print_support import PlanPrintPreviewDialog


def test_preview_toggles_rerender(qtbot: QtBot, sample_plan: Plan, catalog: Catalog) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.last_report is not None)
    assert dialog.last_report is not None
    assert not dialog.last_report.redacted
    rows = sum(len(c.rows) for c in dialog.last_report.categories)

    dialog.redact_action.setChecked(True)
    qtbot.waitUntil(lambda: dialog.last_report is not None and dialog.last_report.redacted)

    dialog.only_marked_action.setChecked(True)
    qtbot.waitUntil(
        lambda: (
            dialog.last_report is not None
            and sum(len(c.rows) for c in dialog.last_report.categories) < rows
        )
    )
    assert dialog.redact_action.text() == "Redacted"
    assert dialog.only_marked_action.text() == "Only ticked and needed"
