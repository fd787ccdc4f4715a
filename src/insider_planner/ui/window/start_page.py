"""The page the window shows while no plan is open: what the app is for, or why the plan
asked for could not be opened, and the ways to a plan from there."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from insider_planner import APP_TITLE
from insider_planner.storage.files import PlanLoadError
from insider_planner.ui.widgets import plain_label

INTRO = (
    "Plan how someone outside an AI lab can gain the access, resources, information and "
    "trust that the lab's insiders have, for a safety project.\n\n"
    "Tick what you already hold, mark what your project needs, then work the gap on a "
    "prioritised action board."
)

#: The page's choices: label (with its mnemonic), what it does, in the order Tab visits them.
#: The menu bar takes Alt+F, E, T, V and H, so none of these letters is used here.
CHOICES = {
    "new": ("&New blank plan", "Start from an empty checklist that you fill in."),
    "example": (
        "Open the e&xample plan",
        "A worked plan to look around in, saved as a plan of your own to change or delete.",
    ),
    "open": ("&Open a file…", "A plan file from anywhere on this computer."),
}

#: The widest the text column grows, in average characters: lines longer than this are
#: hard to read, however wide the window.
_MEASURE = 84


class StartPage(QWidget):
    """What the window's centre shows while no plan is open.

    At start with no plan to open, and after the open plan was closed or deleted, it says
    what the app is for; when a plan could not be opened, which file and why. Either way it
    offers the same three ways on: a new plan, the example plan, or a plan file.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")
        self.heading = plain_label()
        self.heading.setAccessibleName("Heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = _paragraph(INTRO, "About Insider Planner")
        self.message = _paragraph("", "Why the plan could not be opened")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = _paragraph(
            "Or open one of your plans from the Plans list: Enter or a double-click opens it.",
            "Your plans",
        )

        self.buttons: dict[str, QPushButton] = {}
        choices = QGridLayout()
        choices.setHorizontalSpacing(14)
        choices.setVerticalSpacing(10)
        for row, (key, (label, caption)) in enumerate(CHOICES.items()):
            button = QPushButton(label)
            name = label.replace("&", "").rstrip("…")
            button.setAccessibleName(name)
            button.setAccessibleDescription(caption)
            button.setToolTip(caption)
            # Outside a dialog a push button ignores Enter unless it is an auto-default one.
            button.setAutoDefault(True)
            button.setMinimumHeight(button.sizeHint().height() + 8)
            text = _paragraph(caption, f"{name}: what it does")
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            choices.addWidget(button, row, 0)
            choices.addWidget(text, row, 1)
            self.buttons[key] = button
        choices.setColumnStretch(1, 1)
        self.new_button = self.buttons["new"]
        self.example_button = self.buttons["example"]
        self.open_button = self.buttons["open"]
        self.new_button.setDefault(True)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(self.message)
        column.addSpacing(8)
        column.addLayout(choices)
        column.addSpacing(4)
        column.addWidget(self.hint)
        self.content = QWidget()
        self.content.setLayout(column)
        self.content.setMaximumWidth(self.fontMetrics().averageCharWidth() * _MEASURE + 40)
        self.content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        row_layout = QHBoxLayout()
        row_layout.addStretch(1)
        row_layout.addWidget(self.content, 100)
        row_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(2)
        layout.addLayout(row_layout)
        layout.addStretch(3)
        for first, second in pairwise(self.buttons.values()):
            QWidget.setTabOrder(first, second)
        self.show_start()

    def show_start(self, *, plans_listed: bool = False) -> None:
        """Say what the app is for; `plans_listed` adds a pointer to the plan list."""
        self.heading.setText(APP_TITLE)
        self.intro.show()
        self.message.hide()
        self.message.clear()
        self.hint.setVisible(plans_listed)

    def show_error(self, error: PlanLoadError, *, plans_listed: bool = False) -> None:
        """Say which plan could not be opened, and why; the file was left as it was."""
        self.heading.setText("This plan could not be opened")
        self.intro.hide()
        self.message.setText(f"{error.path}\n\n{error.reason}\n\nThe file has not been changed.")
        self.message.show()
        self.hint.setVisible(plans_listed)

    def focus_default(self) -> None:
        """Put the keyboard focus on the default choice, a new plan."""
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _paragraph(text: str, name: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label
