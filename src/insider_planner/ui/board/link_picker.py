"""The task editor's links: the attributes a task is linked to, and a picker to add more."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.domain.plan import Task
from insider_planner.domain.tree import PlanTree
from insider_planner.ui.roles import NODE_ROLE
from insider_planner.ui.text import rich_tooltip
from insider_planner.ui.widgets import describe

PROMPT = "Link attribute…"


class LinkPicker(QWidget):
    """Shows a task's links; asks to link a picked attribute or unlink the selected ones."""

    link_requested = Signal(str)  # node id
    unlink_requested = Signal(list)  # node ids

    def __init__(self, tree: PlanTree, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tree = tree
        self.links_list = QListWidget()
        self.links_list.setMaximumHeight(64)
        self.links_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        describe(self.links_list, "Linked attributes", "The attributes this task helps acquire")
        self.link_combo = QComboBox()
        # Sized by a few characters, not by the longest attribute name, so the pane can narrow.
        self.link_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.link_combo.setMinimumContentsLength(14)
        describe(self.link_combo, "Link attribute", "Link this task to an attribute")
        self.unlink_button = QPushButton("Unlin&k")
        describe(self.unlink_button, "Unlink attribute", "Remove the selected links")
        self.link_combo.activated.connect(self._chosen)
        self.unlink_button.clicked.connect(self._unlink_selected)
        self.links_list.itemSelectionChanged.connect(self._update_unlink)
        row = QHBoxLayout()
        row.addWidget(self.link_combo, 1)
        row.addWidget(self.unlink_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.links_list)
        layout.addLayout(row)
        self.fill_choices()

    def show_links(self, task: Task, titles: list[str]) -> None:
        """List a task's links, named by `titles` (one per link)."""
        self.links_list.clear()
        for node_id, name in zip(task.links, titles, strict=True):
            item = QListWidgetItem(name)
            item.setData(NODE_ROLE, node_id)
            node = self._tree.get(node_id)
            where = f"{node.category.title} › {name}" if node is not None else "Not in this plan"
            item.setToolTip(rich_tooltip(where))
            self.links_list.addItem(item)
        self._update_unlink()

    def fill_choices(self) -> None:
        """Offer every attribute and facet, under their category's heading."""
        combo = self.link_combo
        combo.clear()
        combo.addItem(PROMPT)
        items = combo.model()
        assert isinstance(items, QStandardItemModel)
        for node in self._tree.walk():
            if node.level == "category":
                combo.addItem(node.title.upper())
                header = items.item(combo.count() - 1)
                header.setEnabled(False)
                header.setSelectable(False)
            else:
                indent = "    " if node.level == "attribute" else "        "
                combo.addItem(indent + node.title, node.id)
                combo.setItemData(
                    combo.count() - 1, rich_tooltip(node.path_title), Qt.ItemDataRole.ToolTipRole
                )
        combo.setCurrentIndex(0)

    def _chosen(self, row: int) -> None:
        node_id = self.link_combo.itemData(row)
        self.link_combo.setCurrentIndex(0)
        if isinstance(node_id, str):
            self.link_requested.emit(node_id)

    def _unlink_selected(self) -> None:
        ids = [str(item.data(NODE_ROLE)) for item in self.links_list.selectedItems()]
        if ids:
            self.unlink_requested.emit(ids)

    def _update_unlink(self) -> None:
        self.unlink_button.setEnabled(bool(self.links_list.selectedItems()))
