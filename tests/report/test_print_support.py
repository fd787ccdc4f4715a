"""Print preview: the check boxes below its toolbar re-render it through our renderer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMainWindow
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import build_report
from insider_planner.ui.print_support import PlanPrintPreviewDialog


def test_preview_toggles_rerender(qtbot: QtBot, sample_plan: Plan, catalog: Catalog) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.last_report is not None)
    assert dialog.last_report is not None
    assert not dialog.last_report.redacted
    rows = sum(len(c.rows) for c in dialog.last_report.categories)

    dialog.choices.boxes["redact"].setChecked(True)
    qtbot.waitUntil(lambda: dialog.last_report is not None and dialog.last_report.redacted)

    dialog.choices.boxes["only_marked"].setChecked(True)
    qtbot.waitUntil(
        lambda: (
            dialog.last_report is not None
            and sum(len(c.rows) for c in dialog.last_report.categories) < rows
        )
    )
    assert dialog.choices.boxes["redact"].text() == "Redacted"
    assert dialog.choices.boxes["only_marked"].text() == "Only ticked and needed"


def test_preview_offers_hide_done_and_starts_with_every_choice_off(
    qtbot: QtBot, sample_plan: Plan, catalog: Catalog
) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog)
    qtbot.addWidget(dialog)
    bar = dialog.options_bar
    boxes = bar.findChildren(QCheckBox)
    assert [b.text() for b in boxes] == ["Redacted", "Only ticked and needed", "Hide done tasks"]
    assert not any(b.isChecked() for b in boxes)
    assert not any(a.isChecked() for a in dialog.choices.boxes.values())
    assert isinstance(bar.parent(), QMainWindow)  # a toolbar row of Qt's preview window
    dialog.open()
    qtbot.waitUntil(lambda: dialog.last_report is not None)
    assert dialog.last_report is not None
    # Off, as an export's options are: the same report as `export` without flags.
    assert dialog.last_report == build_report(
        sample_plan, catalog, today=dialog.last_report.generated
    )
    assert dialog.last_report.task_total == 4
    listed = sum(len(s.tasks) for s in dialog.last_report.strategies)

    boxes[2].click()
    assert dialog.choices.boxes["hide_done"].isChecked()
    qtbot.waitUntil(lambda: dialog.last_report is not None and dialog.last_report.hide_done)
    assert sum(len(s.tasks) for s in dialog.last_report.strategies) == listed - 1
    assert dialog.options() == {"redact": False, "only_marked": False, "hide_done": True}


def test_preview_starts_from_the_options_given(
    qtbot: QtBot, sample_plan: Plan, catalog: Catalog
) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog, only_marked=True, hide_done=True)
    qtbot.addWidget(dialog)
    assert dialog.options() == {"redact": False, "only_marked": True, "hide_done": True}
