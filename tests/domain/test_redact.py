"""Redacted copies leave out every note and everything marked private."""

from __future__ import annotations

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, StrategyLane, Task
from insider_planner.domain.redact import hidden_nodes, redacted

SECRETS = ["Contact: Dana", "Phone 555-0100", "Private: call Dana", "Via the pilot", "sandbox"]


def test_the_sample_plan_redacted(sample_plan: Plan, catalog: Catalog) -> None:
    original = sample_plan.model_dump_json()
    safe = redacted(sample_plan, catalog)

    text = safe.model_dump_json()
    for secret in SECRETS:
        assert secret in original
        assert secret not in text
    assert sample_plan.model_dump_json() == original  # the plan itself is untouched

    assert "api-surface.prefill" not in safe.nodes  # private: gone with its marks
    assert safe.nodes["internals.activations"] == NodeState(held=True, needed=True)
    assert safe.nodes["formal.nda"] == NodeState(held=True)
    assert [t.id for t in safe.all_tasks()] == ["t-1", "t-2", "t-3"]
    assert all(t.notes == "" for t in safe.all_tasks())
    assert safe.all_tasks()[2].links == ["internals.weights"]
    assert [c.id for c in safe.custom_nodes] == ["custom-eval-seat"]
    assert (safe.title, safe.target, safe.project) == (
        sample_plan.title,
        sample_plan.target,
        sample_plan.project,
    )


def _custom_plan(private: str, children_first: bool) -> Plan:
    """A custom attribute with a custom facet under 'Influence and trust'."""
    attribute = CustomNode(id="c-secret-lab", title="Secret lab liaison", parent="influence")
    facet = CustomNode(id="c-secret-name", title="Named person", parent="c-secret-lab")
    other = CustomNode(id="c-open", title="Open seat", parent="influence", help="why it matters")
    nodes = {
        "c-secret-lab": NodeState(needed=True),
        "c-secret-name": NodeState(held=True),
        "c-open": NodeState(needed=True, note="keep quiet"),
    }
    nodes[private] = NodeState(private=True)
    return Plan(
        nodes=nodes,
        custom_nodes=[facet, attribute, other] if children_first else [attribute, facet, other],
        strategies=[
            StrategyLane(
                id="connections",
                tasks=[Task(id="t-1", title="Meet", links=["c-secret-name", "c-open"])],
            )
        ],
    )


@pytest.mark.parametrize("children_first", [False, True])
def test_a_private_custom_attribute_goes_with_its_facets(
    catalog: Catalog, children_first: bool
) -> None:
    safe = redacted(_custom_plan("c-secret-lab", children_first), catalog)
    text = safe.model_dump_json()
    assert "Secret lab" not in text and "Named person" not in text
    assert "keep quiet" not in text and "why it matters" not in text
    assert [c.id for c in safe.custom_nodes] == ["c-open"]
    assert set(safe.nodes) == {"c-open"}
    assert safe.all_tasks()[0].links == ["c-open"]


@pytest.mark.parametrize("children_first", [False, True])
def test_custom_nodes_under_a_private_category_go_at_every_depth(
    catalog: Catalog, children_first: bool
) -> None:
    """A custom facet may be listed before its custom attribute (the tree allows it)."""
    plan = _custom_plan("influence", children_first)
    safe = redacted(plan, catalog)
    text = safe.model_dump_json()
    assert "Secret lab" not in text and "Named person" not in text and "Open seat" not in text
    assert safe.custom_nodes == []
    assert safe.nodes == {}
    assert safe.all_tasks() == []  # linked only to withheld nodes: its title goes too


def _private_attribute_plan() -> Plan:
    """'Roadmap' private, with marked facets, a note, a custom child and linked tasks."""
    return Plan(
        nodes={
            "roadmap": NodeState(private=True, note="why it is private"),
            "roadmap.next-training": NodeState(held=True, needed=True, note="from the offsite"),
            "roadmap.deployment-plan": NodeState(needed=True, private=True),
            "c-nightjar": NodeState(needed=True),
            "techniques.pretraining": NodeState(needed=True),
        },
        custom_nodes=[CustomNode(id="c-nightjar", title="Nightjar dates", parent="roadmap")],
        strategies=[
            StrategyLane(
                id="connections",
                tasks=[
                    Task(id="t-1", title="Ask about Nightjar", links=["roadmap.next-training"]),
                    Task(id="t-2", title="Shared", links=["c-nightjar", "techniques.pretraining"]),
                    Task(id="t-3", title="Unlinked"),
                ],
            )
        ],
    )


def test_a_private_catalog_attribute_is_withheld_with_everything_below_it(
    catalog: Catalog,
) -> None:
    plan = _private_attribute_plan()
    facets = {
        f"roadmap.{facet.id}"
        for category in catalog.categories
        for attribute in category.attributes
        if attribute.id == "roadmap"
        for facet in attribute.facets
    }
    assert len(facets) == 4
    assert hidden_nodes(plan, catalog) == {"roadmap", "c-nightjar", *facets}
    safe = redacted(plan, catalog)
    assert safe.nodes == {"techniques.pretraining": NodeState(needed=True)}
    assert safe.custom_nodes == []
    assert [(t.title, t.links) for t in safe.all_tasks()] == [
        ("Shared", ["techniques.pretraining"]),
        ("Unlinked", []),
    ]


def test_a_private_facet_keeps_its_siblings(catalog: Catalog) -> None:
    plan = Plan(
        nodes={
            "internals.gradients": NodeState(held=True, private=True),
            "internals.weights": NodeState(held=True),
        }
    )
    assert hidden_nodes(plan, catalog) == {"internals.gradients"}
    assert redacted(plan, catalog).nodes == {"internals.weights": NodeState(held=True)}


def test_a_link_to_a_deleted_node_does_not_keep_a_withheld_task(catalog: Catalog) -> None:
    """A task linked to a private facet and to a custom node since deleted is linked, as
    far as a reader can see, only to withheld nodes: it goes, title and all."""
    plan = Plan(
        nodes={"internals.weights": NodeState(held=True, private=True)},
        strategies=[
            StrategyLane(
                id="understand",
                tasks=[
                    Task(title="Weights via the side door", links=["internals.weights", "c-gone"]),
                    Task(title="Read the model card", links=["internals.activations", "c-gone"]),
                ],
            )
        ],
    )
    safe = redacted(plan, catalog)
    assert [t.title for t in safe.all_tasks()] == ["Read the model card"]
    assert safe.all_tasks()[0].links == ["internals.activations"]
