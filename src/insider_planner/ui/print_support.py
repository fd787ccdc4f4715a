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

if TYPE_CHECKING:
    from typing_extensions import Unpack


def render_plan(
    printer: QPrinter, plan: Plan, catalog: Catalog, **options: Unpack[ReportOptions]
) -> PrintLayout:
    """Paint the plan's report on a printer (or a preview's printer).

    `options` are the report's (redact, only_marked).
    """
    return render_report(build_report(plan, catalog, **options), printer)


class PlanPrintPreviewDialog(QPrintPreviewDialog):
    """A print preview with two toggles in its toolbar that re-render the preview.

    `redact` is where the Redacted toggle starts (the window's Redact choice).
    """

    def __init__(
        self,
        plan: Plan,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        redact: bool = False,
    ) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self._printer, parent)
        self.setWindowTitle(f"Print Preview — {plan.title}")
        self.resize(960, 760)  # wide enough for the toolbar to show the two toggles
        self._plan = plan
        self._catalog = catalog
        self.last_report: Report | None = None
        self.redact_action = QAction("Redacted", self)
        self.redact_action.setCheckable(True)
        self.redact_action.setChecked(redact)
        self.redact_action.setToolTip("Leave out notes and everything marked private")
        self.only_marked_action = QAction("Only ticked and needed", self)
        self.only_marked_action.setCheckable(True)
        self.only_marked_action.setToolTip("List only attributes ticked held or needed")
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.redact_action)
            toolbar.addAction(self.only_marked_action)
        else:  # Qt's dialog always has one; keep the options reachable if that changes
            self.addActions([self.redact_action, self.only_marked_action])
        self.paintRequested.connect(self._paint)
        preview = self.findChild(QPrintPreviewWidget)
        if preview is not None:
            self.redact_action.toggled.connect(preview.updatePreview)
            self.only_marked_action.toggled.connect(preview.updatePreview)

    def _paint(self, printer: QPrinter) -> None:
        self.last_report = build_report(
            self._plan,
            self._catalog,
            redact=self.redact_action.isChecked(),
            only_marked=self.only_marked_action.isChecked(),
        )
        render_report(self.last_report, printer)


def print_preview(
    parent: QWidget | None, plan: Plan, catalog: Catalog, *, redact: bool = False
) -> int:
    """Open the print preview (modal), redacted to start with if asked; returns its result."""
    dialog = PlanPrintPreviewDialog(plan, catalog, parent, redact=redact)
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def print_plan(
    parent: QWidget | None, plan: Plan, catalog: Catalog, **options: Unpack[ReportOptions]
) -> bool:
    """Ask for a printer and print the plan; False when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(plan.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Plan")
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        render_plan(printer, plan, catalog, **options)
        return True
    finally:
        dialog.deleteLater()
