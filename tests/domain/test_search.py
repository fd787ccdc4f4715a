"""Find in a plan: which attributes and tasks match, in which order, by which text."""

from __future__ import annotations

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan, Task
from insider_planner.domain.search import Hit, find, query_words
from insider_planner.domain.tree import PlanTree


def hits(plan: Plan, catalog: Catalog, query: str) -> list[Hit]:
    return find(plan, PlanTree(catalog, plan), query)


def test_a_blank_query_finds_nothing(sample_plan: Plan, catalog: Catalog) -> None:
    assert query_words("  \t ") == []
    assert hits(sample_plan, catalog, "") == []
    assert hits(sample_plan, catalog, "   ") == []


def test_attribute_names_and_notes_in_tree_order_then_tasks_in_board_order(
    sample_plan: Plan, catalog: Catalog
) -> None:
    found = hits(sample_plan, catalog, "DANA")  # any case
    assert found == [
        Hit("attribute", "api-surface.prefill", "note"),  # "Contact: Dana"
        Hit("task", "t-4", "title"),  # "Private: call Dana"
    ]
    names = [h.id for h in hits(sample_plan, catalog, "activations") if h.kind == "attribute"]
    assert "internals.activations" in names
    tree_order = [node.id for node in PlanTree(catalog, sample_plan).walk()]
    assert names == sorted(names, key=tree_order.index)


def test_task_notes_match_and_say_so(sample_plan: Plan, catalog: Catalog) -> None:
    assert hits(sample_plan, catalog, "sandbox") == [Hit("task", "t-3", "notes")]
    assert hits(sample_plan, catalog, "555-0100") == [Hit("task", "t-4", "notes")]


def test_every_word_must_be_found_in_one_item(sample_plan: Plan, catalog: Catalog) -> None:
    # "closed" is in t-3's title and "sandbox" in its notes: between them they match.
    assert hits(sample_plan, catalog, "sandbox closed") == [Hit("task", "t-3", "title")]
    assert hits(sample_plan, catalog, "weights   replicate") == [Hit("task", "t-3", "title")]
    # "Dana" and "sandbox" are in different tasks: no single item holds both.
    assert hits(sample_plan, catalog, "dana sandbox") == []


def test_custom_nodes_and_new_tasks_are_found(sample_plan: Plan, catalog: Catalog) -> None:
    sample_plan.strategies[0].tasks.append(Task(id="t-9", title="Ask about the eval council"))
    found = hits(sample_plan, catalog, "council")
    assert found == [Hit("attribute", "custom-eval-seat", "name"), Hit("task", "t-9", "title")]


def test_case_folding_finds_what_lower_case_would_miss(sample_plan: Plan, catalog: Catalog) -> None:
    sample_plan.strategies[0].tasks.append(Task(id="t-9", title="Treffen mit der Straße"))
    assert hits(sample_plan, catalog, "STRASSE") == [Hit("task", "t-9", "title")]
