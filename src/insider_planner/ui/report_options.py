"""What a printed or exported plan leaves out: the same three choices, worded the same way,
in the print preview's toolbar, the print dialog and the export dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from insider_planner.ui.widgets import describe

if TYPE_CHECKING:
    from insider_planner.report.content import ReportOptions

OptionName = Literal["redact", "only_marked", "hide_done"]

#: Each choice: its name in `ReportOptions`, its label and its tool tip. All start off,
#: except Redacted, which starts from the window's Export ▸ Redact choice.
OPTIONS: tuple[tuple[OptionName, str, str], ...] = (
    ("redact", "Redacted", "Leave out notes and everything marked private"),
    ("only_marked", "Only ticked and needed", "List only attributes ticked held or needed"),
    (
        "hide_done",
        "Hide done tasks",
        "Leave done tasks off the action board; its figures still count them",
    ),
)


class ReportOptionsBox(QWidget):
    """One check box per choice, starting from `options`: in a column, or in a row
    (`horizontal`) such as the print preview's toolbar row."""

    def __init__(
        self, options: ReportOptions, parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan")  # the tab's name when shown in the print dialog
        layout: QBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        if horizontal:
            layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[OptionName, QCheckBox] = {}
        for name, label, tip in OPTIONS:
            box = QCheckBox(label, self)
            describe(box, label, tip)
            box.setChecked(bool(options.get(name, False)))
            layout.addWidget(box)
            self.boxes[name] = box
        layout.addStretch(1)

    def options(self) -> ReportOptions:
        """The choices as ticked now."""
        return {
            "redact": self.boxes["redact"].isChecked(),
            "only_marked": self.boxes["only_marked"].isChecked(),
            "hide_done": self.boxes["hide_done"].isChecked(),
        }


class ReportOptionsDialog(QDialog):
    """Asked before an export's file (or a printer) is chosen: what the copy leaves out.

    `go_on` names the button that goes on to the next step."""

    def __init__(
        self,
        title: str,
        options: ReportOptions,
        parent: QWidget | None = None,
        *,
        go_on: str = "Choose File…",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.box = ReportOptionsBox(options, self)
        layout.addWidget(self.box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(go_on)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
