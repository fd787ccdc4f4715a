"""An open plan: the domain objects, its file, its undo stack, its lock and autosave.

Every edit reaches the plan through one of the methods here (called by undo commands),
which change the domain and announce it with signals; item models turn those into
row-level Qt signals. Structural changes are announced before and after, so models can
call begin…/end… around them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QUndoCommand, QUndoStack

from insider_planner.domain import editing
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.marks import Flag
from insider_planner.domain.plan import (
    CustomNode,
    Plan,
    Task,
    reconcile_with_catalog,
    utc_now,
)
from insider_planner.domain.text import one_line
from insider_planner.domain.tree import Node, PlanTree
from insider_planner.storage.files import (
    Content,
    FileStamp,
    PlanChangedError,
    PlanLoadError,
    PlanSaveError,
    SaveResult,
    changed_reason,
    keep_plan_version,
    keep_version,
    read_plan,
    remove_stale_temp_files,
    write_plan,
)
from insider_planner.storage.incremental import IncrementalPlanBytes
from insider_planner.storage.lock import PlanLock
from insider_planner.storage.paths import same_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RemovedSubtree:
    """A removed custom subtree: the plan's records and where each node stood in the tree."""

    removed: editing.RemovedCustomNodes
    placement: list[tuple[str, str, int]]  # (node id, parent id, row), root first


AUTOSAVE_DELAY_MS = 1200
#: Tasks serialised and checked per turn of the event loop while an autosave is prepared:
#: a millisecond or two of work, so an edit that shares a turn with a step stays in its frame.
PREPARE_BUDGET = 120


class _Write:
    """The file work of one autosave (`files.write_plan`), run on a worker thread.

    It touches nothing but the bytes it was given and the files, so the plan can be edited
    meanwhile. `edits` is the document's edit count when the bytes were made.
    """

    def __init__(
        self,
        path: Path,
        data: Content,
        expected: FileStamp | None,
        edits: int,
        done: SignalInstance,
    ) -> None:
        self.path, self.expected, self.edits = path, expected, edits
        self._data: Content | None = data
        self._done = done
        self.result: SaveResult | None = None
        self.error: PlanSaveError | None = None
        self.finished = threading.Event()
        # Not a daemon: an interpreter that is exiting waits for the file to be whole.
        self._thread = threading.Thread(target=self._run, name="plan autosave")
        self._thread.start()

    def _run(self) -> None:
        try:
            assert self._data is not None
            self.result = write_plan(self.path, self._data, expected=self.expected)
        except PlanSaveError as error:  # reported on the GUI thread
            self.error = error
        except BaseException as error:  # a bug or no memory: the write failed all the same
            log.exception("writing %s failed", self.path)
            self.error = PlanSaveError(self.path, f"unexpected error: {one_line(repr(error))}")
        finally:
            self._data = None
            self.finished.set()
            # RuntimeError: the document is gone; whoever waited for it took the result.
            with contextlib.suppress(RuntimeError):
                self._done.emit()

    def wait(self) -> None:
        self._thread.join()


class PlanDocument(QObject):
    """One plan open in the window."""

    # attribute tree
    node_states_changed = Signal(list)  # node ids whose state changed
    node_about_to_be_inserted = Signal(object, int)  # parent Node, row
    node_inserted = Signal(object)  # Node
    node_about_to_be_removed = Signal(object)  # Node
    node_removed = Signal(object, int)  # parent Node, row
    node_renamed = Signal(object)  # Node
    plan_info_changed = Signal(str)  # field name
    # action board
    strategy_about_to_move = Signal(int, int)  # from row, to row (final position)
    strategy_moved = Signal(int, int)
    task_about_to_be_inserted = Signal(str, int)  # lane id, row
    task_inserted = Signal(str, int)
    task_about_to_be_removed = Signal(str, int)
    task_removed = Signal(str, int)
    task_about_to_move = Signal(str, int, str, int)  # from lane, row, to lane, final row
    task_moved = Signal(str, int, str, int)
    task_changed = Signal(str, list)  # task id, changed field names
    task_links_changed = Signal(list)  # node ids whose linked-task count changed
    # an autosave's write has ended (emitted by its worker thread, taken in on this one)
    _write_finished = Signal()
    # file
    saved = Signal()
    save_failed = Signal(str)  # one readable line
    path_changed = Signal()
    changed_outside = Signal(str)  # a save found the file changed by another program; why

    def __init__(
        self,
        plan: Plan,
        catalog: Catalog,
        path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.catalog = catalog
        self.path = path
        self.tree = PlanTree(catalog, plan)
        self.undo_stack = QUndoStack(self)
        self.read_only_reason: str | None = None
        self.last_save_error: str | None = None
        self.last_backup_error: str | None = None
        # The file as this document last read or wrote it; saves refuse to replace another.
        self.stamp: FileStamp | None = None
        # Why the file on disk is no longer ours; saving waits for the user's choice.
        self.outside_change: str | None = None
        self.closed = False
        # A new plan not yet written to its file (see `create`).
        self.unwritten = False
        self._lock: PlanLock | None = None
        self._refused_lock: PlanLock | None = None
        self.link_counts: Counter[str] = Counter(
            link for task in plan.all_tasks() for link in task.links
        )
        # Autosave: the plan's bytes are made on this thread from what its edits changed
        # (prepared a step per turn of the event loop), and written by a worker thread.
        self._file = IncrementalPlanBytes()
        self._write: _Write | None = None  # at most one write at a time
        self._write_finished.connect(self._finish_write, Qt.ConnectionType.QueuedConnection)
        self._edits = 0  # moves of the undo stack so far
        self._save_due = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._autosave_due)
        self._prepare = QTimer(self)
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(0)
        self._prepare.timeout.connect(self._prepare_step)
        self.undo_stack.indexChanged.connect(self._edited)

    # --- opening, locking, saving ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        catalog: Catalog,
        parent: QObject | None = None,
        *,
        lock: PlanLock | None = None,
    ) -> PlanDocument:
        """Open a plan file for editing; raises PlanLoadError. Read-only when locked.

        `lock`, already taken on this plan (by the document reading it again), is handed
        over, so no other program can take it in between; it stays the caller's on failure.
        """
        handed = lock is not None and lock.is_locked
        if lock is None or not handed:
            lock = PlanLock(path)
            locked = lock.acquire()
        else:
            locked = True
        if locked:
            remove_stale_temp_files(path)
        try:
            loaded = read_plan(path, keep_migration_backup=locked)
        except PlanLoadError:
            if not handed:
                lock.release()
            raise
        doc = cls(loaded.plan, catalog, path, parent)
        doc.stamp = loaded.stamp
        if not locked:
            doc._read_only_because(lock)
            return doc
        doc._lock = lock
        if reconcile_with_catalog(doc.plan, catalog) | loaded.was_migrated:
            doc.save()  # upgrade the file now; the original was kept as a .bak copy
        return doc

    @classmethod
    def create(
        cls,
        plan: Plan,
        catalog: Catalog,
        path: Path,
        parent: QObject | None = None,
        *,
        save_now: bool = True,
    ) -> PlanDocument:
        """A new plan at `path`, its lock taken.

        Saved at once, or (`save_now` False) only by its first edit's autosave, so a new
        plan left untouched leaves no file behind (`unwritten`).
        """
        reconcile_with_catalog(plan, catalog)
        doc = cls(plan, catalog, path, parent)
        lock = PlanLock(path)
        if not lock.acquire():
            doc._read_only_because(lock)
            return doc
        doc._lock = lock
        doc.unwritten = True
        if save_now:
            doc.save()
        return doc

    def _read_only_because(self, lock: PlanLock) -> None:
        self.read_only_reason = lock.read_only_reason()
        self._refused_lock = lock

    @property
    def can_break_lock(self) -> bool:
        """Whether another program's lock keeps this plan read-only, and may be broken."""
        return self.read_only and self._refused_lock is not None and self._refused_lock.can_break

    def break_lock(self) -> bool:
        """Remove another program's lock and take it; True if the plan is now ours to edit.

        The lock stays taken (`lock`); the plan should then be read again from its file
        with that lock handed over (the window reopens it).
        """
        lock = self._refused_lock
        if lock is None or not lock.break_lock():
            return False
        self._refused_lock = None
        self._lock = lock
        return True

    @property
    def lock(self) -> PlanLock | None:
        """The lock this document holds on its file, if any."""
        return self._lock

    def hand_over_lock(self) -> PlanLock | None:
        """Give up the lock without releasing it (a reopened document holds it now)."""
        self.wait_for_write()
        lock, self._lock = self._lock, None
        return lock

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def close(self) -> None:
        """Release the lock and refuse further edits; the caller has saved or discarded.

        A write in flight is waited for first, so it is whole before anything else happens.
        """
        self.wait_for_write()
        self.closed = True
        self._autosave.stop()
        self._prepare.stop()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- autosave --------------------------------------------------------------------------

    def _edited(self) -> None:
        self._edits += 1
        self._schedule_autosave()

    def _may_autosave(self) -> bool:
        return (
            not self.read_only
            and not self.closed
            and self.path is not None
            and self.outside_change is None
        )

    def _schedule_autosave(self) -> None:
        if self._may_autosave():
            self._autosave.start()
            self._prepare.start()  # the first save's work, done while the delay runs

    def _autosave_due(self) -> None:
        self._save_due = True
        self._prepare_step()

    def _prepare_step(self) -> None:
        """One step of making the plan's bytes; the last one starts the write if one is due."""
        if not self._may_autosave():
            return
        if not self._file.prepare(self.plan, PREPARE_BUDGET):
            self._prepare.start()
            return
        if self._save_due:
            self._save_due = False
            self._start_write()

    def _start_write(self) -> None:
        """Autosave: check and assemble the plan's bytes here, write them on a worker thread.

        The result comes back through the event loop (`_finish_write`). Only one write runs
        at a time; edits made meanwhile are saved by the next one.
        """
        if self._write is not None or not self._may_autosave():
            return  # the write in flight schedules the next when it ends
        if not self.modified and self.last_save_error is None:
            return
        assert self.path is not None
        self._autosave.stop()
        self.plan.updated = utc_now()
        try:
            data = self._file.pieces(self.path, self.plan, PREPARE_BUDGET)
        except PlanSaveError as error:
            self._save_failed(error)
            return
        if data is None:  # many tasks to make first: in steps
            self._save_due = True
            self._prepare.start()
            return
        self._write = _Write(self.path, data, self.stamp, self._edits, self._write_finished)

    @property
    def writing(self) -> bool:
        """Whether an autosave is being written."""
        return self._write is not None

    @property
    def preparing(self) -> bool:
        """Whether work towards the next autosave is waiting for a turn of the event loop
        (after the first edit of a large plan: every task's piece of the file, in steps)."""
        return self._prepare.isActive()

    def wait_for_write(self) -> None:
        """Wait until the write in flight (if any) has ended, and take in its result."""
        write = self._write
        if write is not None:
            write.wait()
            self._finish_write()

    def _finish_write(self) -> None:
        write = self._write
        if write is None or not write.finished.is_set():
            return  # already taken in (by a wait); this is a later write
        self._write = None
        write.wait()
        if write.error is not None:
            self._save_failed(write.error)
        else:
            assert write.result is not None
            self._saved(write.result, clean=write.edits == self._edits)
        if write.edits != self._edits:
            self._schedule_autosave()  # edits made while it was written

    def _saved(self, result: SaveResult, *, clean: bool = True) -> None:
        """Take in a save: the file is ours again; clean only if it holds every edit."""
        self.stamp = result.stamp
        self.unwritten = False
        self.outside_change = None
        self.last_save_error = None
        self.last_backup_error = result.backup_error
        if clean:
            self.undo_stack.setClean()
        else:
            # The file holds neither what the clean state stood for nor what is in memory
            # (an undo back to the clean state while the write ran would otherwise look
            # saved): modified until the next save holds every edit.
            self.undo_stack.resetClean()
        self.saved.emit()

    def _save_failed(self, error: PlanSaveError) -> None:
        if isinstance(error, PlanChangedError):
            self.outside_change = error.reason
            self._autosave.stop()
            self.changed_outside.emit(error.reason)
            return
        self.last_save_error = error.reason
        self.save_failed.emit(str(error))

    # --- saving now ------------------------------------------------------------------------

    def save_if_needed(self) -> bool:
        """Save when there are unsaved edits; True when nothing is left unsaved."""
        self.wait_for_write()
        if self.read_only or (not self.modified and self.last_save_error is None):
            return not self.modified
        return self.save()

    def save(self) -> bool:
        """Save to the plan's file. On failure keep everything in memory and say why.

        A file changed by another program since it was read is never replaced: the save
        stops, `changed_outside` is emitted once, and saving waits until the user chooses
        (`save_over_outside_change`, `keep_in_memory_version` and reopening, or `save_as`).
        """
        self.wait_for_write()
        if self.outside_change is not None:
            return False
        return self._save(self.stamp)

    def _save(self, expected: FileStamp | None) -> bool:
        """Save now, on this thread; callers have waited for the write in flight (if any)."""
        if self.path is None or self.read_only or self.closed:
            return False
        self._autosave.stop()
        self._save_due = False
        self.plan.updated = utc_now()
        try:
            # The same kept, checked pieces as an autosave: what the edits changed is made
            # again, not the whole plan (a Ctrl+S or a close of a large plan stays quick).
            data = self._file.pieces(self.path, self.plan)
            assert data is not None  # without a budget, everything is made now
            result = write_plan(self.path, data, expected=expected)
        except PlanSaveError as error:
            self._save_failed(error)
            return False
        self._saved(result)
        return True

    def file_changed(self) -> str | None:
        """Why the file on disk is not the one last read or written here; None when it is.

        Only the content counts: a file touched or rewritten with the same bytes is ours.
        Raises PlanSaveError when the file cannot be read.
        """
        self.wait_for_write()
        if self.path is None or self.stamp is None:
            return None
        return changed_reason(self.path, self.stamp)

    def mark_changed_outside(self, reason: str) -> None:
        """Hold saving until the user chooses what to do about another program's change."""
        self.wait_for_write()
        self._autosave.stop()
        self.outside_change = reason

    def save_over_outside_change(self) -> bool:
        """Keep the other program's file among the plan's versions, then save over it."""
        self.wait_for_write()
        if self.path is None or self.read_only or self.closed:
            return False
        try:
            keep_version(self.path)
        except PlanSaveError as error:
            self.last_save_error = error.reason
            self.save_failed.emit(f"Could not keep the other program's version: {error.reason}")
            return False
        return self._save(None)

    def keep_in_memory_version(self) -> Path:
        """Keep the plan as it is in memory among its file's versions; raises PlanSaveError.

        Used before the plan is read again from a file another program changed, and when
        a plan that cannot be saved is let go (stop signals, Discard).
        """
        self.wait_for_write()
        if self.path is None:
            raise PlanSaveError(Path(self.plan.title), "the plan has no file")
        return keep_plan_version(self.path, self.plan)

    def save_as(self, path: Path) -> bool:
        """Save to another file and keep editing it there (taking its lock)."""
        self.wait_for_write()
        if self.path is not None and same_file(path, self.path):
            return self.save()
        lock = PlanLock(path)
        if not lock.acquire():
            self.save_failed.emit(f"Could not save {path}: {lock.busy_reason()}")
            return False
        old_lock = self._lock
        before = self.path, self.read_only_reason, self.stamp, self.outside_change
        self.path, self._lock, self.read_only_reason = path, lock, None
        # A new file: the user's save dialog already confirmed replacing one that is there.
        if not self._save(None):
            lock.release()
            self._lock = old_lock
            self.path, self.read_only_reason, self.stamp, self.outside_change = before
            return False
        if old_lock is not None:
            old_lock.release()
        self.path_changed.emit()
        return True

    def push(self, command: QUndoCommand) -> bool:
        """Run an edit through the undo stack, unless the plan is read-only or closed."""
        if self.read_only or self.closed:
            return False
        self.undo_stack.push(command)
        return True

    # --- node edits ------------------------------------------------------------------------

    def set_flags(self, node_ids: list[str], flag: Flag, value: bool) -> dict[str, bool]:
        previous = editing.set_flags(self.plan, node_ids, flag, value)
        self.node_states_changed.emit(node_ids)
        return previous

    def restore_flags(self, flag: Flag, previous: dict[str, bool]) -> None:
        editing.restore_flags(self.plan, flag, previous)
        self.node_states_changed.emit(list(previous))

    def set_node_field(self, node_id: str, field: str, value: Any) -> Any:
        old = editing.set_node_field(self.plan, node_id, field, value)
        self.node_states_changed.emit([node_id])
        return old

    def set_plan_field(self, field: str, value: str) -> str:
        old = editing.set_plan_field(self.plan, field, value)
        self.plan_info_changed.emit(field)
        return old

    def add_custom_node(self, custom: CustomNode) -> Node:
        """Add a custom node as the last child of its parent."""
        parent = self.tree[custom.parent]
        self.node_about_to_be_inserted.emit(parent, len(parent.children))
        editing.add_custom_node(self.plan, custom)
        node = self.tree.attach_custom(custom)
        assert node is not None
        self.node_inserted.emit(node)
        return node

    def remove_custom_node(self, node_id: str) -> RemovedSubtree:
        """Remove a custom node and all below it; returns what undo needs to put it back."""
        node = self.tree[node_id]
        parent = node.parent
        assert parent is not None
        placement = [(n.id, n.parent.id if n.parent else "", n.row) for n in node.walk()]
        self.node_about_to_be_removed.emit(node)
        row = self.tree.detach(node)
        removed = editing.remove_custom_nodes(self.plan, {p[0] for p in placement})
        self.node_removed.emit(parent, row)
        self.node_states_changed.emit([parent.id])
        return RemovedSubtree(removed, placement)

    def restore_custom_node(self, subtree: RemovedSubtree) -> None:
        """Put a removed subtree back where it was, in the tree and in the plan."""
        root_id, parent_id, row = subtree.placement[0]
        parent = self.tree[parent_id]
        self.node_about_to_be_inserted.emit(parent, row)
        editing.restore_custom_nodes(self.plan, subtree.removed)
        customs = {c.id: c for _, c in subtree.removed.entries}
        # Pre-order placement: parents come back before children, siblings in row order.
        for node_id, _, at in subtree.placement:
            self.tree.attach_custom(customs[node_id], at)
        self.node_inserted.emit(self.tree[root_id])
        self.node_states_changed.emit([n for n, _, _ in subtree.placement])

    def rename_custom_node(self, node_id: str, title: str) -> str:
        old = editing.rename_custom_node(self.plan, node_id, title)
        node = self.tree[node_id]
        node.title = title
        self.node_renamed.emit(node)
        return old

    # --- board edits -----------------------------------------------------------------------

    def move_strategy(self, from_row: int, to_row: int) -> None:
        self.strategy_about_to_move.emit(from_row, to_row)
        editing.move_strategy(self.plan, from_row, to_row)
        self.strategy_moved.emit(from_row, to_row)

    def insert_task(self, lane_id: str, row: int, task: Task) -> None:
        self.task_about_to_be_inserted.emit(lane_id, row)
        editing.insert_task(self.plan, lane_id, row, task)
        self.task_inserted.emit(lane_id, row)
        self._count_links(task.links, +1)

    def remove_task(self, task_id: str) -> tuple[str, int, Task]:
        found = self.plan.find_task(task_id)
        if found is None:
            raise KeyError(task_id)
        lane, row = found
        self.task_about_to_be_removed.emit(lane.id, row)
        removed = editing.remove_task(self.plan, task_id)
        self.task_removed.emit(lane.id, row)
        self._count_links(removed[2].links, -1)
        return removed

    def move_task(self, task_id: str, lane_id: str, row: int) -> tuple[str, int]:
        """Move a task so it ends up at `row` of `lane_id`; returns where it was."""
        found = self.plan.find_task(task_id)
        if found is None:
            raise KeyError(task_id)
        lane, old_row = found
        self.task_about_to_move.emit(lane.id, old_row, lane_id, row)
        editing.move_task(self.plan, task_id, lane_id, row)
        self.task_moved.emit(lane.id, old_row, lane_id, row)
        return lane.id, old_row

    def update_task(self, task_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        found = self.plan.find_task(task_id)
        if found is None:
            raise KeyError(task_id)
        lane, row = found
        task = lane.tasks[row]
        try:
            old = editing.update_task(self.plan, task_id, changes)
        finally:
            self._file.task_changed(task, lane, row)  # the only change to a task's content
        if "links" in changes:
            self._count_links(old["links"], -1)
            self._count_links(changes["links"], +1)
        self.task_changed.emit(task_id, list(changes))
        return old

    def task(self, task_id: str) -> Task:
        found = self.plan.find_task(task_id)
        if found is None:
            raise KeyError(task_id)
        lane, row = found
        return lane.tasks[row]

    def _count_links(self, links: list[str], delta: int) -> None:
        if not links:
            return
        for link in links:
            self.link_counts[link] += delta
            if self.link_counts[link] <= 0:
                del self.link_counts[link]
        self.task_links_changed.emit(list(links))

    # --- lookups ---------------------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        return self.tree[node_id]

    def strategy_title(self, lane_id: str) -> str:
        info = self.catalog.strategy(lane_id)
        return info.title if info else lane_id
