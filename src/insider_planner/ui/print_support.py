"""Print preview and printing of a plan, through the report's own page layout."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QCheckBox, QDialog, QMainWindow, QToolBar, QWidget

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import Report, ReportOptions, build_report
from insider_planner.report.pdf import PrintLayout, render_report
from insider_planner.ui import dialogs
from insider_planner.ui.report_options import OPTIONS, OptionName, ReportOptionsBox
from insider_planner.ui.widgets import describe

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
    tasks (each also a checkable action).

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
        self.options_bar = self._options_bar(actions)
        self.paintRequested.connect(self._paint)
        preview = self.findChild(QPrintPreviewWidget)
        if preview is not None:
            for action in actions:
                action.toggled.connect(preview.updatePreview)

    def _options_bar(self, actions: list[QAction]) -> QToolBar:
        """A second toolbar row below Qt's own, one check box per choice (kept in step with
        its action), so every choice shows however narrow the window is."""
        bar = QToolBar("Printed Plan", self)
        bar.setObjectName("printed-plan-choices")
        bar.setMovable(False)
        for action in actions:
            box = QCheckBox(action.text(), bar)
            describe(box, action.text(), action.toolTip())
            box.setChecked(action.isChecked())
            box.toggled.connect(action.setChecked)
            action.toggled.connect(box.setChecked)
            bar.addWidget(box)
        self.addActions(actions)
        window = self.findChild(QMainWindow)  # Qt's preview dialog lays itself out in one
        if window is not None:
            window.addToolBarBreak()
            window.addToolBar(bar)
        else:
            layout = self.layout()
            if layout is not None:
                layout.addWidget(bar)
        return bar

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

    The choices of the preview, starting from `options`, are a Plan tab of the print dialog
    where it shows such tabs; elsewhere (Windows and macOS, whose native print dialogs leave
    them out) they are asked first, as an export asks them, and cancelling there prints
    nothing.
    """
    title = "Print Plan"
    tabs_shown = _option_tabs_shown()
    if not tabs_shown:
        chosen = dialogs.ask_report_options(parent, title, options)
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
