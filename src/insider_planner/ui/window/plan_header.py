"""The plan's title, target and project, edited in place."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from insider_planner.domain.limits import LONG_TEXT_MAX, TARGET_MAX, TITLE_MAX
from insider_planner.ui import edits
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import TYPING_PAUSE_MS, CommitLineEdit, CommitTextEdit


class PlanHeader(QWidget):
    """Title, target (lab or organisation) and project; each burst of typing is one undo step."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.title = CommitLineEdit(pause_ms=TYPING_PAUSE_MS, max_length=TITLE_MAX)
        self.target = CommitLineEdit(pause_ms=TYPING_PAUSE_MS, max_length=TARGET_MAX)
        self.project = CommitTextEdit(pause_ms=TYPING_PAUSE_MS, max_length=LONG_TEXT_MAX)
        self.project.setFixedHeight(self.project.fontMetrics().lineSpacing() * 3 + 12)
        specs = (
            (self.title, "Plan title", "The plan's name, shown in the plan list and the printout"),
            (self.target, "Target", "The lab or organisation you want access to"),
            (self.project, "Project", "What you want to do, and why it needs insider attributes"),
        )
        for widget, name, tip in specs:
            widget.setAccessibleName(name)
            widget.setToolTip(tip)
        self.title.setPlaceholderText("Untitled plan")
        self.target.setPlaceholderText("Lab or organisation")
        self.project.setPlaceholderText("What you want to do, and why it needs access")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("&Title:", self.title)
        layout.addRow("T&arget:", self.target)
        layout.addRow("&Project:", self.project)
        self._update_read_only()
        doc.path_changed.connect(self._update_read_only)
        self.title.editing_finished.connect(lambda: self._commit("title", self.title.text()))
        self.title.typing_paused.connect(self._title_paused)
        for signal in (self.target.editing_finished, self.target.typing_paused):
            signal.connect(lambda: self._commit("target", self.target.text()))
        self.project.editing_finished.connect(
            lambda: self._commit("project", self.project.toPlainText())
        )
        doc.plan_info_changed.connect(self._refresh)
        self._refresh("")

    def _update_read_only(self) -> None:
        for widget in (self.title, self.target):
            widget.setReadOnly(self.doc.read_only)
        self.project.setReadOnly(self.doc.read_only)

    def _commit(self, field: str, value: str) -> None:
        edits.set_plan_field(self.doc, field, value)

    def _title_paused(self) -> None:
        # A title cleared to type a new one is not an edit until the field is left.
        if self.title.text().strip():
            self._commit("title", self.title.text())

    def _refresh(self, field: str) -> None:
        """Show the plan's value of `field` (every field when empty)."""
        plan = self.doc.plan
        # Text being typed that the plan already holds (give or take the spaces a title
        # loses) stays as typed, so a commit after a pause never moves the cursor.
        if field in ("", "title") and self.title.text().strip() != plan.title:
            _show_text(self.title, plan.title)
        if field in ("", "target") and self.target.text() != plan.target:
            _show_text(self.target, plan.target)
        if field in ("", "project"):
            self.project.set_text_quietly(plan.project)


def _show_text(edit: QLineEdit, text: str) -> None:
    """Show a value; a field not being edited shows its start, not its end."""
    edit.setText(text)
    if not edit.hasFocus():
        edit.setCursorPosition(0)
