"""What the window's centre shows while a plan is open (see `start_page` for the rest)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.window.plan_header import PlanHeader


class PlanView(QWidget):
    """Everything shown for one open plan, except the docks."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.header = PlanHeader(doc)
        self.attributes = AttributePanel(doc)
        self.board = BoardPanel(doc)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.attributes)
        self.splitter.addWidget(self.board)
        # The board's titles want the room more than the tree's names and notes do.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([390, 610])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self.attributes.current_node_changed.connect(self.board.set_attribute_filter)
        self.attributes.tasks_added.connect(self.board.show_added_tasks)
        self.attributes.linked_tasks_requested.connect(self.board.show_linked_tasks)
