"""A generated plan at the scale the app is designed for."""

from __future__ import annotations

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, Plan, Task, TaskStatus, new_plan


def large_plan(catalog: Catalog, nodes: int = 500, tasks: int = 5000) -> Plan:
    """A plan whose tree has at least `nodes` nodes and whose board has `tasks` tasks."""
    plan = new_plan(catalog, title="Large generated plan")
    attributes = [a.id for c in catalog.categories for a in c.attributes]
    count = len(catalog.node_ids())
    i = 0
    while count < nodes:
        parent = attributes[i % len(attributes)]
        plan.custom_nodes.append(
            CustomNode(id=f"custom-{i}", title=f"Custom facet {i}", parent=parent)
        )
        count += 1
        i += 1
    statuses = list(TaskStatus)
    for n in range(tasks):
        lane = plan.strategies[n % len(plan.strategies)]
        lane.tasks.append(
            Task(
                id=f"t-{n}",
                title=f"Task {n}",
                status=statuses[n % 3],
                links=[f"custom-{n % max(i, 1)}"] if i else [],
            )
        )
    return plan
