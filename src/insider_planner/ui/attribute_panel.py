"""The attribute tree with its filter field and the detail pane for the selected node."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from insider_planner.domain.plan import CustomNode, new_id
from insider_planner.domain.tree import Node
from insider_planner.ui import dialogs
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    RemoveCustomNodeCommand,
    RenameCustomNodeCommand,
    SetNodeFieldCommand,
    quoted,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.tree_model import (
    COL_HELD,
    COL_NAME,
    COL_NEEDED,
    COL_NOTE,
    AttributeTreeModel,
)
from insider_planner.ui.widgets import CommitTextEdit, FilterLineEdit

HELD_KEY = "Space"
NEEDED_KEY = "Shift+Space"


class AttributeTreeView(QTreeView):
    """Space ticks Held, Shift+Space ticks Needed/Acceptable, Enter edits the note."""

    toggle_requested = Signal(QModelIndex, str)
    note_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.key() == Qt.Key.Key_Space and index.isValid():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.toggle_requested.emit(index, "needed" if shift else "held")
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            self.note_requested.emit()
            return
        super().keyPressEvent(event)


class NodeDetail(QWidget):
    """Help text, note and private mark of one node, plus custom-node actions."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.node: Node | None = None
        self._shown_note = ""
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.help = QLabel()
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setWordWrap(True)
        self.note = CommitTextEdit()
        self.note.setPlaceholderText("Notes: contacts, what was conceded, next steps…")
        self.note.setAccessibleName("Note")
        self.note.setToolTip("A note on this attribute. Ctrl+Return or Escape returns to the tree.")
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
            self.commit_note()
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

    def commit_note(self) -> None:
        node = self.node
        if node is None or self.doc.read_only or node.id not in self.doc.tree:
            return
        text = self.note.toPlainText()
        if text != self.doc.plan.state(node.id).note:
            self.doc.push(
                SetNodeFieldCommand(
                    self.doc, node.id, "note", text, f"Edit Note on {quoted(node.title)}"
                )
            )

    def _private_toggled(self, checked: bool) -> None:
        node = self.node
        if node is None:
            return
        verb = "Mark" if checked else "Unmark"
        self.doc.push(
            SetNodeFieldCommand(
                self.doc, node.id, "private", checked, f"{verb} {quoted(node.title)} Private"
            )
        )

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
            custom = CustomNode(id=new_id("custom-"), title=title, parent=node.id)
            self.doc.push(AddCustomNodeCommand(self.doc, custom))

    def rename_custom(self) -> None:
        node = self.node
        if node is None or not node.custom:
            return
        title, ok = dialogs.ask_text(self, "Rename", "New name:", node.title)
        if ok and title != node.title:
            self.doc.push(RenameCustomNodeCommand(self.doc, node.id, title))

    def remove_custom(self) -> None:
        node = self.node
        if node is None or not node.custom:
            return
        self.doc.push(RemoveCustomNodeCommand(self.doc, node.id))


class AttributePanel(QWidget):
    """Filter field, attribute tree and detail pane."""

    current_node_changed = Signal(object)  # node id or None

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = AttributeTreeModel(doc, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(COL_NAME)

        self.filter = FilterLineEdit("Filter attributes (Ctrl+F)")
        self.filter.setAccessibleName("Filter attributes")
        self.filter.setToolTip("Show only attributes whose name contains this text; Escape clears")
        self.filter.textChanged.connect(self._filter_changed)

        self.view = AttributeTreeView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Attribute tree")
        self.view.setToolTip(
            f"{HELD_KEY}: tick Held · {NEEDED_KEY}: tick Needed / Acceptable · Enter: edit the note"
        )
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_NAME, 230)
        for column in (COL_HELD, COL_NEEDED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_HELD, 64)
        header.resizeSection(COL_NEEDED, 96)
        self.view.expandAll()
        self.view.toggle_requested.connect(self._toggle)
        self.view.note_requested.connect(self.edit_note)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.detail = NodeDetail(doc)
        self.detail.note.leave_requested.connect(self.view.setFocus)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("attribute_splitter")
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.filter, self.view)
        self.setTabOrder(self.view, self.detail.note)
        self.setTabOrder(self.detail.note, self.detail.private)

    def current_node(self) -> Node | None:
        return self.model.node(self.proxy.mapToSource(self.view.currentIndex()))

    def select_node(self, node_id: str) -> None:
        node = self.doc.tree.get(node_id)
        if node is None:
            return
        index = self.proxy.mapFromSource(self.model.index_of(node))
        if not index.isValid():
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index_of(node))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def edit_note(self) -> None:
        if self.current_node() is not None:
            self.detail.note.setFocus()

    def _toggle(self, index: QModelIndex, flag: str) -> None:
        node = self.model.node(self.proxy.mapToSource(index))
        if node is not None:
            self.model.toggle_flag(node, "needed" if flag == "needed" else "held")

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        node = self.current_node()
        self.detail.show_node(node)
        self.current_node_changed.emit(node.id if node else None)


__all__ = ["COL_HELD", "COL_NEEDED", "COL_NOTE", "AttributePanel"]
