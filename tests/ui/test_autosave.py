"""Autosave: the bytes are made from what the edits changed, written by a worker thread, and
nothing is lost, written twice at once, or written out of order.

Every autosave in these tests (as in all UI tests) is also compared with a full
serialisation of the plan (`incremental.VERIFY`).
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import LONG_TEXT_MAX
from insider_planner.domain.plan import Plan, TaskStatus
from insider_planner.storage import files
from insider_planner.storage.files import (
    PlanSaveError,
    backups_of,
    checked_plan_bytes,
    plan_bytes,
    read_plan,
)
from insider_planner.ui import document, edits
from insider_planner.ui.document import PlanDocument
from tests.conftest import make_sample_plan
from tests.generate import large_plan

NO_SPACE = os.strerror(errno.ENOSPC)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once, and prepare it in small steps (several turns of the event loop)."""
    monkeypatch.setattr(document, "AUTOSAVE_DELAY_MS", 0)
    monkeypatch.setattr(document, "PREPARE_BUDGET", 7)


@pytest.fixture
def big_sample(catalog: Catalog) -> Plan:
    """The sample plan and 120 generated tasks."""
    return large_plan(catalog, nodes=0, tasks=120, base=make_sample_plan(catalog))


@pytest.fixture
def doc(
    quick: None, qtbot: QtBot, big_sample: Plan, catalog: Catalog, plan_path: Path
) -> Iterator[PlanDocument]:
    opened = PlanDocument.create(big_sample, catalog, plan_path)
    yield opened
    opened.close()


def on_disk(path: Path) -> dict[str, bytes]:
    """The plan's file and each of its kept versions, by name."""
    found = {path.name: path.read_bytes()}
    found.update({p.name: p.read_bytes() for p in backups_of(path)})
    return found


def autosaved(qtbot: QtBot, doc: PlanDocument, edit: Callable[[], object]) -> None:
    """Make an edit and wait for the autosave after it; the file then holds the plan."""
    with qtbot.waitSignal(doc.saved, timeout=10_000):
        assert edit() not in (False, None, [])
    qtbot.waitUntil(lambda: not doc.writing and not doc.modified, timeout=10_000)
    assert doc.path is not None
    assert doc.path.read_bytes() == plan_bytes(doc.plan)
    assert read_plan(doc.path).plan == doc.plan


class Gate:
    """Holds each write on the worker thread until released; counts writes at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        real = document.write_plan

        def gated(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls += 1
                self.running += 1
                self.most_at_once = max(self.most_at_once, self.running)
            self.started.set()
            try:
                self.release.wait(timeout=60)  # a safety net: the tests release it
                return real(*args, **kwargs)
            finally:
                with self._lock:
                    self.running -= 1

        monkeypatch.setattr(document, "write_plan", gated)

    def release_when_waited_for(self, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch) -> None:
        """Let the write go on once the GUI thread waits for it (closing, saving now)."""
        real_wait = doc.wait_for_write

        def wait() -> None:
            self.release.set()
            real_wait()

        monkeypatch.setattr(doc, "wait_for_write", wait)


# --- what is written -------------------------------------------------------------------------


def test_every_kind_of_edit_is_autosaved_whole(qtbot: QtBot, doc: PlanDocument) -> None:
    plan = doc.plan
    lane = plan.strategies[0]
    other = plan.strategies[2]
    task = lane.tasks[len(lane.tasks) // 2].id
    node = doc.tree.get("internals.weights")
    assert node is not None

    autosaved(qtbot, doc, lambda: edits.edit_task(doc, task, {"title": 'Renamed ✓ "quoted"'}))
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, task, {"notes": "Notes\nover lines"}))
    autosaved(qtbot, doc, lambda: edits.toggle_status(doc, [task]))
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, task, {"due": date(2031, 5, 6)}))
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, task, {"private": True}))
    autosaved(qtbot, doc, lambda: edits.link_nodes(doc, task, ["internals.weights"]))
    autosaved(qtbot, doc, lambda: edits.unlink_nodes(doc, task, ["internals.weights"]))
    several = [t.id for t in lane.tasks[:5]]
    autosaved(qtbot, doc, lambda: edits.set_status(doc, several, TaskStatus.DOING))
    autosaved(qtbot, doc, lambda: edits.move_tasks(doc, [task], lane.id, 0))
    autosaved(qtbot, doc, lambda: edits.move_tasks(doc, [task], other.id, 1))
    autosaved(qtbot, doc, lambda: edits.move_tasks(doc, several, other.id, None))
    added = edits.add_task(doc, lane.id, 2, "Added")
    assert added is not None
    qtbot.waitUntil(lambda: not doc.modified and not doc.writing, timeout=10_000)
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, added.id, {"title": "Added, renamed"}))
    autosaved(qtbot, doc, lambda: edits.delete_tasks(doc, [added.id, task]))
    autosaved(qtbot, doc, lambda: doc.undo_stack.undo() or True)  # the deleted come back
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, task, {"notes": "edited after undo"}))
    autosaved(qtbot, doc, lambda: doc.undo_stack.undo() or True)
    autosaved(qtbot, doc, lambda: doc.undo_stack.redo() or True)
    autosaved(qtbot, doc, lambda: edits.move_strategy(doc, 0, 3))
    autosaved(qtbot, doc, lambda: edits.add_tasks_for_nodes(doc, ["internals.weights"]))
    autosaved(qtbot, doc, lambda: edits.add_starter_tasks(doc, plan.strategies[4].id))
    autosaved(qtbot, doc, lambda: edits.set_plan_field(doc, "project", "A new project"))
    autosaved(qtbot, doc, lambda: edits.toggle_flag(doc, node, "held"))
    autosaved(qtbot, doc, lambda: edits.set_note(doc, "internals.weights", "A note"))
    custom = edits.add_custom_node(doc, "influence", "A custom attribute")
    assert custom is not None
    qtbot.waitUntil(lambda: not doc.modified and not doc.writing, timeout=10_000)
    autosaved(qtbot, doc, lambda: edits.rename_custom_node(doc, custom.id, "Renamed custom"))
    autosaved(qtbot, doc, lambda: edits.remove_custom_node(doc, custom.id))
    # A task moved away, changed, and moved back where it was between two autosaves: its
    # old bytes, still where it stands, must not be written again.
    moving = lane.tasks[3].id
    edits.move_tasks(doc, [moving], other.id, 0)
    edits.edit_task(doc, moving, {"title": "Changed while away"})
    autosaved(qtbot, doc, lambda: edits.move_tasks(doc, [moving], lane.id, 3))
    assert lane.tasks[3].id == moving
    autosaved(qtbot, doc, lambda: doc.undo_stack.undo() or True)


def test_a_plan_that_would_not_open_again_is_not_autosaved(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path
) -> None:
    before = on_disk(plan_path)
    messages: list[str] = []
    doc.save_failed.connect(messages.append)
    with qtbot.waitSignal(doc.save_failed, timeout=10_000):
        edits.edit_task(doc, "t-3", {"notes": "x" * (LONG_TEXT_MAX + 1)})
    with pytest.raises(PlanSaveError) as full:
        checked_plan_bytes(plan_path, doc.plan)
    assert messages == [str(full.value)]
    assert "would not open again" in messages[0] and "notes" in messages[0]
    assert doc.last_save_error == full.value.reason
    assert doc.modified
    assert on_disk(plan_path) == before
    # Fixed, the next autosave writes it.
    autosaved(qtbot, doc, lambda: edits.edit_task(doc, "t-3", {"notes": "Shorter"}))


# --- the worker thread -----------------------------------------------------------------------


def test_an_autosave_failing_in_the_worker_keeps_the_file_and_the_versions(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp_files: set[int] = set()
    real_mkstemp, real_write = files.tempfile.mkstemp, files.os.write

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        temp_files.add(fd)
        return fd, name

    def write(fd: int, data: Any) -> int:
        if fd in temp_files:
            raise OSError(errno.ENOSPC, NO_SPACE)
        return int(real_write(fd, data))

    before = on_disk(plan_path)
    messages: list[str] = []
    doc.save_failed.connect(messages.append)
    with monkeypatch.context() as patch:
        patch.setattr(files.tempfile, "mkstemp", mkstemp)
        patch.setattr(files.os, "write", write)
        with qtbot.waitSignal(doc.save_failed, timeout=10_000):
            edits.set_plan_field(doc, "title", "Written on a full disk")
        assert not doc.writing
    assert messages == [f"Could not save {plan_path}: {NO_SPACE}"]
    assert doc.last_save_error == NO_SPACE
    assert doc.modified and doc.plan.title == "Written on a full disk"
    assert on_disk(plan_path) == before
    assert not [p for p in plan_path.parent.iterdir() if p.name.endswith(".tmp")]
    # The disk has room again: the next edit saves both.
    autosaved(qtbot, doc, lambda: edits.set_plan_field(doc, "target", "Then saved"))
    assert doc.last_save_error is None


def test_edits_made_while_a_write_runs_are_saved_by_the_next(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    edits.set_plan_field(doc, "title", "First edit")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    assert doc.writing
    edits.set_plan_field(doc, "target", "Made while it was written")
    with qtbot.waitSignal(doc.saved, timeout=10_000):
        gate.release.set()
    first = read_plan(plan_path).plan
    assert first.title == "First edit" and first.target != "Made while it was written"
    assert doc.modified  # clean only for what was written
    qtbot.waitUntil(lambda: not doc.modified and not doc.writing, timeout=10_000)
    saved = read_plan(plan_path).plan
    assert saved.title == "First edit" and saved.target == "Made while it was written"
    assert plan_path.read_bytes() == plan_bytes(doc.plan)
    assert gate.calls == 2 and gate.most_at_once == 1
    assert doc.undo_stack.isClean() and doc.undo_stack.index() == 2


def test_only_one_write_runs_at_a_time(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    edits.set_plan_field(doc, "title", "One")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    for n in range(5):  # each edit's autosave finds the write in flight
        edits.set_plan_field(doc, "project", f"Edit {n}")
        qtbot.wait(5)
    assert gate.calls == 1
    gate.release.set()
    qtbot.waitUntil(lambda: not doc.modified and not doc.writing, timeout=10_000)
    assert gate.most_at_once == 1 and gate.calls == 2
    assert read_plan(plan_path).plan.project == "Edit 4"


@pytest.mark.parametrize("how", ["close", "save", "save_if_needed", "save_as"])
def test_a_write_in_flight_is_waited_for_and_nothing_is_lost(
    how: str,
    qtbot: QtBot,
    doc: PlanDocument,
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    versions = len(backups_of(plan_path))
    gate = Gate(monkeypatch)
    gate.release_when_waited_for(doc, monkeypatch)
    outside: list[str] = []
    doc.changed_outside.connect(outside.append)
    edits.set_plan_field(doc, "title", "Autosaved")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    if how == "close":
        doc.close()
        assert not doc.writing and not doc.modified
        assert read_plan(plan_path).plan.title == "Autosaved"
        assert len(backups_of(plan_path)) == versions + 1
        return
    edits.set_plan_field(doc, "target", "Then saved at once")
    other = tmp_path / "elsewhere.insiderplan"
    saved = {
        "save": doc.save,
        "save_if_needed": doc.save_if_needed,
        "save_as": lambda: doc.save_as(other),
    }[how]()
    assert saved and not doc.writing and not doc.modified and outside == []
    # Written in order: the autosave first, then the newer plan.
    titles = [read_plan(p).plan.title for p in backups_of(plan_path)[versions:]]
    assert titles == ["Autosaved"] + ([] if how == "save_as" else ["Autosaved"])
    expected = "A frontier lab" if how == "save_as" else "Then saved at once"
    assert read_plan(plan_path).plan.target == expected
    target = other if how == "save_as" else plan_path
    assert target.read_bytes() == plan_bytes(doc.plan)


def test_a_write_in_flight_is_not_taken_for_another_programs_change(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    gate.release_when_waited_for(doc, monkeypatch)
    edits.set_plan_field(doc, "title", "Ours")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    assert doc.file_changed() is None  # waits for the write, then compares
    assert read_plan(plan_path).plan.title == "Ours"


def test_another_programs_change_found_by_the_worker_is_never_written_over(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path
) -> None:
    theirs = plan_path.read_bytes().replace(b"Interpretability pilot", b"Their title")
    plan_path.write_bytes(theirs)
    found: list[str] = []
    doc.changed_outside.connect(found.append)
    with qtbot.waitSignal(doc.changed_outside, timeout=10_000):
        edits.set_plan_field(doc, "project", "Mine")
    assert plan_path.read_bytes() == theirs
    assert found == [doc.outside_change] and doc.modified
    edits.set_plan_field(doc, "project", "Mine, again")
    qtbot.wait(20)
    assert not doc.writing and found == [doc.outside_change]
    assert plan_path.read_bytes() == theirs


@pytest.mark.parametrize("how", ["close", "shut_down"])
def test_closing_the_window_while_a_write_runs_saves_everything(
    how: str,
    qtbot: QtBot,
    quick: None,
    make_window: Callable[[Path], Any],
    saved_sample: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing, and stopping on a signal (`shut_down`), wait for the write, then save."""
    window = make_window(saved_sample)
    doc = window.doc
    gate = Gate(monkeypatch)
    gate.release_when_waited_for(doc, monkeypatch)
    edits.set_plan_field(doc, "title", "Being written")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    edits.set_plan_field(doc, "target", "Made while it was written")
    if how == "close":
        assert window.close()
    else:
        window.shut_down()
    assert window.doc is None
    saved = read_plan(saved_sample).plan
    assert (saved.title, saved.target) == ("Being written", "Made while it was written")
    assert gate.most_at_once == 1


def test_an_undo_back_to_the_saved_state_while_a_write_runs_is_saved_after_it(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write holds the edit; the undo returns the stack to its clean index meanwhile, so
    # the file ends up holding what memory no longer has: the plan must stay modified.
    original = doc.plan.title
    gate = Gate(monkeypatch)
    edits.set_plan_field(doc, "title", "Undone while it was written")
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    doc.undo_stack.undo()
    assert doc.plan.title == original
    with qtbot.waitSignal(doc.saved, timeout=10_000):
        gate.release.set()
    assert read_plan(plan_path).plan.title == "Undone while it was written"
    assert doc.modified
    qtbot.waitUntil(lambda: not doc.modified and not doc.writing, timeout=10_000)
    assert plan_path.read_bytes() == plan_bytes(doc.plan)
    assert read_plan(plan_path).plan.title == original
    assert gate.calls == 2


def test_an_unexpected_error_in_the_worker_is_a_failed_save_and_saving_goes_on(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = document.write_plan

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    before = on_disk(plan_path)
    messages: list[str] = []
    doc.save_failed.connect(messages.append)
    monkeypatch.setattr(document, "write_plan", broken)
    with qtbot.waitSignal(doc.save_failed, timeout=10_000):
        edits.set_plan_field(doc, "title", "Edited before the stop")
    assert messages == [f"Could not save {plan_path}: unexpected error: MemoryError()"]
    assert doc.modified and on_disk(plan_path) == before
    monkeypatch.setattr(document, "write_plan", real)
    # The stop signals' path: a save now, which the failed write must not get in the way of.
    assert doc.save_if_needed()
    assert read_plan(plan_path).plan.title == "Edited before the stop"
    assert not doc.modified


def test_the_work_ahead_of_an_autosave_is_done_in_steps_and_then_ends(
    qtbot: QtBot, doc: PlanDocument, plan_path: Path
) -> None:
    assert not doc.preparing
    edits.set_plan_field(doc, "title", "First edit")
    assert doc.preparing  # 120 tasks, 7 at a time: many turns of the event loop
    qtbot.waitUntil(lambda: not doc.preparing and not doc.writing, timeout=10_000)
    assert not doc.modified and read_plan(plan_path).plan.title == "First edit"
