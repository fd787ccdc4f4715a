"""The task editor under the action board: title, status, due date, notes, links, privacy."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.domain.limits import LONG_TEXT_MAX, TITLE_MAX
from insider_planner.domain.plan import Task, TaskStatus
from insider_planner.ui import edits
from insider_planner.ui.board.link_picker import LinkPicker
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.style import DUE_FORMAT
from insider_planner.ui.roles import AnyIndex
from insider_planner.ui.widgets import (
    TYPING_PAUSE_MS,
    CommitLineEdit,
    CommitTextEdit,
    PauseCommit,
    describe,
    plain_label,
)

DUE_COMMIT_DELAY_MS = 800


class TaskEditor(QWidget):
    """Edits the current task; each finished edit is one undo step.

    The title and notes commit when focus leaves them or after a pause in typing, so a
    paragraph is one step, not one per keystroke; a due date after a shorter pause.
    """

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._doc = model.doc
        self._task_id: str | None = None
        self._lane_id: str | None = None
        self._loading = False

        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        # Page 0: nothing selected.
        self._empty = plain_label("Select a task to edit it, or a step to read about it.")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setEnabled(False)
        self._stack.addWidget(self._empty)

        # Page 1: a strategy.
        strategy_page = QWidget()
        strategy_layout = QVBoxLayout(strategy_page)
        strategy_layout.setContentsMargins(8, 8, 8, 8)
        self.strategy_title = plain_label()
        font = self.strategy_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.strategy_title.setFont(font)
        self.strategy_description = plain_label()
        self.strategy_description.setWordWrap(True)
        self.strategy_description.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.strategy_progress = plain_label()
        self.starter_button = QToolButton()
        self.starter_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        strategy_layout.addWidget(self.strategy_title)
        strategy_layout.addWidget(self.strategy_description)
        strategy_layout.addWidget(self.strategy_progress)
        strategy_layout.addWidget(self.starter_button, 0, Qt.AlignmentFlag.AlignLeft)
        strategy_layout.addStretch(1)
        self._stack.addWidget(strategy_page)

        # Page 2: a task.
        self._task_page = QWidget()
        form = QFormLayout(self._task_page)
        form.setContentsMargins(8, 8, 8, 8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.title_edit = CommitLineEdit(pause_ms=TYPING_PAUSE_MS, max_length=TITLE_MAX)
        self.title_edit.setPlaceholderText("What needs doing")
        describe(
            self.title_edit, "Task title", "The task's title; saved when you pause or press Enter"
        )
        form.addRow(self._buddy_label("&Title:", self.title_edit), self.title_edit)

        self.status_combo = QComboBox()
        for status in TaskStatus:
            self.status_combo.addItem(status.label, status.value)
        describe(self.status_combo, "Task status", "To do, doing or done (Space in the board)")
        self.private_check = QCheckBox("&Private")
        describe(
            self.private_check,
            "Private task",
            "Private tasks are left out of redacted exports",
        )
        self.due_check = QCheckBox()
        describe(self.due_check, "Has a due date", "Give the task a due date, or none")
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(DUE_FORMAT)
        self.due_edit.setDate(QDate.currentDate())
        describe(self.due_edit, "Due date", "When the task is due")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_combo)
        status_row.addSpacing(12)
        status_row.addWidget(self.private_check)
        status_row.addStretch(1)
        form.addRow(self._buddy_label("&Status:", self.status_combo), status_row)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit)
        due_row.addStretch(1)
        form.addRow(self._buddy_label("D&ue:", self.due_check), due_row)

        self.notes_edit = CommitTextEdit(pause_ms=TYPING_PAUSE_MS, max_length=LONG_TEXT_MAX)
        self.notes_edit.setPlaceholderText("Notes: who to ask, what was said, next steps…")
        self.notes_edit.setMinimumHeight(48)
        describe(
            self.notes_edit,
            "Task notes",
            "Notes; saved when you pause or leave the field. "
            "Ctrl+Return or Escape returns to the board.",
        )
        form.addRow(self._buddy_label("&Notes:", self.notes_edit), self.notes_edit)

        self.links = LinkPicker(self._doc.tree)
        form.addRow(self._buddy_label("&Linked:", self.links.links_list), self.links)
        self._stack.addWidget(self._task_page)

        self._due_pause = PauseCommit(self, DUE_COMMIT_DELAY_MS)
        self._due_pause.finished.connect(self.commit_due)

        self.title_edit.editing_finished.connect(self.commit_title)
        self.title_edit.typing_paused.connect(lambda: self.commit_title(typing=True))
        self.status_combo.activated.connect(self._commit_status)
        self.private_check.clicked.connect(self._commit_private)
        self.due_check.clicked.connect(self._due_toggled)
        self.due_edit.dateChanged.connect(self._due_edited)
        self.due_edit.editingFinished.connect(self.commit_due)
        self.notes_edit.editing_finished.connect(self.commit_notes)
        self.links.link_requested.connect(self._link)
        self.links.unlink_requested.connect(self._unlink)

        self._doc.task_changed.connect(self._on_task_changed)
        self._doc.task_removed.connect(self._on_task_removed)
        self._doc.node_inserted.connect(self._nodes_changed)
        self._doc.node_removed.connect(self._nodes_changed)
        self._doc.node_renamed.connect(self._nodes_changed)
        self._model.progress_changed.connect(self._update_strategy_progress)
        self._model.dataChanged.connect(self._update_strategy_page)
        self.sync_read_only()

    @staticmethod
    def _buddy_label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # --- showing ---------------------------------------------------------------------------

    @property
    def task_id(self) -> str | None:
        return self._task_id

    def show_index(self, index: AnyIndex) -> None:
        """Show the task or strategy at a board-model index (invalid: nothing)."""
        self.commit_pending(later=True)
        if self._model.is_task(index):
            task = self._model.task_of(index)
            self._task_id, self._lane_id = task.id, None
            self._load(task)
            self._stack.setCurrentIndex(2)
        elif self._model.is_strategy(index):
            self._task_id, self._lane_id = None, self._model.lane_of(index).id
            self._update_strategy_page()
            self._stack.setCurrentIndex(1)
        else:
            self._task_id = self._lane_id = None
            self._stack.setCurrentIndex(0)

    def set_starter_action(self, action: QAction) -> None:
        self.starter_button.setDefaultAction(action)
        describe(self.starter_button, "Add starter tasks", action.toolTip())

    def _update_strategy_page(self, *_: object) -> None:
        if self._lane_id is None:
            return
        self.strategy_title.setText(self._model.strategy_label(self._lane_id))
        info = self._doc.catalog.strategy(self._lane_id)
        self.strategy_description.setText(info.description if info else "")
        self._update_strategy_progress()

    def _update_strategy_progress(self) -> None:
        if self._lane_id is None:
            return
        done, total = self._model.lane_progress(self._lane_id)
        self.strategy_progress.setText(
            f"{done} of {total} tasks done"
            if total
            else "No tasks yet. Add one, or the starter tasks."
        )

    def _current_task(self) -> Task | None:
        if self._task_id is None:
            return None
        found = self._doc.plan.find_task(self._task_id)
        return found[0].tasks[found[1]] if found else None

    def _load(self, task: Task, fields: list[str] | None = None) -> None:
        """Copy task fields into the widgets, touching only those that differ."""
        self._loading = True
        try:
            want = (
                set(fields)
                if fields is not None
                else {"title", "status", "due", "private", "notes", "links"}
            )
            # A title being typed keeps its spaces until the task's title really differs.
            typed_title = " ".join(self.title_edit.text().split())
            if "title" in want and typed_title != task.title:
                self.title_edit.setText(task.title)
                self.title_edit.setCursorPosition(0)
            if "status" in want:
                self.status_combo.setCurrentIndex(list(TaskStatus).index(task.status))
            if "private" in want:
                self.private_check.setChecked(task.private)
            if "due" in want:
                self._due_pause.cancel()
                self.due_check.setChecked(task.due is not None)
                self.due_edit.setEnabled(task.due is not None)
                if task.due is not None:
                    self.due_edit.setDate(QDate(task.due.year, task.due.month, task.due.day))
            if "notes" in want:
                self.notes_edit.set_text_quietly(task.notes)
            if "links" in want:
                self.links.show_links(task, self._model.link_titles(task))
        finally:
            self._loading = False

    def _nodes_changed(self, *_: object) -> None:
        self.links.fill_choices()
        task = self._current_task()
        if task is not None:
            self.links.show_links(task, self._model.link_titles(task))

    # --- following the document ------------------------------------------------------------

    def _on_task_changed(self, task_id: str, fields: list[str]) -> None:
        if task_id == self._task_id:
            task = self._current_task()
            if task is not None:
                self._load(task, fields)

    def _on_task_removed(self, lane_id: str, row: int) -> None:
        if self._task_id is not None and self._current_task() is None:
            self._task_id = None
            self._stack.setCurrentIndex(0)

    # --- committing ------------------------------------------------------------------------

    def commit_pending(self, later: bool = False) -> None:
        """Commit a changed title, and notes or a due date still waiting for their pause.

        With `later` the commit waits for the event loop: the selection can change in the
        middle of another edit (a row removed by an undo), when pushing a command is unsafe.
        """
        task = self._current_task()
        changes: dict[str, Any] = {}
        if task is not None and not self._loading:
            title = self.title_edit.text()
            if title.strip() and " ".join(title.split()) != task.title:
                changes["title"] = title
            if self.notes_edit.has_pending_edit():
                changes["notes"] = self.notes_edit.toPlainText()
            if self._due_pause.pending():
                changes["due"] = self._due_value()
        self.notes_edit.cancel_pending_edit()
        self.title_edit.pause.cancel()
        self._due_pause.cancel()
        if task is None or not changes:
            return
        if later:
            task_id = task.id
            QTimer.singleShot(0, self, lambda: edits.edit_task(self._doc, task_id, changes))
        else:
            edits.edit_task(self._doc, task.id, changes)

    def sync_read_only(self) -> None:
        """Enable editing unless the plan is read-only (it can change on Save As)."""
        self._task_page.setEnabled(not self._doc.read_only)

    def _edit(self, changes: dict[str, object]) -> None:
        if self._task_id is not None and not self._loading:
            edits.edit_task(self._doc, self._task_id, changes)

    def commit_title(self, typing: bool = False) -> None:
        """Apply the title; a blank one is put back, unless the user is still typing."""
        task = self._current_task()
        if task is None or self._loading:
            return
        if not self.title_edit.text().strip():
            if not typing:
                self.title_edit.setText(task.title)  # a task keeps a title
            return
        self._edit({"title": self.title_edit.text()})

    def _commit_status(self, row: int) -> None:
        self._edit({"status": list(TaskStatus)[row]})

    def _commit_private(self, checked: bool) -> None:
        self._edit({"private": checked})

    def _due_toggled(self, checked: bool) -> None:
        self.due_edit.setEnabled(checked)
        self.commit_due()

    def _due_edited(self) -> None:
        if not self._loading:
            self._due_pause.typed()

    def _due_value(self) -> date | None:
        if not self.due_check.isChecked():
            return None
        picked = self.due_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def commit_due(self) -> None:
        self._due_pause.cancel()
        self._edit({"due": self._due_value()})

    def commit_notes(self) -> None:
        self._edit({"notes": self.notes_edit.toPlainText()})

    def _link(self, node_id: str) -> None:
        if self._task_id is not None:
            edits.link_nodes(self._doc, self._task_id, [node_id])

    def _unlink(self, node_ids: list[str]) -> None:
        if self._task_id is not None:
            edits.unlink_nodes(self._doc, self._task_id, node_ids)
