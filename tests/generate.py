"""One generated plan at the scale the app is designed for: 500 nodes, 5,000 tasks."""

from __future__ import annotations

import random
from datetime import date

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, Plan, Task, TaskStatus, new_plan


def large_plan(
    catalog: Catalog,
    *,
    nodes: int = 500,
    tasks: int = 5000,
    base: Plan | None = None,
    seed: int = 7,
) -> Plan:
    """`base` (or a new plan) grown to at least `nodes` tree nodes and `tasks` more tasks.

    Custom facets fill the tree up; tasks are spread unevenly over the six strategies, a
    third of them linked to a leaf, some with due dates and notes.
    """
    rng = random.Random(seed)
    plan = base or new_plan(catalog, title="Large generated plan")
    attributes = [a.id for c in catalog.categories for a in c.attributes]
    leaves = [f"{a.id}.{f.id}" for c in catalog.categories for a in c.attributes for f in a.facets]
    count = len(catalog.node_ids()) + len(plan.custom_nodes)
    i = 0
    while count < nodes:
        node = CustomNode(id=f"custom-{i}", title=f"Custom facet {i}", parent=attributes[i % 20])
        plan.custom_nodes.append(node)
        leaves.append(node.id)
        count += 1
        i += 1
    statuses = list(TaskStatus)
    for n in range(tasks):
        lane = plan.strategies[rng.choice([0, 0, 1, 2, 2, 3, 4, 5])]
        lane.tasks.append(
            Task(
                id=f"g-{n}",
                title=f"Generated task {n}: follow up on the pilot's next step",
                status=rng.choice(statuses),
                links=[rng.choice(leaves)] if n % 3 == 0 else [],
                due=date(2027, 1 + n % 12, 1 + n % 28) if n % 2 else None,
                notes="Remember the agenda" if n % 7 == 0 else "",
            )
        )
    return plan
