"""The attribute tree with its filter field and the detail pane for the selected node."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QMenu, QSplitter, QVBoxLayout, QWidget

from insider_planner.domain.marks import Flag, Mark, mark_of
from insider_planner.domain.tree import Node
from insider_planner.ui import edits
from insider_planner.ui.actions import pop_up
from insider_planner.ui.attributes.delegate import AttributeDelegate
from insider_planner.ui.attributes.detail import NodeDetail
from insider_planner.ui.attributes.filter import AttributeFilterProxy
from insider_planner.ui.attributes.model import COL_NAME, AttributeTreeModel
from insider_planner.ui.attributes.view import HELD_KEY, NEEDED_KEY, AttributeTreeView
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import FilterLineEdit


class AttributePanel(QWidget):
    """Filter field, attribute tree and detail pane."""

    current_node_changed = Signal(object)  # node id or None
    tasks_added = Signal(list)  # ids of tasks added for a node, to show them on the board
    linked_tasks_requested = Signal(str)  # show only the tasks linked to this node

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = AttributeTreeModel(doc, self)
        self.proxy = AttributeFilterProxy(self.model, self)

        self.filter = FilterLineEdit("Filter attributes (Ctrl+Shift+F)")
        self.filter.setAccessibleName("Filter attributes")
        self.filter.setToolTip("Show only attributes whose name contains this text; Escape clears")
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.results_requested.connect(self.enter_results)

        self.view = AttributeTreeView()
        # The view shows the model itself, and the filter proxy only while a filter is on:
        # each cell painted through a proxy costs a second call into the model.
        self.view.setModel(self.model)
        # Once: the filter's proxy has the same columns, so the header keeps its sections
        # (and a width the user dragged) when the view switches between the two.
        self.view.setup_columns()
        self.view.setItemDelegate(AttributeDelegate(self.model, self.view))
        self._current: Node | None = None
        self.view.setAccessibleName("Attribute tree")
        self.view.setToolTip(
            f"{HELD_KEY}: tick Held · {NEEDED_KEY}: tick Needed / Acceptable · Enter: edit the note"
        )
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.expandAll()
        self.proxy.filter_applied.connect(self._expand_shown)
        self.view.toggle_requested.connect(self._toggle)
        self.view.note_requested.connect(self.edit_note)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

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
        return self.model.node(self.to_source(self.view.currentIndex()))

    def filtered(self) -> bool:
        """Whether the view shows the tree through the filter."""
        return self.view.model() is self.proxy

    def to_source(self, index: QModelIndex) -> QModelIndex:
        """The tree model's index for an index of the view."""
        return self.proxy.mapToSource(index) if self.filtered() else index

    def view_index(self, node: Node, column: int = COL_NAME) -> QModelIndex:
        """The view's index of a node's cell (invalid when the filter hides the node)."""
        index = self.model.index_of(node, column)
        return self.proxy.mapFromSource(index) if self.filtered() else index

    def select_node(self, node_id: str) -> None:
        node = self.doc.tree.get(node_id)
        if node is None:
            return
        index = self.view_index(node)
        if not index.isValid():
            self.filter.clear()
            index = self.view_index(node)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def edit_note(self) -> None:
        if self.current_node() is not None:
            self.detail.note.setFocus()

    def _toggle(self, index: QModelIndex, flag: str) -> None:
        node = self.model.node(self.to_source(index))
        if node is not None:
            edits.toggle_flag(self.doc, node, "needed" if flag == "needed" else "held")

    def _filter_changed(self, text: str) -> None:
        self.view.set_filter_text(text)
        if bool(text) == self.filtered():
            self.proxy.set_filter_text(text)
        else:
            self._show_filter(text)

    def _show_filter(self, text: str) -> None:
        """Put the filter between model and view when a text is typed; take it out again
        when the text is cleared. The current node stays current if it is still shown."""
        node = self.current_node()
        old_selection = self.view.selectionModel()
        if text:
            self.proxy.attach(text)
            self.view.setModel(self.proxy)
        else:
            self.view.setModel(self.model)
            self.proxy.detach()
        old_selection.deleteLater()
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self._expand_shown()
        index = self.view_index(node) if node is not None else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self._current_changed(QModelIndex(), QModelIndex())

    def enter_results(self) -> None:
        """From the filter field into the tree (Down or Enter): on the current node if it
        matches the filter, else on the first node that does."""
        node = self.current_node()
        if self.filtered() and (node is None or not self.proxy.matches(node)):
            node = self.proxy.first_match() or node
        index = self.view_index(node) if node is not None else QModelIndex()
        if not index.isValid():
            index = self.view.model().index(0, COL_NAME)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def context_menu(self, node: Node) -> QMenu:
        """The right-click menu of a node: its marks, its note, tasks for it, and the
        custom nodes under it. Acts on the current node (the one right-clicked)."""
        doc = self.doc
        editable = not doc.read_only
        menu = QMenu(self)
        flags: tuple[tuple[Flag, str], ...] = (
            ("held", "&Held"),
            ("needed", "&Acceptable" if node.kind == "constraint" else "&Needed"),
        )
        for flag, label in flags:
            action = menu.addAction(label, partial(edits.toggle_flag, doc, node, flag))
            action.setCheckable(True)
            action.setChecked(mark_of(doc.plan, node, flag) is Mark.CHECKED)
            action.setEnabled(editable)
        private = menu.addAction(
            "&Private", lambda: edits.set_private(doc, node.id, not doc.plan.state(node.id).private)
        )
        private.setCheckable(True)
        private.setChecked(doc.plan.state(node.id).private)
        private.setEnabled(editable)
        menu.addAction("Edit N&ote", self.edit_note)
        menu.addSeparator()
        add = menu.addAction("Add &Task for It", lambda: self._add_task(node))
        add.setEnabled(editable)
        menu.addAction("Show &Linked Tasks Only", lambda: self.linked_tasks_requested.emit(node.id))
        detail = self.detail
        if editable and node.level != "facet":
            child = "Attribute" if node.level == "category" else "Facet"
            menu.addSeparator()
            menu.addAction(f"Add Custom {child}…", detail.add_custom_child)
        if editable and node.custom:
            menu.addAction("&Rename…", detail.rename_custom)
            menu.addAction("Re&move", detail.remove_custom)
        return menu

    def _add_task(self, node: Node) -> None:
        added = edits.add_tasks_for_nodes(self.doc, [node.id])
        if added:
            self.tasks_added.emit([task.id for task in added])

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)  # the menu acts on the node right-clicked
        node = self.current_node()
        if node is None:
            return
        menu = self.context_menu(node)
        pop_up(menu, self.view.viewport(), pos)

    def _expand_shown(self) -> None:
        """Open every row the filter shows, as expandAll does, without laying the tree out
        on the spot: after a filter change the view lays out once, on the next frame."""
        for node in self.proxy.shown_parents():
            index = self.view_index(node)
            if index.isValid() and not self.view.isExpanded(index):
                self.view.expand(index)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        node = self.current_node()
        if node is self._current:
            return  # another cell of the same row, or the same node in another model
        self._current = node
        self.detail.show_node(node)
        self.current_node_changed.emit(node.id if node else None)
