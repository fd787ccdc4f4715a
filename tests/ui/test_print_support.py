"""Printing and exporting from the window: the preview, the print dialog and the export
dialog offer the same choices, starting the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import Report
from insider_planner.ui import dialogs, print_support
from insider_planner.ui.dialogs import ask_report_options as real_ask_report_options
from insider_planner.ui.print_support import PlanPrintPreviewDialog
from insider_planner.ui.report_options import ReportOptionsBox, ReportOptionsDialog
from tests.report.helpers import pdf_text


def test_preview_starts_redacted_when_asked(
    qtbot: QtBot, sample_plan: Plan, catalog: Catalog
) -> None:
    dialog = PlanPrintPreviewDialog(sample_plan, catalog, redact=True)
    qtbot.addWidget(dialog)
    assert dialog.choices.boxes["redact"].isChecked()
    dialog.open()
    qtbot.waitUntil(lambda: dialog.last_report is not None)
    assert dialog.last_report is not None and dialog.last_report.redacted
    dialog.choices.boxes["redact"].setChecked(False)
    qtbot.waitUntil(lambda: dialog.last_report is not None and not dialog.last_report.redacted)


@pytest.mark.parametrize("redact", [True, False])
def test_window_preview_starts_from_the_redact_toggle(
    make_window, saved_sample: Path, monkeypatch, redact: bool
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    shown: list[bool] = []

    def exec_(self: PlanPrintPreviewDialog) -> int:
        shown.append(self.choices.boxes["redact"].isChecked())
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


def test_window_preview_shows_hide_done_and_does_not_follow_the_board(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The board's Hide done is a view of the board, not a choice about the printed plan:
    the preview starts as an export does, and shows the choice in its toolbar."""
    window = make_window(saved_sample)
    window.view.board.hide_done_check.setChecked(True)
    seen: list[dict[str, bool]] = []

    def exec_(self: PlanPrintPreviewDialog) -> int:
        seen.append(dict(self.options()))
        return 0

    monkeypatch.setattr(PlanPrintPreviewDialog, "exec", exec_)
    window.window_actions.print_preview.trigger()
    assert seen == [{"redact": False, "only_marked": False, "hide_done": False}]


def test_print_dialog_has_the_choices_and_printing_follows_them(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(print_support.sys, "platform", "linux")  # Qt's own print dialog
    window = make_window(saved_sample)
    printed: list[Report] = []
    tabs: list[list[str]] = []

    def exec_(self: QPrintDialog) -> QDialog.DialogCode:
        box = self.findChild(ReportOptionsBox)
        assert box is not None
        tabs.append([b.text() for b in box.boxes.values() if b.isChecked()])
        box.boxes["hide_done"].setChecked(True)
        box.boxes["only_marked"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    monkeypatch.setattr(print_support, "render_report", lambda r, p: printed.append(r))
    window.window_actions.redact.setChecked(True)
    window.window_actions.print.trigger()
    assert tabs == [["Redacted"]]  # starts from the window's Redact choice, the rest off
    assert len(printed) == 1
    report = printed[0]
    assert report.redacted and report.only_marked and report.hide_done
    assert "Ask past collaborators what they conceded" not in [
        t.title for s in report.strategies for t in s.tasks
    ]


def test_a_cancelled_print_dialog_prints_nothing(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    printed: list[Report] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(print_support, "render_report", lambda r, p: printed.append(r))
    window.window_actions.print.trigger()
    assert printed == []


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_where_the_print_dialog_shows_no_tab_the_choices_are_asked_first(
    make_window, saved_sample: Path, monkeypatch, platform: str
) -> None:  # type: ignore[no-untyped-def]
    """Native print dialogs leave out option tabs: the choices are asked before it opens."""
    monkeypatch.setattr(print_support.sys, "platform", platform)
    window = make_window(saved_sample)
    asked: list[tuple[str, dict[str, bool], str]] = []
    tabs: list[object] = []
    printed: list[Report] = []

    def ask(parent: object, title: str, options: dict[str, bool], go_on: str) -> dict[str, bool]:
        asked.append((title, dict(options), go_on))
        return {"redact": False, "only_marked": True, "hide_done": True}

    def exec_(self: QPrintDialog) -> QDialog.DialogCode:
        tabs.append(self.findChild(ReportOptionsBox))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "ask_report_options", ask)
    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    monkeypatch.setattr(print_support, "render_report", lambda r, p: printed.append(r))
    window.window_actions.redact.setChecked(True)
    window.window_actions.print.trigger()
    assert asked == [("Print Plan", {"redact": True}, "Choose Printer…")]
    assert tabs == [None]  # no tab that would never show
    assert len(printed) == 1
    report = printed[0]
    assert not report.redacted and report.only_marked and report.hide_done
    notes = [row.note for category in report.categories for row in category.rows]
    assert "Via the pilot" in notes  # the choice asked wins over the window's Redact


def test_cancelling_the_choices_asked_first_prints_nothing(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(print_support.sys, "platform", "win32")
    window = make_window(saved_sample)
    shown: list[str] = []
    printed: list[Report] = []
    monkeypatch.setattr(dialogs, "ask_report_options", lambda *a: None)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: shown.append("printer") or 1)
    monkeypatch.setattr(print_support, "render_report", lambda r, p: printed.append(r))
    window.window_actions.print.trigger()
    assert shown == [] and printed == []


# --- the export dialog ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "html", "markdown"])
def test_export_asks_the_choices_and_writes_what_was_chosen(
    make_window, saved_sample: Path, tmp_path: Path, monkeypatch, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    asked: list[tuple[str, dict[str, bool]]] = []

    def ask(parent: object, title: str, options: dict[str, bool]) -> dict[str, bool]:
        asked.append((title, dict(options)))
        return {"redact": False, "only_marked": True, "hide_done": True}

    target = tmp_path / f"plan.{fmt}"
    names: list[str] = []

    def save_path(parent: object, title: str, suggested: Path, *rest: object) -> Path:
        names.append(suggested.name)
        return target

    monkeypatch.setattr(dialogs, "ask_report_options", ask)
    monkeypatch.setattr(dialogs, "ask_save_path", save_path)
    window.window_actions.redact.setChecked(True)
    window.window_actions.export[fmt].trigger()
    label = {"pdf": "PDF", "html": "HTML", "markdown": "Markdown"}[fmt]
    assert asked == [(f"Export {label}", {"redact": True})]
    assert names == [f"Interpretability pilot.{'md' if fmt == 'markdown' else fmt}"]
    data = target.read_bytes()
    text = pdf_text(data) if fmt == "pdf" else data.decode("utf-8")
    assert "Ask past collaborators what they conceded" not in text  # done, hidden
    assert "Gradients" not in text  # not ticked
    assert "Via the pilot" in text  # not redacted: the dialog's choice wins


def test_a_cancelled_export_dialog_asks_for_no_file(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_report_options", lambda *a: None)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: asked.append("path"))
    window.window_actions.export["pdf"].trigger()
    assert asked == []


def test_json_export_asks_no_choices(
    make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_report_options", lambda *a: asked.append("choices"))
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: tmp_path / "plan.json")
    window.window_actions.export["json"].trigger()
    assert asked == [] and (tmp_path / "plan.json").exists()


def test_options_dialog_returns_the_ticked_choices(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ReportOptionsDialog("Export PDF", {"redact": True})
    qtbot.addWidget(dialog)
    assert [b.text() for b in dialog.box.boxes.values()] == [
        "Redacted",
        "Only ticked and needed",
        "Hide done tasks",
    ]
    assert dialog.box.options() == {"redact": True, "only_marked": False, "hide_done": False}

    def exec_with(code: QDialog.DialogCode) -> Callable[[ReportOptionsDialog], int]:
        def exec_(self: ReportOptionsDialog) -> int:
            self.box.boxes["hide_done"].setChecked(True)
            return int(code.value)

        return exec_

    monkeypatch.setattr(ReportOptionsDialog, "exec", exec_with(QDialog.DialogCode.Accepted))
    chosen = real_ask_report_options(None, "Export PDF", {"redact": True})
    assert chosen == {"redact": True, "only_marked": False, "hide_done": True}
    monkeypatch.setattr(ReportOptionsDialog, "exec", exec_with(QDialog.DialogCode.Rejected))
    assert real_ask_report_options(None, "Export PDF", {"redact": True}) is None


def test_options_dialog_names_the_step_it_goes_on_to(qtbot: QtBot) -> None:
    def go_on_text(dialog: ReportOptionsDialog) -> str:
        qtbot.addWidget(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        return buttons.button(QDialogButtonBox.StandardButton.Ok).text()

    assert go_on_text(ReportOptionsDialog("Export PDF", {})) == "Choose File…"
    printing = ReportOptionsDialog("Print Plan", {}, go_on="Choose Printer…")
    assert go_on_text(printing) == "Choose Printer…"
