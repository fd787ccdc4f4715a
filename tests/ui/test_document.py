from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, Plan, Task
from insider_planner.storage import files
from insider_planner.storage.files import PlanLoadError, read_plan
from insider_planner.storage.lock import PlanLock
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    RemoveCustomNodeCommand,
    SetFlagsCommand,
    SetPlanFieldCommand,
)
from insider_planner.ui.document import PlanDocument


def tick(doc: PlanDocument, node_id: str) -> None:
    doc.push(SetFlagsCommand(doc, [node_id], "held", True, f"Tick {node_id}"))


def test_autosave_writes_a_moment_after_an_edit(qtbot, doc: PlanDocument, plan_path: Path) -> None:  # type: ignore[no-untyped-def]
    tick(doc, "metrics.benchmarks")
    assert doc.modified
    assert not read_plan(plan_path).plan.state("metrics.benchmarks").held
    with qtbot.waitSignal(doc.saved, timeout=5000):
        pass
    assert not doc.modified
    assert read_plan(plan_path).plan.state("metrics.benchmarks").held


def test_save_error_keeps_edits_and_retries_on_next_edit(
    qtbot,
    doc: PlanDocument,
    plan_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    original = plan_path.read_bytes()
    real_replace = os.replace

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    messages: list[str] = []
    doc.save_failed.connect(messages.append)
    tick(doc, "metrics.benchmarks")
    assert not doc.save()
    assert messages and "No space left on device" in messages[0]
    assert len(messages[0].splitlines()) == 1
    assert doc.modified and doc.last_save_error == "No space left on device"
    assert plan_path.read_bytes() == original
    assert doc.plan.state("metrics.benchmarks").held  # still in memory

    monkeypatch.setattr(files.os, "replace", real_replace)
    tick(doc, "metrics.incident-reports")  # the next edit schedules a retry
    with qtbot.waitSignal(doc.saved, timeout=5000):
        pass
    saved = read_plan(plan_path).plan
    assert saved.state("metrics.benchmarks").held and saved.state("metrics.incident-reports").held
    assert doc.last_save_error is None


def test_a_second_instance_opens_read_only(
    qtbot, doc: PlanDocument, plan_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    other = PlanDocument.open(plan_path, catalog)
    try:
        assert other.read_only
        assert "read-only" in (other.read_only_reason or "")
        before = plan_path.read_bytes()
        assert not other.push(SetPlanFieldCommand(other, "title", "Overwritten"))
        assert other.plan.title != "Overwritten"
        assert not other.save()
        assert plan_path.read_bytes() == before
    finally:
        other.close()
    doc.close()
    again = PlanDocument.open(plan_path, catalog)
    try:
        assert not again.read_only
    finally:
        again.close()


def test_lock_held_by_another_process_makes_the_plan_read_only(
    qtbot,
    plan_path: Path,
    sample_plan: Plan,
    catalog: Catalog,  # type: ignore[no-untyped-def]
) -> None:
    files.save_plan(plan_path, sample_plan)
    script = textwrap.dedent(
        f"""
        import sys, time
        from insider_planner.storage.lock import PlanLock
        lock = PlanLock({str(plan_path)!r})
        assert lock.acquire()
        print("locked", flush=True)
        sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        doc = PlanDocument.open(plan_path, catalog)
        assert doc.read_only
        assert str(child.pid) in (doc.read_only_reason or "")
        doc.close()
    finally:
        child.kill()
        child.wait()
    # The killed holder's lock is stale and is taken over.
    doc = PlanDocument.open(plan_path, catalog)
    assert not doc.read_only
    doc.close()


def test_a_failed_load_raises_and_leaves_the_file_alone(plan_path: Path, catalog: Catalog) -> None:
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    plan_path.write_bytes(b'{"format": "insider-planner/plan", "schema_version": 7}')
    before = plan_path.read_bytes()
    with pytest.raises(PlanLoadError, match="newer version"):
        PlanDocument.open(plan_path, catalog)
    assert plan_path.read_bytes() == before
    # The lock taken for the attempt was released at once, not left to the garbage collector.
    lock = PlanLock(plan_path)
    assert lock.acquire()
    lock.release()


def test_removing_and_restoring_custom_subtrees_is_exact(doc: PlanDocument) -> None:
    # A child listed before its parent is valid in a file; undo must cope with it.
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-a", title="A", parent="influence")))
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-f1", title="F1", parent="c-a")))
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-f2", title="F2", parent="c-a")))
    doc.plan.custom_nodes.insert(0, doc.plan.custom_nodes.pop())  # F2 first in the list
    doc.set_node_field("c-f1", "held", True)
    before = doc.plan.model_dump()
    tree_order = [n.id for n in doc.node("influence").walk()]
    doc.push(RemoveCustomNodeCommand(doc, "c-a"))
    assert "c-f1" not in doc.tree and "c-f1" not in doc.plan.nodes
    doc.undo_stack.undo()
    assert doc.plan.model_dump() == before
    assert [n.id for n in doc.node("influence").walk()] == tree_order
    doc.push(
        RemoveCustomNodeCommand(
            doc, "c-eval-seat" if "c-eval-seat" in doc.tree else "custom-eval-seat"
        )
    )
    doc.undo_stack.undo()
    assert doc.plan.model_dump() == before


def test_save_as_to_the_same_file_never_writes_over_another_programs_change(
    qtbot, doc: PlanDocument, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    theirs = plan_path.read_bytes().replace(b"Interpretability pilot", b"Their title")
    plan_path.write_bytes(theirs)
    found: list[str] = []
    doc.changed_outside.connect(found.append)
    tick(doc, "metrics.benchmarks")
    assert not doc.save_as(plan_path)
    assert not doc.save()
    assert plan_path.read_bytes() == theirs
    assert len(found) == 1 and doc.outside_change == found[0]


def test_a_failed_reload_leaves_the_handed_lock_taken(
    doc: PlanDocument, plan_path: Path, catalog: Catalog
) -> None:
    lock = doc.lock
    assert lock is not None
    plan_path.write_bytes(b"not a plan")
    with pytest.raises(PlanLoadError):
        PlanDocument.open(plan_path, catalog, lock=lock)
    assert lock.is_locked and doc.lock is lock


def test_saving_at_once_makes_only_what_the_edits_changed(
    doc: PlanDocument, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from insider_planner.storage import incremental
    from insider_planner.ui import edits

    assert doc.save()  # every task's piece is made once
    made: list[str] = []
    real = incremental.task_fragment

    def counted(task: Task) -> bytes:
        made.append(task.id)
        return real(task)

    monkeypatch.setattr(incremental, "task_fragment", counted)
    monkeypatch.setattr(
        incremental, "checked_plan_bytes", lambda *args: pytest.fail("saved the whole plan")
    )
    edits.edit_task(doc, "t-3", {"title": "Saved on its own"})
    assert doc.save()
    assert made == ["t-3"]
    assert read_plan(plan_path).plan.model_dump() == doc.plan.model_dump()
