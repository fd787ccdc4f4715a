"""Undo commands: each changes the plan as intended, undoes exactly and redoes the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtGui import QUndoCommand

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task, TaskStatus
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    EditTaskCommand,
    InsertTaskCommand,
    MoveStrategyCommand,
    MoveTaskCommand,
    RemoveCustomNodeCommand,
    RemoveTaskCommand,
    RenameCustomNodeCommand,
    SetFlagsCommand,
    SetNodeFieldCommand,
    SetPlanFieldCommand,
    quoted,
)
from insider_planner.ui.document import PlanDocument


def dump(doc: PlanDocument) -> dict[str, Any]:
    return doc.plan.model_dump()


def lanes(doc: PlanDocument) -> dict[str, list[str]]:
    return {lane.id: [t.id for t in lane.tasks] for lane in doc.plan.strategies}


def child_ids(doc: PlanDocument, node_id: str) -> list[str]:
    return [child.id for child in doc.node(node_id).children]


def push_and_cycle(doc: PlanDocument, command: QUndoCommand) -> tuple[dict[str, Any], Any]:
    """Push `command`, check undo restores the plan exactly and redo repeats it.

    Returns the plan as it was before and after the first push.
    """
    before = dump(doc)
    doc.undo_stack.push(command)
    after = dump(doc)
    assert after != before
    assert doc.undo_stack.count() == 1
    for _ in range(2):  # twice: a second cycle must behave like the first
        doc.undo_stack.undo()
        assert dump(doc) == before
        doc.undo_stack.redo()
        assert dump(doc) == after
    return before, after


# --- quoted ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call Dana", "'Call Dana'"),
        ("  Call\n  Dana\t\tnow \r\n", "'Call Dana now'"),
        ("", "''"),
        ("x" * 40, "'" + "x" * 40 + "'"),
        ("x" * 41, "'" + "x" * 39 + "…'"),
        ("word " * 30, "'" + ("word " * 8)[:39] + "…'"),
    ],
)
def test_quoted_folds_whitespace_and_shortens(text: str, expected: str) -> None:
    assert quoted(text) == expected


def test_quoted_limit_counts_the_ellipsis() -> None:
    assert quoted("abcdef", 4) == "'abc…'"
    assert quoted("abcd", 4) == "'abcd'"
    assert len(quoted("y" * 500)) == 40 + 2


def test_labels_of_long_multi_line_titles_are_one_short_line(doc: PlanDocument) -> None:
    title = "Ask the lab\nfor a sandbox   where we can run " + "very " * 20 + "long probes"
    command = InsertTaskCommand(doc, "understand", 0, Task(id="t-long", title=title))
    assert command.text() == "Add Task 'Ask the lab for a sandbox where we can …'"
    assert "\n" not in command.text()
    doc.undo_stack.push(command)
    assert doc.undo_stack.undoText() == command.text()
    assert doc.task("t-long").title == title  # only the label is shortened


# --- node commands ---------------------------------------------------------------------------


def test_set_flags_ticks_several_leaves_and_undoes(doc: PlanDocument) -> None:
    ids = ["metrics.benchmarks", "internals.weights", "internals.activations"]
    command = SetFlagsCommand(doc, ids, "held", True, "Tick 'Three'")
    assert command.text() == "Tick 'Three'"
    assert "metrics.benchmarks" not in doc.plan.nodes
    before, _ = push_and_cycle(doc, command)
    assert all(doc.plan.state(i).held for i in ids)
    assert doc.plan.state("internals.weights").needed  # other fields untouched
    doc.undo_stack.undo()
    assert "metrics.benchmarks" not in doc.plan.nodes  # a default state is not stored
    assert doc.plan.state("internals.activations").held  # it was held before
    assert not doc.plan.state("internals.weights").held
    assert dump(doc) == before


def test_set_flags_unticks_needed(doc: PlanDocument) -> None:
    command = SetFlagsCommand(doc, ["financial.equity"], "needed", False, "Untick 'Equity'")
    push_and_cycle(doc, command)
    assert "financial.equity" not in doc.plan.nodes
    doc.undo_stack.undo()
    assert doc.plan.state("financial.equity").needed


def test_set_flags_with_a_repeated_id_still_undoes(doc: PlanDocument) -> None:
    before = dump(doc)
    ids = ["metrics.benchmarks", "metrics.benchmarks"]
    doc.undo_stack.push(SetFlagsCommand(doc, ids, "held", True, "Tick"))
    doc.undo_stack.undo()
    assert dump(doc) == before


@pytest.mark.parametrize(
    ("node_id", "field", "value"),
    [
        ("internals.activations", "note", "Via the pilot, then the lab"),
        ("internals.activations", "note", ""),
        ("metrics.benchmarks", "note", "First line\nsecond line"),
        ("formal.nda", "private", True),
        ("api-surface.prefill", "private", False),
    ],
)
def test_set_node_field(doc: PlanDocument, node_id: str, field: str, value: Any) -> None:
    old = getattr(doc.plan.state(node_id), field)
    command = SetNodeFieldCommand(doc, node_id, field, value, "Edit Note on 'x'")
    assert command.text() == "Edit Note on 'x'"
    push_and_cycle(doc, command)
    assert getattr(doc.plan.state(node_id), field) == value
    doc.undo_stack.undo()
    assert getattr(doc.plan.state(node_id), field) == old


def test_set_node_field_emits_the_node(qtbot: Any, doc: PlanDocument) -> None:
    with qtbot.waitSignal(doc.node_states_changed) as blocker:
        doc.undo_stack.push(SetNodeFieldCommand(doc, "formal.nda", "note", "x", "Edit"))
    assert blocker.args == [["formal.nda"]]


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("title", "Pilot with the lab", "Edit Title"),
        ("target", "Another lab", "Edit Target"),
        ("target", "", "Edit Target"),
        ("project", "A new project\nover two lines", "Edit Project"),
    ],
)
def test_set_plan_field(doc: PlanDocument, field: str, value: str, label: str) -> None:
    old = getattr(doc.plan, field)
    command = SetPlanFieldCommand(doc, field, value)
    assert command.text() == label
    push_and_cycle(doc, command)
    assert getattr(doc.plan, field) == value
    doc.undo_stack.undo()
    assert getattr(doc.plan, field) == old


def test_add_custom_node_adds_to_plan_and_tree(doc: PlanDocument) -> None:
    custom = CustomNode(id="custom-board", title="Board observer", parent="influence")
    command = AddCustomNodeCommand(doc, custom)
    assert command.text() == "Add 'Board observer'"
    children = child_ids(doc, "influence")
    push_and_cycle(doc, command)
    assert doc.plan.custom_nodes[-1] == custom
    assert child_ids(doc, "influence") == [*children, "custom-board"]
    node = doc.node("custom-board")
    assert node.custom and node.level == "attribute" and node.title == "Board observer"
    doc.undo_stack.undo()
    assert "custom-board" not in doc.tree
    assert child_ids(doc, "influence") == children
    doc.undo_stack.redo()
    assert child_ids(doc, "influence") == [*children, "custom-board"]


def test_add_custom_facet_under_a_custom_attribute(doc: PlanDocument) -> None:
    custom = CustomNode(id="custom-vote", title="A vote", parent="custom-eval-seat")
    push_and_cycle(doc, AddCustomNodeCommand(doc, custom))
    assert doc.node("custom-vote").level == "facet"
    assert doc.node("custom-vote").parent is doc.node("custom-eval-seat")


@pytest.fixture
def nested_doc(qtbot: Any, sample_plan: Plan, catalog: Catalog) -> PlanDocument:
    """The sample plan with a custom facet (with a state) under its custom attribute."""
    sample_plan.custom_nodes.append(
        CustomNode(id="custom-vote", title="A vote", parent="custom-eval-seat")
    )
    sample_plan.nodes["custom-vote"] = NodeState(held=True, note="Since May")
    return PlanDocument(sample_plan, catalog)  # no file: nothing is saved


def test_remove_custom_node_removes_the_subtree_and_undo_puts_it_back(
    nested_doc: PlanDocument,
) -> None:
    doc = nested_doc
    children = child_ids(doc, "influence")
    row = children.index("custom-eval-seat")
    command = RemoveCustomNodeCommand(doc, "custom-eval-seat")
    assert command.text() == "Remove 'Seat on eval council'"
    push_and_cycle(doc, command)
    assert doc.plan.custom_nodes == []
    assert "custom-eval-seat" not in doc.plan.nodes and "custom-vote" not in doc.plan.nodes
    assert "custom-eval-seat" not in doc.tree and "custom-vote" not in doc.tree
    doc.undo_stack.undo()
    assert child_ids(doc, "influence") == children
    assert doc.node("custom-eval-seat").row == row
    assert child_ids(doc, "custom-eval-seat") == ["custom-vote"]
    assert doc.plan.state("custom-vote").note == "Since May"


def test_remove_custom_node_keeps_list_positions(nested_doc: PlanDocument) -> None:
    doc = nested_doc
    before = [c.id for c in doc.plan.custom_nodes]
    doc.undo_stack.push(RemoveCustomNodeCommand(doc, "custom-vote"))
    assert [c.id for c in doc.plan.custom_nodes] == ["custom-eval-seat"]
    assert child_ids(doc, "custom-eval-seat") == []
    doc.undo_stack.undo()
    assert [c.id for c in doc.plan.custom_nodes] == before


def test_rename_custom_node(doc: PlanDocument) -> None:
    command = RenameCustomNodeCommand(doc, "custom-eval-seat", "Eval council seat")
    assert command.text() == "Rename to 'Eval council seat'"
    push_and_cycle(doc, command)
    assert doc.plan.custom_nodes[0].title == "Eval council seat"
    assert doc.node("custom-eval-seat").title == "Eval council seat"
    doc.undo_stack.undo()
    assert doc.node("custom-eval-seat").title == "Seat on eval council"


# --- board commands --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_row", "to_row", "label"),
    [
        (0, 2, "Move 'Understand how these collaborations work'"),
        (5, 0, "Move 'Resolve predictable obstacles early'"),
        (2, 3, "Move 'Run small-scale collaborations'"),
    ],
)
def test_move_strategy(doc: PlanDocument, from_row: int, to_row: int, label: str) -> None:
    order = [lane.id for lane in doc.plan.strategies]
    command = MoveStrategyCommand(doc, from_row, to_row)
    assert command.text() == label
    push_and_cycle(doc, command)
    expected = list(order)
    expected.insert(to_row, expected.pop(from_row))
    assert [lane.id for lane in doc.plan.strategies] == expected
    doc.undo_stack.undo()
    assert [lane.id for lane in doc.plan.strategies] == order


def test_insert_task_counts_its_links(doc: PlanDocument) -> None:
    task = Task(id="t-new", title="Call the lab", links=["internals.weights", "formal.nda"])
    command = InsertTaskCommand(doc, "understand", 1, task)
    assert command.text() == "Add Task 'Call the lab'"
    assert doc.link_counts["internals.weights"] == 1
    push_and_cycle(doc, command)
    assert lanes(doc)["understand"] == ["t-1", "t-new", "t-2"]
    assert doc.link_counts["internals.weights"] == 2 and doc.link_counts["formal.nda"] == 1
    doc.undo_stack.undo()
    assert lanes(doc)["understand"] == ["t-1", "t-2"]
    assert doc.link_counts["internals.weights"] == 1 and "formal.nda" not in doc.link_counts


def test_remove_task_goes_back_to_its_place(doc: PlanDocument) -> None:
    command = RemoveTaskCommand(doc, "t-3")
    assert command.text() == "Delete Task 'Replicate on closed weights'"
    push_and_cycle(doc, command)
    assert lanes(doc)["small-collaborations"] == ["t-4"]
    assert "internals.weights" not in doc.link_counts
    doc.undo_stack.undo()
    assert lanes(doc)["small-collaborations"] == ["t-3", "t-4"]
    assert doc.task("t-3").due == date(2027, 3, 1)
    assert doc.link_counts["internals.weights"] == 1


def test_remove_task_label_needs_a_known_task(doc: PlanDocument) -> None:
    with pytest.raises(KeyError):
        RemoveTaskCommand(doc, "t-missing")


T1_LABEL = "Move Task 'Ask past collaborators what they conced…'"  # 41 characters, cut
T4_LABEL = "Move Task 'Private: call Dana'"


@pytest.mark.parametrize(
    ("task_id", "lane_id", "row", "expected", "label"),
    [
        ("t-1", "integrity", 0, {"understand": ["t-2"], "integrity": ["t-1"]}, T1_LABEL),
        ("t-1", "understand", 1, {"understand": ["t-2", "t-1"]}, T1_LABEL),
        (
            "t-4",
            "understand",
            1,
            {"understand": ["t-1", "t-4", "t-2"], "small-collaborations": ["t-3"]},
            T4_LABEL,
        ),
        ("t-4", "small-collaborations", 0, {"small-collaborations": ["t-4", "t-3"]}, T4_LABEL),
    ],
)
def test_move_task(
    doc: PlanDocument,
    task_id: str,
    lane_id: str,
    row: int,
    expected: dict[str, list[str]],
    label: str,
) -> None:
    command = MoveTaskCommand(doc, task_id, lane_id, row)
    assert command.text() == label
    old = lanes(doc)
    push_and_cycle(doc, command)
    assert lanes(doc) == {**old, **expected}
    doc.undo_stack.undo()
    assert lanes(doc) == old


def test_edit_task_changes_several_fields(doc: PlanDocument) -> None:
    changes = {
        "title": "Replicate on the lab's models",
        "notes": "",
        "status": TaskStatus.DONE,
        "due": None,
        "links": ["formal.nda"],
        "private": True,
    }
    command = EditTaskCommand(doc, "t-3", changes, "Edit Task 'Replicate on closed weights'")
    assert command.text() == "Edit Task 'Replicate on closed weights'"
    push_and_cycle(doc, command)
    task = doc.task("t-3")
    assert task.model_dump(exclude={"id"}) == {**changes, "status": TaskStatus.DONE}
    assert "internals.weights" not in doc.link_counts and doc.link_counts["formal.nda"] == 1
    doc.undo_stack.undo()
    task = doc.task("t-3")
    assert task.title == "Replicate on closed weights" and task.status is TaskStatus.TODO
    assert task.links == ["internals.weights"] and task.due == date(2027, 3, 1)
    assert doc.link_counts["internals.weights"] == 1 and "formal.nda" not in doc.link_counts


def test_edit_task_does_not_share_the_links_list(doc: PlanDocument) -> None:
    links = ["formal.nda"]
    doc.undo_stack.push(EditTaskCommand(doc, "t-1", {"links": links}, "Link"))
    links.append("internals.weights")  # the caller's list changing later
    assert doc.task("t-1").links == ["formal.nda"]


# --- several commands ------------------------------------------------------------------------


def test_a_macro_of_several_commands_undoes_in_one_step(doc: PlanDocument) -> None:
    before = dump(doc)
    stack = doc.undo_stack
    stack.beginMacro("Rearrange the plan")
    stack.push(InsertTaskCommand(doc, "connections", 0, Task(id="t-new", title="Meet Dana")))
    stack.push(MoveTaskCommand(doc, "t-1", "connections", 1))
    stack.push(RemoveTaskCommand(doc, "t-4"))
    stack.push(SetPlanFieldCommand(doc, "title", "Rearranged"))
    stack.push(SetFlagsCommand(doc, ["metrics.benchmarks"], "needed", True, "Tick"))
    stack.push(RenameCustomNodeCommand(doc, "custom-eval-seat", "Council seat"))
    stack.endMacro()
    after = dump(doc)
    assert stack.count() == 1
    assert stack.undoText() == "Rearrange the plan"
    assert stack.command(0).childCount() == 6
    assert lanes(doc)["connections"] == ["t-new", "t-1"]
    assert lanes(doc)["small-collaborations"] == ["t-3"]
    assert doc.plan.title == "Rearranged"
    stack.undo()
    assert dump(doc) == before
    assert doc.node("custom-eval-seat").title == "Seat on eval council"
    assert not stack.canUndo()
    stack.redo()
    assert dump(doc) == after
    assert doc.node("custom-eval-seat").title == "Council seat"


def test_every_command_in_a_row_undoes_back_to_the_start(doc: PlanDocument) -> None:
    stack = doc.undo_stack
    states = [dump(doc)]
    # Built one at a time: a command reads the plan (for its label) when it is made.
    makers: list[Callable[[], QUndoCommand]] = [
        lambda: SetFlagsCommand(doc, ["internals.gradients"], "held", True, "Tick"),
        lambda: SetNodeFieldCommand(doc, "internals.gradients", "note", "Later", "Note"),
        lambda: SetPlanFieldCommand(doc, "target", "Another lab"),
        lambda: AddCustomNodeCommand(doc, CustomNode(id="custom-x", title="X", parent="internals")),
        lambda: RenameCustomNodeCommand(doc, "custom-eval-seat", "Seat"),
        lambda: MoveStrategyCommand(doc, 1, 4),
        lambda: InsertTaskCommand(
            doc, "integrity", 0, Task(id="t-9", title="Nine", links=["custom-x"])
        ),
        lambda: MoveTaskCommand(doc, "t-9", "understand", 2),
        lambda: EditTaskCommand(doc, "t-9", {"status": TaskStatus.DOING}, "Mark"),
        lambda: RemoveTaskCommand(doc, "t-2"),
        lambda: RemoveCustomNodeCommand(doc, "custom-x"),
    ]
    for make in makers:
        stack.push(make())
        states.append(dump(doc))
    assert stack.count() == len(makers) == 11
    assert len({repr(s) for s in states}) == len(states)  # every command changed something
    for expected in reversed(states[:-1]):
        stack.undo()
        assert dump(doc) == expected
    for expected in states[1:]:
        stack.redo()
        assert dump(doc) == expected
