"""Whether a step lacks one of its starter tasks, kept up to date edit by edit.

The board enables Add Starter Tasks only for a step that lacks one. Finding out means
reading every title of the step, so each step is read once, when it is first asked about;
after that the tasks that carry a starter task's title are followed through inserts,
removals, moves and renames, at a cost that does not grow with the number of tasks.
"""

from __future__ import annotations

from insider_planner.domain.plan import Task
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.edits import starter_key


class StarterTitles:
    """Per step, the tasks titled as one of the step's starter tasks (case-insensitively)."""

    def __init__(self, doc: PlanDocument) -> None:
        self._doc = doc
        self._starters: dict[str, frozenset[str]] = {}  # lane id → its starter titles
        self._carried: dict[str, dict[str, str]] = {}  # lane id → {task id: starter title}
        doc.task_inserted.connect(self._on_inserted)
        doc.task_about_to_be_removed.connect(self._on_about_to_be_removed)
        doc.task_moved.connect(self._on_moved)
        doc.task_changed.connect(self._on_changed)

    def lacks_some(self, lane_id: str) -> bool:
        """Whether the step lacks one of its starter tasks (what `missing_starter_tasks`
        answers, without reading the step's titles again)."""
        wanted = self._titles(lane_id)
        if not wanted:
            return False
        have = set(self._tasks_of(lane_id).values())
        return any(title not in have for title in wanted)

    def scan(self, lane_id: str) -> dict[str, str]:
        """Read every title of a step: the tasks carrying a starter title."""
        lane = self._doc.plan.lane(lane_id)
        wanted = self._titles(lane_id)
        if lane is None or not wanted:
            return {}
        return {t.id: title for t in lane.tasks if (title := starter_key(t.title)) in wanted}

    def _titles(self, lane_id: str) -> frozenset[str]:
        titles = self._starters.get(lane_id)
        if titles is None:
            info = self._doc.catalog.strategy(lane_id)
            starters = info.starter_tasks if info is not None else ()
            titles = self._starters[lane_id] = frozenset(map(starter_key, starters))
        return titles

    def _tasks_of(self, lane_id: str) -> dict[str, str]:
        carried = self._carried.get(lane_id)
        if carried is None:
            carried = self._carried[lane_id] = self.scan(lane_id)
        return carried

    def _note(self, lane_id: str, task: Task) -> None:
        carried = self._carried.get(lane_id)
        if carried is None:  # not read yet: it will be when first asked about
            return
        carried.pop(task.id, None)
        title = starter_key(task.title)
        if title in self._titles(lane_id):
            carried[task.id] = title

    def _forget(self, lane_id: str, task_id: str) -> None:
        carried = self._carried.get(lane_id)
        if carried is not None:
            carried.pop(task_id, None)

    def _task_at(self, lane_id: str, row: int) -> Task | None:
        lane = self._doc.plan.lane(lane_id)
        return lane.tasks[row] if lane is not None and 0 <= row < len(lane.tasks) else None

    def _on_inserted(self, lane_id: str, row: int) -> None:
        if (task := self._task_at(lane_id, row)) is not None:
            self._note(lane_id, task)

    def _on_about_to_be_removed(self, lane_id: str, row: int) -> None:
        if (task := self._task_at(lane_id, row)) is not None:
            self._forget(lane_id, task.id)

    def _on_moved(self, from_lane: str, _: int, to_lane: str, to_row: int) -> None:
        if from_lane != to_lane and (task := self._task_at(to_lane, to_row)) is not None:
            self._forget(from_lane, task.id)
            self._note(to_lane, task)

    def _on_changed(self, task_id: str, fields: list[str]) -> None:
        if "title" in fields and (found := self._doc.plan.find_task(task_id)) is not None:
            lane, row = found
            self._note(lane.id, lane.tasks[row])
