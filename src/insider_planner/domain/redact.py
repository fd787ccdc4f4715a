"""Copies of a plan that are safe to show: no notes, nothing marked private."""

from __future__ import annotations

from insider_planner.domain.plan import NodeState, Plan


def redacted(plan: Plan) -> Plan:
    """A deep copy without notes, private tasks, private node states and private custom nodes
    (a custom node's title can itself be sensitive, so a private one goes with its children).
    """
    copy = plan.model_copy(deep=True)
    hidden = {node_id for node_id, state in copy.nodes.items() if state.private}
    # A child may be listed before its custom parent (PlanTree allows it): repeat until stable.
    while True:
        below = {c.id for c in copy.custom_nodes if c.parent in hidden and c.id not in hidden}
        if not below:
            break
        hidden |= below
    copy.custom_nodes = [c for c in copy.custom_nodes if c.id not in hidden]
    copy.nodes = {
        node_id: NodeState(held=state.held, needed=state.needed)
        for node_id, state in copy.nodes.items()
        if node_id not in hidden
    }
    for lane in copy.strategies:
        lane.tasks = [task for task in lane.tasks if not task.private]
        for task in lane.tasks:
            task.notes = ""
            task.links = [link for link in task.links if link not in hidden]
    for custom in copy.custom_nodes:
        custom.help = ""
    return copy
