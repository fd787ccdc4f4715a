"""A plan's bytes made from the pieces its edits left unchanged are the bytes of a full save,
after any sequence of edits, and are refused exactly when a full save refuses them."""

from __future__ import annotations

import copy
import errno
import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insider_planner.domain import editing
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import LONG_TEXT_MAX, TITLE_MAX
from insider_planner.domain.plan import (
    CustomNode,
    Plan,
    StrategyLane,
    Task,
    TaskStatus,
    new_plan,
)
from insider_planner.resources import load_catalog
from insider_planner.storage import budget, files, incremental
from insider_planner.storage.files import PlanSaveError, checked_plan_bytes, plan_bytes
from insider_planner.storage.incremental import IncrementalPlanBytes
from tests.conftest import make_sample_plan
from tests.generate import large_plan

PATH = Path("plan.insiderplan")


@pytest.fixture(autouse=True)
def _verify_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests compare with a full save themselves, and one shows what VERIFY catches.
    monkeypatch.setattr(incremental, "VERIFY", False)


def joined(inc: IncrementalPlanBytes, plan: Plan, budget: int | None = None) -> bytes:
    """The file content `inc` makes of `plan`, preparing in steps as autosave does."""
    if budget is not None:
        while not inc.prepare(plan, budget):
            pass
    pieces = inc.pieces(PATH, plan, budget)
    while pieces is None:
        assert budget is not None
        while not inc.prepare(plan, budget):
            pass
        pieces = inc.pieces(PATH, plan, budget)
    return b"".join(pieces)


def update(inc: IncrementalPlanBytes, plan: Plan, task_id: str, changes: dict[str, Any]) -> None:
    """Change a task as `PlanDocument.update_task` does: in the plan, then tell `inc`."""
    found = plan.find_task(task_id)
    assert found is not None
    lane, row = found
    task = lane.tasks[row]
    editing.update_task(plan, task_id, changes)
    inc.task_changed(task, lane, row)


def unicode_plan(catalog: Catalog) -> Plan:
    plan = make_sample_plan(catalog)
    plan.title = 'Plan "ü" \\ ✓ 𝄞'
    plan.strategies[0].tasks.append(
        Task(id="t-u", title='Quotes " and \\ and \u2028 and 🙂', notes="line\nbreak\ttab\x00")
    )
    return plan


PLANS = {
    "new": lambda catalog: new_plan(catalog),
    "no lanes": lambda catalog: Plan(title="Bare"),
    "sample": make_sample_plan,
    "unicode": unicode_plan,
    "generated": lambda catalog: large_plan(catalog, nodes=0, tasks=400),
}


@pytest.mark.parametrize("name", list(PLANS))
@pytest.mark.parametrize("budget", [None, 7])
def test_the_pieces_are_the_bytes_of_a_full_save(
    name: str, budget: int | None, catalog: Catalog
) -> None:
    plan = PLANS[name](catalog)
    inc = IncrementalPlanBytes()
    assert joined(inc, plan, budget) == plan_bytes(plan)
    assert joined(inc, plan, budget) == plan_bytes(plan)  # and again, from what was kept


def test_edits_of_every_kind_keep_the_bytes_whole(catalog: Catalog) -> None:
    plan = large_plan(catalog, nodes=0, tasks=60)
    plan.find_task("")  # index the task places, as a loaded plan's first lookup does
    inc = IncrementalPlanBytes()
    assert joined(inc, plan, 10) == plan_bytes(plan)
    lanes = plan.strategies
    a, b = lanes[0], lanes[2]

    def check() -> None:
        assert joined(inc, plan) == plan_bytes(plan)

    first, last = a.tasks[0].id, a.tasks[-1].id
    for field, value in [
        ("title", "Renamed ✓"),
        ("notes", 'New "notes"\nwith a line break'),
        ("status", TaskStatus.DONE),
        ("due", date(2030, 1, 2)),
        ("due", None),
        ("links", ["internals.weights", "api-surface.logprobs"]),
        ("links", []),
        ("private", True),
    ]:
        update(inc, plan, first, {field: value})
        update(inc, plan, last, {field: value})
        check()
    editing.move_task(plan, first, a.id, 3)  # within a lane
    check()
    editing.move_task(plan, first, b.id, 0)  # to another lane
    check()
    update(inc, plan, first, {"title": "Edited in its new lane"})
    editing.move_task(plan, first, a.id, 0)  # back to where it was, changed
    check()
    task = Task(title="Added")
    editing.insert_task(plan, b.id, 1, task)
    check()
    removed = editing.remove_task(plan, task.id)
    check()
    editing.insert_task(plan, b.id, 1, removed[2])  # undo of the delete: the same object
    check()
    update(inc, plan, task.id, {"notes": "edited after coming back"})
    check()
    update(inc, plan, last, {"title": "Edited, then deleted"})
    editing.remove_task(plan, last)
    check()
    editing.move_strategy(plan, 0, 3)
    check()
    editing.set_plan_field(plan, "project", "A new project text")
    editing.set_node_field(plan, "internals.weights", "note", "a note")
    editing.add_custom_node(plan, CustomNode(id="c-x", title="Custom", parent="influence"))
    check()
    editing.remove_custom_nodes(plan, {"c-x"})
    a.tasks.reverse()  # a change made without `domain.editing`: compared, so still seen
    check()
    plan.strategies.append(StrategyLane(id="extra", tasks=[Task(title="In a new lane")]))
    check()
    plan.strategies.pop(0)
    check()


# --- any sequence of edits -------------------------------------------------------------------

texts = st.text(max_size=12)
titles = st.text(min_size=1, max_size=12)
edits = st.one_of(
    st.tuples(st.just("update"), st.integers(0, 99), st.just("title"), titles),
    st.tuples(st.just("update"), st.integers(0, 99), st.just("notes"), texts),
    st.tuples(
        st.just("update"), st.integers(0, 99), st.just("status"), st.sampled_from(TaskStatus)
    ),
    st.tuples(st.just("update"), st.integers(0, 99), st.just("links"), st.lists(texts, max_size=3)),
    st.tuples(st.just("update"), st.integers(0, 99), st.just("private"), st.booleans()),
    st.tuples(st.just("insert"), st.integers(0, 5), st.integers(0, 40), titles),
    st.tuples(st.just("remove"), st.integers(0, 99)),
    st.tuples(st.just("restore"), st.integers(0, 5), st.integers(0, 40)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 5), st.integers(0, 40)),
    st.tuples(st.just("move lane"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("node"), st.sampled_from(["internals.weights", "formal.nda"]), texts),
    st.tuples(st.just("save"), st.sampled_from([None, 1, 3, 50])),
)


@pytest.fixture(scope="module")
def base_plan() -> Iterator[Plan]:
    yield large_plan(load_catalog(), nodes=0, tasks=30)


@settings(max_examples=150)
@given(steps=st.lists(edits, max_size=25))
def test_any_sequence_of_edits_keeps_the_bytes_whole(
    base_plan: Plan, steps: list[tuple[Any, ...]]
) -> None:
    plan = copy.deepcopy(base_plan)
    inc = IncrementalPlanBytes()
    removed: list[Task] = []
    joined(inc, plan)
    for step in steps:
        kind = step[0]
        tasks = plan.all_tasks()
        lanes = plan.strategies
        if kind == "update" and tasks:
            update(inc, plan, tasks[step[1] % len(tasks)].id, {step[2]: step[3]})
        elif kind == "insert":
            editing.insert_task(plan, lanes[step[1]].id, step[2], Task(title=step[3]))
        elif kind == "remove" and tasks:
            removed.append(editing.remove_task(plan, tasks[step[1] % len(tasks)].id)[2])
        elif kind == "restore" and removed:
            editing.insert_task(plan, lanes[step[1]].id, step[2], removed.pop())
        elif kind == "move" and tasks:
            editing.move_task(plan, tasks[step[1] % len(tasks)].id, lanes[step[2]].id, step[3])
        elif kind == "move lane":
            editing.move_strategy(plan, step[1], step[2])
        elif kind == "node":
            editing.set_node_field(plan, step[1], "note", step[2])
        elif kind == "save":
            assert joined(inc, plan, step[1]) == plan_bytes(plan)
    assert joined(inc, plan) == plan_bytes(plan)


def test_a_change_made_behind_its_back_is_caught_when_verifying(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one thing not compared: a task's content changed without `task_changed`. The
    document changes tasks in one place only, which reports it; the tests verify every
    autosave against a full save, and would fail here."""
    plan = make_sample_plan(catalog)
    inc = IncrementalPlanBytes()
    joined(inc, plan)
    plan.strategies[0].tasks[0].title = "Changed behind its back"
    monkeypatch.setattr(incremental, "VERIFY", True)
    with pytest.raises(AssertionError, match="differs from a full save"):
        joined(inc, plan)


# --- refused exactly as a full save refuses ---------------------------------------------------


def _long_notes(inc: IncrementalPlanBytes, plan: Plan) -> None:
    update(inc, plan, "t-3", {"notes": "x" * (LONG_TEXT_MAX + 1)})


def _blank_title(inc: IncrementalPlanBytes, plan: Plan) -> None:
    update(inc, plan, "t-1", {"title": ""})


def _surrogate(inc: IncrementalPlanBytes, plan: Plan) -> None:
    update(inc, plan, "t-2", {"title": "broken \ud800 title"})


def _long_plan_title(inc: IncrementalPlanBytes, plan: Plan) -> None:
    plan.title = "x" * (TITLE_MAX + 1)


def _long_node_note(inc: IncrementalPlanBytes, plan: Plan) -> None:
    editing.set_node_field(plan, "formal.nda", "note", "x" * (LONG_TEXT_MAX + 1))


def _duplicate_id(inc: IncrementalPlanBytes, plan: Plan) -> None:
    editing.insert_task(plan, plan.strategies[-1].id, 0, Task(id="t-1", title="Same id"))


def _same_task_twice(inc: IncrementalPlanBytes, plan: Plan) -> None:
    lane = plan.strategies[-1]
    lane.tasks += [lane.tasks[0]] if lane.tasks else [plan.all_tasks()[0]]


REFUSALS = {
    "text over its limit": _long_notes,
    "blank task title": _blank_title,
    "lone surrogate": _surrogate,
    "plan title over its limit": _long_plan_title,
    "node note over its limit": _long_node_note,
    "duplicate task id": _duplicate_id,
    "the same task twice": _same_task_twice,
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_plan_that_would_not_load_again_is_refused_with_the_full_saves_reason(
    name: str, catalog: Catalog
) -> None:
    plan = make_sample_plan(catalog)
    inc = IncrementalPlanBytes()
    joined(inc, plan)
    REFUSALS[name](inc, plan)
    with pytest.raises(PlanSaveError) as full:
        checked_plan_bytes(PATH, plan)
    with pytest.raises(PlanSaveError) as incremental_save:
        joined(inc, plan, 5)
    assert incremental_save.value.reason == full.value.reason
    assert str(incremental_save.value) == str(full.value)


def test_a_refusal_leaves_nothing_behind(catalog: Catalog) -> None:
    """Once the plan is valid again, its bytes are right: nothing refused was kept."""
    plan = make_sample_plan(catalog)
    inc = IncrementalPlanBytes()
    joined(inc, plan)
    update(inc, plan, "t-3", {"notes": "x" * (LONG_TEXT_MAX + 1)})
    with pytest.raises(PlanSaveError, match="would not open again"):
        joined(inc, plan)
    update(inc, plan, "t-3", {"notes": "fine again"})
    assert joined(inc, plan) == plan_bytes(plan)


@pytest.mark.parametrize("limit", ["objects", "lists", "values", "bytes"])
def test_limits_over_the_whole_file_are_those_of_a_full_save(
    limit: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = large_plan(catalog, nodes=0, tasks=50)
    inc = IncrementalPlanBytes()
    joined(inc, plan)
    data = plan_bytes(plan)
    if limit == "bytes":
        monkeypatch.setattr(files, "MAX_PLAN_BYTES", len(data) - 1)
        monkeypatch.setattr(incremental, "MAX_PLAN_BYTES", len(data) - 1)
    else:
        index = ["objects", "lists", "values"].index(limit)
        names = ["OBJECTS_MAX", "ARRAYS_MAX", "VALUES_MAX"]
        limits = list(budget.LIMITS)
        limits[index] = [data.count(mark) for mark in (b"{", b"[", b",")][index] - 1
        monkeypatch.setattr(budget, names[index], limits[index])
        monkeypatch.setattr(budget, "LIMITS", tuple(limits))
        monkeypatch.setattr(incremental, "LIMITS", tuple(limits))
    with pytest.raises(PlanSaveError) as full:
        checked_plan_bytes(PATH, plan)
    with pytest.raises(PlanSaveError) as incremental_save:
        joined(inc, plan)
    assert incremental_save.value.reason == full.value.reason
    assert "would not open again" in full.value.reason


@pytest.mark.parametrize("edit", ["links of a task", "a task added"])
def test_an_edit_over_a_limit_of_the_whole_file_is_refused(
    edit: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The item counts are kept up to date edit by edit, never under the file's own."""
    plan = large_plan(catalog, nodes=0, tasks=50)
    plan.find_task("")
    inc = IncrementalPlanBytes()
    joined(inc, plan)
    data = plan_bytes(plan)
    index, name = (2, "VALUES_MAX") if edit == "links of a task" else (0, "OBJECTS_MAX")
    limits = list(budget.LIMITS)
    limits[index] = data.count((b"{", b"[", b",")[index])
    monkeypatch.setattr(budget, name, limits[index])
    monkeypatch.setattr(budget, "LIMITS", tuple(limits))
    monkeypatch.setattr(incremental, "LIMITS", tuple(limits))
    assert joined(inc, plan) == plan_bytes(plan)  # at the limit: saved
    task = plan.all_tasks()[7]
    if edit == "links of a task":
        update(inc, plan, task.id, {"links": ["a", "b", "c", "d"]})
    else:
        editing.insert_task(plan, plan.strategies[1].id, 0, Task(title="One more"))
    with pytest.raises(PlanSaveError) as full:
        checked_plan_bytes(PATH, plan)
    with pytest.raises(PlanSaveError) as incremental_save:
        joined(inc, plan)
    assert incremental_save.value.reason == full.value.reason


def test_fragments_of_deleted_tasks_are_let_go(catalog: Catalog) -> None:
    plan = large_plan(catalog, nodes=0, tasks=20)
    inc = IncrementalPlanBytes()
    lane = plan.strategies[1]
    added = [Task(title=f"Added {n}") for n in range(1500)]
    for task in added:
        editing.insert_task(plan, lane.id, 0, task)
    assert joined(inc, plan, 100) == plan_bytes(plan)
    for task in added:
        editing.remove_task(plan, task.id)
    assert joined(inc, plan) == plan_bytes(plan)
    assert len(inc._held) == len(plan.all_tasks())  # the deleted tasks are let go
    editing.insert_task(plan, lane.id, 3, added[5])  # one comes back, as by undo
    update(inc, plan, added[5].id, {"title": "Back, and renamed"})
    assert joined(inc, plan) == plan_bytes(plan)


# --- writing the pieces ----------------------------------------------------------------------


def test_pieces_are_written_as_one_file_never_joined(catalog: Catalog, data_dir: Path) -> None:
    plan = large_plan(catalog, nodes=0, tasks=40)
    pieces = IncrementalPlanBytes().pieces(PATH, plan)
    assert pieces is not None and len(pieces) > 3
    data_dir.mkdir()
    path = data_dir / "plan.insiderplan"
    result = files.write_plan(path, pieces)
    whole = b"".join(pieces)
    assert path.read_bytes() == whole == plan_bytes(plan)
    assert result.stamp.digest == hashlib.sha256(whole).hexdigest()
    assert result.stamp.size == len(whole)
    assert files.backups_of(path)[-1].read_bytes() == whole


def test_a_write_failing_between_pieces_keeps_the_old_file(
    catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = large_plan(catalog, nodes=0, tasks=40)
    data_dir.mkdir()
    path = data_dir / "plan.insiderplan"
    files.save_plan(path, plan)
    before = path.read_bytes()
    plan.title = "Changed"
    pieces = IncrementalPlanBytes().pieces(PATH, plan)
    assert pieces is not None
    temp_files: set[int] = set()
    writes = []
    real_mkstemp, real_write = files.tempfile.mkstemp, files.os.write

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        temp_files.add(fd)
        return fd, name

    def write(fd: int, data: Any) -> int:
        if fd in temp_files:
            writes.append(len(data))
            if len(writes) == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(real_write(fd, data))

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(files.os, "write", write)
    with pytest.raises(PlanSaveError, match=os.strerror(errno.ENOSPC)):
        files.write_plan(path, pieces)
    assert path.read_bytes() == before
    assert len(writes) == 3
    assert not [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]
