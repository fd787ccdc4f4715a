"""The gap as a Qt item model: categories, each with its leaves that are in the gap.

Membership is kept per category and updated only for the leaves an edit touched.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QFont

from insider_planner.domain.gap import in_gap
from insider_planner.domain.tree import Node
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import NODE_MIME, DragPayload, encode
from insider_planner.ui.roles import NODE_ROLE, AnyIndex
from insider_planner.ui.text import rich_tooltip

HEADERS = ("Gap", "Tasks")


def _order_key(node: Node) -> tuple[int, ...]:
    rows: list[int] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        rows.append(current.row)
        current = current.parent
    return tuple(reversed(rows))


class _Group:
    """One category and the ids of its gap leaves, in tree order."""

    def __init__(self, category: Node) -> None:
        self.category = category
        self.entries: list[Node] = []
        self.keys: list[tuple[int, ...]] = []
        self.ref = _EntryRef(self)

    def rekey(self) -> None:
        """Row paths shift when siblings come or go; recompute them."""
        self.keys = [_order_key(n) for n in self.entries]


class GapModel(QAbstractItemModel):
    """Categories at the top level; gap leaves below. Entries drag as NODE_MIME."""

    def __init__(self, doc: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._groups: list[_Group] = []
        self._group_of: dict[str, _Group] = {}
        for root in doc.tree.roots:
            group = _Group(root)
            self._groups.append(group)
            self._group_of[root.id] = group
            for leaf in root.leaves():
                if in_gap(doc.plan, leaf):
                    group.entries.append(leaf)
                    group.keys.append(_order_key(leaf))
        doc.node_states_changed.connect(self._refresh_nodes)
        doc.node_inserted.connect(self._add_subtree)
        doc.node_about_to_be_removed.connect(self._drop_subtree)
        doc.node_removed.connect(self._subtree_removed)
        doc.node_renamed.connect(self._renamed)
        doc.task_links_changed.connect(self._refresh_counts)

    # --- structure -------------------------------------------------------------------------

    def _group_at(self, index: AnyIndex) -> _Group | None:
        if not index.isValid():
            return None
        pointer = index.internalPointer()
        return pointer if isinstance(pointer, _Group) else None

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not (0 <= column < len(HEADERS)):
            return QModelIndex()
        if not parent.isValid():
            if 0 <= row < len(self._groups):
                return self.createIndex(row, column, self._groups[row])
            return QModelIndex()
        group = self._group_at(parent)
        if group is None or parent.column() != 0 or not (0 <= row < len(group.entries)):
            return QModelIndex()
        return self.createIndex(row, column, group.ref)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        pointer = index.internalPointer()
        if isinstance(pointer, _EntryRef):
            row = self._groups.index(pointer.group)
            return self.createIndex(row, 0, pointer.group)
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        group = self._group_at(parent)
        return len(group.entries) if group is not None and parent.column() == 0 else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def entry(self, index: AnyIndex) -> Node | None:
        """The gap leaf shown at `index`, or None for a category row."""
        if not index.isValid():
            return None
        pointer = index.internalPointer()
        if isinstance(pointer, _EntryRef) and 0 <= index.row() < len(pointer.group.entries):
            return pointer.group.entries[index.row()]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self._group_at(index)
        if group is not None:
            count = len(group.entries)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{group.category.title} ({count})" if index.column() == 0 else None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(count > 0)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                what = (
                    "held but not acceptable"
                    if group.category.kind == "constraint"
                    else ("needed but not held")
                )
                return f"{count} {what} in {group.category.title}"
            return None
        node = self.entry(index)
        if node is None:
            return None
        tasks = self.doc.link_counts.get(node.id, 0)
        if role == NODE_ROLE:
            return node.id
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return node.path_title
            return str(tasks) if tasks else "–"
        if role == Qt.ItemDataRole.ToolTipRole:
            why = (
                "Held, but you would not accept it"
                if node.kind == "constraint"
                else ("Needed, but not held")
            )
            plural = "task targets" if tasks == 1 else "tasks target"
            return rich_tooltip(f"{node.path_title}\n{why}. {tasks} {plural} it.")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.entry(index) is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = dict.fromkeys(n.id for i in indexes if (n := self.entry(i)) is not None)
        return encode(DragPayload(nodes=tuple(ids)))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def total(self) -> int:
        return sum(len(g.entries) for g in self._groups)

    # --- incremental updates ---------------------------------------------------------------

    def _refresh_nodes(self, node_ids: list[str]) -> None:
        """Bring the leaves below these nodes in or out of the gap.

        Every row comes or goes before any row is announced as changed: QTreeView, with a
        column sized to its contents, repaints only the changed row and drops the repaint
        owed to rows inserted or removed after it in the same turn, so the list stayed as it
        was (after an undo too) until something else repainted it. A leaf that stays in the
        gap shows nothing new when its marks change, so it is not announced at all.
        """
        touched: set[int] = set()
        for node_id in node_ids:
            node = self.doc.tree.get(node_id)
            if node is None:
                continue
            for leaf in node.leaves():
                group = self._group_of[leaf.category.id]
                if self._sync_leaf(group, leaf):
                    touched.add(self._groups.index(group))
        for row in sorted(touched):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _sync_leaf(self, group: _Group, leaf: Node) -> bool:
        """Insert or remove one leaf's row; True when the group's count changed."""
        parent = self.index(self._groups.index(group), 0)
        try:
            row = group.entries.index(leaf)
        except ValueError:
            row = -1
        wanted = in_gap(self.doc.plan, leaf)
        if wanted and row < 0:
            key = _order_key(leaf)
            at = bisect.bisect(group.keys, key)
            self.beginInsertRows(parent, at, at)
            group.entries.insert(at, leaf)
            group.keys.insert(at, key)
            self.endInsertRows()
            return True
        if not wanted and row >= 0:
            self.beginRemoveRows(parent, row, row)
            del group.entries[row]
            del group.keys[row]
            self.endRemoveRows()
            return True
        return False

    def _renamed(self, node: Node) -> None:
        """A rename changes the titles shown below the node, never what is in the gap."""
        group = self._group_of[node.category.id]
        parent = self.index(self._groups.index(group), 0)
        for leaf in node.leaves():
            if leaf in group.entries:
                row = group.entries.index(leaf)
                self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 0, parent))

    def _remove_entries(self, group: _Group, nodes: set[int]) -> None:
        parent = self.index(self._groups.index(group), 0)
        for row in reversed(range(len(group.entries))):
            if id(group.entries[row]) in nodes:
                self.beginRemoveRows(parent, row, row)
                del group.entries[row]
                del group.keys[row]
                self.endRemoveRows()

    def _drop_subtree(self, node: Node) -> None:
        """Before a custom subtree leaves the tree: drop its rows."""
        self._remove_entries(self._group_of[node.category.id], {id(n) for n in node.walk()})

    def _subtree_removed(self, parent: Node, row: int) -> None:
        """After: later siblings moved up a row, and the parent may be a leaf again."""
        self._group_of[parent.category.id].rekey()
        self._refresh_nodes([parent.id])

    def _add_subtree(self, node: Node) -> None:
        group = self._group_of[node.category.id]
        if node.parent is not None:
            # A leaf that gains a child stops being a gap entry itself.
            self._remove_entries(group, {id(node.parent)})
        group.rekey()
        self._refresh_nodes([n.id for n in node.walk()])

    def _refresh_counts(self, node_ids: list[str]) -> None:
        for node_id in set(node_ids):
            node = self.doc.tree.get(node_id)
            if node is None:
                continue
            group = self._group_of[node.category.id]
            if node in group.entries:
                parent = self.index(self._groups.index(group), 0)
                row = group.entries.index(node)
                self.dataChanged.emit(self.index(row, 1, parent), self.index(row, 1, parent))


class _EntryRef:
    """The internal pointer of entry rows: the group they belong to."""

    def __init__(self, group: _Group) -> None:
        self.group = group
