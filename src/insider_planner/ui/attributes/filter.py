"""The attribute tree's filter: a node shows when its name or a descendant's contains the text.

Qt's recursive filtering asks the source model for each row's children, parents and names,
many times per row and per keystroke. Here each node's answer is worked out once per filter
text, from the tree itself, and kept until the text or the tree changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal

from insider_planner.domain.tree import Node
from insider_planner.ui.attributes.model import AttributeTreeModel
from insider_planner.ui.roles import AnyIndex


class AttributeFilterProxy(QSortFilterProxyModel):
    """Shows the nodes whose title contains the filter text, with their ancestors."""

    filter_applied = Signal()  # rows were filtered afresh; newly shown ones are collapsed

    def __init__(self, model: AttributeTreeModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self._text = ""
        self._shown: dict[int, bool] = {}
        # Connected before the proxy's own slots, so answers are forgotten before it asks.
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._forget)
        model.modelReset.connect(self._forget)
        # A node added, removed or renamed can show or hide its ancestors, which Qt does
        # not look at again without recursive filtering: filter everything afresh.
        doc = model.doc
        doc.node_inserted.connect(self._refilter)
        doc.node_removed.connect(self._refilter)
        doc.node_renamed.connect(self._refilter)

    @property
    def attached(self) -> bool:
        """Whether the proxy stands over the tree model (it does only while filtering)."""
        return self.sourceModel() is not None

    def attach(self, text: str) -> None:
        """Stand over the tree model, filtering by `text`."""
        self._text = text.casefold()
        self._shown.clear()
        self.setSourceModel(self._model)

    def detach(self) -> None:
        """Let go of the tree model: with no filter the view shows the model itself, and a
        proxy left over it would map every change for nobody."""
        self._text = ""
        self._shown.clear()
        # Qt takes a null model (None) to mean "no source"; the type stubs do not say so.
        self.setSourceModel(None)  # type: ignore[arg-type]

    def set_filter_text(self, text: str) -> None:
        """Filter by `text` (any case); an empty text shows everything."""
        folded = text.casefold()
        if folded == self._text:
            return
        self._text = folded
        self._apply()

    def _apply(self) -> None:
        self._shown.clear()
        # A layout change, not rows removed one range at a time: the latter makes Qt walk
        # every mapping for each range, O(n²) calls into the model per keystroke.
        self.invalidate()
        self.filter_applied.emit()

    def _refilter(self, *args: object) -> None:
        if self._text and self.attached:
            self._apply()

    def shown_parents(self) -> list[Node]:
        """The nodes with children that the filter shows, parents before their children."""
        found: list[Node] = []
        pending = list(reversed(self._model.doc.tree.roots))
        while pending:
            node = pending.pop()
            if node.children and (not self._text or self._accepts(node)):
                found.append(node)
                pending.extend(reversed(node.children))
        return found

    def first_match(self) -> Node | None:
        """The first node, in tree order, whose own title holds the filter text."""
        return next((node for node in self._model.doc.tree.walk() if self.matches(node)), None)

    def matches(self, node: Node) -> bool:
        """Whether a node's own title holds the filter text (not only a descendant's)."""
        return bool(self._text) and self._text in node.title.casefold()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._text:
            return True
        parent: Node | None = source_parent.internalPointer() if source_parent.isValid() else None
        siblings = parent.children if parent is not None else self._model.doc.tree.roots
        return 0 <= source_row < len(siblings) and self._accepts(siblings[source_row])

    def _accepts(self, node: Node) -> bool:
        known = self._shown.get(id(node))
        if known is None:
            # Every child is visited, not just up to the first match: the view asks for
            # them next anyway, and each is then answered from here.
            below = [self._accepts(child) for child in node.children]
            known = self._text in node.title.casefold() or any(below)
            self._shown[id(node)] = known
        return known

    def _forget(self, *args: QModelIndex | QPersistentModelIndex | int | list[int]) -> None:
        self._shown.clear()
