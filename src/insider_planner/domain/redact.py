"""Copies of a plan that are safe to show: no notes, nothing marked private.

The rule: a private node is withheld with everything below it. Its marks, note, custom
children and the states of the catalog nodes below it are dropped, and none of them counts in
any figure. A report still names a withheld catalog node (the catalog is public) but prints no
marks for it; a custom one goes entirely, since its title is the user's own words. Tasks lose
links to withheld nodes and to nodes that no longer exist, and a task whose links all went
goes too: its title would say what they are.
"""

from __future__ import annotations

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import NodeState, Plan
from insider_planner.domain.tree import PlanTree


def hidden_nodes(plan: Plan, catalog: Catalog, tree: PlanTree | None = None) -> set[str]:
    """Ids of every private node and every node below one (catalog and custom)."""
    hidden = {node_id for node_id, state in plan.nodes.items() if state.private}
    for node in (tree or PlanTree(catalog, plan)).walk():  # parents come before children
        if node.parent is not None and node.parent.id in hidden:
            hidden.add(node.id)
    # Custom nodes the tree could not attach may still hang below a hidden one.
    while True:
        below = {c.id for c in plan.custom_nodes if c.parent in hidden and c.id not in hidden}
        if not below:
            return hidden
        hidden |= below


def redacted(plan: Plan, catalog: Catalog) -> Plan:
    """A deep copy without notes, private tasks and withheld nodes (see the module's rule)."""
    return redaction(plan, catalog)[0]


def redaction(plan: Plan, catalog: Catalog) -> tuple[Plan, set[str]]:
    """The redacted copy of `plan`, and the ids of the nodes it withholds."""
    copy = plan.model_copy(deep=True)
    tree = PlanTree(catalog, copy)
    hidden = hidden_nodes(copy, catalog, tree)
    # A link counts only when it names a node the reader can see: a link to a deleted node
    # must not keep a task whose other links are all withheld.
    shown = {node.id for node in tree.walk()} - hidden
    copy.custom_nodes = [c for c in copy.custom_nodes if c.id not in hidden]
    copy.nodes = {
        node_id: NodeState(held=state.held, needed=state.needed)
        for node_id, state in copy.nodes.items()
        if node_id not in hidden
    }
    for lane in copy.strategies:
        kept = []
        for task in lane.tasks:
            links = [link for link in task.links if link in shown]
            if task.private or (task.links and not links):
                continue
            task.links = links
            task.notes = ""
            kept.append(task)
        lane.tasks = kept
    for custom in copy.custom_nodes:
        custom.help = ""
    return copy, hidden
