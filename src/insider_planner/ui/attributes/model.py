"""The attribute tree as a Qt item model: category → attribute → facet.

Held and needed are stored on leaves and derived for parents, so a change to one leaf
announces itself on that leaf and on its ancestors only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from insider_planner.domain.marks import FLAGS, Flag, Mark, MarkCache, flag_label
from insider_planner.domain.text import first_line
from insider_planner.domain.tree import Node
from insider_planner.ui import edits, roles
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import NODE_MIME, DragPayload, encode
from insider_planner.ui.roles import NODE_ROLE, AnyIndex
from insider_planner.ui.text import rich_tooltip
from insider_planner.ui.theme import blend, readable

COL_NAME, COL_HELD, COL_NEEDED, COL_NOTE = range(4)
FLAG_OF_COLUMN: dict[int, Flag] = {COL_HELD: "held", COL_NEEDED: "needed"}
HEADERS = ("Attribute", "Held", "Needed", "Note")
_COLUMNS = len(HEADERS)
_CHECK = {
    Mark.CHECKED: Qt.CheckState.Checked,
    Mark.PARTIAL: Qt.CheckState.PartiallyChecked,
    Mark.UNCHECKED: Qt.CheckState.Unchecked,
}
#: Constraint rows are the base colour tinted this much with this hue.
CONSTRAINT_HUE = QColor(217, 146, 46)
CONSTRAINT_TINT = 0.2

# The roles `data` answers (as plain ints: see `ui.roles`).
_ANSWERED = frozenset(
    (
        roles.DISPLAY,
        roles.CHECK_STATE,
        roles.FONT,
        roles.BACKGROUND,
        roles.FOREGROUND,
        roles.TOOLTIP,
        roles.ACCESSIBLE_TEXT,
        NODE_ROLE,
    )
)
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FLAGS = {
    (checkable, draggable): _BASE_FLAGS
    | (Qt.ItemFlag.ItemIsUserCheckable if checkable else Qt.ItemFlag.NoItemFlags)
    | (Qt.ItemFlag.ItemIsDragEnabled if draggable else Qt.ItemFlag.NoItemFlags)
    for checkable in (False, True)
    for draggable in (False, True)
}


@cache
def _font(bold: bool, italic: bool) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


#: The palette (by cache key) the brushes were made for, and the brushes.
_palette_looks: dict[int, tuple[QBrush, QBrush, QBrush]] = {}


def _brushes() -> tuple[QBrush, QBrush, QBrush]:
    """Background and text of constraint rows (the base tinted with the constraint hue,
    and the palette's text kept readable on it), and the notes' text (the placeholder
    colour kept readable on the base). Made again when the palette changes: the tree asks
    for them for every cell it paints."""
    palette = QApplication.palette()
    key = palette.cacheKey()
    looks = _palette_looks.get(key)
    if looks is None:
        base = palette.color(QPalette.ColorRole.Base)
        tint = blend(base, CONSTRAINT_HUE, CONSTRAINT_TINT)
        text = readable(palette.color(QPalette.ColorRole.Text), tint)
        note = readable(
            palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText), base
        )
        _palette_looks.clear()
        looks = _palette_looks[key] = (QBrush(tint), QBrush(text), QBrush(note))
    return looks


def font_of(node: Node, column: int) -> QFont | None:
    """Categories in bold, custom nodes in italics; None for the view's own font."""
    if column != COL_NAME or not (node.level == "category" or node.custom):
        return None
    return _font(node.level == "category", node.custom)


def background_of(node: Node) -> QBrush | None:
    return _brushes()[0] if node.kind == "constraint" else None


def foreground_of(node: Node, column: int) -> QBrush | None:
    if node.kind == "constraint":
        return _brushes()[1]
    if column == COL_NOTE:
        return _brushes()[2]
    return None


class AttributeTreeModel(QAbstractItemModel):
    """Item model over a PlanDocument's attribute tree."""

    def __init__(self, doc: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._marks = MarkCache(doc.plan)
        doc.node_states_changed.connect(self._on_states_changed)
        doc.node_about_to_be_inserted.connect(self._on_about_to_insert)
        doc.node_inserted.connect(self._on_inserted)
        doc.node_about_to_be_removed.connect(self._on_about_to_remove)
        doc.node_removed.connect(self._on_removed)
        doc.node_renamed.connect(lambda node: self._node_changed(node, with_ancestors=False))

    # --- structure -------------------------------------------------------------------------
    # Views and the filter proxy call these thousands of times a frame: each is a few
    # attribute lookups, rows come from the tree's cached `Node.row`.

    def node(self, index: AnyIndex) -> Node | None:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        return node

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        return self.createIndex(node.row, column, node)

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            children: list[Node] = parent.internalPointer().children
        else:
            children = self.doc.tree.roots
        if 0 <= row < len(children) and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent: Node | None = index.internalPointer().parent
        if parent is None:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return len(parent.internalPointer().children) if parent.column() == 0 else 0
        return len(self.doc.tree.roots)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return _COLUMNS

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        if parent.isValid():
            return parent.column() == 0 and bool(parent.internalPointer().children)
        return bool(self.doc.tree.roots)

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
        if role not in _ANSWERED or not index.isValid():
            return None
        node: Node = index.internalPointer()
        column = index.column()
        if role == roles.DISPLAY:
            return self.text_of(node, column)
        if role == roles.CHECK_STATE:
            return self.check_of(node, column)
        if role == roles.FONT:
            return font_of(node, column)
        if role == roles.BACKGROUND:
            return background_of(node)
        if role == roles.FOREGROUND:
            return foreground_of(node, column)
        if role == NODE_ROLE:
            return node.id
        if role == roles.TOOLTIP:
            if column in FLAG_OF_COLUMN:
                label = flag_label(node.kind, FLAG_OF_COLUMN[column])
                return rich_tooltip(f"{label}: {node.title}")
            if column == COL_NOTE:
                return rich_tooltip(self.doc.plan.state(node.id).note)
            return rich_tooltip(node.help or node.title)
        if column in FLAG_OF_COLUMN:  # the accessible text
            label = flag_label(node.kind, FLAG_OF_COLUMN[column])
            return f"{label} for {node.title}"
        return None

    # What a cell shows, role by role: `data` answers from these, and so does the view's
    # delegate, which asks for all of them at once rather than role by role.

    def text_of(self, node: Node, column: int) -> str | None:
        if column == COL_NAME:
            return node.title
        if column == COL_NOTE:
            state = self.doc.plan.nodes.get(node.id)
            return first_line(state.note) if state is not None else ""
        if node.level == "category":
            return flag_label(node.kind, FLAG_OF_COLUMN[column])
        return None

    def check_of(self, node: Node, column: int) -> Qt.CheckState | None:
        flag = FLAG_OF_COLUMN.get(column)
        return None if flag is None else _CHECK[self._marks.mark(node, flag)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        checkable = index.column() in FLAG_OF_COLUMN and not self.doc.read_only
        draggable = index.internalPointer().level != "category"
        return _FLAGS[checkable, draggable]

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
        """Refresh the nodes named, and those of their ancestors whose marks changed."""
        nodes = [node for i in node_ids if (node := self.doc.tree.get(i)) is not None]
        ancestors: dict[int, Node] = {}
        for node in nodes:
            current = node.parent
            while current is not None and id(current) not in ancestors:
                ancestors[id(current)] = current
                current = current.parent
        before = {
            (key, flag): self._marks.known(node, flag)
            for key, node in ancestors.items()
            for flag in FLAGS
        }
        for node in nodes:
            self._marks.forget(node)
        named = {id(node) for node in nodes}
        for node in nodes:
            self._node_changed(node, with_ancestors=False)
        for key, node in ancestors.items():
            if key in named:
                continue
            if any(before[key, f] is not self._marks.mark(node, f) for f in FLAGS):
                # Also when unknown before (None is no mark). Only its tick boxes change.
                self.dataChanged.emit(
                    self.index_of(node, COL_HELD),
                    self.index_of(node, COL_NEEDED),
                    [roles.CHECK_STATE],
                )

    def _on_about_to_insert(self, parent: Node, row: int) -> None:
        self.beginInsertRows(self.index_of(parent), row, row)

    def _on_inserted(self, node: Node) -> None:
        self.endInsertRows()
        self._marks.forget(node)
        if node.parent is not None:
            self._node_changed(node.parent)

    def _on_about_to_remove(self, node: Node) -> None:
        assert node.parent is not None
        self._marks.forget(node)
        self.beginRemoveRows(self.index_of(node.parent), node.row, node.row)

    def _on_removed(self, parent: Node, row: int) -> None:
        self.endRemoveRows()
        self._marks.forget(parent)
