"""The board's filter: hide done tasks, or show only those linked to one attribute."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSortFilterProxyModel

from insider_planner.domain.plan import TaskStatus
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.roles import AnyIndex


class BoardFilterModel(QSortFilterProxyModel):
    """Hides done tasks and/or tasks not linked to one node (or anything below it).

    Strategies are always shown. Filtering only; the board is never sorted here.
    """

    def __init__(self, board: BoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._hide_done = False
        self._node_ids: frozenset[str] | None = None
        self.setSourceModel(board)

    @property
    def board(self) -> BoardModel:
        return self._board

    @property
    def filtering(self) -> bool:
        """Whether any task is hidden by the current settings."""
        return self._hide_done or self._node_ids is not None

    @property
    def hide_done(self) -> bool:
        return self._hide_done

    @property
    def node_ids(self) -> frozenset[str] | None:
        """The nodes a shown task must be linked to (None: any task is shown)."""
        return self._node_ids

    def set_hide_done(self, hide: bool) -> None:
        if hide != self._hide_done:
            self._change_filter(lambda: setattr(self, "_hide_done", hide))

    def node_ids_for(self, node_id: str | None) -> frozenset[str] | None:
        """The node and every node below it (None: no node, no filtering)."""
        if node_id is None:
            return None
        node = self._board.doc.tree.get(node_id)
        return frozenset(n.id for n in node.walk()) if node else frozenset({node_id})

    def set_node_ids(self, ids: frozenset[str] | None) -> None:
        if ids != self._node_ids:
            self._change_filter(lambda: setattr(self, "_node_ids", ids))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not source_parent.isValid() or not self.filtering:
            return True
        task = self._board.task_in(source_parent.row(), source_row)
        if self._hide_done and task.status is TaskStatus.DONE:
            return False
        nodes = self._node_ids
        return nodes is None or any(link in nodes for link in task.links)
