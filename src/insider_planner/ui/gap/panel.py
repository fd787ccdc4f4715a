"""The gap list with its counts, the coverage chart, and the freedom-to-criticise warning."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from insider_planner.domain.gap import CRITICISM_WARNING
from insider_planner.domain.text import plural
from insider_planner.domain.tree import Node
from insider_planner.ui import edits
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.chart import CoverageChart
from insider_planner.ui.gap.model import GapModel
from insider_planner.ui.widgets import banner_label, plain_label


class GapPanel(QWidget):
    """What is missing, grouped by category, each entry one step from a task."""

    node_activated = Signal(str)  # show this node in the attribute tree

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = GapModel(doc, self)
        self.warning = banner_label("warning", CRITICISM_WARNING)
        self.warning.setAccessibleName("Freedom to criticise warning")
        self.summary = plain_label()
        self.summary.setAccessibleName("Gap summary")
        self.chart = CoverageChart(doc)

        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Gap")
        self.view.setToolTip(
            "Needed but not held, and held constraints you would not accept. "
            "Enter or double-click adds a task; drag an entry onto a step of the action board."
        )
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(False)
        self.view.expandAll()
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.rowsRemoved.connect(self._update_summary)

        self.add_task = QPushButton("Add Task…")
        self.add_task.setAccessibleName("Add task for gap entry")
        self.add_task.setToolTip(
            "Add a task linked to the selected gap entry, in the step most likely to close it"
        )
        self.add_task.clicked.connect(self.add_tasks_for_selection)
        self.show_in_tree = QPushButton("Show in Tree")
        self.show_in_tree.setAccessibleName("Show gap entry in the attribute tree")
        self.show_in_tree.setToolTip("Select this entry in the attribute tree")
        self.show_in_tree.clicked.connect(self._show_current)
        shortcut = QShortcut(QKeySequence("Ctrl+T"), self.view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.add_tasks_for_selection)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_task)
        buttons.addWidget(self.show_in_tree)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.warning)
        layout.addWidget(self.chart)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self._criticism_nodes = [leaf for leaf in doc.tree.leaves() if leaf.limits_criticism]
        doc.node_states_changed.connect(self._update_warning)
        self._update_warning()
        self._update_summary()
        self._update_buttons()
        doc.node_states_changed.connect(lambda ids: self._update_buttons())
        doc.path_changed.connect(self._update_buttons)  # Save As can end read-only mode

    def sizeHint(self) -> QSize:
        """As wide as the chart wants, so that every category's name shows in full; the
        list, the warning and the buttons make do with that width."""
        hint = super().sizeHint()
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        width = self.chart.sizeHint().width() + sides
        return QSize(width, hint.height())

    def selected_nodes(self) -> list[Node]:
        rows = self.view.selectionModel().selectedRows(0) or [self.view.currentIndex()]
        return [n for i in rows if (n := self.model.entry(i)) is not None]

    def add_tasks_for_selection(self) -> None:
        """One task for each selected entry, all in one undo step."""
        edits.add_tasks_for_nodes(self.doc, [node.id for node in self.selected_nodes()])

    def _activated(self, index: QModelIndex) -> None:
        node = self.model.entry(index)
        if node is not None:
            edits.add_tasks_for_nodes(self.doc, [node.id])

    def _show_current(self) -> None:
        node = self.model.entry(self.view.currentIndex())
        if node is not None:
            self.node_activated.emit(node.id)

    def _context_menu(self, pos: QPoint) -> None:
        node = self.model.entry(self.view.indexAt(pos))
        if node is None:
            return
        menu = QMenu(self)
        add = menu.addAction("Add Task…", lambda: edits.add_tasks_for_nodes(self.doc, [node.id]))
        add.setEnabled(not self.doc.read_only)
        menu.addAction("Show in Tree", lambda: self.node_activated.emit(node.id))
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            return
        self.view.expand(parent)

    def _update_summary(self) -> None:
        total = self.model.total()
        self.summary.setText(
            "No gap: everything needed is held."
            if total == 0
            else f"Gap: {plural(total, 'item')} to acquire or resolve"
        )

    def _update_warning(self, node_ids: list[str] | None = None) -> None:
        held = any(self.doc.plan.state(n.id).held for n in self._criticism_nodes)
        self.warning.setVisible(held)

    def _update_buttons(self) -> None:
        has_entry = self.model.entry(self.view.currentIndex()) is not None
        self.add_task.setEnabled(has_entry and not self.doc.read_only)
        self.show_in_tree.setEnabled(has_entry)
