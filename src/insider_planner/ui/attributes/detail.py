"""The detail pane under the attribute tree: help text, note and privacy of one node."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from insider_planner.domain.limits import LONG_TEXT_MAX
from insider_planner.domain.tree import Node
from insider_planner.ui import dialogs, edits
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import TYPING_PAUSE_MS, CommitTextEdit, PauseCommit


class NodeDetail(QWidget):
    """Help text, note and private mark of one node, plus custom-node actions."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.node: Node | None = None
        self._shown_note = ""
        # Notes of nodes just left, committed on the next event-loop turn (see show_node).
        self._left_notes: list[tuple[str, str]] = []
        self._leaving = PauseCommit(self, 0)
        self._leaving.finished.connect(self._commit_left_notes)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.help = QLabel()
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setWordWrap(True)
        self.note = CommitTextEdit(pause_ms=TYPING_PAUSE_MS, max_length=LONG_TEXT_MAX)
        self.note.setPlaceholderText("Notes: contacts, what was conceded, next steps…")
        self.note.setAccessibleName("Note")
        self.note.setToolTip(
            "A note on this attribute; saved when you pause or leave the field. "
            "Ctrl+Return or Escape returns to the tree."
        )
        self.private = QCheckBox("Private (left out of redacted exports)")
        self.private.setAccessibleName("Private")
        self.private.setToolTip("Keep this note and this node's marks out of redacted exports")
        self.add_child = QPushButton()
        self.rename = QPushButton("Rename…")
        self.remove = QPushButton("Remove")
        for button, tip in (
            (self.add_child, "Add a custom attribute or facet under this node"),
            (self.rename, "Rename this custom node"),
            (self.remove, "Remove this custom node and everything under it"),
        ):
            button.setToolTip(tip)
        self.add_child.setAccessibleName("Add custom attribute or facet")
        self.rename.setAccessibleName("Rename custom node")
        self.remove.setAccessibleName("Remove custom node")
        buttons = QHBoxLayout()
        for button in (self.add_child, self.rename, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.private)
        layout.addLayout(buttons)
        self.note.editing_finished.connect(self.commit_note)
        self.private.toggled.connect(self._private_toggled)
        self.add_child.clicked.connect(self.add_custom_child)
        self.rename.clicked.connect(self.rename_custom)
        self.remove.clicked.connect(self.remove_custom)
        doc.node_states_changed.connect(self._states_changed)
        doc.path_changed.connect(lambda: self.show_node(self.node))  # read-only may have ended
        doc.node_renamed.connect(
            lambda node: self.show_node(self.node) if node is self.node else None
        )
        self.show_node(None)

    def show_node(self, node: Node | None) -> None:
        if self.node is not None and self.node is not node:
            # Committed once the event loop is back: the selection also moves while an undo
            # removes the node shown here, and nothing may be pushed in the middle of an undo.
            # By then a removed node is gone, and its unsaved text with it. A PauseCommit
            # waits, so that `commit_pending_edits` (close, stop signals) commits it too.
            self._left_notes.append((self.node.id, self.note.toPlainText()))
            self._leaving.typed()
        self.node = node
        editable = node is not None and not self.doc.read_only
        self.note.setEnabled(node is not None)
        self.note.setReadOnly(not editable)
        self.private.setEnabled(editable)
        if node is None:
            self.title.setText("Select an attribute")
            self.help.setText("Tick what you hold; mark what your project needs.")
            self._shown_note = ""
            self.note.set_text_quietly("")
            self.private.setChecked(False)
            for button in (self.add_child, self.rename, self.remove):
                button.setVisible(False)
            return
        kind = "Constraint" if node.kind == "constraint" else "Access"
        self.title.setText(
            f"{node.title}  ·  {kind} {node.level}" + ("  ·  custom" if node.custom else "")
        )
        self.help.setText(node.help or "")
        state = self.doc.plan.state(node.id)
        self._shown_note = state.note
        self.note.set_text_quietly(state.note)
        self.private.blockSignals(True)
        self.private.setChecked(state.private)
        self.private.blockSignals(False)
        child_level = {"category": "Attribute", "attribute": "Facet"}.get(node.level)
        self.add_child.setVisible(child_level is not None and editable)
        self.add_child.setText(f"Add {child_level}…" if child_level else "")
        self.add_child.setAccessibleName(f"Add custom {child_level or ''}".strip())
        self.rename.setVisible(node.custom and editable)
        self.remove.setVisible(node.custom and editable)

    def _commit_left_notes(self) -> None:
        left, self._left_notes = self._left_notes, []
        for node_id, text in left:
            edits.set_note(self.doc, node_id, text)

    def commit_note(self) -> None:
        if self.node is not None:
            edits.set_note(self.doc, self.node.id, self.note.toPlainText())

    def _private_toggled(self, checked: bool) -> None:
        if self.node is not None:
            edits.set_private(self.doc, self.node.id, checked)

    def _states_changed(self, node_ids: list[str]) -> None:
        node = self.node
        if node is None or node.id not in node_ids:
            return
        state = self.doc.plan.state(node.id)
        # A change from elsewhere (undo, redo) replaces the text even while the editor has
        # focus; the user's own committed text comes back equal and changes nothing.
        if state.note != self._shown_note:
            self._shown_note = state.note
            self.note.set_text_quietly(state.note)
        self.private.blockSignals(True)
        self.private.setChecked(state.private)
        self.private.blockSignals(False)

    def add_custom_child(self) -> None:
        node = self.node
        if node is None or node.level == "facet":
            return
        what = "attribute" if node.level == "category" else "facet"
        title, ok = dialogs.ask_text(
            self, f"Add Custom {what.title()}", f"Name of the new {what} under {node.title}:"
        )
        if ok:
            edits.add_custom_node(self.doc, node.id, title)

    def rename_custom(self) -> None:
        node = self.node
        if node is None or not node.custom:
            return
        title, ok = dialogs.ask_text(self, "Rename", "New name:", node.title)
        if ok:
            edits.rename_custom_node(self.doc, node.id, title)

    def remove_custom(self) -> None:
        if self.node is not None:
            edits.remove_custom_node(self.doc, self.node.id)
