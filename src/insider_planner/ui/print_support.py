"""Print preview and printing of a plan, through the report's own page layout."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QMainWindow, QToolBar, QWidget

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import Report, ReportOptions, build_report
from insider_planner.report.pdf import PrintLayout, render_report
from insider_planner.ui import dialogs
from insider_planner.ui.report_options import ReportOptionsBox

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
    """A print preview with a row of check boxes below its toolbar for what the printed plan
    leaves out, which re-render the preview: Redacted, Only ticked and needed, Hide done
    tasks.

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
        self.resize(960, 760)
        self._plan = plan
        self._catalog = catalog
        self.last_report: Report | None = None
        self.options_bar = QToolBar("Printed Plan", self)
        self.options_bar.setObjectName("printed-plan-choices")
        self.options_bar.setMovable(False)
        self.choices = ReportOptionsBox(options, self.options_bar, horizontal=True)
        row, bar = self.choices.layout(), self.options_bar.layout()
        if row is not None and bar is not None:
            row.setSpacing(bar.spacing())  # spaced as the toolbar spaces its own items
        self.options_bar.addWidget(self.choices)
        # A second toolbar row below Qt's own, so every choice shows however narrow the
        # window is. Qt's preview dialog lays itself out in a main window of its own.
        window = self.findChild(QMainWindow)
        if window is not None:
            window.addToolBarBreak()
            window.addToolBar(self.options_bar)
        else:
            layout = self.layout()
            if layout is not None:
                layout.addWidget(self.options_bar)
        self.paintRequested.connect(self._paint)
        preview = self.findChild(QPrintPreviewWidget)
        if preview is not None:
            for box in self.choices.boxes.values():
                box.toggled.connect(preview.updatePreview)

    def options(self) -> ReportOptions:
        """The choices as ticked now."""
        return self.choices.options()

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

    The choices of the preview, starting from `options`, are a Plan tab of the print dialog
    where it shows such tabs; elsewhere (Windows and macOS, whose native print dialogs leave
    them out) they are asked first, as an export asks them, and cancelling there prints
    nothing.
    """
    title = "Print Plan"
    tabs_shown = _option_tabs_shown()
    if not tabs_shown:
        chosen = dialogs.ask_report_options(parent, title, options, "Choose Printer…")
        if chosen is None:
            return False
        options = chosen
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(plan.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    choices: ReportOptionsBox | None = None
    if tabs_shown:
        # Parented to the dialog, so that Qt alone owns it once it becomes one of its tabs.
        choices = ReportOptionsBox(options, dialog)
        dialog.setOptionTabs([choices])
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        render_plan(printer, plan, catalog, **(choices.options() if choices else options))
        return True
    finally:
        dialog.deleteLater()


def _option_tabs_shown() -> bool:
    """Whether the print dialog shows tabs given to `QPrintDialog.setOptionTabs`: only Qt's
    own dialog does; the native ones of Windows and macOS do not."""
    return sys.platform not in ("win32", "darwin")
