"""One tree over the catalog and a plan's custom nodes: category → attribute → facet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from insider_planner.domain.catalog import Catalog, Kind, facet_node_id
from insider_planner.domain.plan import CustomNode, Plan

Level = Literal["category", "attribute", "facet"]
CHILD_LEVEL: dict[Level, Level] = {"category": "attribute", "attribute": "facet"}


@dataclass(eq=False)
class Node:
    """A node of the attribute tree. Built-in nodes come from the catalog."""

    id: str
    title: str
    help: str
    level: Level
    kind: Kind
    # Left out of repr: printing a node would otherwise print the whole tree around it.
    parent: Node | None = field(default=None, repr=False)
    children: list[Node] = field(default_factory=list, repr=False)
    strategy: str | None = None
    custom: bool = False
    limits_criticism: bool = False
    # Position among the parent's children (categories: among the roots). PlanTree keeps it
    # current as nodes come and go, so item models find a row without scanning siblings.
    row: int = -1

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def category(self) -> Node:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def path_title(self) -> str:
        """'Attribute › Facet' for facets, the title otherwise."""
        if self.level == "facet" and self.parent is not None:
            return f"{self.parent.title} › {self.title}"
        return self.title

    def suggested_strategy(self) -> str | None:
        """The strategy most likely to acquire this node, inherited from its ancestors."""
        node: Node | None = self
        while node is not None:
            if node.strategy:
                return node.strategy
            node = node.parent
        return None

    def leaves(self) -> Iterator[Node]:
        """The leaf nodes under this one (itself when it is a leaf)."""
        if not self.children:
            yield self
            return
        for child in self.children:
            yield from child.leaves()

    def walk(self) -> Iterator[Node]:
        """This node and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


class PlanTree:
    """The attribute tree for one plan; custom nodes are added and removed in place."""

    def __init__(self, catalog: Catalog, plan: Plan) -> None:
        self.roots: list[Node] = []
        self._index: dict[str, Node] = {}
        for category in catalog.categories:
            cat = self._add(
                Node(category.id, category.title, category.help, "category", category.kind)
            )
            _place(self.roots, len(self.roots), cat)
            for attribute in category.attributes:
                attr = self._add_child(
                    cat, attribute.id, attribute.title, attribute.help, strategy=attribute.strategy
                )
                for facet in attribute.facets:
                    self._add_child(
                        attr,
                        facet_node_id(attribute.id, facet.id),
                        facet.title,
                        facet.help,
                        limits_criticism=facet.limits_criticism,
                    )
        # Custom nodes may name custom parents listed later; attach until nothing changes.
        pending = list(plan.custom_nodes)
        while pending:
            rest = [c for c in pending if self.attach_custom(c) is None]
            if len(rest) == len(pending):
                break  # orphans (parent removed from the catalog) stay in the plan, unseen
            pending = rest

    def _add(self, node: Node) -> Node:
        self._index[node.id] = node
        return node

    def _add_child(
        self,
        parent: Node,
        node_id: str,
        title: str,
        help_text: str,
        row: int | None = None,
        **details: Any,
    ) -> Node:
        """A node one level below `parent`, of its kind, at `row` (None: last)."""
        node = self._add(
            Node(
                node_id, title, help_text, CHILD_LEVEL[parent.level], parent.kind, parent, **details
            )
        )
        _place(parent.children, len(parent.children) if row is None else row, node)
        return node

    def get(self, node_id: str) -> Node | None:
        return self._index.get(node_id)

    def __getitem__(self, node_id: str) -> Node:
        return self._index[node_id]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._index

    def __len__(self) -> int:
        return len(self._index)

    def walk(self) -> Iterator[Node]:
        """Every node in display order."""
        for root in self.roots:
            yield from root.walk()

    def leaves(self) -> Iterator[Node]:
        for root in self.roots:
            yield from root.leaves()

    def attach_custom(self, custom: CustomNode, row: int | None = None) -> Node | None:
        """Add a custom node under its parent; None when the parent is unknown or a facet."""
        parent = self._index.get(custom.parent)
        if parent is None or custom.id in self._index or parent.level not in CHILD_LEVEL:
            return None
        return self._add_child(
            parent,
            custom.id,
            custom.title,
            custom.help,
            row,
            strategy=custom.strategy,
            custom=True,
        )

    def detach(self, node: Node) -> int:
        """Remove a custom node and everything under it; returns the row it held."""
        assert node.custom and node.parent is not None
        row = node.row
        siblings = node.parent.children
        del siblings[row]
        _renumber(siblings, row)
        for gone in node.walk():
            self._index.pop(gone.id, None)
        return row


def _place(siblings: list[Node], row: int, node: Node) -> None:
    """Insert `node` at `row` (clamped like list.insert) and renumber the rows after it."""
    row = max(0, min(row, len(siblings)))
    siblings.insert(row, node)
    _renumber(siblings, row)


def _renumber(siblings: list[Node], start: int) -> None:
    for row in range(start, len(siblings)):
        siblings[row].row = row
