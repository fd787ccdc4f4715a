"""Every user edit: one undo step with the right label, or nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtGui import QUndoCommand

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import Task, TaskStatus
from insider_planner.ui import edits
from insider_planner.ui.commands import InsertTaskCommand, SetPlanFieldCommand
from insider_planner.ui.document import PlanDocument

Edit = Callable[[PlanDocument], Any]


def dump(doc: PlanDocument) -> dict[str, Any]:
    return doc.plan.model_dump()


def lanes(doc: PlanDocument) -> dict[str, list[str]]:
    return {lane.id: [t.id for t in lane.tasks] for lane in doc.plan.strategies}


def titles(doc: PlanDocument, lane_id: str) -> list[str]:
    lane = doc.plan.lane(lane_id)
    assert lane is not None
    return [t.title for t in lane.tasks]


def one_step(doc: PlanDocument, label: str, before: dict[str, Any]) -> None:
    """Exactly one undo step named `label`, whose undo restores `before` and redo repeats it."""
    stack = doc.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == label
    after = dump(doc)
    assert after != before
    stack.undo()
    assert dump(doc) == before
    stack.redo()
    assert dump(doc) == after


def nothing(doc: PlanDocument, before: dict[str, Any]) -> None:
    assert doc.undo_stack.count() == 0
    assert dump(doc) == before


# --- one undo step, or none, for every edit --------------------------------------------------

EDITS: dict[str, Edit] = {
    "set_plan_field": lambda d: edits.set_plan_field(d, "title", "Other"),
    "set_flag": lambda d: edits.set_flag(d, d.node("internals"), "held", True),
    "toggle_flag": lambda d: edits.toggle_flag(d, d.node("metrics.benchmarks"), "needed"),
    "set_note": lambda d: edits.set_note(d, "internals.weights", "Ask Dana"),
    "set_private": lambda d: edits.set_private(d, "internals.weights", True),
    "add_custom_node": lambda d: edits.add_custom_node(d, "influence", "Board observer"),
    "rename_custom_node": lambda d: edits.rename_custom_node(d, "custom-eval-seat", "Seat"),
    "remove_custom_node": lambda d: edits.remove_custom_node(d, "custom-eval-seat"),
    "move_strategy": lambda d: edits.move_strategy(d, 0, 3),
    "add_starter_tasks": lambda d: edits.add_starter_tasks(d, "connections"),
    "add_task": lambda d: edits.add_task(d, "connections"),
    "add_tasks_for_nodes": lambda d: edits.add_tasks_for_nodes(
        d, ["internals.weights", "formal.nda", "custom-eval-seat"]
    ),
    "add_tasks_for_one_node": lambda d: edits.add_tasks_for_nodes(d, ["formal.nda"]),
    "add_tasks_at_row": lambda d: edits.add_tasks_for_nodes(
        d, ["formal.nda", "financial.equity"], "understand", 1
    ),
    "move_tasks": lambda d: edits.move_tasks(d, ["t-1", "t-3"], "connections"),
    "move_one_task": lambda d: edits.move_tasks(d, ["t-2"], "understand", 0),
    "delete_tasks": lambda d: edits.delete_tasks(d, ["t-1", "t-3"]),
    "delete_one_task": lambda d: edits.delete_tasks(d, ["t-4"]),
    "set_status": lambda d: edits.set_status(d, ["t-2", "t-3"], TaskStatus.DONE),
    "toggle_status": lambda d: edits.toggle_status(d, ["t-3", "t-4"]),
    "edit_task": lambda d: edits.edit_task(d, "t-3", {"title": "Other", "private": True}),
    "link_nodes": lambda d: edits.link_nodes(d, "t-1", ["formal.nda"]),
    "unlink_nodes": lambda d: edits.unlink_nodes(d, "t-3", ["internals.weights"]),
    "push_steps": lambda d: edits.push_steps(
        d,
        "Two",
        [SetPlanFieldCommand(d, "target", "X"), SetPlanFieldCommand(d, "project", "Y")],
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_edit_is_one_undo_step(doc: PlanDocument, name: str) -> None:
    before = dump(doc)
    result = EDITS[name](doc)
    assert result
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText()
    doc.undo_stack.undo()
    assert dump(doc) == before
    assert not doc.undo_stack.canUndo()


@pytest.mark.parametrize("name", list(EDITS))
def test_a_read_only_plan_is_not_edited(doc: PlanDocument, name: str) -> None:
    doc.read_only_reason = "locked"
    before = dump(doc)
    result = EDITS[name](doc)
    assert result in (False, None, [])
    nothing(doc, before)
    assert "custom-eval-seat" in doc.tree and doc.node("custom-eval-seat").title != "Seat"


@pytest.mark.parametrize("name", list(EDITS))
def test_a_closed_plan_is_not_edited(doc: PlanDocument, name: str) -> None:
    doc.close()
    before = dump(doc)
    result = EDITS[name](doc)
    assert result in (False, None, [])
    nothing(doc, before)


# --- push_steps ------------------------------------------------------------------------------


def test_push_steps_of_nothing_pushes_nothing(doc: PlanDocument) -> None:
    assert edits.push_steps(doc, "Nothing", []) is False
    assert edits.push_steps(doc, "Nothing", [], always_macro=True) is False
    assert doc.undo_stack.count() == 0


def test_push_steps_pushes_one_command_alone(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.push_steps(doc, "Unused", [SetPlanFieldCommand(doc, "target", "X")])
    assert doc.undo_stack.command(0).childCount() == 0
    one_step(doc, "Edit Target", before)


def test_push_steps_makes_a_named_macro(doc: PlanDocument) -> None:
    before = dump(doc)
    commands: list[QUndoCommand] = [
        SetPlanFieldCommand(doc, "target", "X"),
        SetPlanFieldCommand(doc, "project", "Y"),
        SetPlanFieldCommand(doc, "title", "Z"),
    ]
    assert edits.push_steps(doc, "Edit the Header", commands)
    assert doc.undo_stack.command(0).childCount() == 3
    assert (doc.plan.target, doc.plan.project, doc.plan.title) == ("X", "Y", "Z")
    one_step(doc, "Edit the Header", before)


def test_push_steps_always_macro_wraps_one_command(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.push_steps(
        doc, "Wrapped", [SetPlanFieldCommand(doc, "target", "X")], always_macro=True
    )
    assert doc.undo_stack.command(0).childCount() == 1
    one_step(doc, "Wrapped", before)


# --- the plan header -------------------------------------------------------------------------


def test_set_plan_field_title_is_stripped(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_plan_field(doc, "title", "  Pilot with the lab \n")
    assert doc.plan.title == "Pilot with the lab"
    one_step(doc, "Edit Title", before)


def test_set_plan_field_blank_title_becomes_the_default(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_plan_field(doc, "title", " \n\t ")
    assert doc.plan.title == "Untitled plan" == edits.DEFAULT_PLAN_TITLE
    one_step(doc, "Edit Title", before)
    # Blank again: the title is already the default, so nothing to do.
    assert not edits.set_plan_field(doc, "title", "")
    assert doc.undo_stack.count() == 1


def test_set_plan_field_other_fields_may_be_blank(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_plan_field(doc, "target", "")
    assert doc.plan.target == ""
    one_step(doc, "Edit Target", before)


def test_set_plan_field_project_keeps_its_lines(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_plan_field(doc, "project", "One\nTwo")
    assert doc.plan.project == "One\nTwo"
    one_step(doc, "Edit Project", before)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Interpretability pilot"),
        ("title", "  Interpretability pilot  "),
        ("target", "A frontier lab"),
    ],
)
def test_set_plan_field_unchanged_pushes_nothing(doc: PlanDocument, field: str, value: str) -> None:
    before = dump(doc)
    assert edits.set_plan_field(doc, field, value) is False
    nothing(doc, before)


# --- flags -----------------------------------------------------------------------------------


def test_set_flag_on_a_leaf(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_flag(doc, doc.node("metrics.benchmarks"), "held", True)
    assert doc.plan.state("metrics.benchmarks").held
    one_step(doc, "Tick 'Benchmarks'", before)


def test_set_flag_on_a_parent_sets_every_leaf_in_one_step(doc: PlanDocument) -> None:
    before = dump(doc)
    leaves = [leaf.id for leaf in doc.node("internals").leaves()]
    assert len(leaves) == 4
    assert edits.set_flag(doc, doc.node("internals"), "needed", True)
    assert all(doc.plan.state(i).needed for i in leaves)
    assert doc.plan.state("internals.activations").held  # other marks kept
    one_step(doc, "Tick 'Internals' (Needed)", before)


def test_set_flag_labels(doc: PlanDocument) -> None:
    assert edits.set_flag(doc, doc.node("formal"), "needed", True)
    assert doc.undo_stack.undoText() == "Tick 'Formal' (Acceptable)"
    assert edits.set_flag(doc, doc.node("api-surface.logprobs"), "held", False)
    assert doc.undo_stack.undoText() == "Untick 'Log-probs'"
    assert edits.set_flag(doc, doc.node("financial.equity"), "needed", False)
    assert doc.undo_stack.undoText() == "Untick 'Equity in the lab' (Acceptable)"
    assert doc.undo_stack.count() == 3


def test_set_flag_unchanged_pushes_nothing(doc: PlanDocument) -> None:
    before = dump(doc)
    assert not edits.set_flag(doc, doc.node("api-surface.logprobs"), "held", True)
    assert not edits.set_flag(doc, doc.node("metrics"), "held", False)  # no leaf held
    nothing(doc, before)


def test_toggle_flag_ticks_a_partial_parent_then_unticks_it(doc: PlanDocument) -> None:
    before = dump(doc)
    internals = doc.node("internals")
    leaves = [leaf.id for leaf in internals.leaves()]
    assert edits.toggle_flag(doc, internals, "held")  # only activations was held
    assert all(doc.plan.state(i).held for i in leaves)
    assert doc.undo_stack.undoText() == "Tick 'Internals'"
    assert edits.toggle_flag(doc, internals, "held")
    assert not any(doc.plan.state(i).held for i in leaves)
    assert doc.undo_stack.undoText() == "Untick 'Internals'"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert dump(doc) == before


def test_toggle_flag_on_a_leaf(doc: PlanDocument) -> None:
    assert edits.toggle_flag(doc, doc.node("formal.nda"), "held")
    assert not doc.plan.state("formal.nda").held
    assert edits.toggle_flag(doc, doc.node("formal.nda"), "held")
    assert doc.plan.state("formal.nda").held
    assert doc.undo_stack.count() == 2


# --- node notes and private marks ------------------------------------------------------------


def test_set_note(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_note(doc, "metrics.benchmarks", "Ask for the\nheld-out set")
    assert doc.plan.state("metrics.benchmarks").note == "Ask for the\nheld-out set"
    one_step(doc, "Edit Note on 'Benchmarks'", before)
    doc.undo_stack.undo()
    assert "metrics.benchmarks" not in doc.plan.nodes


def test_set_note_clears_a_note(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_note(doc, "internals.activations", "")
    assert doc.plan.state("internals.activations").note == ""
    one_step(doc, "Edit Note on 'Activations'", before)


@pytest.mark.parametrize(
    ("node_id", "text"),
    [("internals.activations", "Via the pilot"), ("no.such.node", "x"), ("", "x")],
)
def test_set_note_no_op(doc: PlanDocument, node_id: str, text: str) -> None:
    before = dump(doc)
    assert edits.set_note(doc, node_id, text) is False
    nothing(doc, before)


def test_set_private(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_private(doc, "formal.nda", True)
    assert doc.plan.state("formal.nda").private
    one_step(doc, "Mark 'Non-disclosure agreement' Private", before)


def test_unset_private(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_private(doc, "api-surface.prefill", False)
    assert not doc.plan.state("api-surface.prefill").private
    one_step(doc, "Unmark 'Prefill on the assistant turn' Private", before)


@pytest.mark.parametrize(
    ("node_id", "private"),
    [("api-surface.prefill", True), ("formal.nda", False), ("no.such.node", True)],
)
def test_set_private_no_op(doc: PlanDocument, node_id: str, private: bool) -> None:
    before = dump(doc)
    assert edits.set_private(doc, node_id, private) is False
    nothing(doc, before)


# --- custom nodes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent_id", "level"),
    [("influence", "attribute"), ("internals", "facet"), ("custom-eval-seat", "facet")],
)
def test_add_custom_node(doc: PlanDocument, parent_id: str, level: str) -> None:
    before = dump(doc)
    children = [c.id for c in doc.node(parent_id).children]
    custom = edits.add_custom_node(doc, parent_id, "  Board observer \n")
    assert custom is not None
    assert custom.title == "Board observer" and custom.parent == parent_id
    assert custom.id.startswith("custom-") and custom.id not in children
    assert doc.plan.custom_nodes[-1] == custom
    node = doc.node(custom.id)
    assert node.custom and node.level == level and node.parent is doc.node(parent_id)
    assert [c.id for c in doc.node(parent_id).children] == [*children, custom.id]
    one_step(doc, "Add 'Board observer'", before)
    doc.undo_stack.undo()
    assert custom.id not in doc.tree


@pytest.mark.parametrize(
    ("parent_id", "title"),
    [
        ("internals.weights", "Under a facet"),  # a facet has no children
        ("no.such.node", "Nowhere"),
        ("influence", ""),
        ("influence", "  \n\t "),
    ],
)
def test_add_custom_node_no_op(doc: PlanDocument, parent_id: str, title: str) -> None:
    before = dump(doc)
    assert edits.add_custom_node(doc, parent_id, title) is None
    nothing(doc, before)


def test_add_custom_node_not_under_a_custom_facet(doc: PlanDocument) -> None:
    facet = edits.add_custom_node(doc, "custom-eval-seat", "A vote")
    assert facet is not None
    before = dump(doc)
    assert edits.add_custom_node(doc, facet.id, "Below a facet") is None
    assert doc.undo_stack.count() == 1
    assert dump(doc) == before


def test_rename_custom_node(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.rename_custom_node(doc, "custom-eval-seat", "  Eval council seat ")
    assert doc.node("custom-eval-seat").title == "Eval council seat"
    assert doc.plan.custom_nodes[0].title == "Eval council seat"
    one_step(doc, "Rename to 'Eval council seat'", before)
    doc.undo_stack.undo()
    assert doc.node("custom-eval-seat").title == "Seat on eval council"


@pytest.mark.parametrize(
    ("node_id", "title"),
    [
        ("internals", "Built in"),  # not a custom node
        ("internals.weights", "Built in"),
        ("no.such.node", "Unknown"),
        ("custom-eval-seat", ""),
        ("custom-eval-seat", " \n "),
        ("custom-eval-seat", "Seat on eval council"),
        ("custom-eval-seat", "  Seat on eval council  "),
    ],
)
def test_rename_custom_node_no_op(doc: PlanDocument, node_id: str, title: str) -> None:
    before = dump(doc)
    assert edits.rename_custom_node(doc, node_id, title) is False
    nothing(doc, before)
    assert doc.node("internals").title == "Internals"


def test_remove_custom_node(doc: PlanDocument) -> None:
    facet = edits.add_custom_node(doc, "custom-eval-seat", "A vote")
    assert facet is not None
    edits.set_note(doc, facet.id, "Since May")
    doc.undo_stack.clear()
    before = dump(doc)
    assert edits.remove_custom_node(doc, "custom-eval-seat")
    assert doc.plan.custom_nodes == []
    assert facet.id not in doc.plan.nodes and "custom-eval-seat" not in doc.plan.nodes
    assert "custom-eval-seat" not in doc.tree and facet.id not in doc.tree
    one_step(doc, "Remove 'Seat on eval council'", before)
    doc.undo_stack.undo()
    assert [c.id for c in doc.node("custom-eval-seat").children] == [facet.id]


@pytest.mark.parametrize("node_id", ["internals", "influence", "formal.nda", "nope", ""])
def test_remove_custom_node_no_op(doc: PlanDocument, node_id: str) -> None:
    before = dump(doc)
    assert edits.remove_custom_node(doc, node_id) is False
    nothing(doc, before)


# --- strategies ------------------------------------------------------------------------------


def test_move_strategy(doc: PlanDocument) -> None:
    before = dump(doc)
    order = [lane.id for lane in doc.plan.strategies]
    assert edits.move_strategy(doc, 0, 2)
    assert [lane.id for lane in doc.plan.strategies] == [*order[1:3], order[0], *order[3:]]
    one_step(doc, "Move 'Understand how these collaborations work'", before)


@pytest.mark.parametrize(("from_row", "to_row"), [(1, 1), (0, 6), (6, 0), (-1, 2), (2, -1)])
def test_move_strategy_no_op(doc: PlanDocument, from_row: int, to_row: int) -> None:
    before = dump(doc)
    assert edits.move_strategy(doc, from_row, to_row) is False
    nothing(doc, before)


# --- starter tasks ---------------------------------------------------------------------------


def test_missing_starter_tasks(doc: PlanDocument) -> None:
    starters = list(doc.catalog.strategy("integrity").starter_tasks)  # type: ignore[union-attr]
    assert edits.missing_starter_tasks(doc, "integrity") == starters
    assert edits.missing_starter_tasks(doc, "no-such-lane") == []


def test_add_starter_tasks_to_an_empty_lane(doc: PlanDocument) -> None:
    before = dump(doc)
    starters = list(doc.catalog.strategy("connections").starter_tasks)  # type: ignore[union-attr]
    assert len(starters) == 3
    added = edits.add_starter_tasks(doc, "connections")
    assert [t.title for t in added] == starters
    assert titles(doc, "connections") == starters
    assert lanes(doc)["connections"] == [t.id for t in added]
    one_step(doc, "Add Starter Tasks to 'Build connections'", before)
    assert doc.undo_stack.command(0).childCount() == 3
    # A second time: the lane has them all.
    assert edits.add_starter_tasks(doc, "connections") == []
    assert edits.missing_starter_tasks(doc, "connections") == []
    assert doc.undo_stack.count() == 1


def test_add_starter_tasks_adds_only_missing_ones_case_insensitively(doc: PlanDocument) -> None:
    first, second = doc.catalog.strategy("integrity").starter_tasks  # type: ignore[union-attr]
    existing = edits.add_task(doc, "integrity", title=second.upper())
    assert existing is not None
    assert edits.missing_starter_tasks(doc, "integrity") == [first]
    before = dump(doc)
    added = edits.add_starter_tasks(doc, "integrity")
    assert [t.title for t in added] == [first]
    assert lanes(doc)["integrity"] == [existing.id, added[0].id]  # at the end
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.undoText() == "Add Starter Tasks to 'Build a reputation for integrity'"
    doc.undo_stack.undo()
    assert dump(doc) == before
    assert edits.add_starter_tasks(doc, "integrity") != []
    assert edits.add_starter_tasks(doc, "integrity") == []


def test_add_starter_tasks_unknown_lane(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.add_starter_tasks(doc, "no-such-lane") == []
    nothing(doc, before)


# --- adding tasks ----------------------------------------------------------------------------


def test_add_task_at_the_end_with_the_default_title(doc: PlanDocument) -> None:
    before = dump(doc)
    task = edits.add_task(doc, "understand")
    assert task is not None and task.title == "New task" == edits.DEFAULT_TASK_TITLE
    assert lanes(doc)["understand"] == ["t-1", "t-2", task.id]
    one_step(doc, "Add Task 'New task'", before)


@pytest.mark.parametrize(("row", "at"), [(0, 0), (1, 1), (2, 2), (3, 2), (99, 2), (-1, 2)])
def test_add_task_at_a_row(doc: PlanDocument, row: int, at: int) -> None:
    task = edits.add_task(doc, "understand", row, "  Call Dana  ", links=["formal.nda"])
    assert task is not None
    assert task.title == "Call Dana" and task.links == ["formal.nda"]
    assert lanes(doc)["understand"].index(task.id) == at
    assert doc.link_counts["formal.nda"] == 1
    assert doc.undo_stack.undoText() == "Add Task 'Call Dana'"


def test_add_task_blank_title_and_unknown_lane(doc: PlanDocument) -> None:
    task = edits.add_task(doc, "connections", title=" \n ")
    assert task is not None and task.title == "New task"
    before = dump(doc)
    assert edits.add_task(doc, "no-such-lane") is None
    assert doc.undo_stack.count() == 1
    assert dump(doc) == before


@pytest.mark.parametrize(
    ("node_id", "title"),
    [
        ("internals.weights", "Acquire: Internals › Weights"),
        ("internals", "Acquire: Internals"),
        ("formal.nda", "Resolve: Formal › Non-disclosure agreement"),
        ("custom-eval-seat", "Acquire: Seat on eval council"),
    ],
)
def test_task_title_for(doc: PlanDocument, node_id: str, title: str) -> None:
    assert edits.task_title_for(doc, node_id) == title


def test_a_task_for_a_node_with_a_title_at_the_limit_gets_a_title_within_it(
    doc: PlanDocument,
) -> None:
    custom = edits.add_custom_node(doc, "internals", "x" * TITLE_MAX)
    assert custom is not None
    created = edits.add_tasks_for_nodes(doc, [custom.id])
    assert len(created) == 1
    title = created[0].title
    assert len(title) == TITLE_MAX
    assert title.startswith("Acquire: Internals › xxx") and title.endswith("…")
    assert doc.save()


def test_add_tasks_for_three_nodes_is_one_undo_step(doc: PlanDocument) -> None:
    """Each task is linked to its node, at the end of the node's suggested strategy."""
    before = dump(doc)
    old = lanes(doc)
    nodes = ["internals.weights", "formal.nda", "api-surface.logprobs"]
    assert [doc.node(n).suggested_strategy() for n in nodes] == [
        "small-collaborations",
        "obstacles",
        "small-collaborations",
    ]
    created = edits.add_tasks_for_nodes(doc, nodes)
    assert [t.links for t in created] == [[n] for n in nodes]
    assert [t.title for t in created] == [edits.task_title_for(doc, n) for n in nodes]
    assert lanes(doc)["small-collaborations"] == [
        *old["small-collaborations"],
        created[0].id,
        created[2].id,
    ]
    assert lanes(doc)["obstacles"] == [created[1].id]
    assert doc.link_counts["internals.weights"] == 2 and doc.link_counts["formal.nda"] == 1
    assert doc.undo_stack.command(0).childCount() == 3
    one_step(doc, "Add 3 Tasks", before)
    doc.undo_stack.undo()  # one undo removes all three
    assert lanes(doc) == old
    assert all(doc.plan.find_task(t.id) is None for t in created)
    assert doc.link_counts["internals.weights"] == 1 and "formal.nda" not in doc.link_counts


def test_add_tasks_for_nodes_without_a_suggestion_go_to_the_first_strategy(
    doc: PlanDocument,
) -> None:
    assert doc.node("custom-eval-seat").suggested_strategy() is None
    assert doc.node("influence").suggested_strategy() is None
    created = edits.add_tasks_for_nodes(doc, ["custom-eval-seat", "influence"])
    assert lanes(doc)["understand"] == ["t-1", "t-2", *(t.id for t in created)]
    # The first strategy of the plan as it is ordered now, not of the catalog.
    edits.move_strategy(doc, 4, 0)
    assert doc.plan.strategies[0].id == "integrity"
    again = edits.add_tasks_for_nodes(doc, ["custom-eval-seat"])
    assert lanes(doc)["integrity"] == [again[0].id]
    assert doc.undo_stack.count() == 3


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (0, ["A", "B", "C", "t-3", "t-4"]),
        (1, ["t-3", "A", "B", "C", "t-4"]),
        (2, ["t-3", "t-4", "A", "B", "C"]),
        (None, ["t-3", "t-4", "A", "B", "C"]),
        (50, ["t-3", "t-4", "A", "B", "C"]),
    ],
)
def test_add_tasks_for_nodes_at_a_row_go_consecutively(
    doc: PlanDocument, row: int | None, expected: list[str]
) -> None:
    before = dump(doc)
    nodes = ["formal.nda", "metrics.benchmarks", "custom-eval-seat"]  # three lanes suggested
    created = edits.add_tasks_for_nodes(doc, nodes, "small-collaborations", row)
    names = dict(zip("ABC", (t.id for t in created), strict=True))
    assert lanes(doc)["small-collaborations"] == [names.get(x, x) for x in expected]
    assert [t.links for t in created] == [[n] for n in nodes]
    assert lanes(doc)["obstacles"] == [] and lanes(doc)["legible-expert"] == []
    one_step(doc, "Add 3 Tasks", before)


def test_add_tasks_for_nodes_at_a_negative_row_go_to_the_end(doc: PlanDocument) -> None:
    nodes = ["formal.nda", "metrics.benchmarks", "custom-eval-seat"]
    created = edits.add_tasks_for_nodes(doc, nodes, "small-collaborations", -1)
    assert lanes(doc)["small-collaborations"] == ["t-3", "t-4", *(t.id for t in created)]


def test_add_tasks_for_one_node_is_a_plain_step(doc: PlanDocument) -> None:
    before = dump(doc)
    created = edits.add_tasks_for_nodes(
        doc, ["internals.weights", "no.such.node", "internals.weights"]
    )
    assert len(created) == 1 and created[0].links == ["internals.weights"]
    assert doc.undo_stack.command(0).childCount() == 0
    one_step(doc, "Add Task 'Acquire: Internals › Weights'", before)


@pytest.mark.parametrize(
    ("nodes", "lane_id"),
    [
        ([], None),
        (["no.such.node", ""], None),
        (["internals.weights"], "no-such-lane"),
        ([], "understand"),
    ],
)
def test_add_tasks_for_nodes_no_op(
    doc: PlanDocument, nodes: list[str], lane_id: str | None
) -> None:
    before = dump(doc)
    assert edits.add_tasks_for_nodes(doc, nodes, lane_id, 0) == []
    nothing(doc, before)


def test_add_tasks_for_nodes_accepts_any_iterable(doc: PlanDocument) -> None:
    created = edits.add_tasks_for_nodes(doc, (n for n in ["formal.nda", "financial.equity"]))
    assert len(created) == 2
    assert lanes(doc)["obstacles"] == [t.id for t in created]


# --- moving and deleting tasks ---------------------------------------------------------------


def test_move_several_tasks_keeps_board_order_in_one_step(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.move_tasks(doc, ["t-4", "t-1"], "connections")  # given out of board order
    assert lanes(doc)["connections"] == ["t-1", "t-4"]
    assert lanes(doc)["understand"] == ["t-2"] and lanes(doc)["small-collaborations"] == ["t-3"]
    assert doc.undo_stack.command(0).childCount() == 2
    one_step(doc, "Move 2 Tasks to 'Build connections'", before)


@pytest.mark.parametrize(
    ("ids", "lane_id", "row", "expected"),
    [
        (["t-3", "t-4"], "understand", 1, {"understand": ["t-1", "t-3", "t-4", "t-2"]}),
        (["t-3", "t-4"], "understand", 0, {"understand": ["t-3", "t-4", "t-1", "t-2"]}),
        (["t-1", "t-4"], "understand", None, {"understand": ["t-2", "t-1", "t-4"]}),
        (
            ["t-1", "t-3"],
            "small-collaborations",
            2,
            {"small-collaborations": ["t-4", "t-1", "t-3"]},
        ),
    ],
)
def test_move_tasks_to_a_row(
    doc: PlanDocument,
    ids: list[str],
    lane_id: str,
    row: int | None,
    expected: dict[str, list[str]],
) -> None:
    before = dump(doc)
    old = lanes(doc)
    moved = set(ids)
    assert edits.move_tasks(doc, ids, lane_id, row)
    result = lanes(doc)
    assert {k: v for k, v in result.items() if k in expected} == expected
    for other, tasks in old.items():  # the rest only lost the moved tasks
        if other not in expected:
            assert result[other] == [t for t in tasks if t not in moved]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert dump(doc) == before


def test_move_one_task_is_a_plain_step(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.move_tasks(doc, ["t-2", "no-such-task"], "understand", 0)
    assert lanes(doc)["understand"] == ["t-2", "t-1"]
    one_step(doc, "Move Task 'List comparable collaborations'", before)


@pytest.mark.parametrize(
    ("ids", "lane_id", "row"),
    [
        (["t-1", "t-2"], "understand", 0),  # already there
        (["t-1", "t-2"], "understand", None),
        (["t-1", "t-2"], "understand", 2),
        (["t-1"], "understand", 0),
        (["t-1"], "understand", 1),  # before t-2: where it is
        (["t-2"], "understand", None),
        (["t-2"], "understand", 99),
        (["t-3", "t-4"], "small-collaborations", -1),
        ([], "understand", 0),
        (["no-such-task"], "understand", 0),
        (["t-1"], "no-such-lane", 0),
    ],
)
def test_move_tasks_no_op(doc: PlanDocument, ids: list[str], lane_id: str, row: int | None) -> None:
    before = dump(doc)
    assert edits.move_tasks(doc, ids, lane_id, row) is False
    nothing(doc, before)


def test_delete_tasks(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.delete_tasks(doc, ["t-3", "t-1", "t-3", "no-such-task"])
    assert lanes(doc)["understand"] == ["t-2"] and lanes(doc)["small-collaborations"] == ["t-4"]
    assert "internals.weights" not in doc.link_counts
    one_step(doc, "Delete 2 Tasks", before)
    doc.undo_stack.undo()
    assert doc.link_counts["internals.weights"] == 1


def test_delete_one_task(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.delete_tasks(doc, ["t-4", "t-4"])
    one_step(doc, "Delete Task 'Private: call Dana'", before)


@pytest.mark.parametrize("ids", [[], ["no-such-task"], [""]])
def test_delete_tasks_no_op(doc: PlanDocument, ids: list[str]) -> None:
    before = dump(doc)
    assert edits.delete_tasks(doc, ids) is False
    nothing(doc, before)


# --- status ----------------------------------------------------------------------------------


def statuses(doc: PlanDocument, ids: list[str]) -> list[TaskStatus]:
    return [doc.task(i).status for i in ids]


def test_set_status_on_several_tasks_is_one_step(doc: PlanDocument) -> None:
    before = dump(doc)
    ids = ["t-2", "t-3", "t-4"]
    assert edits.set_status(doc, ids, TaskStatus.DONE)
    assert statuses(doc, ids) == [TaskStatus.DONE] * 3
    assert doc.undo_stack.command(0).childCount() == 3
    one_step(doc, "Mark 3 Tasks Done", before)


def test_set_status_skips_tasks_already_there(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.set_status(doc, ["t-1", "t-3"], TaskStatus.DONE)  # t-1 is done already
    one_step(doc, "Mark 'Replicate on closed weights' Done", before)


@pytest.mark.parametrize(
    ("ids", "status"),
    [
        (["t-1"], TaskStatus.DONE),
        (["t-3", "t-4"], TaskStatus.TODO),
        ([], TaskStatus.DONE),
        (["no-such-task"], TaskStatus.DOING),
    ],
)
def test_set_status_no_op(doc: PlanDocument, ids: list[str], status: TaskStatus) -> None:
    before = dump(doc)
    assert edits.set_status(doc, ids, status) is False
    nothing(doc, before)


def test_toggle_status_cycles(doc: PlanDocument) -> None:
    seen = []
    for _ in range(3):
        assert edits.toggle_status(doc, ["t-3"])
        seen.append((doc.task("t-3").status, doc.undo_stack.undoText()))
    assert seen == [
        (TaskStatus.DOING, "Mark 'Replicate on closed weights' Doing"),
        (TaskStatus.DONE, "Mark 'Replicate on closed weights' Done"),
        (TaskStatus.TODO, "Mark 'Replicate on closed weights' To do"),
    ]
    assert doc.undo_stack.count() == 3


def test_toggle_status_of_several_follows_the_first(doc: PlanDocument) -> None:
    before = dump(doc)
    ids = ["t-2", "t-3", "t-4"]  # doing, to do, to do: all become done
    assert edits.toggle_status(doc, ids)
    assert statuses(doc, ids) == [TaskStatus.DONE] * 3
    one_step(doc, "Mark 3 Tasks Done", before)


def test_toggle_status_follows_the_first_given(doc: PlanDocument) -> None:
    assert edits.toggle_status(doc, ["t-1", "t-3"])  # done → to do; t-3 is to do already
    assert statuses(doc, ["t-1", "t-3"]) == [TaskStatus.TODO, TaskStatus.TODO]
    assert doc.undo_stack.undoText() == "Mark 'Ask past collaborators what they conced…' To do"


@pytest.mark.parametrize("ids", [[], ["no-such-task"]])
def test_toggle_status_no_op(doc: PlanDocument, ids: list[str]) -> None:
    before = dump(doc)
    assert edits.toggle_status(doc, ids) is False
    nothing(doc, before)


# --- editing a task --------------------------------------------------------------------------


def test_edit_task_folds_a_multi_line_title(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.edit_task(doc, "t-3", {"title": "  Replicate\n on   closed\tmodels \n"})
    assert doc.task("t-3").title == "Replicate on closed models"
    one_step(doc, "Rename Task to 'Replicate on closed models'", before)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"title": "  \n\t "},
        {"title": "Replicate on closed weights"},
        {"title": "Replicate\non  closed weights "},  # folds to the same title
        {"status": TaskStatus.TODO, "private": False, "notes": "Ask for a sandbox"},
        {"links": ["internals.weights"], "due": date(2027, 3, 1)},
        {},
    ],
)
def test_edit_task_no_op(doc: PlanDocument, changes: dict[str, Any]) -> None:
    before = dump(doc)
    assert edits.edit_task(doc, "t-3", changes) is False
    nothing(doc, before)


def test_edit_task_unknown_task(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.edit_task(doc, "no-such-task", {"title": "x"}) is False
    nothing(doc, before)


def test_edit_task_ignores_a_blank_title_but_keeps_other_changes(doc: PlanDocument) -> None:
    before = dump(doc)
    changes = {"title": " \n ", "notes": "Sandbox agreed"}
    assert edits.edit_task(doc, "t-3", changes)
    assert changes == {"title": " \n ", "notes": "Sandbox agreed"}  # the caller's dict is kept
    task = doc.task("t-3")
    assert task.title == "Replicate on closed weights" and task.notes == "Sandbox agreed"
    one_step(doc, "Edit Notes of 'Replicate on closed weights'", before)


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"status": TaskStatus.DONE}, "Mark {} Done"),
        ({"private": True}, "Mark {} Private"),
        ({"due": date(2027, 4, 1)}, "Set Due Date of {}"),
        ({"due": None}, "Clear Due Date of {}"),
        ({"links": []}, "Change Links of {}"),
        ({"notes": ""}, "Edit Notes of {}"),
        ({"notes": "New", "private": True}, "Edit Task {}"),
        ({"title": "Other", "status": TaskStatus.DOING}, "Edit Task {}"),
    ],
)
def test_edit_task_labels(doc: PlanDocument, changes: dict[str, Any], label: str) -> None:
    before = dump(doc)
    assert edits.edit_task(doc, "t-3", changes)
    task = doc.task("t-3")
    assert all(getattr(task, k) == v for k, v in changes.items())
    one_step(doc, label.format("'Replicate on closed weights'"), before)


def test_edit_task_unprivate_and_explicit_label(doc: PlanDocument) -> None:
    assert edits.edit_task(doc, "t-4", {"private": False})
    assert doc.undo_stack.undoText() == "Mark 'Private: call Dana' Not Private"
    assert edits.edit_task(doc, "t-4", {"notes": "x"}, "Typed in the editor")
    assert doc.undo_stack.undoText() == "Typed in the editor"
    assert doc.undo_stack.count() == 2


# --- links -----------------------------------------------------------------------------------


def test_link_nodes(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.link_nodes(doc, "t-1", ["formal.nda", "internals.weights", "formal.nda"])
    assert doc.task("t-1").links == ["formal.nda", "internals.weights"]
    assert doc.link_counts["formal.nda"] == 1 and doc.link_counts["internals.weights"] == 2
    one_step(doc, "Link 'Formal › Non-disclosure agreement, Inte…' to Task", before)
    doc.undo_stack.undo()
    assert "formal.nda" not in doc.link_counts and doc.link_counts["internals.weights"] == 1


def test_link_nodes_adds_only_new_links(doc: PlanDocument) -> None:
    before = dump(doc)
    assert edits.link_nodes(doc, "t-3", ["internals.weights", "formal.nda"])
    assert doc.task("t-3").links == ["internals.weights", "formal.nda"]
    one_step(doc, "Link 'Formal › Non-disclosure agreement' to Task", before)


@pytest.mark.parametrize(
    ("task_id", "nodes"),
    [("t-3", ["internals.weights"]), ("t-3", []), ("no-such-task", ["formal.nda"])],
)
def test_link_nodes_no_op(doc: PlanDocument, task_id: str, nodes: list[str]) -> None:
    before = dump(doc)
    assert edits.link_nodes(doc, task_id, nodes) is False
    nothing(doc, before)


def test_unlink_nodes(doc: PlanDocument) -> None:
    edits.link_nodes(doc, "t-3", ["formal.nda", "financial.equity"])
    doc.undo_stack.clear()
    before = dump(doc)
    assert edits.unlink_nodes(doc, "t-3", ["internals.weights", "financial.equity", "nope"])
    assert doc.task("t-3").links == ["formal.nda"]
    assert "internals.weights" not in doc.link_counts and "financial.equity" not in doc.link_counts
    one_step(doc, "Unlink from 'Replicate on closed weights'", before)


@pytest.mark.parametrize(
    ("task_id", "nodes"),
    [("t-3", ["formal.nda"]), ("t-3", []), ("t-1", ["internals.weights"]), ("nope", ["x"])],
)
def test_unlink_nodes_no_op(doc: PlanDocument, task_id: str, nodes: list[str]) -> None:
    before = dump(doc)
    assert edits.unlink_nodes(doc, task_id, nodes) is False
    nothing(doc, before)


# --- several edits ---------------------------------------------------------------------------


def test_edits_stack_up_and_undo_in_order(doc: PlanDocument) -> None:
    states = [dump(doc)]
    steps: list[Edit] = [
        lambda d: edits.add_starter_tasks(d, "connections"),
        lambda d: edits.move_tasks(d, ["t-1", "t-3"], "connections", 1),
        lambda d: edits.toggle_status(d, ["t-1", "t-3"]),
        lambda d: edits.add_tasks_for_nodes(d, ["formal.nda", "internals.gradients"]),
        lambda d: edits.delete_tasks(d, ["t-2", "t-4"]),
        lambda d: edits.set_plan_field(d, "title", ""),
    ]
    for step in steps:
        assert step(doc)
        states.append(dump(doc))
    assert doc.undo_stack.count() == len(steps)
    for expected in reversed(states[:-1]):
        doc.undo_stack.undo()
        assert dump(doc) == expected
    assert doc.undo_stack.index() == 0


def test_commands_made_by_hand_go_through_push_steps(doc: PlanDocument) -> None:
    """push_steps is what every multi-command edit uses: the task rows it is given hold."""
    tasks = [Task(id=f"t-h{i}", title=f"Hand {i}") for i in range(3)]
    commands: list[QUndoCommand] = [
        InsertTaskCommand(doc, "understand", 1 + i, task) for i, task in enumerate(tasks)
    ]
    assert edits.push_steps(doc, "Add by Hand", commands)
    assert lanes(doc)["understand"] == ["t-1", "t-h0", "t-h1", "t-h2", "t-2"]
    assert doc.undo_stack.undoText() == "Add by Hand"


class WatchedTasks(list[Task]):
    """A lane's task list that counts how often it is walked through."""

    walks = 0

    def __iter__(self) -> Any:
        WatchedTasks.walks += 1
        return super().__iter__()


def test_moving_tasks_reads_only_the_lanes_involved(doc: PlanDocument) -> None:
    for lane in doc.plan.strategies[3:]:
        lane.tasks = WatchedTasks(Task(title=f"Other {n}") for n in range(50))
    WatchedTasks.walks = 0
    assert edits.move_tasks(doc, ["t-2"], "understand", 0)
    assert edits.move_tasks(doc, ["t-3", "t-1"], "connections")
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert WatchedTasks.walks == 0
    assert [t.id for t in doc.plan.strategies[0].tasks] == ["t-1", "t-2"]
