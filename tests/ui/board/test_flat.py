"""The flat board: the strategy tree as one list of rows, and how its rows map back."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from insider_planner.domain.plan import Task, TaskStatus, new_plan
from insider_planner.resources import load_catalog
from insider_planner.ui import edits
from insider_planner.ui.board import display as display_module
from insider_planner.ui.board.filter import BoardFilterModel
from insider_planner.ui.board.flat import BoardFlatModel, is_strategy_row
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.style import (
    LANE_ID_ROLE,
    TASK_ID_ROLE,
    Column,
    done_color,
    overdue_color,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import BOARD_MIME
from tests.ui.board.helpers import SignalLog, board_mime, layout, node_mime
from tests.ui.board.test_model import exercise


@pytest.fixture
def model(doc: PlanDocument) -> BoardModel:
    return BoardModel(doc)


@pytest.fixture
def flat(model: BoardModel) -> BoardFlatModel:
    return BoardFlatModel(model)


def rows(flat: BoardFlatModel) -> list[str]:
    """The list as the view reads it: strategy ids, and tasks as '  id'."""
    shown = []
    for row in range(flat.rowCount()):
        index = flat.index(row, 0)
        if is_strategy_row(index):
            shown.append(index.data(LANE_ID_ROLE))
        else:
            shown.append("  " + index.data(TASK_ID_ROLE))
    return shown


def expected(doc: PlanDocument, collapsed: frozenset[str] = frozenset()) -> list[str]:
    shown = []
    for lane_id, task_ids in layout(doc):
        shown.append(lane_id)
        if lane_id not in collapsed:
            shown.extend("  " + task_id for task_id in task_ids)
    return shown


def check_mapping(flat: BoardFlatModel) -> None:
    """Every flat row maps to the source and back, in every column."""
    source = flat.sourceModel()
    for row in range(flat.rowCount()):
        for column in (0, Column.LINKS):
            index = flat.index(row, column)
            mapped = flat.mapToSource(index)
            assert mapped.isValid() and mapped.column() == column
            assert mapped.parent().isValid() != is_strategy_row(index)
            assert flat.mapFromSource(mapped) == index
    # And from the source: every strategy, and every task of an open strategy.
    for lane in range(source.rowCount()):
        lane_index = source.index(lane, 0)
        assert flat.mapFromSource(lane_index).row() == flat.strategy_row(lane)
        for task in range(source.rowCount(lane_index)):
            shown = flat.mapFromSource(source.index(task, 0, lane_index))
            assert shown.isValid() == flat.is_expanded(lane)


# --- Qt's model tester ------------------------------------------------------------------------


def test_flat_passes_the_model_tester_through_every_edit(
    qtmodeltester: Any, doc: PlanDocument, model: BoardModel, flat: BoardFlatModel
) -> None:
    qtmodeltester.check(flat)
    exercise(doc, model)
    assert rows(flat) == expected(doc)
    check_mapping(flat)
    qtmodeltester.check(flat, force_py=True)


def test_flat_passes_the_model_tester_with_collapsed_strategies(
    qtmodeltester: Any, doc: PlanDocument, model: BoardModel, flat: BoardFlatModel
) -> None:
    qtmodeltester.check(flat)
    flat.set_expanded(0, False)  # understand
    flat.set_expanded(2, False)  # small-collaborations
    collapsed = frozenset({"understand", "small-collaborations"})
    assert rows(flat) == expected(doc, collapsed)
    exercise(doc, model)
    assert rows(flat) == expected(doc, collapsed)  # collapsed by id, wherever they moved
    check_mapping(flat)
    for lane in range(len(doc.plan.strategies)):
        flat.set_expanded(lane, True)
    assert rows(flat) == expected(doc)
    qtmodeltester.check(flat, force_py=True)


def test_flat_over_the_filter_passes_the_model_tester(
    qtmodeltester: Any, doc: PlanDocument, model: BoardModel
) -> None:
    proxy = BoardFilterModel(model)
    proxy.set_hide_done(True)
    flat = BoardFlatModel(proxy)
    qtmodeltester.check(flat)
    exercise(doc, model)
    proxy.set_node_ids(proxy.node_ids_for("internals"))
    proxy.set_hide_done(False)
    check_mapping(flat)
    proxy.set_node_ids(proxy.node_ids_for(None))
    assert rows(flat) == expected(doc)
    qtmodeltester.check(flat, force_py=True)


# --- rows map both ways through every structural change ---------------------------------------


def anchors(flat: BoardFlatModel) -> list[tuple[QPersistentModelIndex, str]]:
    """A persistent index on every listed row, with what the row shows."""
    return [
        (QPersistentModelIndex(flat.index(row, 0)), text) for row, text in enumerate(rows(flat))
    ]


def check_anchors(flat: BoardFlatModel, held: list[tuple[QPersistentModelIndex, str]]) -> None:
    """Each persistent index still shows its row's strategy or task, or is gone with it."""
    shown = rows(flat)
    for index, text in held:
        if index.isValid():
            assert shown[index.row()] == text
        else:
            assert text not in shown  # removed, or in a collapsed strategy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(0, 4), min_size=6, max_size=6),
    steps=st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 99), st.integers(0, 99)), max_size=12
    ),
)
def test_rows_map_both_ways_through_any_edits(
    qapp: Any, sizes: list[int], steps: list[tuple[int, int, int]]
) -> None:
    catalog = load_catalog()
    plan = new_plan(catalog)
    count = 0
    for lane, size in zip(plan.strategies, sizes, strict=True):
        lane.tasks = [Task(id=f"t{count + i}", title=f"Task {count + i}") for i in range(size)]
        count += size
    doc = PlanDocument(plan, catalog)  # no file: nothing is saved
    flat = BoardFlatModel(BoardModel(doc))
    lanes = [lane.id for lane in plan.strategies]
    collapsed: set[str] = set()
    for kind, a, b in steps:
        held = anchors(flat)
        tasks = [t.id for t in plan.all_tasks()]
        lane_id = lanes[a % 6]
        if kind == 0:  # add a task
            edits.add_task(doc, lane_id, b % 6, f"New {a}")
        elif kind == 1 and tasks:  # delete one or two tasks
            edits.delete_tasks(doc, [tasks[a % len(tasks)], tasks[b % len(tasks)]])
        elif kind == 2 and tasks:  # move tasks anywhere
            edits.move_tasks(doc, [tasks[b % len(tasks)]], lane_id, b % 5)
        elif kind == 3:  # move a strategy
            edits.move_strategy(doc, a % 6, b % 6)
        elif kind == 4:  # collapse or expand a strategy
            row = [lane.id for lane in plan.strategies].index(lane_id)
            flat.set_expanded(row, not flat.is_expanded(row))
            collapsed ^= {lane_id}
        elif kind == 5 and doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        elif kind == 6 and doc.undo_stack.canRedo():
            doc.undo_stack.redo()
        elif kind == 7 and tasks:  # several tasks into one strategy
            edits.move_tasks(doc, tasks[: a % 4 + 1], lane_id, None)
        assert rows(flat) == expected(doc, frozenset(collapsed))
        check_mapping(flat)
        check_anchors(flat, held)
    doc.deleteLater()


def test_a_strategy_moves_with_its_tasks_as_one_block(
    doc: PlanDocument, flat: BoardFlatModel
) -> None:
    log = SignalLog(flat)
    moved: list[tuple[int, int, int]] = []
    flat.rowsMoved.connect(lambda _, first, last, __, to: moved.append((first, last, to)))
    edits.move_strategy(doc, 2, 0)  # small-collaborations (rows 4-6) to the top
    assert log.names() == ["rowsMoved"]
    assert moved == [(4, 6, 0)]
    assert rows(flat)[:3] == ["small-collaborations", "  t-3", "  t-4"]
    check_mapping(flat)


def test_edits_in_a_collapsed_strategy_change_no_rows(
    doc: PlanDocument, flat: BoardFlatModel
) -> None:
    flat.set_expanded(2, False)  # small-collaborations
    log = SignalLog(flat)
    edits.add_task(doc, "small-collaborations", 0, "Hidden")
    edits.move_tasks(doc, ["t-3"], "small-collaborations", None)
    edits.delete_tasks(doc, ["t-4"])
    assert log.names() == []
    edits.move_tasks(doc, ["t-3"], "understand", 0)  # out of it: the task appears
    assert log.names() == ["rowsInserted"]
    assert rows(flat)[:2] == ["understand", "  t-3"]
    edits.move_tasks(doc, ["t-3"], "small-collaborations", 0)  # back in: it disappears
    assert log.names() == ["rowsInserted", "rowsRemoved"]
    check_mapping(flat)


def test_a_flat_row_tells_its_lane(flat: BoardFlatModel) -> None:
    assert flat.strategy_rows() == [0, 3, 4, 7, 8, 9]
    assert [flat.lane_of_row(row) for row in range(flat.rowCount())] == [
        0, 0, 0, 1, 2, 2, 2, 3, 4, 5,
    ]  # fmt: skip
    assert len(flat.strategy_rows()) == 6
    assert not flat.index(0, 0, flat.index(1, 0)).isValid()  # a list: no children
    assert flat.rowCount(flat.index(1, 0)) == 0
    assert flat.headerData(0, Qt.Orientation.Horizontal) == "Title"
    assert flat.headerData(0, Qt.Orientation.Vertical) is None


# --- drops ------------------------------------------------------------------------------------


def drop(flat: BoardFlatModel, payload: dict[str, Any], row: int, on: int | None = None) -> bool:
    """Drop board items in the gap before flat row `row`, or onto flat row `on`."""
    parent = flat.index(on, 0) if on is not None else QModelIndex()
    data = board_mime(payload)
    action = Qt.DropAction.MoveAction
    assert flat.canDropMimeData(data, action, row, 0, parent)
    return flat.dropMimeData(data, action, row, 0, parent)


# Rows: 0 understand, 1 t-1, 2 t-2, 3 connections, 4 small-collaborations, 5 t-3, 6 t-4,
# 7 legible-expert, 8 integrity, 9 obstacles; 10 is the end of the list.
TASK_DROPS = [
    pytest.param(2, None, ("understand", ["t-1", "t-4", "t-2"]), id="between two tasks"),
    pytest.param(1, None, ("understand", ["t-4", "t-1", "t-2"]), id="just below a strategy"),
    pytest.param(3, None, ("understand", ["t-1", "t-2", "t-4"]), id="after a step's last task"),
    pytest.param(-1, 3, ("connections", ["t-4"]), id="onto a strategy"),
    pytest.param(4, None, ("connections", ["t-4"]), id="after an empty step"),
    pytest.param(0, None, ("understand", ["t-4", "t-1", "t-2"]), id="above everything"),
    pytest.param(10, None, ("obstacles", ["t-4"]), id="below everything"),
]


@pytest.mark.parametrize(("row", "on", "result"), TASK_DROPS)
def test_task_drops_land_where_the_line_is(
    doc: PlanDocument, flat: BoardFlatModel, row: int, on: int | None, result: Any
) -> None:
    assert drop(flat, {"tasks": ["t-4"]}, row, on)
    assert result in layout(doc)
    doc.undo_stack.undo()
    assert rows(flat) == expected(doc)


def test_a_task_dropped_below_a_collapsed_strategy_goes_to_its_end(
    doc: PlanDocument, flat: BoardFlatModel
) -> None:
    flat.set_expanded(0, False)  # rows: 0 understand, 1 connections, ...
    assert drop(flat, {"tasks": ["t-4"]}, 1)
    assert layout(doc)[0] == ("understand", ["t-1", "t-2", "t-4"])


STRATEGY_DROPS = [
    pytest.param(0, None, 0, id="above the first strategy"),
    pytest.param(7, None, 3, id="before a strategy"),  # obstacles → before legible-expert
    pytest.param(5, None, 3, id="just below a strategy"),  # → after small-collaborations
    pytest.param(6, None, 2, id="among a step's tasks"),  # → small-collaborations' place
    pytest.param(-1, 4, 2, id="onto a strategy"),
    pytest.param(10, None, 5, id="below everything"),
]


@pytest.mark.parametrize(("row", "on", "place"), STRATEGY_DROPS)
def test_strategy_drops_reorder_the_steps(
    doc: PlanDocument, flat: BoardFlatModel, row: int, on: int | None, place: int
) -> None:
    moving = "obstacles" if place < 5 else "understand"
    assert drop(flat, {"strategy": moving}, row, on)
    assert layout(doc)[place][0] == moving
    assert rows(flat) == expected(doc)


def test_drops_through_the_filter_map_to_the_plan(doc: PlanDocument, model: BoardModel) -> None:
    proxy = BoardFilterModel(model)
    proxy.set_hide_done(True)  # t-1 hidden: rows 0 understand, 1 t-2, 2 connections, ...
    flat = BoardFlatModel(proxy)
    assert rows(flat)[:3] == ["understand", "  t-2", "connections"]
    assert drop(flat, {"tasks": ["t-4"]}, 1)  # before t-2, after the hidden t-1
    assert layout(doc)[0] == ("understand", ["t-1", "t-4", "t-2"])
    assert drop(flat, {"tasks": ["t-3"]}, 3)  # after understand's last shown task
    assert layout(doc)[0] == ("understand", ["t-1", "t-4", "t-2", "t-3"])


def test_mime_data_of_flat_rows(flat: BoardFlatModel) -> None:
    data = flat.mimeData([flat.index(5, c) for c in range(4)] + [flat.index(1, 0)])
    assert data.hasFormat(BOARD_MIME)
    assert json.loads(bytes(data.data(BOARD_MIME).data())) == {"tasks": ["t-1", "t-3"]}
    data = flat.mimeData([flat.index(4, 0)])
    assert json.loads(bytes(data.data(BOARD_MIME).data())) == {"strategy": "small-collaborations"}
    assert not flat.canDropMimeData(node_mime([]), Qt.DropAction.CopyAction, 2, 0, QModelIndex())


# --- what cells show --------------------------------------------------------------------------


def check_cells(flat: BoardFlatModel) -> None:
    """Every cell answers each role at once (`multiData`, kept looks) as one by one."""
    roles = [int(role.value) for role in Qt.ItemDataRole if role.value < 256] + [
        int(Qt.ItemDataRole.UserRole.value) + n for n in range(10)
    ]
    for row in range(flat.rowCount()):
        for column in range(flat.columnCount()):
            index = flat.index(row, column)
            for role in roles:
                role_data = QModelRoleData(role)
                flat.multiData(index, QModelRoleDataSpan(role_data))
                at_once, alone = role_data.data(), index.data(role)
                if isinstance(alone, QIcon):  # icons compare by their pixmaps' key
                    at_once, alone = at_once.cacheKey(), alone.cacheKey()
                assert at_once == alone, (row, column, role)


def test_a_cell_answers_all_its_roles_at_once_as_one_by_one(
    doc: PlanDocument, model: BoardModel, flat: BoardFlatModel
) -> None:
    check_cells(flat)  # and so every cell's look is kept
    edits.edit_task(doc, "t-4", {"status": TaskStatus.DONE})
    check_cells(flat)
    edits.edit_task(doc, "t-3", {"title": "Renamed", "private": True, "due": date(2020, 1, 1)})
    check_cells(flat)
    edits.edit_task(doc, "t-3", {"links": ["internals.activations", "custom-eval-seat"]})
    check_cells(flat)
    edits.rename_custom_node(doc, "custom-eval-seat", "Seat on the council")
    assert "Seat on the council" in flat.index(5, Column.LINKS).data()
    check_cells(flat)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    edits.delete_tasks(doc, ["t-3"])
    doc.undo_stack.undo()
    check_cells(flat)


def test_kept_looks_follow_the_day_and_the_palette(
    doc: PlanDocument, model: BoardModel, flat: BoardFlatModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = flat.index(5, Column.DUE)  # t-3, due 1 March 2027
    role = QModelRoleData(int(Qt.ItemDataRole.ForegroundRole.value))
    model.check_looks()
    flat.multiData(due, QModelRoleDataSpan(role))
    assert role.data() is None  # not overdue yet
    later = date(2030, 1, 1)
    monkeypatch.setattr(display_module, "date", type("Later", (date,), {"today": lambda: later}))
    model.check_looks()  # a new day: overdue now
    flat.multiData(due, QModelRoleDataSpan(role))
    assert role.data() == overdue_color()
    edits.edit_task(doc, "t-3", {"status": TaskStatus.DONE})
    title = flat.index(5, Column.TITLE)
    flat.multiData(title, QModelRoleDataSpan(role))
    palette = QGuiApplication.palette()
    assert role.data() == done_color()
    changed = QPalette(palette)
    changed.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#123456"))
    QGuiApplication.setPalette(changed)
    try:
        model.check_looks()
        flat.multiData(title, QModelRoleDataSpan(role))
        assert role.data() == QColor("#123456")
    finally:
        QGuiApplication.setPalette(palette)


def test_cells_answer_by_place_after_steps_move_and_close(
    doc: PlanDocument, model: BoardModel, flat: BoardFlatModel
) -> None:
    # The list asks the board for a cell by lane and task row; that place must stay the
    # one its rows map to when strategies change order and some are closed.
    edits.move_strategy(doc, 2, 0)  # small-collaborations to the top
    flat.set_expanded(1, False)
    check_cells(flat)
    edits.add_task(doc, "small-collaborations", 0, "A new first task")
    check_cells(flat)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    check_cells(flat)
