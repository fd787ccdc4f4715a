"""Print preview and printing of a plan, through the report's own page layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QToolBar, QWidget

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import Report, ReportOptions, build_report
from insider_planner.report.pdf import PrintLayout, render_report
from insider_planner.ui.report_options import OPTIONS, OptionName, ReportOptionsBox

if TYPE_CHECKING:
    from typing_extensions import Unpack


def render_plan(
    printer: QPrinter, plan: Plan, catalog: Catalog, **options: Unpack[ReportOptions]
) -> PrintLayout:
    """Paint the plan's report on a printer (or a preview's printer).

    `options` are the report's (redact, only_marked, hide_done).
    """
    return render_report(build_report(plan, catalog, **options), printer)


class PlanPrintPreviewDialog(QPrintPreviewDialog):
    """A print preview whose toolbar shows what the printed plan leaves out, as toggles
    that re-render the preview: Redacted, Only ticked and needed, Hide done tasks.

    They start as an export's do (`options`; all off unless given), not from what the
    window's views happen to hide, so a preview matches what an export of the same plan
    prints.
    """

    def __init__(
        self,
        plan: Plan,
        catalog: Catalog,
        parent: QWidget | None = None,
        **options: Unpack[ReportOptions],
    ) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self._printer, parent)
        self.setWindowTitle(f"Print Preview — {plan.title}")
        self.resize(1040, 760)  # wide enough for the toolbar to show the toggles
        self._plan = plan
        self._catalog = catalog
        self.last_report: Report | None = None
        self.option_actions: dict[OptionName, QAction] = {}
        for name, label, tip in OPTIONS:
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(bool(options.get(name, False)))
            action.setToolTip(tip)
            self.option_actions[name] = action
        self.redact_action = self.option_actions["redact"]
        self.only_marked_action = self.option_actions["only_marked"]
        self.hide_done_action = self.option_actions["hide_done"]
        actions = list(self.option_actions.values())
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addActions(actions)
        else:  # Qt's dialog always has one; keep the options reachable if that changes
            self.addActions(actions)
        self.paintRequested.connect(self._paint)
        preview = self.findChild(QPrintPreviewWidget)
        if preview is not None:
            for action in actions:
                action.toggled.connect(preview.updatePreview)

    def options(self) -> ReportOptions:
        """The choices as toggled now."""
        return {
            "redact": self.redact_action.isChecked(),
            "only_marked": self.only_marked_action.isChecked(),
            "hide_done": self.hide_done_action.isChecked(),
        }

    def _paint(self, printer: QPrinter) -> None:
        self.last_report = build_report(self._plan, self._catalog, **self.options())
        render_report(self.last_report, printer)


def print_preview(
    parent: QWidget | None, plan: Plan, catalog: Catalog, **options: Unpack[ReportOptions]
) -> int:
    """Open the print preview (modal), its toggles starting from `options`; returns its
    result."""
    dialog = PlanPrintPreviewDialog(plan, catalog, parent, **options)
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def print_plan(
    parent: QWidget | None, plan: Plan, catalog: Catalog, **options: Unpack[ReportOptions]
) -> bool:
    """Ask for a printer and print the plan; False when the user cancels.

    The print dialog has a Plan tab with the same choices as the preview, starting from
    `options`.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(plan.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Plan")
    choices = ReportOptionsBox(options)
    dialog.setOptionTabs([choices])
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        render_plan(printer, plan, catalog, **choices.options())
        return True
    finally:
        dialog.deleteLater()
