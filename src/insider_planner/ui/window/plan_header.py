"""The plan's title, target and project, edited in place."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from insider_planner.ui import edits
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import CommitTextEdit


class PlanHeader(QWidget):
    """Title, target (lab or organisation) and project; each edit is one undo step."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.title = QLineEdit()
        self.target = QLineEdit()
        self.project = CommitTextEdit()
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
        self.title.editingFinished.connect(lambda: self._commit("title", self.title.text()))
        self.target.editingFinished.connect(lambda: self._commit("target", self.target.text()))
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

    def _refresh(self, field: str) -> None:
        plan = self.doc.plan
        if not self.title.hasFocus() or field == "title":
            self.title.setText(plan.title)
        if not self.target.hasFocus() or field == "target":
            self.target.setText(plan.target)
        if not self.project.hasFocus() or field == "project":
            self.project.set_text_quietly(plan.project)
