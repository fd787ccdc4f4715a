"""What the window's centre shows: the open plan, or why no plan is open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout, QWidget

from insider_planner.storage.files import PlanLoadError
from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import plain_label
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


class LoadErrorPage(QWidget):
    """Shown when a plan could not be opened: which file, why, and what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Load error")
        self.new_button = QPushButton("New Plan")
        self.open_button = QPushButton("Open Another…")
        for button in (self.new_button, self.open_button):
            button.setToolTip(button.text().rstrip("…"))
            button.setAccessibleName(button.text().rstrip("…"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)

    def show_error(self, error: PlanLoadError) -> None:
        self.message.setText(
            f"This plan could not be opened:\n\n{error.path}\n\n{error.reason}\n\n"
            "The file has not been changed."
        )

    def show_empty(self) -> None:
        self.message.setText("No plan is open. Choose one from the plan list, or:")
