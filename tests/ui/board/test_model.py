"""The action board model: structure, moves, drops, edits, undo, filtering and scale."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import Task, TaskStatus, new_plan
from insider_planner.resources import load_catalog
from insider_planner.ui import edits
from insider_planner.ui.board.filter import BoardFilterModel
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.style import DESCRIPTION_ROLE, PROGRESS_ROLE, TASK_ID_ROLE, Column
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import BOARD_MIME, NODE_MIME
from tests.generate import large_plan
from tests.ui.board.helpers import (
    SignalLog,
    board_mime,
    full_state,
    layout,
    model_layout,
    node_mime,
)


@pytest.fixture
def model(doc: PlanDocument) -> BoardModel:
    return BoardModel(doc)


def lane_row(doc: PlanDocument, lane_id: str) -> int:
    return [lane.id for lane in doc.plan.strategies].index(lane_id)


# --- structure -------------------------------------------------------------------------------


def exercise(doc: PlanDocument, model: BoardModel) -> None:
    """Every kind of edit the board makes, then undo and redo of all of them."""
    edits.move_strategy(model.doc, 0, 2)
    edits.move_tasks(model.doc, ["t-1"], "integrity", 0)
    edits.move_tasks(model.doc, ["t-2", "t-3"], "understand", None)
    edits.add_starter_tasks(model.doc, "connections")
    edits.add_tasks_for_nodes(model.doc, ["internals.weights", "formal.nda"])
    edits.set_status(model.doc, ["t-3", "t-4"], TaskStatus.DONE)
    edits.edit_task(model.doc, "t-4", {"title": "Call Dana", "links": ["api-surface.prefill"]})
    edits.delete_tasks(model.doc, ["t-2", "t-4"])
    edits.move_strategy(model.doc, 5, 0)
    steps = doc.undo_stack.count()
    assert steps == 9
    for _ in range(steps):
        doc.undo_stack.undo()
    for _ in range(steps):
        doc.undo_stack.redo()


def test_model_passes_the_model_tester_through_every_edit(
    qtmodeltester: Any, doc: PlanDocument, model: BoardModel
) -> None:
    # Qt's own tester stays attached and checks every signal the edits emit.
    qtmodeltester.check(model)
    exercise(doc, model)
    qtmodeltester.check(model, force_py=True)


def test_a_move_inside_a_strategy_is_one_row_move_that_persistent_indexes_follow(
    doc: PlanDocument, model: BoardModel
) -> None:
    for n in range(5):
        edits.add_task(doc, "understand", None, f"Extra {n}")
    ids = [t.id for t in doc.plan.strategies[0].tasks]  # t-1, t-2, five extras
    moved = QPersistentModelIndex(model.task_index(ids[5], Column.DUE))
    passed = QPersistentModelIndex(model.task_index(ids[3]))
    outside = QPersistentModelIndex(model.task_index(ids[6]))
    log = SignalLog(model)
    assert edits.move_tasks(doc, [ids[5]], "understand", 2)
    assert log.names() == ["rowsMoved"]
    assert layout(doc)[0][1] == [*ids[:2], ids[5], *ids[2:5], ids[6]]
    assert model_layout(model) == layout(doc)
    assert (moved.row(), moved.column()) == (2, Column.DUE)
    assert passed.row() == 4 and outside.row() == 6
    doc.undo_stack.undo()
    assert (moved.row(), passed.row(), outside.row()) == (5, 3, 6)
    assert [t.id for t in doc.plan.strategies[0].tasks] == ids
    assert edits.move_tasks(doc, [ids[5]], "connections", 0)
    assert log.names() == ["rowsMoved"] * 3
    assert moved.isValid() and moved.parent().row() == 1


def test_filter_passes_the_model_tester_through_every_edit(
    qtmodeltester: Any, doc: PlanDocument, model: BoardModel
) -> None:
    proxy = BoardFilterModel(model)
    proxy.set_hide_done(True)
    qtmodeltester.check(proxy)
    exercise(doc, model)
    proxy.set_node_ids(proxy.node_ids_for("internals"))
    proxy.set_hide_done(False)
    qtmodeltester.check(proxy, force_py=True)


def test_strategies_in_plan_order_numbered_with_description_and_progress(
    doc: PlanDocument, model: BoardModel
) -> None:
    expected = [s.id for s in doc.catalog.strategies]
    assert [model.lane_at(r).id for r in range(model.rowCount())] == expected
    first = model.index(0, Column.TITLE)
    assert first.data() == "1. Understand how these collaborations work"
    assert first.data(DESCRIPTION_ROLE) == doc.catalog.strategies[0].description
    assert first.data(PROGRESS_ROLE) == (1, 2)
    assert model.index(0, Column.STATUS).data() == "1/2 done"
    assert model.index(2, Column.TITLE).data().startswith("3. ")
    assert model.progress() == (1, 4)
    assert model.rowCount(first) == 2
    assert model.rowCount(model.index(0, Column.STATUS)) == 0  # only column 0 has children


def test_task_columns(model: BoardModel) -> None:
    lane = model.index(2, 0)  # small-collaborations
    task = model.index(0, Column.TITLE, lane)
    assert task.data() == "Replicate on closed weights"
    assert task.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(0, Column.STATUS, lane).data() == "To do"
    assert model.index(0, Column.DUE, lane).data() == "1 Mar 2027"
    assert model.index(0, Column.LINKS, lane).data() == "Internals › Weights"
    assert model.index(1, Column.DUE, lane).data() == ""
    doing = model.index(1, Column.TITLE, model.index(0, 0))
    assert doing.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked


def test_tooltips_escape_user_text(doc: PlanDocument, model: BoardModel) -> None:
    doc.update_task("t-3", {"title": "<img src='/etc/passwd'>", "notes": "<b>bold</b>\nline"})
    tip = model.task_index("t-3").data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip
    assert "<b>bold</b>" not in tip and "&lt;b&gt;bold" in tip


def test_task_parent_survives_a_strategy_move(doc: PlanDocument, model: BoardModel) -> None:
    task = QPersistentModelIndex(model.task_index("t-3"))
    assert task.parent().row() == 2
    assert edits.move_strategy(model.doc, 2, 0)
    assert task.isValid()
    assert task.parent().row() == 0
    assert model.task_of(task).id == "t-3"
    assert model.index(0, 0).data() == "1. Run small-scale collaborations"
    assert model.index(1, 0).data() == "2. Understand how these collaborations work"


# --- moves -----------------------------------------------------------------------------------


def test_move_strategy_emits_a_row_move_and_undoes(doc: PlanDocument, model: BoardModel) -> None:
    before = layout(doc)
    log = SignalLog(model)
    assert edits.move_strategy(model.doc, 0, 1)
    assert [lane for lane, _ in layout(doc)][:2] == ["connections", "understand"]
    assert log.names() == ["rowsMoved"]
    _, args = log.events[0]
    assert args[1:3] == (0, 0) and args[4] == 2  # row 0 goes before old row 2
    assert model_layout(model) == layout(doc)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert layout(doc) == before
    assert model_layout(model) == before
    doc.undo_stack.redo()
    assert [lane for lane, _ in layout(doc)][:2] == ["connections", "understand"]
    assert not edits.move_strategy(model.doc, 0, -1)  # already first
    assert not edits.move_strategy(model.doc, 5, 6)  # already last


def test_move_task_within_a_strategy(doc: PlanDocument, model: BoardModel) -> None:
    before = layout(doc)
    log = SignalLog(model)
    assert edits.move_tasks(model.doc, ["t-1"], "understand", 2)  # drop after t-2
    assert layout(doc)[0] == ("understand", ["t-2", "t-1"])
    assert log.names() == ["rowsMoved"]
    assert model_layout(model) == layout(doc)
    doc.undo_stack.undo()
    assert layout(doc) == before
    doc.undo_stack.redo()
    assert layout(doc)[0] == ("understand", ["t-2", "t-1"])


def test_move_task_between_strategies_updates_progress(
    doc: PlanDocument, model: BoardModel
) -> None:
    before = full_state(doc)
    log = SignalLog(model)
    assert edits.move_tasks(model.doc, ["t-1"], "integrity", None)
    assert layout(doc)[0] == ("understand", ["t-2"])
    assert layout(doc)[4] == ("integrity", ["t-1"])
    assert log.names() == ["rowsMoved"]
    assert model.lane_progress("understand") == (0, 1)
    assert model.lane_progress("integrity") == (1, 1)
    assert model.index(4, 0).data(PROGRESS_ROLE) == (1, 1)
    doc.undo_stack.undo()
    assert full_state(doc) == before
    assert model.lane_progress("understand") == (1, 2)
    assert model.lane_progress("integrity") == (0, 0)
    doc.undo_stack.redo()
    assert model.lane_progress("integrity") == (1, 1)


def test_moving_several_tasks_is_one_undo_step(doc: PlanDocument, model: BoardModel) -> None:
    before = layout(doc)
    assert edits.move_tasks(model.doc, ["t-4", "t-1"], "small-collaborations", 0)
    # Board order is kept (t-1 before t-4), placed before t-3.
    assert layout(doc)[2] == ("small-collaborations", ["t-1", "t-4", "t-3"])
    assert layout(doc)[0] == ("understand", ["t-2"])
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert layout(doc) == before
    doc.undo_stack.redo()
    assert layout(doc)[2] == ("small-collaborations", ["t-1", "t-4", "t-3"])


def test_a_move_that_changes_nothing_pushes_nothing(doc: PlanDocument, model: BoardModel) -> None:
    assert not edits.move_tasks(model.doc, ["t-1"], "understand", 0)
    assert not edits.move_tasks(model.doc, ["t-1"], "understand", 1)  # before t-2: where it is
    assert not edits.move_tasks(model.doc, ["nope"], "understand", 0)
    assert not edits.move_tasks(model.doc, ["t-1"], "no-such-lane", 0)
    assert doc.undo_stack.count() == 0


def reference_move(
    lanes: list[tuple[str, list[str]]], ids: set[str], target: str, row: int | None
) -> list[tuple[str, list[str]]]:
    """What a move must produce: the moved tasks, in board order, before the anchor."""
    moving = [t for _, tasks in lanes for t in tasks if t in ids]
    target_tasks = dict(lanes)[target]
    at = len(target_tasks) if row is None or not 0 <= row <= len(target_tasks) else row
    anchor = next((t for t in target_tasks[at:] if t not in ids), None)
    result = []
    for lane_id, tasks in lanes:
        kept = [t for t in tasks if t not in ids]
        if lane_id == target:
            pos = kept.index(anchor) if anchor is not None else len(kept)
            kept[pos:pos] = moving
        result.append((lane_id, kept))
    return result


@given(
    sizes=st.lists(st.integers(0, 5), min_size=6, max_size=6),
    data=st.data(),
)
def test_any_move_matches_the_reference_and_undoes(
    qapp: Any, sizes: list[int], data: st.DataObject
) -> None:
    catalog = load_catalog()
    plan = new_plan(catalog)
    count = 0
    for lane, size in zip(plan.strategies, sizes, strict=True):
        lane.tasks = [Task(id=f"t{count + i}", title=f"Task {count + i}") for i in range(size)]
        count += size
    doc = PlanDocument(plan, catalog)  # no file: nothing is saved
    model = BoardModel(doc)
    all_ids = [t.id for t in plan.all_tasks()]
    chosen = data.draw(st.lists(st.sampled_from(all_ids), unique=True) if all_ids else st.just([]))
    target = data.draw(st.sampled_from([lane.id for lane in plan.strategies]))
    row = data.draw(st.one_of(st.none(), st.integers(-1, 7)))
    before = layout(doc)
    expected = reference_move(before, set(chosen), target, row)
    moved = edits.move_tasks(model.doc, chosen, target, row)
    assert layout(doc) == expected
    assert model_layout(model) == expected
    assert moved == (expected != before)
    if moved:
        doc.undo_stack.undo()
        assert layout(doc) == before
        assert model_layout(model) == before
        doc.undo_stack.redo()
        assert layout(doc) == expected
    doc.deleteLater()


# --- drag and drop through the mime methods --------------------------------------------------


def test_mime_data_for_tasks_and_strategies(model: BoardModel) -> None:
    lane = model.index(0, 0)
    rows = [model.index(1, c, lane) for c in range(4)] + [model.index(0, 0, lane)]
    data = model.mimeData(rows)
    assert json.loads(bytes(data.data(BOARD_MIME).data())) == {"tasks": ["t-1", "t-2"]}
    data = model.mimeData([model.index(3, 0), model.index(3, 1)])
    assert json.loads(bytes(data.data(BOARD_MIME).data())) == {"strategy": "legible-expert"}
    assert BOARD_MIME in model.mimeTypes() and NODE_MIME in model.mimeTypes()


def test_drop_tasks_into_another_strategy(doc: PlanDocument, model: BoardModel) -> None:
    before = layout(doc)
    lane = model.index(0, 0)
    data = model.mimeData([model.index(0, 0, lane)])
    target = model.index(2, 0)  # small-collaborations
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 1, 0, target)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, target)
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-1", "t-4"])
    assert layout(doc)[0] == ("understand", ["t-2"])
    doc.undo_stack.undo()
    assert layout(doc) == before
    doc.undo_stack.redo()
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-1", "t-4"])


def test_drop_places(doc: PlanDocument, model: BoardModel) -> None:
    move = Qt.DropAction.MoveAction
    # Onto a strategy header (row -1): the end of that strategy.
    assert model.dropMimeData(board_mime({"tasks": ["t-1"]}), move, -1, -1, model.index(1, 0))
    assert layout(doc)[1] == ("connections", ["t-1"])
    # Onto a task: before it.
    t3 = model.task_index("t-3")
    assert model.dropMimeData(board_mime({"tasks": ["t-1"]}), move, -1, -1, t3)
    assert layout(doc)[2] == ("small-collaborations", ["t-1", "t-3", "t-4"])
    # Between strategies 4 and 5 at the top level: the end of strategy 4.
    assert model.dropMimeData(board_mime({"tasks": ["t-1"]}), move, 4, 0, QModelIndex())
    assert layout(doc)[3] == ("legible-expert", ["t-1"])
    # Above the first strategy: the start of the first strategy.
    assert model.dropMimeData(board_mime({"tasks": ["t-1"]}), move, 0, 0, QModelIndex())
    assert layout(doc)[0] == ("understand", ["t-1", "t-2"])
    assert doc.undo_stack.count() == 4


def test_drop_strategy(doc: PlanDocument, model: BoardModel) -> None:
    before = layout(doc)
    data = model.mimeData([model.index(0, 0)])
    move = Qt.DropAction.MoveAction
    # Dropped in the gap before strategy 3 (row 3 at the top level): it becomes 3rd.
    assert model.dropMimeData(data, move, 3, 0, QModelIndex())
    assert [lane for lane, _ in layout(doc)][:3] == [
        "connections",
        "small-collaborations",
        "understand",
    ]
    # Dropped on the viewport below everything: last.
    assert model.dropMimeData(data, move, -1, -1, QModelIndex())
    assert layout(doc)[-1][0] == "understand"
    # Dropped onto another strategy: takes its place.
    assert model.dropMimeData(data, move, -1, -1, model.index(0, 0))
    assert layout(doc)[0][0] == "understand"
    assert doc.undo_stack.count() == 3
    for _ in range(3):
        doc.undo_stack.undo()
    assert layout(doc) == before


def test_bad_drops_are_refused(doc: PlanDocument, model: BoardModel) -> None:
    lane = model.index(1, 0)
    move, copy = Qt.DropAction.MoveAction, Qt.DropAction.CopyAction
    garbage = QMimeData()
    garbage.setData(BOARD_MIME, QByteArray(b"{not json"))
    assert not model.canDropMimeData(garbage, move, 0, 0, lane)
    assert not model.dropMimeData(garbage, move, 0, 0, lane)
    assert not model.canDropMimeData(board_mime({"tasks": []}), move, 0, 0, lane)
    assert not model.canDropMimeData(board_mime({"tasks": ["t-1"]}), copy, 0, 0, lane)
    assert not model.canDropMimeData(node_mime(["no-such-node"]), copy, 0, 0, lane)
    assert not model.dropMimeData(board_mime({"tasks": ["gone"]}), move, 0, 0, lane)
    text = QMimeData()
    text.setText("hello")
    assert not model.canDropMimeData(text, copy, 0, 0, lane)
    assert doc.undo_stack.count() == 0


def test_read_only_refuses_drops_and_edits(doc: PlanDocument, model: BoardModel) -> None:
    doc.read_only_reason = "test"
    lane = model.index(1, 0)
    assert not model.canDropMimeData(
        board_mime({"tasks": ["t-1"]}), Qt.DropAction.MoveAction, 0, 0, lane
    )
    assert not model.flags(model.task_index("t-1")) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(lane) & Qt.ItemFlag.ItemIsDragEnabled
    assert not edits.move_strategy(model.doc, 0, 1)
    assert doc.undo_stack.count() == 0


def test_gap_entry_dropped_on_a_strategy_becomes_a_linked_task(
    doc: PlanDocument, model: BoardModel
) -> None:
    before = full_state(doc)
    created: list[list[str]] = []
    model.tasks_created.connect(created.append)
    lane = model.index(1, 0)  # connections
    data = node_mime(["internals.activations"])
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, lane)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, lane)
    task = doc.plan.strategies[1].tasks[0]
    assert task.links == ["internals.activations"]
    assert task.title == "Acquire: Internals › Activations"
    assert created == [[task.id]]
    assert doc.link_counts["internals.activations"] == 1
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert full_state(doc) == before
    doc.undo_stack.redo()
    assert doc.plan.strategies[1].tasks[0].links == ["internals.activations"]


def test_dropping_a_node_with_a_title_at_the_limit_adds_a_task(
    doc: PlanDocument, model: BoardModel
) -> None:
    custom = edits.add_custom_node(doc, "internals", "x" * TITLE_MAX)
    assert custom is not None
    lane = model.index(1, 0)
    assert model.dropMimeData(node_mime([custom.id]), Qt.DropAction.CopyAction, -1, -1, lane)
    task = doc.plan.strategies[1].tasks[0]
    assert task.links == [custom.id] and len(task.title) == TITLE_MAX


def test_several_gap_entries_dropped_at_a_row_are_one_step(
    doc: PlanDocument, model: BoardModel
) -> None:
    before = full_state(doc)
    lane = model.index(2, 0)
    data = node_mime(["internals.weights", "formal.nda", "internals.weights"])
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, lane)
    titles = [t.title for t in doc.plan.strategies[2].tasks]
    assert titles == [
        "Replicate on closed weights",
        "Acquire: Internals › Weights",
        "Resolve: Formal › Non-disclosure agreement",
        "Private: call Dana",
    ]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert full_state(doc) == before


def test_gap_entries_dropped_on_empty_space_go_to_their_suggested_strategy(
    doc: PlanDocument, model: BoardModel
) -> None:
    assert model.dropMimeData(
        node_mime(["internals.weights"]), Qt.DropAction.CopyAction, -1, -1, QModelIndex()
    )
    suggested = doc.tree["internals.weights"].suggested_strategy()
    lane = doc.plan.lane(suggested or "")
    assert lane is not None and lane.tasks[-1].links == ["internals.weights"]


# --- edits -----------------------------------------------------------------------------------


def test_status_changes_update_progress(doc: PlanDocument, model: BoardModel) -> None:
    progress: list[tuple[int, int]] = []
    model.progress_changed.connect(lambda: progress.append(model.progress()))
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles=(): changed.append(top.row()))
    t3 = model.task_index("t-3")
    assert model.setData(t3, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert doc.task("t-3").status is TaskStatus.DONE
    assert progress == [(2, 4)]
    assert model.lane_progress("small-collaborations") == (1, 2)
    assert lane_row(doc, "small-collaborations") in changed  # the strategy row repaints
    assert edits.toggle_status(model.doc, ["t-3"])  # done → to do
    assert model.progress() == (1, 4)
    assert edits.set_status(model.doc, ["t-2", "t-3", "t-4"], TaskStatus.DONE)
    assert model.progress() == (4, 4)
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert model.progress() == (1, 4)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.task("t-3").status is TaskStatus.TODO
    assert model.progress() == (1, 4)


def test_status_check_state_cycles_through_the_three_states(
    doc: PlanDocument, model: BoardModel
) -> None:
    t3 = model.task_index("t-3")
    for state, status in (
        (Qt.CheckState.PartiallyChecked, TaskStatus.DOING),
        (Qt.CheckState.Checked, TaskStatus.DONE),
        (Qt.CheckState.Unchecked, TaskStatus.TODO),
    ):
        assert model.setData(t3, state.value, Qt.ItemDataRole.CheckStateRole)
        assert doc.task("t-3").status is status
        assert t3.data(Qt.ItemDataRole.CheckStateRole) == state


def test_title_edit_through_set_data(doc: PlanDocument, model: BoardModel) -> None:
    t1 = model.task_index("t-1")
    assert model.flags(t1) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.task_index("t-1", Column.STATUS)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(t1, "  Ask  three collaborators ")
    assert doc.task("t-1").title == "Ask three collaborators"
    assert not model.setData(t1, "   ")  # a task keeps a title
    assert not model.setData(t1, "Ask three collaborators")  # unchanged: no step
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText().startswith("Rename Task")
    doc.undo_stack.undo()
    assert doc.task("t-1").title == "Ask past collaborators what they conceded"


def test_link_and_unlink(doc: PlanDocument, model: BoardModel) -> None:
    assert edits.link_nodes(model.doc, "t-1", ["internals.weights", "formal.nda"])
    assert doc.task("t-1").links == ["internals.weights", "formal.nda"]
    assert (
        model.task_index("t-1", Column.LINKS).data()
        == "Internals › Weights, Formal › Non-disclosure agreement"
    )
    assert doc.link_counts["internals.weights"] == 2
    assert edits.unlink_nodes(model.doc, "t-1", ["internals.weights"])
    assert doc.task("t-1").links == ["formal.nda"]
    assert not edits.unlink_nodes(model.doc, "t-1", ["internals.weights"])
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.task("t-1").links == []


def test_starter_tasks_are_one_undo_step(doc: PlanDocument, model: BoardModel) -> None:
    before = full_state(doc)
    starters = list(doc.catalog.strategies[1].starter_tasks)
    log = SignalLog(model)
    added = edits.add_starter_tasks(model.doc, "connections")
    assert [t.title for t in added] == starters
    assert [t.title for t in doc.plan.strategies[1].tasks] == starters
    assert log.count("rowsInserted") == len(starters)
    assert doc.undo_stack.count() == 1
    assert edits.missing_starter_tasks(model.doc, "connections") == []
    assert edits.add_starter_tasks(model.doc, "connections") == []  # nothing twice
    doc.undo_stack.undo()
    assert full_state(doc) == before
    doc.undo_stack.redo()
    assert [t.title for t in doc.plan.strategies[1].tasks] == starters


def test_add_and_delete_tasks(doc: PlanDocument, model: BoardModel) -> None:
    before = full_state(doc)
    task = edits.add_task(model.doc, "understand", 1, "  Read the partnership terms ")
    assert task is not None
    assert layout(doc)[0] == ("understand", ["t-1", task.id, "t-2"])
    assert task.title == "Read the partnership terms"
    assert edits.delete_tasks(model.doc, ["t-4", "t-1", task.id])
    assert layout(doc)[0] == ("understand", ["t-2"])
    assert layout(doc)[2] == ("small-collaborations", ["t-3"])
    assert model.progress() == (0, 2)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert layout(doc)[0] == ("understand", ["t-1", task.id, "t-2"])
    assert model.progress() == (1, 5)
    doc.undo_stack.undo()
    assert full_state(doc) == before


def test_renaming_a_linked_node_repaints_the_links_column(
    doc: PlanDocument, model: BoardModel
) -> None:
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles=(): changed.append(top.column()))
    doc.rename_custom_node("custom-eval-seat", "Eval council seat")
    assert Column.LINKS in changed


# --- persistence -----------------------------------------------------------------------------


def test_edits_persist_after_reopening(
    doc: PlanDocument, model: BoardModel, catalog: Catalog
) -> None:
    assert edits.move_strategy(model.doc, 5, 0)
    assert edits.move_tasks(model.doc, ["t-4"], "understand", 0)
    assert edits.set_status(model.doc, ["t-3"], TaskStatus.DOING)
    assert edits.add_starter_tasks(model.doc, "integrity")
    assert edits.add_tasks_for_nodes(model.doc, ["internals.weights"], "connections", 0)
    expected = full_state(doc)
    assert doc.path is not None
    path = doc.path
    assert doc.save()
    doc.close()
    reopened = PlanDocument.open(path, catalog)
    try:
        assert full_state(reopened) == expected
        again = BoardModel(reopened)
        assert model_layout(again) == layout(reopened)
        assert again.index(0, 0).data() == "1. Resolve predictable obstacles early"
    finally:
        reopened.close()


# --- filtering -------------------------------------------------------------------------------


def proxy_layout(proxy: BoardFilterModel) -> list[list[str]]:
    result = []
    for row in range(proxy.rowCount()):
        lane = proxy.index(row, 0)
        result.append(
            [proxy.index(r, 0, lane).data(TASK_ID_ROLE) for r in range(proxy.rowCount(lane))]
        )
    return result


def test_hide_done_and_attribute_filters(doc: PlanDocument, model: BoardModel) -> None:
    proxy = BoardFilterModel(model)
    assert proxy_layout(proxy)[0] == ["t-1", "t-2"]
    proxy.set_hide_done(True)
    assert proxy_layout(proxy)[0] == ["t-2"]
    assert proxy.rowCount() == 6  # strategies always shown
    edits.set_status(model.doc, ["t-2"], TaskStatus.DONE)
    assert proxy_layout(proxy)[0] == []  # hidden as soon as it is done
    proxy.set_hide_done(False)
    proxy.set_node_ids(proxy.node_ids_for("internals"))  # an attribute: its facets count
    assert proxy_layout(proxy) == [[], [], ["t-3"], [], [], []]
    proxy.set_node_ids(proxy.node_ids_for("internals.activations"))
    assert proxy_layout(proxy)[2] == []
    edits.link_nodes(model.doc, "t-4", ["internals.activations"])
    assert proxy_layout(proxy)[2] == ["t-4"]
    proxy.set_node_ids(proxy.node_ids_for(None))
    assert proxy_layout(proxy)[2] == ["t-3", "t-4"]


def test_moves_through_the_filter_map_back_to_the_plan(
    doc: PlanDocument, model: BoardModel
) -> None:
    proxy = BoardFilterModel(model)
    proxy.set_hide_done(True)
    lane = proxy.index(2, 0)
    data = proxy.mimeData([proxy.index(0, 0, proxy.index(0, 0))])  # t-2 (t-1 is done)
    assert json.loads(bytes(data.data(BOARD_MIME).data())) == {"tasks": ["t-2"]}
    assert proxy.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, lane)  # before t-4
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-2", "t-4"])
    lane = proxy.index(2, 0)  # indexes do not outlive a change: fetch them again
    end = proxy.rowCount(proxy.index(0, 0))
    data = proxy.mimeData([proxy.index(0, 0, lane)])
    assert proxy.dropMimeData(data, Qt.DropAction.MoveAction, end, 0, proxy.index(0, 0))
    assert layout(doc)[0] == ("understand", ["t-1", "t-3"])


# --- scale -----------------------------------------------------------------------------------


def test_five_thousand_tasks_move_without_reset(
    qapp: Any, catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = PlanDocument.create(large_plan(catalog, nodes=0), catalog, tmp_path / "big.insiderplan")
    try:
        started = time.perf_counter()
        model = BoardModel(doc)
        proxy = BoardFilterModel(model)
        proxy.set_hide_done(True)
        shown = sum(proxy.rowCount(proxy.index(r, 0)) for r in range(6))  # filters every task
        build = time.perf_counter() - started
        assert sum(model.rowCount(model.index(r, 0)) for r in range(6)) == 5000
        done = sum(t.status is TaskStatus.DONE for t in doc.plan.all_tasks())
        assert shown == 5000 - done
        assert model.progress() == (done, 5000)

        log = SignalLog(model)
        proxy_log = SignalLog(proxy)
        big_lane = doc.plan.strategies[0]
        first = big_lane.tasks[0].id
        started = time.perf_counter()
        assert edits.move_tasks(model.doc, [first], big_lane.id, len(big_lane.tasks))  # to the end
        within = time.perf_counter() - started
        assert big_lane.tasks[-1].id == first

        middle = doc.plan.strategies[2].tasks[500].id
        started = time.perf_counter()
        assert edits.move_tasks(model.doc, [middle], doc.plan.strategies[4].id, 3)
        between = time.perf_counter() - started
        assert doc.plan.strategies[4].tasks[3].id == middle
        started = time.perf_counter()
        assert sum(proxy.rowCount(proxy.index(r, 0)) for r in range(6)) == shown
        refilter = time.perf_counter() - started

        started = time.perf_counter()
        doc.undo_stack.undo()
        doc.undo_stack.undo()
        undo = time.perf_counter() - started
        assert big_lane.tasks[0].id == first

        assert log.count("rowsMoved") == 4
        for reset in ("modelAboutToBeReset", "modelReset", "layoutAboutToBeChanged"):
            assert log.count(reset) == 0, reset
            if reset != "layoutAboutToBeChanged":  # the filter proxy maps moves to layout changes
                assert proxy_log.count(reset) == 0, reset
        with capsys.disabled():
            print(
                f"\n5,000 tasks: model + filter {build * 1000:.1f} ms, move within a strategy "
                f"{within * 1000:.1f} ms, between strategies {between * 1000:.1f} ms, "
                f"two undos {undo * 1000:.1f} ms, "
                f"filter remapped after a move {refilter * 1000:.1f} ms"
            )
        # Generous bounds: they catch an accidental rebuild, not a slow machine.
        assert build < 2.0
        assert within < 0.5 and between < 0.5
    finally:
        doc.close()


def test_the_model_maps_indexes_like_its_filter(model: BoardModel) -> None:
    index = model.task_index("t-3", Column.DUE)
    assert model.mapToSource(index) == index == model.mapFromSource(index)
    assert not model.mapToSource(QModelIndex()).isValid()
