"""A plan's file content kept in pieces, so that a save costs what its edits changed.

A plan file is `plan_bytes(plan)`: indented JSON in which every task is one block of lines.
`IncrementalPlanBytes` keeps each task's block (its *fragment*), checked once as loading
would check it, and each lane's blocks joined (its *section*). A save serialises the plan
without its tasks (the *skeleton*: header, node states, lane ids, custom nodes; small) and
splices the sections in. Only tasks without a fragment, and the rows of a lane between its
first and last change, cost Python work; the rest is copying done in C. The result is byte
for byte `plan_bytes(plan)`.

Why no fragment can be stale:

* Fragments are keyed by the task object's identity, and the task is held as long as its
  fragment is, so an id() is never reused for another task.
* A task's content changes only through `PlanDocument.update_task`, which calls
  `task_changed`: the fragment is dropped, and wherever the task stands at the next save,
  that row is made again.
* Everything else is compared, not trusted: each lane's tasks are compared, by identity,
  with the lane as last assembled, so adds, deletes, moves and undos are seen however
  they were made; the skeleton is serialised at every save.

The check that the file would load again (`files._check_loads_again`) runs on the same
pieces: each new fragment is validated with the model loading uses for a task, the
skeleton with the plan's model, and the limits loading applies to the whole (bytes, item
counts, task count, unique task ids) are kept up to date as sums. When any of that finds
a problem, or anything is not as expected, the whole plan is serialised and checked the
slow way, so a refusal says exactly what a full save says.
"""

from __future__ import annotations

import itertools
import logging
import operator
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from insider_planner.domain.limits import TASKS_MAX
from insider_planner.domain.plan import Plan, StrategyLane, Task
from insider_planner.storage.budget import LIMITS, MARKS
from insider_planner.storage.files import (
    MAX_PLAN_BYTES,
    checked_plan_bytes,
    collector_paused,
    plan_bytes,
)

log = logging.getLogger(__name__)

#: When set (the tests set it), every incremental result is compared with a full
#: serialisation, and a difference raises AssertionError.
VERIFY = False

#: How a task's block is indented in a plan file: plan → strategies → lane → tasks.
_INDENT = b" " * 8
_NEWLINE = b"\n" + _INDENT
_SEPARATOR = b",\n"
#: The plan's list of lanes, from its key to its closing bracket (the next line indented as
#: little), and a lane without tasks in it, as the skeleton spells it: the tasks go between
#: the brackets.
_LANES = b'\n  "strategies": ['
_LANES_END = b"\n  ]"
_EMPTY_TASKS = b'\n      "tasks": []'
_OPEN_TASKS = b'\n      "tasks": [\n'
_CLOSE_TASKS = b"\n      ]"
#: Where the header's fields end and the node states begin; a header checked on its own
#: is closed with empty node states.
_BODY = b'\n  "nodes": '
_EMPTY_BODY = _BODY + b"{}\n}"
#: The counts of `budget.MARKS`, which `budget.too_many_items` checks first, are packed
#: into one int (each below 2**32, as a plan is below 4 GB), so that one sum adds all three.
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1
_ONE_COMMA = 1 << (2 * _SHIFT)

#: Assembling a row costs a small part of serialising and checking a task.
_ROWS_PER_TASK = 10

_TASK_LIST = TypeAdapter(list[Task])
_TASK_JSON = Task.__pydantic_serializer__
_PLAN_JSON = Plan.__pydantic_serializer__
_task_id = operator.attrgetter("id")


class _Refused(Exception):
    """The pieces cannot be vouched for: the full, slow save decides (and says why)."""


def task_fragment(task: Task) -> bytes:
    """A task's block of lines as it stands in a plan file (no separator, no newline)."""
    return _INDENT + _TASK_JSON.to_json(task, indent=2).replace(b"\n", _NEWLINE)


def _packed_counts(data: bytes) -> int:
    objects, arrays, commas = (data.count(mark) for mark in MARKS)
    return objects | arrays << _SHIFT | commas << (2 * _SHIFT)


def _unpacked(counts: int) -> tuple[int, int, int]:
    return counts & _MASK, (counts >> _SHIFT) & _MASK, counts >> (2 * _SHIFT)


def _common_prefix(new: list[Task], old: list[Task]) -> int:
    """How many rows from the top hold the same task objects (compared in C)."""
    try:
        return operator.indexOf(map(operator.is_, new, old), False)
    except ValueError:
        return min(len(new), len(old))


def _common_suffix(new: list[Task], old: list[Task], limit: int) -> int:
    """How many rows from the bottom hold the same task objects, at most `limit`."""
    if limit <= 0:
        return 0
    try:
        same = operator.indexOf(map(operator.is_, reversed(new), reversed(old)), False)
    except ValueError:
        same = min(len(new), len(old))
    return min(same, limit)


def _index_of(tasks: list[Task], task: Task) -> int | None:
    """Where this very task object stands in `tasks` (searched in C), if it does."""
    try:
        return operator.indexOf(map(operator.is_, tasks, itertools.repeat(task)), True)
    except ValueError:
        return None


@dataclass(eq=False)
class _Lane:
    """A lane as last assembled: its task objects and, row by row, their fragments, item
    counts and ids; the fragments joined, and their counts summed."""

    lane: StrategyLane
    tasks: list[Task] = field(default_factory=list)  # a copy: the lane's list changes
    fragments: list[bytes] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    section: bytes = b""
    counted: int = 0  # the sum of `counts`

    @property
    def total_counts(self) -> int:
        """The packed counts of the section, the separators between the tasks included."""
        return self.counted + _ONE_COMMA * max(len(self.tasks) - 1, 0)


@dataclass(eq=False)
class _Change:
    """How a lane's tasks differ from its last assembly: rows `start` to `stop` of `tasks`
    are new in place of rows `start` to `old_stop` of `cached.tasks`; the rows in `patch`
    (outside those) hold tasks whose content changed."""

    cached: _Lane
    tasks: list[Task]
    start: int
    stop: int
    old_stop: int
    patch: list[int] = field(default_factory=list)

    @property
    def none(self) -> bool:
        return self.start == self.stop == self.old_stop and not self.patch

    def to_make(self) -> list[Task]:
        """The tasks of the rows this change makes again."""
        return self.tasks[self.start : self.stop] + [self.tasks[row] for row in self.patch]

    def limited(self, rows: int) -> _Change:
        """The change cut to its first `rows` new rows: the lane's assembly then holds the
        rows above those and those (and is completed by another change)."""
        if self.stop - self.start <= rows:
            return self
        stop = self.start + rows
        patch = [row for row in self.patch if row < self.start]
        old_stop = len(self.cached.tasks)
        return _Change(self.cached, self.tasks[:stop], self.start, stop, old_stop, patch)


class IncrementalPlanBytes:
    """The file content of one plan, assembled from the pieces its edits left unchanged.

    One per open plan, used on one thread. The document reports task edits with
    `task_changed`; `prepare` does the work of a first save ahead, in small steps;
    `pieces` returns the file content, checked.
    """

    def __init__(self) -> None:
        # Checked fragments and their packed counts, keyed by id(task); `_held` keeps each
        # of those tasks alive.
        self._fragments: dict[int, bytes] = {}
        self._counts: dict[int, int] = {}
        self._held: dict[int, Task] = {}
        self._lanes: dict[int, _Lane] = {}  # id(lane) -> the lane as last assembled
        self._ids: Counter[str] = Counter()  # the task ids in `_lanes`
        # Tasks changed since they were last assembled: id(task) -> (task, lane, row) where
        # it stood then (a hint; it may have moved since).
        self._dirty: dict[int, tuple[Task, StrategyLane, int]] = {}
        self._body = b""  # the skeleton's body as last checked
        self._todo: list[Task] | None = None  # None: not surveyed yet
        self._done = 0
        self._ready = False  # whether `prepare` has nothing left to do
        self._handed_back = False  # whether `pieces` left its work to `prepare`

    def task_changed(self, task: Task, lane: StrategyLane, row: int) -> None:
        """Forget a task's fragment: its content changed. It stands at `row` of `lane`."""
        key = id(task)
        self._fragments.pop(key, None)
        self._counts.pop(key, None)
        self._held.pop(key, None)
        self._dirty[key] = (task, lane, row)

    # --- work done ahead -------------------------------------------------------------------

    def prepare(self, plan: Plan, budget: int) -> bool:
        """Do a step of what the next save needs, `budget` tasks' worth; True when done.

        A plan's first call finds every task without a fragment; those are made `budget` at
        a time, then the lanes are assembled, `budget` rows at a time. What later edits
        need is left to the save (or, when it is a lot, `pieces` hands it back here).
        """
        with collector_paused():
            return self._prepare(plan, budget)

    def _prepare(self, plan: Plan, budget: int) -> bool:
        if self._todo is None:
            self._todo = self._without_fragment(self._changes(plan))
            self._done, self._ready = 0, False
        if self._done < len(self._todo):
            chunk = self._todo[self._done : self._done + budget]
            self._done += len(chunk)
            self._add_checked(chunk)
            return False
        if self._ready:
            return True
        for lane in plan.strategies:
            change = self._change(lane, self._lanes.get(id(lane)) or _Lane(lane))
            if change.none and id(lane) in self._lanes:
                continue
            change = change.limited(budget * _ROWS_PER_TASK)
            if not self._add_checked(change.to_make()):
                break  # a task that would not load again: the save says which
            self._apply(change)
            return False
        self._ready = True
        return True

    def _without_fragment(self, changes: list[_Change]) -> list[Task]:
        """The tasks the changes make again that have no fragment yet (found in C)."""
        tasks = [task for change in changes for task in change.to_make()]
        lacking = map(operator.not_, map(self._fragments.__contains__, map(id, tasks)))
        return list(itertools.compress(tasks, lacking))

    def _add_checked(self, tasks: list[Task]) -> bool:
        """Keep the fragments of `tasks` if all of them validate as loading validates a task.

        False (nothing kept) when one does not: the save then finds out why.
        """
        have = self._fragments.__contains__
        if all(map(have, map(id, tasks))):
            return True
        tasks = [task for task in {id(task): task for task in tasks}.values() if not have(id(task))]
        try:
            fragments = [task_fragment(task) for task in tasks]
            _TASK_LIST.validate_json(b"[" + _SEPARATOR.join(fragments) + b"]")
        except (PydanticSerializationError, ValidationError, RecursionError, ValueError):
            return False
        for task, fragment in zip(tasks, fragments, strict=True):
            key = id(task)
            self._fragments[key] = fragment
            self._counts[key] = _packed_counts(fragment)
            self._held[key] = task
        return True

    # --- assembling ------------------------------------------------------------------------

    def pieces(self, path: Path, plan: Plan, budget: int | None = None) -> list[bytes] | None:
        """The file content of `plan` in pieces to be joined, checked as a save checks it.

        Raises PlanSaveError (with a full save's reason) when the plan would not load again.
        With a `budget`, returns None instead when more tasks than that need serialising:
        `prepare` then does that in steps.
        """
        try:
            with collector_paused():
                pieces = self._assemble(plan, budget)
        except _Refused as refused:
            log.debug("saving %s in full: %s", path, refused)
            return [checked_plan_bytes(path, plan)]
        if pieces is not None and VERIFY and b"".join(pieces) != plan_bytes(plan):
            raise AssertionError(f"the incremental save of {path} differs from a full save")
        return pieces

    def _assemble(self, plan: Plan, budget: int | None) -> list[bytes] | None:
        lanes = list(plan.strategies)
        changes = self._changes(plan)
        missing = self._without_fragment(changes)
        rows = sum(change.stop - change.start for change in changes)
        much = budget is not None and (len(missing) > budget or rows > budget * _ROWS_PER_TASK)
        if much and not self._handed_back:
            self._todo, self._done, self._ready = missing, 0, False
            self._handed_back = True
            return None
        self._handed_back = False  # (once: what `prepare` could not do is done here)
        if not self._add_checked(missing):
            raise _Refused("a task would not load again")
        for change in changes:
            if not change.none or id(change.cached.lane) not in self._lanes:
                self._apply(change)
        self._dirty.clear()
        current = {id(lane) for lane in lanes}
        for key in [key for key in self._lanes if key not in current]:
            self._drop(key)
        assembled = [self._lanes[id(lane)] for lane in lanes]
        total = sum(len(cached.tasks) for cached in assembled)
        if total > TASKS_MAX:
            raise _Refused("too many tasks")
        if len(self._ids) != total:
            raise _Refused("task ids are not unique")
        skeleton, at = self._skeleton(plan, lanes)
        pieces = _spliced(skeleton, at, assembled)
        if sum(map(len, pieces)) > MAX_PLAN_BYTES:
            raise _Refused("too large")
        counts = _packed_counts(skeleton) + sum(cached.total_counts for cached in assembled)
        if any(count > limit for count, limit in zip(_unpacked(counts), LIMITS, strict=True)):
            raise _Refused("perhaps too many items")
        if len(self._held) > 2 * total + 1024:
            self._forget_all_but(assembled)
        return pieces

    def _changes(self, plan: Plan) -> list[_Change]:
        """How each lane of `plan` differs from its last assembly (none assembled: all)."""
        changes: dict[int, _Change] = {}
        for lane in plan.strategies:
            cached = self._lanes.get(id(lane))
            changes[id(lane)] = self._change(lane, cached or _Lane(lane))
        for task, lane, row in self._dirty.values():
            self._patch(plan, changes, task, lane, row)
        return list(changes.values())

    @staticmethod
    def _change(lane: StrategyLane, cached: _Lane) -> _Change:
        old, now = cached.tasks, lane.tasks
        start = _common_prefix(now, old)
        if start == len(old) == len(now):
            return _Change(cached, old, start, start, start)
        tasks = list(now)
        end = _common_suffix(tasks, old, min(len(tasks), len(old)) - start)
        return _Change(cached, tasks, start, len(tasks) - end, len(old) - end)

    @staticmethod
    def _patch(
        plan: Plan, changes: dict[int, _Change], task: Task, lane: StrategyLane, row: int
    ) -> None:
        """Mark the row of a changed task to be made again, wherever it now stands.

        Where it stood when changed, then the plan's index of task places, are tried first;
        each hint is checked, and when none holds, every lane is searched. A task in no lane
        was deleted: nothing to do.
        """
        hints = [(lane, row)]
        place = plan.task_rows.place(task.id)
        if place is not None:
            hints.append(place)
        for hint_lane, hint_row in hints:
            change = changes.get(id(hint_lane))
            if change is not None and _holds(change.tasks, hint_row, task):
                _mark(change, hint_row)
                return
        for change in changes.values():
            found = _index_of(change.tasks, task)
            if found is not None:
                _mark(change, found)
                return

    def _apply(self, change: _Change) -> None:
        """Bring a lane's assembly up to date with `change` (its rows to make are all made)."""
        cached, tasks = change.cached, change.tasks
        start, stop, old_stop = change.start, change.stop, change.old_stop
        new = tasks[start:stop]
        keys = list(map(id, new))
        patched = [(row, id(tasks[row])) for row in change.patch]
        try:
            new_fragments = list(map(self._fragments.__getitem__, keys))
            new_counts = list(map(self._counts.__getitem__, keys))
            patches = [(row, self._fragments[key], self._counts[key]) for row, key in patched]
        except KeyError:
            raise _Refused("a task was not serialised") from None
        # Nothing fails from here on: the ids counted stay those of the lanes assembled.
        new_ids = list(map(_task_id, new))
        fragments = cached.fragments[:start] + new_fragments + cached.fragments[old_stop:]
        counts = cached.counts[:start] + new_counts + cached.counts[old_stop:]
        ids = cached.ids[:start] + new_ids + cached.ids[old_stop:]
        counted = cached.counted - sum(cached.counts[start:old_stop]) + sum(new_counts)
        self._forget_ids(cached.ids[start:old_stop])
        self._ids.update(new_ids)
        for row, fragment, count in patches:
            counted += count - counts[row]
            fragments[row], counts[row] = fragment, count
            task_id = tasks[row].id
            if task_id != ids[row]:
                self._forget_ids([ids[row]])
                self._ids[task_id] += 1
                ids[row] = task_id
        section = _SEPARATOR.join(fragments)
        lane = _Lane(cached.lane, tasks, fragments, counts, ids, section, counted)
        self._lanes[id(cached.lane)] = lane

    def _drop(self, key: int) -> None:
        """Forget a lane no longer in the plan."""
        self._forget_ids(self._lanes.pop(key).ids)

    def _forget_ids(self, ids: list[str]) -> None:
        counter = self._ids
        for task_id in ids:
            left = counter[task_id] - 1
            if left > 0:
                counter[task_id] = left
            else:
                del counter[task_id]

    def _skeleton(self, plan: Plan, lanes: list[StrategyLane]) -> tuple[bytes, int]:
        """The plan's file content with every lane's tasks left out, checked, and where its
        list of lanes starts."""
        bare = plan.model_copy(
            update={"strategies": [lane.model_copy(update={"tasks": []}) for lane in lanes]}
        )
        try:
            skeleton: bytes = _PLAN_JSON.to_json(bare, indent=2)
        except PydanticSerializationError as error:
            raise _Refused("the plan cannot be written as JSON") from error
        # No string holds a raw newline, so these lines are what they look like: the key of
        # the node states, and in the list of lanes, each lane's empty list of tasks.
        split = skeleton.find(_BODY)
        start = skeleton.find(_LANES)
        end = skeleton.find(_LANES_END, start)
        if not 0 <= split < start < end or skeleton.count(_EMPTY_TASKS, start, end) != len(lanes):
            raise _Refused("the plan is not laid out as expected")
        body = skeleton[split:]
        # When the body is as last checked, the header's fields are checked on their own
        # (no check of the plan model looks at both).
        checked = skeleton if body != self._body else skeleton[:split] + _EMPTY_BODY
        try:
            Plan.model_validate_json(checked)
        except (ValidationError, RecursionError, ValueError) as error:
            raise _Refused("the plan would not load again") from error
        self._body = body
        return skeleton, start

    def _forget_all_but(self, assembled: list[_Lane]) -> None:
        """Drop the fragments of tasks no longer in the plan (deleted, say)."""
        live = {id(task): task for cached in assembled for task in cached.tasks}
        live.update((key, task) for key, (task, _, _) in self._dirty.items())
        self._fragments = {key: self._fragments[key] for key in live if key in self._fragments}
        self._counts = {key: self._counts[key] for key in live if key in self._counts}
        self._held = {key: task for key, task in live.items() if key in self._fragments}


def _holds(tasks: list[Task], row: int, task: Task) -> bool:
    return row < len(tasks) and tasks[row] is task


def _mark(change: _Change, row: int) -> None:
    """Have `row` made again: it is in the changed rows already, or patched."""
    inside = change.start <= row < change.stop
    if not inside and row not in change.patch:
        change.patch.append(row)


def _spliced(skeleton: bytes, at: int, assembled: list[_Lane]) -> list[bytes]:
    """The skeleton with each lane's section put between its brackets (from `at` on)."""
    pieces: list[bytes] = []
    start = 0
    for cached in assembled:
        at = skeleton.index(_EMPTY_TASKS, at)
        if cached.tasks:
            pieces += [skeleton[start:at], _OPEN_TASKS, cached.section, _CLOSE_TASKS]
            start = at + len(_EMPTY_TASKS)
        at += len(_EMPTY_TASKS)
    pieces += [skeleton[start:], b"\n"]
    return pieces
