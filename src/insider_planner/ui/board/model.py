"""The action board as an item model: strategies at the top level, their tasks below.

The model reads the plan directly and follows the document's before/after signals with
row-level Qt signals (moves, inserts, removals, dataChanged); it never resets on an edit.
Edits go through `ui.edits` (editing a title in place, a tick, a drop), like every other
edit in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    Qt,
    Signal,
)

from insider_planner.domain.plan import StrategyLane, Task, TaskStatus
from insider_planner.ui import edits
from insider_planner.ui.board.display import BoardDisplay, each_role
from insider_planner.ui.board.style import (
    COLUMN_COUNT,
    COLUMN_TITLES,
    LAST_COLUMN,
    STATUS_OF_CHECK,
    Column,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import BOARD_MIME, NODE_MIME, DragPayload, decode, encode
from insider_planner.ui.roles import AnyIndex

# Computed once: flags() runs for every row a view lays out, and enum `|` is slow in Python.
_READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_STRATEGY_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
# Tasks never have children: telling views so spares them a rowCount call per task.
_READ_ONLY_TASK_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_TASK_FLAGS = _READ_ONLY_TASK_FLAGS | Qt.ItemFlag.ItemIsDragEnabled
_TASK_TITLE_FLAGS = (
    _TASK_FLAGS
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsUserCheckable
    | Qt.ItemFlag.ItemIsUserTristate
)


class BoardModel(QAbstractItemModel):
    """Strategies (top level, in plan order) with their tasks as children."""

    #: Overall or per-strategy done/total counts changed.
    progress_changed = Signal()
    #: Tasks were created by a drop onto the board (task ids, in order).
    tasks_created = Signal(list)

    def __init__(self, doc: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._display = BoardDisplay(self)
        self._pending_moves: list[bool] = []
        self._removing: list[str] = []
        self._moving_task: list[str] = []
        # Task indexes carry a stable per-lane key (never the lane's row, which moves), so
        # persistent indexes of tasks stay valid when their strategy is reordered.
        self._key_of: dict[str, int] = {}
        self._lane_of_key: dict[int, StrategyLane] = {}
        self._row_of: dict[str, int] = {}
        self._lanes_by_row: list[StrategyLane] = []
        self._done: dict[str, set[str]] = {}
        for lane in doc.plan.strategies:
            key = len(self._key_of) + 1
            self._key_of[lane.id] = key
            self._lane_of_key[key] = lane
            self._done[lane.id] = {t.id for t in lane.tasks if t.status is TaskStatus.DONE}
        self._index_lane_rows()

        # Each structural signal of the document has a handler named after it.
        for name in (
            "strategy_about_to_move",
            "strategy_moved",
            "task_about_to_be_inserted",
            "task_inserted",
            "task_about_to_be_removed",
            "task_removed",
            "task_about_to_move",
            "task_moved",
            "task_changed",
        ):
            getattr(doc, name).connect(getattr(self, f"_on_{name}"))
        for signal in (doc.node_renamed, doc.node_inserted, doc.node_removed):
            signal.connect(self._on_nodes_changed)

    @property
    def doc(self) -> PlanDocument:
        return self._doc

    def _index_lane_rows(self) -> None:
        self._lanes_by_row = list(self._doc.plan.strategies)
        self._row_of = {lane.id: row for row, lane in enumerate(self._lanes_by_row)}

    # --- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        # Views call this for every row they lay out: kept to a few cheap lookups.
        lanes = self._lanes_by_row
        if not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if 0 <= row < len(lanes) else QModelIndex()
        lane_row = parent.row()
        if parent.internalId() or parent.column() or lane_row >= len(lanes):
            return QModelIndex()
        lane = lanes[lane_row]
        if 0 <= row < len(lane.tasks):
            return self.createIndex(row, column, self._key_of[lane.id])
        return QModelIndex()

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...
    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        lane = self._lane_of_key[child.internalId()]
        return self.createIndex(self._row_of[lane.id], 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        strategies = self._doc.plan.strategies
        if not parent.isValid():
            return len(strategies)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(strategies[parent.row()].tasks)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section <= LAST_COLUMN
        ):
            return COLUMN_TITLES[section]
        return None

    # --- lookups ---------------------------------------------------------------------------

    def is_strategy(self, index: AnyIndex) -> bool:
        return index.isValid() and index.internalId() == 0

    def is_task(self, index: AnyIndex) -> bool:
        return index.isValid() and index.internalId() != 0

    def lane_at(self, row: int) -> StrategyLane:
        """The strategy lane shown at a top-level row."""
        return self._doc.plan.strategies[row]

    def lane_of(self, index: AnyIndex) -> StrategyLane:
        """The lane of a strategy row, or the lane a task row belongs to."""
        if index.internalId() == 0:
            return self._doc.plan.strategies[index.row()]
        return self._lane_of_key[index.internalId()]

    def task_of(self, index: AnyIndex) -> Task:
        """The task shown by a task row."""
        return self._lane_of_key[index.internalId()].tasks[index.row()]

    def task_in(self, lane_row: int, row: int) -> Task:
        """The task at `row` of the lane at top-level `lane_row` (used by the filter)."""
        return self._doc.plan.strategies[lane_row].tasks[row]

    def mapToSource(self, index: QModelIndex) -> QModelIndex:
        """The index itself: the view shows this model directly unless a filter is on, and
        code holding the view's model maps indexes the same way in both cases."""
        return index

    def mapFromSource(self, index: QModelIndex) -> QModelIndex:
        """The index itself (see `mapToSource`)."""
        return index

    def lane_index(self, lane_id: str, column: int = 0) -> QModelIndex:
        return self.createIndex(self._row_of[lane_id], column, 0)

    def task_index(self, task_id: str, column: int = 0) -> QModelIndex:
        """The index of a task, or an invalid index if the plan has no such task."""
        found = self._doc.plan.find_task(task_id)
        if found is None:
            return QModelIndex()
        lane, row = found
        return self.createIndex(row, column, self._key_of[lane.id])

    def lane_progress(self, lane_id: str) -> tuple[int, int]:
        """(done, total) for one strategy."""
        lane = self._lane_of_key[self._key_of[lane_id]]
        return len(self._done[lane_id]), len(lane.tasks)

    def progress(self) -> tuple[int, int]:
        """(done, total) over the whole board."""
        done = sum(len(ids) for ids in self._done.values())
        total = sum(len(lane.tasks) for lane in self._doc.plan.strategies)
        return done, total

    def strategy_label(self, lane_id: str) -> str:
        """'N. Title', N being the strategy's current priority."""
        return f"{self._row_of[lane_id] + 1}. {self._doc.strategy_title(lane_id)}"

    def link_titles(self, task: Task) -> list[str]:
        """The names of the nodes a task is linked to (the id when a node has gone)."""
        tree = self._doc.tree
        return [node.path_title if (node := tree.get(link)) else link for link in task.links]

    # --- data ------------------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        read_only = self._doc.read_only
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags if read_only else Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == 0:
            return _READ_ONLY_FLAGS if read_only else _STRATEGY_FLAGS
        if read_only:
            return _READ_ONLY_TASK_FLAGS
        return _TASK_FLAGS if index.column() else _TASK_TITLE_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            lane = self._doc.plan.strategies[index.row()]
            return self._display.strategy(lane, index.row(), index.column(), role)
        lane = self._lane_of_key[index.internalId()]
        return self._display.task(lane, lane.tasks[index.row()], index.column(), role)

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        # A delegate asks for a cell's roles all at once: one call into Python, not one
        # per role, for every cell painted.
        if not index.isValid():
            return
        key = index.internalId()
        if key == 0:
            row = index.row()
            self._fill(self._doc.plan.strategies[row], row, None, index.column(), roleDataSpan)
        else:
            lane = self._lane_of_key[key]
            self._fill(lane, self._row_of[lane.id], index.row(), index.column(), roleDataSpan)

    def fill_cell(
        self,
        lane_row: int,
        task_row: int | None,
        column: int,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        """`multiData` for the cell at a place: a strategy's row (`task_row` None) or one
        of its tasks. The board's list knows its cells by place, and asks so without
        making an index of this model for every cell it paints."""
        self._fill(self._doc.plan.strategies[lane_row], lane_row, task_row, column, roleDataSpan)

    def _fill(
        self,
        lane: StrategyLane,
        lane_row: int,
        task_row: int | None,
        column: int,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        roles = (
            roleDataSpan
            if isinstance(roleDataSpan, QModelRoleDataSpan)
            else QModelRoleDataSpan(roleDataSpan)
        )
        if task_row is None:
            strategy = self._display.strategy
            for role_data in each_role(roles):
                role_data.setData(strategy(lane, lane_row, column, role_data.role()))
            return
        self._display.fill_task(lane, lane.tasks[task_row], column, roles)

    def check_looks(self) -> None:
        """Before a paint: forget the cells' looks if the day, palette, font or language
        changed (see `BoardDisplay.check_context`)."""
        self._display.check_context()

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self.is_task(index) or index.column() != Column.TITLE:
            return False
        task = self.task_of(index)
        if role == Qt.ItemDataRole.EditRole:
            return edits.edit_task(self._doc, task.id, {"title": str(value)})
        if role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            status = STATUS_OF_CHECK.get(state)
            return status is not None and edits.set_status(self._doc, [task.id], status)
        return False

    # --- following the document ------------------------------------------------------------

    def _emit_lane_changed(self, *lane_ids: str) -> None:
        for lane_id in dict.fromkeys(lane_ids):
            row = self._row_of[lane_id]
            self.dataChanged.emit(
                self.createIndex(row, 0, 0), self.createIndex(row, LAST_COLUMN, 0)
            )

    def _on_strategy_about_to_move(self, from_row: int, to_row: int) -> None:
        dest = to_row + 1 if to_row > from_row else to_row
        moving = from_row != to_row and self.beginMoveRows(
            QModelIndex(), from_row, from_row, QModelIndex(), dest
        )
        self._pending_moves.append(moving)

    def _on_strategy_moved(self, from_row: int, to_row: int) -> None:
        self._index_lane_rows()
        if self._pending_moves.pop():
            self.endMoveRows()
        # Every strategy between the two rows changed its priority number.
        low, high = sorted((from_row, to_row))
        self.dataChanged.emit(self.createIndex(low, 0, 0), self.createIndex(high, LAST_COLUMN, 0))

    def _on_task_about_to_be_inserted(self, lane_id: str, row: int) -> None:
        self.beginInsertRows(self.lane_index(lane_id), row, row)

    def _on_task_inserted(self, lane_id: str, row: int) -> None:
        self.endInsertRows()
        task = self._lane_of_key[self._key_of[lane_id]].tasks[row]
        self._display.forget(task.id)
        if task.status is TaskStatus.DONE:
            self._done[lane_id].add(task.id)
        self._emit_lane_changed(lane_id)
        self.progress_changed.emit()

    def _on_task_about_to_be_removed(self, lane_id: str, row: int) -> None:
        self._removing.append(self._lane_of_key[self._key_of[lane_id]].tasks[row].id)
        self.beginRemoveRows(self.lane_index(lane_id), row, row)

    def _on_task_removed(self, lane_id: str, row: int) -> None:
        self.endRemoveRows()
        task_id = self._removing.pop()
        self._done[lane_id].discard(task_id)
        self._display.forget(task_id)
        self._emit_lane_changed(lane_id)
        self.progress_changed.emit()

    def _on_task_about_to_move(
        self, from_lane: str, from_row: int, to_lane: str, to_row: int
    ) -> None:
        self._moving_task.append(self._lane_of_key[self._key_of[from_lane]].tasks[from_row].id)
        source = self.lane_index(from_lane)
        if from_lane == to_lane:
            dest = to_row + 1 if to_row > from_row else to_row
            moving = from_row != to_row and self.beginMoveRows(
                source, from_row, from_row, source, dest
            )
        else:
            moving = self.beginMoveRows(
                source, from_row, from_row, self.lane_index(to_lane), to_row
            )
        self._pending_moves.append(moving)

    def _on_task_moved(self, from_lane: str, from_row: int, to_lane: str, to_row: int) -> None:
        if self._pending_moves.pop():
            self.endMoveRows()
        task_id = self._moving_task.pop()
        if from_lane != to_lane:
            if task_id in self._done[from_lane]:
                self._done[from_lane].discard(task_id)
                self._done[to_lane].add(task_id)
            self._emit_lane_changed(from_lane, to_lane)
            self.progress_changed.emit()

    def _on_task_changed(self, task_id: str, fields: list[str]) -> None:
        self._display.forget(task_id)
        found = self._doc.plan.find_task(task_id)
        if found is None:
            return
        lane, row = found
        key = self._key_of[lane.id]
        self.dataChanged.emit(
            self.createIndex(row, 0, key), self.createIndex(row, LAST_COLUMN, key)
        )
        if "status" in fields:
            if lane.tasks[row].status is TaskStatus.DONE:
                self._done[lane.id].add(task_id)
            else:
                self._done[lane.id].discard(task_id)
            self._emit_lane_changed(lane.id)
            self.progress_changed.emit()

    def _on_nodes_changed(self, *_: object) -> None:
        # A node's title or place changed: only the Linked column can show it.
        self._display.forget_all()
        for lane in self._doc.plan.strategies:
            if lane.tasks:
                key = self._key_of[lane.id]
                last = len(lane.tasks) - 1
                self.dataChanged.emit(
                    self.createIndex(0, Column.LINKS, key),
                    self.createIndex(last, Column.LINKS, key),
                )

    # --- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [BOARD_MIME, NODE_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        # Board items move; attribute-tree and gap entries arrive as copies or links.
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Tasks (in board order) when any are dragged, else the first strategy."""
        rows = {
            (self._row_of[self.lane_of(i).id], i.row() if self.is_task(i) else -1): i
            for i in indexes
            if i.isValid()
        }
        tasks = tuple(self.task_of(i).id for key, i in sorted(rows.items()) if key[1] >= 0)
        if tasks:
            return encode(DragPayload(tasks=tasks))
        if rows:
            return encode(DragPayload(strategy=self.lane_of(rows[min(rows)]).id))
        return QMimeData()

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        payload = decode(data)
        if self._doc.read_only or payload is None:
            return False
        if payload.tasks or payload.strategy is not None:
            return action == Qt.DropAction.MoveAction
        return any(nid in self._doc.tree for nid in payload.nodes)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = decode(data)
        assert payload is not None
        if payload.strategy is not None:
            return self._drop_strategy(payload.strategy, row, parent)
        if payload.tasks:
            lane_id, at = self._drop_place(row, parent)
            return edits.move_tasks(self._doc, payload.tasks, lane_id, at)
        if not parent.isValid() and row < 0:  # each to its suggested strategy
            created = edits.add_tasks_for_nodes(self._doc, payload.nodes)
        else:
            lane_id, at = self._drop_place(row, parent)
            created = edits.add_tasks_for_nodes(self._doc, payload.nodes, lane_id, at)
        if created:
            self.tasks_created.emit([task.id for task in created])
        return bool(created)

    def _drop_place(self, row: int, parent: AnyIndex) -> tuple[str, int | None]:
        """The lane and insertion row (None: the end) that a drop at (row, parent) names."""
        strategies = self._doc.plan.strategies
        if parent.isValid():
            if parent.internalId() == 0:  # into a strategy, or onto its header
                return strategies[parent.row()].id, (row if row >= 0 else None)
            return self.lane_of(parent).id, parent.row()  # onto a task: before it
        if row <= 0:  # above the first strategy
            return strategies[0].id, 0
        # Between two strategies: the end of the one above the gap.
        return strategies[min(row, len(strategies)) - 1].id, None

    def _drop_strategy(self, lane_id: str, row: int, parent: AnyIndex) -> bool:
        from_row = self._row_of.get(lane_id)
        if from_row is None:
            return False
        last = len(self._doc.plan.strategies) - 1
        if parent.isValid():
            to_row = self._row_of[self.lane_of(parent).id]  # onto a strategy: take its place
        elif row < 0:
            to_row = last
        else:
            to_row = min(row if row <= from_row else row - 1, last)
        return edits.move_strategy(self._doc, from_row, to_row)
