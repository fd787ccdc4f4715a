"""The attribute tree as a Qt item model: category → attribute → facet.

Held and needed are stored on leaves and derived for parents, so a change to one leaf
announces itself on that leaf and on its ancestors only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from insider_planner.domain.marks import Flag, Mark, flag_label, mark_of
from insider_planner.domain.text import first_line
from insider_planner.domain.tree import Node
from insider_planner.ui import edits
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import NODE_MIME, DragPayload, encode
from insider_planner.ui.roles import NODE_ROLE, AnyIndex
from insider_planner.ui.text import rich_tooltip

COL_NAME, COL_HELD, COL_NEEDED, COL_NOTE = range(4)
FLAG_OF_COLUMN: dict[int, Flag] = {COL_HELD: "held", COL_NEEDED: "needed"}
HEADERS = ("Attribute", "Held", "Needed", "Note")
_CHECK = {
    Mark.CHECKED: Qt.CheckState.Checked,
    Mark.PARTIAL: Qt.CheckState.PartiallyChecked,
    Mark.UNCHECKED: Qt.CheckState.Unchecked,
}
CONSTRAINT_TINT = QColor(250, 237, 214)


class AttributeTreeModel(QAbstractItemModel):
    """Item model over a PlanDocument's attribute tree."""

    def __init__(self, doc: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        doc.node_states_changed.connect(self._on_states_changed)
        doc.node_about_to_be_inserted.connect(self._on_about_to_insert)
        doc.node_inserted.connect(self._on_inserted)
        doc.node_about_to_be_removed.connect(self._on_about_to_remove)
        doc.node_removed.connect(self._on_removed)
        doc.node_renamed.connect(lambda node: self._node_changed(node, with_ancestors=False))

    # --- structure -------------------------------------------------------------------------

    def node(self, index: AnyIndex) -> Node | None:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        return node

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        return self.createIndex(self._row_of(node), column, node)

    def _row_of(self, node: Node) -> int:
        siblings = node.parent.children if node.parent else self.doc.tree.roots
        return siblings.index(node)

    def _children(self, parent: AnyIndex) -> list[Node]:
        node = self.node(parent)
        return node.children if node is not None else self.doc.tree.roots

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    # --- data ------------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_NEEDED:
                return "Needed by the project; for constraints: Acceptable (would you accept it?)"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == NODE_ROLE:
            return node.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return node.title
            if column == COL_NOTE:
                return first_line(self.doc.plan.state(node.id).note)
            if node.level == "category":
                return flag_label(node.kind, FLAG_OF_COLUMN[column])
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column in FLAG_OF_COLUMN:
            return _CHECK[mark_of(self.doc.plan, node, FLAG_OF_COLUMN[column])]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in FLAG_OF_COLUMN:
                label = flag_label(node.kind, FLAG_OF_COLUMN[column])
                return rich_tooltip(f"{label}: {node.title}")
            if column == COL_NOTE:
                return rich_tooltip(self.doc.plan.state(node.id).note)
            return rich_tooltip(node.help or node.title)
        if role == Qt.ItemDataRole.AccessibleTextRole and column in FLAG_OF_COLUMN:
            label = flag_label(node.kind, FLAG_OF_COLUMN[column])
            return f"{label} for {node.title}"
        if role == Qt.ItemDataRole.FontRole and column == COL_NAME:
            font = QFont()
            font.setBold(node.level == "category")
            font.setItalic(node.custom)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and node.kind == "constraint":
            return QBrush(CONSTRAINT_TINT)
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == "constraint":
            # The tint is light; keep text dark even under a dark palette.
            return QBrush(QColor(60, 40, 10))
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_NOTE:
            palette = QApplication.palette()
            return palette.brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in FLAG_OF_COLUMN and not self.doc.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        node = self.node(index)
        if node is not None and node.level != "category":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if index.column() not in FLAG_OF_COLUMN:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        return edits.set_flag(self.doc, node, FLAG_OF_COLUMN[index.column()], checked)

    # --- drag: nodes become linked tasks on the board ---------------------------------------

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = dict.fromkeys(n.id for i in indexes if (n := self.node(i)) is not None)
        return encode(DragPayload(nodes=tuple(ids)))

    # --- document signals → row signals ------------------------------------------------------

    def _node_changed(self, node: Node, *, with_ancestors: bool = True) -> None:
        current: Node | None = node
        while current is not None:
            self.dataChanged.emit(
                self.index_of(current, 0), self.index_of(current, len(HEADERS) - 1)
            )
            current = current.parent if with_ancestors else None

    def _on_states_changed(self, node_ids: list[str]) -> None:
        changed: dict[int, Node] = {}
        for node_id in node_ids:
            node = self.doc.tree.get(node_id)
            while node is not None and id(node) not in changed:
                changed[id(node)] = node
                node = node.parent
        for node in changed.values():
            self._node_changed(node, with_ancestors=False)

    def _on_about_to_insert(self, parent: Node, row: int) -> None:
        self.beginInsertRows(self.index_of(parent), row, row)

    def _on_inserted(self, node: Node) -> None:
        self.endInsertRows()
        if node.parent is not None:
            self._node_changed(node.parent)

    def _on_about_to_remove(self, node: Node) -> None:
        assert node.parent is not None
        row = self._row_of(node)
        self.beginRemoveRows(self.index_of(node.parent), row, row)

    def _on_removed(self, parent: Node, row: int) -> None:
        self.endRemoveRows()
