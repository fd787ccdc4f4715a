"""A worked example plan: the one the start page offers, also used for screenshots."""

from __future__ import annotations

from datetime import date

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task, TaskStatus, new_plan


def demo_plan(catalog: Catalog) -> Plan:
    """An interpretability group planning to replicate open-weights results on a closed model."""
    plan = new_plan(catalog, title="Probe replication on closed models")
    plan.target = "A frontier lab's interpretability team"
    plan.project = (
        "Our deception probes work on open-weights models. We want to test them on the lab's "
        "closed models, which needs activation access and a say in how results are published."
    )
    held = [
        "internals.weights",
        "api-surface.logprobs",
        "api-surface.prefill",
        "compute.api-credits",
        "techniques.post-training",
        "leadership-bandwidth.seen-as-aligned",
        "social.awkward-criticism",
    ]
    needed = [
        "internals.activations",
        "internals.checkpoints",
        "api-surface.white-box",
        "api-surface.logprobs",
        "compute.api-credits",
        "compute.dedicated-gpus",
        "metrics.safety-evaluations",
        "decision-influence.memo",
        "formal.rival-lab-contact",
    ]
    for node_id in held:
        plan.nodes.setdefault(node_id, NodeState()).held = True
    for node_id in needed:
        plan.nodes.setdefault(node_id, NodeState()).needed = True
    plan.nodes["formal.nda"] = NodeState(
        held=True, note="Signed for the pilot; covers model outputs only."
    )
    plan.nodes["internals.activations"].note = "Ask for a sandboxed activation endpoint first."
    plan.custom_nodes.append(
        CustomNode(id="custom-probe-registry", title="Probe result registry", parent="metrics")
    )
    plan.nodes["custom-probe-registry"] = NodeState(needed=True)
    lanes = {lane.id: lane for lane in plan.strategies}
    lanes["understand"].tasks = [
        Task(
            title="Read the published terms of two external evaluation partnerships",
            status=TaskStatus.DONE,
        ),
        Task(
            title="Ask a former partner what they conceded on publication",
            status=TaskStatus.DOING,
            notes="Private contact list in the team vault",
            private=True,
        ),
    ]
    lanes["connections"].tasks = [
        Task(title="Map who approves activation access", links=["internals.activations"]),
    ]
    lanes["small-collaborations"].tasks = [
        Task(title="Replicate the probe result on two more open models", status=TaskStatus.DONE),
        Task(
            title="Propose a four-week pilot on one closed checkpoint",
            due=date(2027, 2, 15),
            links=["internals.activations", "internals.checkpoints"],
        ),
    ]
    lanes["legible-expert"].tasks = [
        Task(
            title="Publish the probe benchmark and its code",
            status=TaskStatus.DOING,
            links=["api-surface.white-box"],
        ),
    ]
    lanes["integrity"].tasks = [
        Task(title="Write down our disclosure commitments", due=date(2027, 1, 10)),
    ]
    lanes["obstacles"].tasks = [
        Task(title="Adopt the security checklist for handling model internals"),
        Task(
            title="Agree our minimum publication rights before negotiating",
            links=["formal.publication-restrictions"],
        ),
    ]
    return plan


#: What the example plan's title starts with, so that it is not taken for the user's own.
EXAMPLE_PREFIX = "Example: "


def example_plan(catalog: Catalog) -> Plan:
    """The demonstration plan as a plan of the user's own: new ids, titled as an example."""
    plan = demo_plan(catalog)  # every call makes new ids for the plan and its tasks
    plan.title = EXAMPLE_PREFIX + plan.title
    return plan
