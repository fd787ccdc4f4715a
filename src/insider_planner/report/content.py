"""What a report says, built once from a plan; every output format renders this."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from insider_planner import __version__
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.gap import (
    CRITICISM_WARNING,
    Coverage,
    category_coverage,
    criticism_limits_held,
    in_gap,
    visible_leaves,
)
from insider_planner.domain.marks import Flag, Mark, flag_label
from insider_planner.domain.plan import Plan, TaskStatus
from insider_planner.domain.redact import redaction
from insider_planner.domain.text import plural
from insider_planner.domain.tree import Node, PlanTree


class ReportOptions(TypedDict, total=False):
    """What a report leaves out, as every output takes it (keyword arguments)."""

    #: Leave out notes and everything marked private.
    redact: bool
    #: List only attributes ticked held or needed.
    only_marked: bool
    #: Leave tasks that are done off the action board (they still count in its figures).
    hide_done: bool


@dataclass(frozen=True)
class ReportNode:
    """One row of the attribute checklist."""

    id: str
    title: str
    level: str
    depth: int
    held: Mark
    needed: Mark
    note: str
    custom: bool
    #: Marked private in a redacted report: shown without marks, nothing below it listed.
    withheld: bool = False


@dataclass(frozen=True)
class ReportCategory:
    id: str
    title: str
    kind: str
    held_label: str
    needed_label: str
    rows: list[ReportNode]
    coverage: Coverage
    #: Marked private in a redacted report: no rows and no figures.
    withheld: bool = False

    @property
    def summary(self) -> str:
        """The one-line count printed beside the category's heading in every format."""
        if self.withheld:
            return WITHHELD
        c = self.coverage
        if self.kind == "constraint":
            return f"{c.held} of {c.total} held, {c.gap} not acceptable"
        return f"{c.needed} needed, {c.covered} of them held"


@dataclass(frozen=True)
class GapEntry:
    node_id: str
    title: str
    task_count: int

    @property
    def summary(self) -> str:
        """The tasks serving this gap, printed beside it in every format."""
        return plural(self.task_count, "task") if self.task_count else "no task yet"


@dataclass(frozen=True)
class GapGroup:
    category_title: str
    kind: str
    entries: list[GapEntry]


@dataclass(frozen=True)
class ReportTask:
    title: str
    status: TaskStatus
    due: date | None
    links: list[str]
    notes: str


@dataclass(frozen=True)
class ReportStrategy:
    """One lane of the action board: the tasks listed, and the figures of all its tasks
    (done tasks count even when the report leaves them out)."""

    number: int
    id: str
    title: str
    description: str
    tasks: list[ReportTask]
    total: int
    done: int

    @property
    def summary(self) -> str:
        """The count printed beside the strategy's heading in every format."""
        if not self.total:
            return "no tasks"
        return f"{self.done} of {self.total} done"


@dataclass(frozen=True)
class Report:
    """Everything a printed or exported plan shows, in order."""

    title: str
    target: str
    project: str
    created: datetime
    updated: datetime
    generated: date
    app_version: str
    redacted: bool
    #: Only attributes ticked held or needed are listed in the checklist.
    only_marked: bool
    #: Done tasks are left off the action board.
    hide_done: bool
    categories: list[ReportCategory]
    gap: list[GapGroup]
    strategies: list[ReportStrategy]
    constraints_held: list[str]
    criticism_warning: str | None

    @property
    def coverage(self) -> list[Coverage]:
        """The coverage figures of every category not withheld, in catalog order (the chart)."""
        return [c.coverage for c in self.categories if not c.withheld]

    @property
    def gap_count(self) -> int:
        return sum(len(g.entries) for g in self.gap)

    @property
    def task_total(self) -> int:
        return sum(s.total for s in self.strategies)

    @property
    def task_done(self) -> int:
        return sum(s.done for s in self.strategies)

    @property
    def board_summary(self) -> str:
        """How far the action board has got ("1 of 4 tasks done"), in its heading and the
        title block's state line in every format."""
        return f"{self.task_done} of {plural(self.task_total, 'task')} done"


#: What a redacted report prints in place of a private node's marks and figures.
WITHHELD = "withheld"
#: What it prints in place of a private category's checklist.
WITHHELD_NOTE = "Marked private: left out of this copy."


def status_line(report: Report) -> str:
    """The title block's one-line state of the plan, the same in every format."""
    gap = plural(report.gap_count, "item")
    return f"{gap} in the gap · {report.board_summary}"


def left_out(report: Report) -> list[tuple[str, str]]:
    """What this copy leaves out, as (label, sentence) rows for the title block."""
    rows: list[tuple[str, str]] = []
    if report.redacted:
        rows.append(("Redacted", "Notes and private items are left out of this copy."))
    shown: list[str] = []
    if report.only_marked:
        shown.append("only attributes ticked held or needed are listed")
    if report.hide_done:
        shown.append("done tasks are left off the action board")
    if shown:
        rows.append(("Showing", "; ".join(shown).capitalize() + "."))
    return rows


def _is_marked(plan: Plan, leaves: list[Node]) -> bool:
    return any(plan.state(leaf.id).held or plan.state(leaf.id).needed for leaf in leaves)


def _mark(plan: Plan, leaves: list[Node], flag: Flag) -> Mark:
    """A row's mark from the leaves it may show: checked when all are, partial when some."""
    ticked = sum(bool(getattr(plan.state(leaf.id), flag)) for leaf in leaves)
    if not ticked:
        return Mark.UNCHECKED
    return Mark.CHECKED if ticked == len(leaves) else Mark.PARTIAL


def build_report(
    plan: Plan,
    catalog: Catalog,
    *,
    redact: bool = False,
    only_marked: bool = False,
    hide_done: bool = False,
    today: date | None = None,
) -> Report:
    """Collect the report's content. `only_marked` keeps nodes ticked held or needed;
    `hide_done` leaves done tasks off the board (its figures still count them).

    `redact` works on a redacted copy of the plan (`domain.redact`): a private node is
    listed as withheld, nothing below it is listed, and none of it counts in any figure.
    """
    hidden: set[str] = set()
    if redact:
        plan, hidden = redaction(plan, catalog)
    tree = PlanTree(catalog, plan)
    task_counts: dict[str, int] = {}
    for task in plan.all_tasks():
        for link in task.links:
            task_counts[link] = task_counts.get(link, 0) + 1

    categories: list[ReportCategory] = []
    gap: list[GapGroup] = []
    for root in tree.roots:
        rows: list[ReportNode] = []
        for node, depth in _walk_with_depth(root, hidden):
            leaves = visible_leaves(node, hidden)
            withheld = node.id in hidden
            if depth == 0 or (only_marked and not withheld and not _is_marked(plan, leaves)):
                continue
            rows.append(
                ReportNode(
                    node.id,
                    node.title,
                    node.level,
                    depth,
                    _mark(plan, leaves, "held"),
                    _mark(plan, leaves, "needed"),
                    plan.state(node.id).note,
                    node.custom,
                    withheld,
                )
            )
        categories.append(
            ReportCategory(
                root.id,
                root.title,
                root.kind,
                flag_label(root.kind, "held"),
                flag_label(root.kind, "needed"),
                rows,
                category_coverage(plan, root, hidden),
                root.id in hidden,
            )
        )
        entries = [
            GapEntry(leaf.id, leaf.path_title, task_counts.get(leaf.id, 0))
            for leaf in visible_leaves(root, hidden)
            if in_gap(plan, leaf)
        ]
        if entries:
            gap.append(GapGroup(root.title, root.kind, entries))

    strategies: list[ReportStrategy] = []
    for number, lane in enumerate(plan.strategies, start=1):
        info = catalog.strategy(lane.id)
        done = sum(task.status is TaskStatus.DONE for task in lane.tasks)
        strategies.append(
            ReportStrategy(
                number,
                lane.id,
                info.title if info else lane.id,
                info.description if info else "",
                [
                    ReportTask(
                        task.title,
                        task.status,
                        task.due,
                        [tree[link].path_title for link in task.links if link in tree],
                        task.notes,
                    )
                    for task in lane.tasks
                    if not (hide_done and task.status is TaskStatus.DONE)
                ],
                len(lane.tasks),
                done,
            )
        )

    constraints_held = [
        leaf.path_title
        for root in tree.roots
        if root.kind == "constraint"
        for leaf in visible_leaves(root, hidden)
        if plan.state(leaf.id).held
    ]
    return Report(
        title=plan.title,
        target=plan.target,
        project=plan.project,
        created=plan.created,
        updated=plan.updated,
        generated=today or date.today(),
        app_version=__version__,
        redacted=redact,
        only_marked=only_marked,
        hide_done=hide_done,
        categories=categories,
        gap=gap,
        strategies=strategies,
        constraints_held=constraints_held,
        criticism_warning=CRITICISM_WARNING if criticism_limits_held(plan, tree) else None,
    )


def _walk_with_depth(node: Node, hidden: Collection[str], depth: int = 0) -> list[tuple[Node, int]]:
    """The node and those below it with their depth; nothing below a hidden node."""
    out = [(node, depth)]
    if node.id not in hidden:
        for child in node.children:
            out.extend(_walk_with_depth(child, hidden, depth + 1))
    return out
