"""What a report says, built once from a plan; every output format renders this."""

from __future__ import annotations

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
)
from insider_planner.domain.marks import Mark, flag_label, mark_of
from insider_planner.domain.plan import Plan, TaskStatus
from insider_planner.domain.redact import redacted
from insider_planner.domain.tree import Node, PlanTree


class ReportOptions(TypedDict, total=False):
    """What a report leaves out, as every output takes it (keyword arguments)."""

    #: Leave out notes and everything marked private.
    redact: bool
    #: List only attributes ticked held or needed.
    only_marked: bool


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


@dataclass(frozen=True)
class ReportCategory:
    id: str
    title: str
    kind: str
    held_label: str
    needed_label: str
    rows: list[ReportNode]
    coverage: Coverage

    @property
    def summary(self) -> str:
        """The one-line count printed beside the category's heading in every format."""
        c = self.coverage
        if self.kind == "constraint":
            return f"{c.held} of {c.total} held, {c.gap} not acceptable"
        return f"{c.needed} needed, {c.covered} of them held"


@dataclass(frozen=True)
class GapEntry:
    node_id: str
    title: str
    task_count: int


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
    number: int
    id: str
    title: str
    description: str
    tasks: list[ReportTask]

    @property
    def done(self) -> int:
        return sum(t.status is TaskStatus.DONE for t in self.tasks)


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
    categories: list[ReportCategory]
    gap: list[GapGroup]
    strategies: list[ReportStrategy]
    constraints_held: list[str]
    criticism_warning: str | None

    @property
    def coverage(self) -> list[Coverage]:
        """The coverage figures of every category, in catalog order (for the chart)."""
        return [c.coverage for c in self.categories]

    @property
    def gap_count(self) -> int:
        return sum(len(g.entries) for g in self.gap)

    @property
    def task_total(self) -> int:
        return sum(len(s.tasks) for s in self.strategies)

    @property
    def task_done(self) -> int:
        return sum(s.done for s in self.strategies)


def _is_marked(plan: Plan, node: Node) -> bool:
    return any(plan.state(leaf.id).held or plan.state(leaf.id).needed for leaf in node.leaves())


def build_report(
    plan: Plan,
    catalog: Catalog,
    *,
    redact: bool = False,
    only_marked: bool = False,
    today: date | None = None,
) -> Report:
    """Collect the report's content. `only_marked` keeps nodes ticked held or needed."""
    if redact:
        plan = redacted(plan)
    tree = PlanTree(catalog, plan)
    task_counts: dict[str, int] = {}
    for task in plan.all_tasks():
        for link in task.links:
            task_counts[link] = task_counts.get(link, 0) + 1

    categories: list[ReportCategory] = []
    gap: list[GapGroup] = []
    for root in tree.roots:
        rows = [
            ReportNode(
                node.id,
                node.title,
                node.level,
                depth,
                mark_of(plan, node, "held"),
                mark_of(plan, node, "needed"),
                plan.state(node.id).note,
                node.custom,
            )
            for node, depth in _walk_with_depth(root)
            if depth > 0 and (not only_marked or _is_marked(plan, node))
        ]
        categories.append(
            ReportCategory(
                root.id,
                root.title,
                root.kind,
                flag_label(root.kind, "held"),
                flag_label(root.kind, "needed"),
                rows,
                category_coverage(plan, root),
            )
        )
        entries = [
            GapEntry(leaf.id, leaf.path_title, task_counts.get(leaf.id, 0))
            for leaf in root.leaves()
            if in_gap(plan, leaf)
        ]
        if entries:
            gap.append(GapGroup(root.title, root.kind, entries))

    strategies: list[ReportStrategy] = []
    for number, lane in enumerate(plan.strategies, start=1):
        info = catalog.strategy(lane.id)
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
                ],
            )
        )

    constraints_held = [
        leaf.path_title
        for root in tree.roots
        if root.kind == "constraint"
        for leaf in root.leaves()
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
        categories=categories,
        gap=gap,
        strategies=strategies,
        constraints_held=constraints_held,
        criticism_warning=CRITICISM_WARNING if criticism_limits_held(plan, tree) else None,
    )


def _walk_with_depth(node: Node, depth: int = 0) -> list[tuple[Node, int]]:
    out = [(node, depth)]
    for child in node.children:
        out.extend(_walk_with_depth(child, depth + 1))
    return out
