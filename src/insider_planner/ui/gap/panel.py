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
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from insider_planner.domain.gap import CRITICISM_WARNING
from insider_planner.domain.text import plural
from insider_planner.domain.tree import Node
from insider_planner.ui import edits
from insider_planner.ui.actions import pop_up
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.chart import CoverageChart
from insider_planner.ui.gap.model import GapModel
from insider_planner.ui.widgets import banner_label, plain_label


class GapPanel(QWidget):
    """What is missing, grouped by category, each entry one step from a task."""

    node_activated = Signal(str)  # show this node in the attribute tree
    tasks_added = Signal(list)  # ids of the tasks just added from the gap, to show them

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

        # A split button: a click adds in the suggested step, its arrow lists every step.
        self.add_task = QToolButton()
        self.add_task.setText("Add Task")
        self.add_task.setAccessibleName("Add task for gap entry")
        self.add_task.setToolTip(
            "Add a task linked to the selected gap entry, in the step most likely to close "
            "it; the arrow chooses the step"
        )
        self.add_task.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.add_task.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.step_menu = QMenu("Add Task to Step", self)
        self.step_menu.aboutToShow.connect(lambda: self._fill_step_menu(self.step_menu, None))
        self.add_task.setMenu(self.step_menu)
        self.add_task.clicked.connect(lambda: self.add_tasks_for_selection())
        self.show_in_tree = QPushButton("Show in Tree")
        self.show_in_tree.setAccessibleName("Show gap entry in the attribute tree")
        self.show_in_tree.setToolTip("Select this entry in the attribute tree")
        self.show_in_tree.clicked.connect(self._show_current)
        shortcut = QShortcut(QKeySequence("Ctrl+T"), self.view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: self.add_tasks_for_selection())

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

    def add_tasks_for_selection(self, lane_id: str | None = None) -> None:
        """One task for each selected entry, all in one undo step: in step `lane_id`, or
        else in the step the catalog suggests for each."""
        self._add([node.id for node in self.selected_nodes()], lane_id)

    def _add(self, node_ids: list[str], lane_id: str | None = None) -> None:
        added = edits.add_tasks_for_nodes(self.doc, node_ids, lane_id)
        if added:
            self.tasks_added.emit([task.id for task in added])

    def _fill_step_menu(self, menu: QMenu, node_ids: list[str] | None) -> None:
        """One entry per step of the board; `node_ids` None: the selected entries."""
        menu.clear()
        for number, lane in enumerate(self.doc.plan.strategies, start=1):
            title = self.doc.strategy_title(lane.id).replace("&", "&&")
            action = menu.addAction(f"&{number}. {title}" if number < 10 else f"{number}. {title}")
            action.triggered.connect(
                lambda _=False, lid=lane.id: self._add(
                    node_ids if node_ids is not None else [n.id for n in self.selected_nodes()],
                    lid,
                )
            )
        menu.setEnabled(not self.doc.read_only)

    def _activated(self, index: QModelIndex) -> None:
        node = self.model.entry(index)
        if node is not None:
            self._add([node.id])

    def _show_current(self) -> None:
        node = self.model.entry(self.view.currentIndex())
        if node is not None:
            self.node_activated.emit(node.id)

    def _context_menu(self, pos: QPoint) -> None:
        node = self.model.entry(self.view.indexAt(pos))
        if node is None:
            return
        menu = self.context_menu(node)
        pop_up(menu, self.view.viewport(), pos)

    def context_menu(self, node: Node) -> QMenu:
        """The right-click menu of a gap entry."""
        menu = QMenu(self)
        add = menu.addAction("&Add Task", lambda: self._add([node.id]))
        add.setEnabled(not self.doc.read_only)
        steps = menu.addMenu("Add Task to &Step")
        self._fill_step_menu(steps, [node.id])
        menu.addSeparator()
        menu.addAction("Show in &Tree", lambda: self.node_activated.emit(node.id))
        return menu

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
