"""The board as one list of rows: each strategy, then its tasks (none while it is collapsed).

The board model is a tree, and a tree view lays out every row again whenever a row is
inserted or removed. A table view only shifts its header's section sizes, and asks the
model about the rows on screen alone, so the board shows its tree through this proxy.

Flat rows map to the tree by each lane's first flat row (its strategy row); with six
lanes, those offsets are worked out again on every change at no cost that grows with the
number of tasks. The source is the board model or its filter, both two-level trees:
strategies at the top, tasks below.

It is a table model that maps like a proxy (`mapToSource`, `mapFromSource`) rather than a
QAbstractProxyModel: a table model's parent() is Qt's own, and a view asks for the parent
of every cell it paints (to test whether the cell is selected), which a Python parent()
would turn into a call into Python per cell.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from insider_planner.ui.board.style import LANE_ID_ROLE
from insider_planner.ui.drag import decode
from insider_planner.ui.roles import AnyIndex

#: A source's answer to `multiData` for the cell at (lane row, task row or None for the
#: strategy's own row, column).
FillCell = Callable[[int, "int | None", int, "QModelRoleDataSpan | QModelRoleData"], None]

#: The internal id of a flat index: a strategy row or a task row.
STRATEGY_ROW = 1
TASK_ROW = 2

_ROOT = QModelIndex()


def is_strategy_row(index: AnyIndex) -> bool:
    """Whether a flat index is a strategy's row (the delegate and the view ask this)."""
    return index.internalId() == STRATEGY_ROW


class BoardFlatModel(QAbstractTableModel):
    """A two-level tree (strategies, their tasks) as one list of rows, for a table view.

    Every structural signal of the source becomes the matching flat one (an insert, a
    removal, a row move, a layout change), so the view's current row, selection and open
    editors follow their tasks. A strategy can be collapsed: its tasks leave the list and
    come back when it is expanded. Which strategies are collapsed is kept by lane id, so it
    survives a strategy move and a change of source (the filter put in or taken out).
    """

    def __init__(self, source: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sizes: list[int] = []  # source tasks per lane
        self._keys: list[object] = []  # lane ids, by source lane row
        self._open: list[bool] = []
        self._starts: list[int] = []  # each lane's strategy row
        self._total = 0
        self._columns = 0
        self._lanes: list[QPersistentModelIndex] = []  # the source's strategy indexes
        self._source: QAbstractItemModel | None = None
        # The source's `fill_cell`, if it has one: its `multiData` by lane and task row.
        self._fill_cell: FillCell | None = None
        self._collapsed: set[object] = set()
        self._flags: dict[tuple[int, int], Qt.ItemFlag] = {}
        self._pending: list[Callable[[], None]] = []  # how to end each begun change
        self._saved: list[tuple[QModelIndex, QPersistentModelIndex]] = []
        self._connections: list[tuple[Any, Callable[..., None]]] = []
        self.setSourceModel(source)

    # --- source -----------------------------------------------------------------------------

    def sourceModel(self) -> QAbstractItemModel:
        """The tree shown: the board model, or the filter over it."""
        assert self._source is not None
        return self._source

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        """Show another tree (the board model or its filter): a reset of the list."""
        self.reshow(lambda: source)

    def reshow(self, change: Callable[[], QAbstractItemModel]) -> None:
        """Run `change` unheard, then show the tree it returns: one reset of the list,
        however much `change` does to the trees (a filter taken out, changed, put back)."""
        self.beginResetModel()
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        source = change()
        self._source = source
        self._fill_cell = getattr(source, "fill_cell", None)
        self._flags.clear()
        for name in (
            "rowsAboutToBeInserted",
            "rowsInserted",
            "rowsAboutToBeRemoved",
            "rowsRemoved",
            "rowsAboutToBeMoved",
            "rowsMoved",
            "dataChanged",
            "headerDataChanged",
            "layoutAboutToBeChanged",
            "layoutChanged",
            "modelAboutToBeReset",
            "modelReset",
        ):
            signal = getattr(source, name)
            slot = getattr(self, f"_on_{name}")
            signal.connect(slot)
            self._connections.append((signal, slot))
        for name in (
            "columnsAboutToBeInserted",
            "columnsAboutToBeRemoved",
            "columnsAboutToBeMoved",
        ):
            signal = getattr(source, name)
            signal.connect(self._on_columns_about_to_change)
            self._connections.append((signal, self._on_columns_about_to_change))
        for name in ("columnsInserted", "columnsRemoved", "columnsMoved"):
            signal = getattr(source, name)
            signal.connect(self._on_columns_changed)
            self._connections.append((signal, self._on_columns_changed))
        self._recount()
        self.endResetModel()

    def _recount(self) -> None:
        """Read the lanes afresh: their keys, task counts and whether each is open."""
        source = self._source
        self._keys = []
        self._sizes = []
        self._lanes = []
        self._columns = 0
        if source is None:
            self._open = []
            self._place()
            return
        self._columns = source.columnCount()
        for lane in range(source.rowCount()):
            index = source.index(lane, 0)
            self._lanes.append(QPersistentModelIndex(index))
            self._keys.append(index.data(LANE_ID_ROLE))
            self._sizes.append(source.rowCount(index))
        self._open = [key not in self._collapsed for key in self._keys]
        self._place()

    def _place(self) -> None:
        """Each lane's strategy row, from the lane sizes (a handful of additions)."""
        starts = []
        row = 0
        for size, is_open in zip(self._sizes, self._open, strict=True):
            starts.append(row)
            row += 1 + (size if is_open else 0)
        self._starts = starts
        self._total = row

    # --- structure --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._columns

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if parent.isValid() or not 0 <= row < self._total or not 0 <= column < self._columns:
            return QModelIndex()
        lane = bisect_right(self._starts, row) - 1
        kind = STRATEGY_ROW if self._starts[lane] == row else TASK_ROW
        return self.createIndex(row, column, kind)

    def mapToSource(self, proxy: AnyIndex) -> QModelIndex:
        source = self._source
        if not proxy.isValid() or source is None:
            return QModelIndex()
        row = proxy.row()
        lane = bisect_right(self._starts, row) - 1
        start = self._starts[lane]
        if row == start:
            return source.index(lane, proxy.column())
        return source.index(row - start - 1, proxy.column(), self._lanes[lane])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._source is None or not index.isValid():
            return None
        return self._source.data(self.mapToSource(index), role)

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        if self._source is None or not index.isValid():
            return
        fill = self._fill_cell
        if fill is None:
            self._source.multiData(self.mapToSource(index), roleDataSpan)
            return
        # Every cell painted comes here: a source that answers by place is asked so.
        row = index.row()
        lane = bisect_right(self._starts, row) - 1
        start = self._starts[lane]
        fill(lane, None if row == start else row - start - 1, index.column(), roleDataSpan)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # A view asks twice for every cell it paints. On the board a cell's flags depend
        # only on its column and on whether its row is a strategy or a task (and on the
        # plan being read-only: `forget_flags`), so each kind of cell asks the source once.
        if self._source is None:
            return Qt.ItemFlag.NoItemFlags
        if not index.isValid():
            return self._source.flags(QModelIndex())
        key = (index.internalId(), index.column())
        flags = self._flags.get(key)
        if flags is None:
            flags = self._flags[key] = self._source.flags(self.mapToSource(index))
        return flags

    def forget_flags(self) -> None:
        """Ask the source for flags afresh (the plan became read-only, or editable)."""
        self._flags.clear()

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return self._source is not None and self._source.setData(
            self.mapToSource(index), value, role
        )

    def mapFromSource(self, index: AnyIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        parent = index.parent()
        if not parent.isValid():
            row = index.row()
            if row >= len(self._starts):
                return QModelIndex()
            return self.createIndex(self._starts[row], index.column(), STRATEGY_ROW)
        lane = parent.row()
        if lane >= len(self._starts) or not self._open[lane]:
            return QModelIndex()
        return self.createIndex(self._starts[lane] + 1 + index.row(), index.column(), TASK_ROW)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical or self._source is None:
            return None
        return self._source.headerData(section, orientation, role)

    # --- lanes ------------------------------------------------------------------------------

    def lane_of_row(self, row: int) -> int:
        """The lane (source top-level row) a flat row belongs to."""
        return bisect_right(self._starts, row) - 1

    def strategy_row(self, lane: int) -> int:
        """The flat row of a lane's strategy."""
        return self._starts[lane]

    def strategy_rows(self) -> list[int]:
        return list(self._starts)

    def is_expanded(self, lane: int) -> bool:
        return self._open[lane]

    def set_expanded(self, lane: int, expanded: bool) -> None:
        """Show or hide a lane's tasks."""
        if self._open[lane] == expanded:
            return
        first = self._starts[lane] + 1
        last = first + self._sizes[lane] - 1
        if last >= first:
            if expanded:
                self.beginInsertRows(QModelIndex(), first, last)
            else:
                self.beginRemoveRows(QModelIndex(), first, last)
        self._open[lane] = expanded
        if expanded:
            self._collapsed.discard(self._keys[lane])
        else:
            self._collapsed.add(self._keys[lane])
        self._place()
        if last >= first:
            if expanded:
                self.endInsertRows()
            else:
                self.endRemoveRows()
        row = self._starts[lane]  # the strategy's arrow turns
        self.dataChanged.emit(self.index(row, 0), self.index(row, self._columns - 1))

    # --- following the source ---------------------------------------------------------------

    def _flat_range(self, lane: int, first: int, last: int) -> tuple[int, int]:
        start = self._starts[lane] + 1
        return start + first, start + last

    def _on_rowsAboutToBeInserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():  # a new lane: the board never does this; start again
            self.beginResetModel()
            self._pending.append(self._end_reset)
        elif self._open[parent.row()]:
            self.beginInsertRows(QModelIndex(), *self._flat_range(parent.row(), first, last))
            self._pending.append(self.endInsertRows)
        else:
            self._pending.append(_nothing)

    def _on_rowsInserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            self._sizes[parent.row()] += last - first + 1
            self._place()
        self._pending.pop()()

    def _on_rowsAboutToBeRemoved(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            self.beginResetModel()
            self._pending.append(self._end_reset)
        elif self._open[parent.row()]:
            self.beginRemoveRows(QModelIndex(), *self._flat_range(parent.row(), first, last))
            self._pending.append(self.endRemoveRows)
        else:
            self._pending.append(_nothing)

    def _on_rowsRemoved(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            self._sizes[parent.row()] -= last - first + 1
            self._place()
        self._pending.pop()()

    def _on_rowsAboutToBeMoved(
        self, parent: QModelIndex, first: int, last: int, dest: QModelIndex, row: int
    ) -> None:
        root = QModelIndex()
        if parent.isValid() != dest.isValid():  # never between levels on the board
            self.beginResetModel()
            self._pending.append(self._end_reset)
            return
        if not parent.isValid():  # strategies, with their tasks
            start = self._starts[first]
            end = self._starts[last] + (self._sizes[last] if self._open[last] else 0)
            to = self._starts[row] if row < len(self._starts) else self._total
            moving = self.beginMoveRows(root, start, end, root, to)
            self._pending.append(self._end_move if moving else self._recount)
            return
        source_lane, dest_lane = parent.row(), dest.row()
        start, end = self._flat_range(source_lane, first, last)
        to = self._starts[dest_lane] + 1 + row
        if self._open[source_lane] and self._open[dest_lane]:
            moving = self.beginMoveRows(root, start, end, root, to)
            self._pending.append(self.endMoveRows if moving else _nothing)
        elif self._open[source_lane]:
            self.beginRemoveRows(root, start, end)
            self._pending.append(self.endRemoveRows)
        elif self._open[dest_lane]:
            self.beginInsertRows(root, to, to + last - first)
            self._pending.append(self.endInsertRows)
        else:
            self._pending.append(_nothing)

    def _on_rowsMoved(
        self, parent: QModelIndex, first: int, last: int, dest: QModelIndex, row: int
    ) -> None:
        if parent.isValid() and dest.isValid():
            count = last - first + 1
            self._sizes[parent.row()] -= count
            self._sizes[dest.row()] += count
            self._place()
        self._pending.pop()()

    def _end_move(self) -> None:
        self._recount()
        self.endMoveRows()

    def _end_reset(self) -> None:
        self._recount()
        self.endResetModel()

    def _on_dataChanged(
        self, first: QModelIndex, last: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if not first.isValid():
            return
        parent = first.parent()
        left, right = first.column(), last.column()
        if not parent.isValid():  # strategy rows sit apart in the list: one signal each
            for lane in range(first.row(), last.row() + 1):
                row = self._starts[lane]
                self.dataChanged.emit(
                    self.createIndex(row, left, STRATEGY_ROW),
                    self.createIndex(row, right, STRATEGY_ROW),
                    roles,
                )
        elif self._open[parent.row()]:
            top, bottom = self._flat_range(parent.row(), first.row(), last.row())
            self.dataChanged.emit(
                self.createIndex(top, left, TASK_ROW),
                self.createIndex(bottom, right, TASK_ROW),
                roles,
            )

    def _on_headerDataChanged(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Horizontal:
            self.headerDataChanged.emit(orientation, first, last)

    def _on_layoutAboutToBeChanged(self, *_: object) -> None:
        """The filter tells moves as layout changes: keep every persistent index by source."""
        self.layoutAboutToBeChanged.emit()
        self._saved = [
            (index, QPersistentModelIndex(self.mapToSource(index)))
            for index in self.persistentIndexList()
        ]

    def _on_layoutChanged(self, *_: object) -> None:
        self._recount()
        saved, self._saved = self._saved, []
        if saved:
            self.changePersistentIndexList(
                [old for old, _ in saved],
                [self.mapFromSource(source) for _, source in saved],
            )
        self.layoutChanged.emit()

    def _on_modelAboutToBeReset(self) -> None:
        self.beginResetModel()

    def _on_modelReset(self) -> None:
        self._recount()
        self.endResetModel()

    def _on_columns_about_to_change(self, *_: object) -> None:
        self.beginResetModel()

    def _on_columns_changed(self, *_: object) -> None:
        self._recount()
        self.endResetModel()

    # --- drag and drop ----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return self.sourceModel().mimeTypes()

    def supportedDragActions(self) -> Qt.DropAction:
        return self.sourceModel().supportedDragActions()

    def supportedDropActions(self) -> Qt.DropAction:
        return self.sourceModel().supportedDropActions()

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        source = self.sourceModel()
        return source.mimeData([self.mapToSource(i) for i in indexes if i.isValid()])

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        place_row, place_column, place_parent = self.drop_place(data, row, parent)
        return self.sourceModel().canDropMimeData(
            data, action, place_row, place_column, place_parent
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        place_row, place_column, place_parent = self.drop_place(data, row, parent)
        return self.sourceModel().dropMimeData(data, action, place_row, place_column, place_parent)

    def drop_place(
        self, data: QMimeData, row: int, parent: AnyIndex
    ) -> tuple[int, int, QModelIndex]:
        """The source's (row, column, parent) for a drop at a flat (row, parent).

        A drop onto a row is a drop onto its source row. A drop in the gap before flat row
        `row` (`row` = the row count: after the last row) reads as the tree would:
        before a strategy row, the end of the lane above; below a task, the next row of
        its lane; just below an open strategy's row, the start of its tasks (for a dragged
        strategy: after that strategy).
        """
        source = self.sourceModel()
        if parent.isValid():
            return -1, -1, self.mapToSource(parent).siblingAtColumn(0)
        if row < 0 or not self._starts:
            return -1, -1, QModelIndex()
        row = min(row, self._total)
        if row == 0 or (row < self._total and self._starts[self.lane_of_row(row)] == row):
            return self.lane_of_row(row), 0, QModelIndex()
        above = row - 1
        lane = self.lane_of_row(above)
        if self._starts[lane] == above:  # just below a strategy row
            payload = decode(data)
            if row == self._total or (payload is not None and payload.strategy is not None):
                return lane + 1, 0, QModelIndex()
            return 0, 0, source.index(lane, 0)
        return above - self._starts[lane], 0, source.index(lane, 0)


def _nothing() -> None:
    pass
