"""Printing from the window follows its Redact choice, in the preview and on paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import Report
from insider_planner.ui import print_support
from insider_planner.ui.print_support import PlanPrintPreviewDialog


def test_preview_starts_redacted_when_asked(
    qtbot: QtBot, sample_plan: Plan, catalog: Catalog
) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog, redact=True)
    qtbot.addWidget(dialog)
    assert dialog.redact_action.isChecked()
    dialog.open()
    qtbot.waitUntil(lambda: dialog.last_report is not None)
    assert dialog.last_report is not None and dialog.last_report.redacted
    dialog.redact_action.setChecked(False)
    qtbot.waitUntil(lambda: dialog.last_report is not None and not dialog.last_report.redacted)


@pytest.mark.parametrize("redact", [True, False])
def test_window_preview_starts_from_the_redact_toggle(
    make_window, saved_sample: Path, monkeypatch, redact: bool
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    shown: list[bool] = []

    def exec_(self: PlanPrintPreviewDialog) -> int:
        shown.append(self.redact_action.isChecked())
        return 0

    monkeypatch.setattr(PlanPrintPreviewDialog, "exec", exec_)
    window.window_actions.redact.setChecked(redact)
    window.window_actions.print_preview.trigger()
    assert shown == [redact]


@pytest.mark.parametrize("redact", [True, False])
def test_window_printing_follows_the_redact_toggle(
    make_window, saved_sample: Path, monkeypatch, redact: bool
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    printed: list[Report] = []

    def render(report: Report, printer: QPrinter) -> None:
        printed.append(report)

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(print_support, "render_report", render)
    window.window_actions.redact.setChecked(redact)
    window.window_actions.print.trigger()
    assert [r.redacted for r in printed] == [redact]
    notes = [row.note for category in printed[0].categories for row in category.rows]
    assert ("Via the pilot" in notes) is not redact
