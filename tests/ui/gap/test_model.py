from __future__ import annotations

from insider_planner.domain.gap import gap_nodes
from insider_planner.domain.plan import CustomNode
from insider_planner.ui import edits
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    RemoveCustomNodeCommand,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.model import GapModel
from tests.ui.conftest import gap_ids


def test_gap_model_passes_the_model_tester(qtmodeltester, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(GapModel(doc))


def test_gap_lists_needed_not_held_and_unacceptable_constraints(doc: PlanDocument) -> None:
    model = GapModel(doc)
    # Sample: weights needed, prefill needed, NDA held and not acceptable, custom seat needed.
    assert gap_ids(model) == [
        "internals.weights",
        "api-surface.prefill",
        "custom-eval-seat",
        "formal.nda",
    ]
    constraints_row = [r.id for r in doc.tree.roots].index("constraints")
    assert model.data(model.index(constraints_row, 0)) == "Constraints (1)"


def test_marking_needed_inserts_one_row_in_order_and_holding_removes_it(
    qtbot, doc: PlanDocument
) -> None:  # type: ignore[no-untyped-def]
    model = GapModel(doc)
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda p, a, b: inserted.append((p.row(), a)))
    model.rowsRemoved.connect(lambda p, a, b: removed.append((p.row(), a)))
    model.modelReset.connect(lambda: inserted.append((-1, -1)))
    doc.set_flags(["internals.gradients"], "needed", True)
    # Artefacts group: weights (row 0) then gradients (row 1), in tree order.
    assert inserted == [(0, 1)]
    assert gap_ids(model)[:2] == ["internals.weights", "internals.gradients"]
    doc.set_flags(["internals.gradients"], "held", True)
    assert removed == [(0, 1)]
    doc.set_flags(["formal.nda"], "needed", True)  # now acceptable: leaves the gap
    assert "formal.nda" not in gap_ids(model)


def test_gap_entry_becomes_a_linked_task_in_the_suggested_strategy(doc: PlanDocument) -> None:
    model = GapModel(doc)
    task = edits.add_tasks_for_nodes(doc, ["internals.weights"])[0]
    assert task is not None
    lane = doc.plan.find_task(task.id)
    assert lane is not None and lane[0].id == "small-collaborations"
    assert task.links == ["internals.weights"]
    artefacts = model.index(0, 0)
    weights_row = model.index(0, 1, artefacts)
    # The sample already had one task for weights; now two.
    assert model.data(weights_row) == "2"
    doc.undo_stack.undo()
    assert model.data(model.index(0, 1, artefacts)) == "1"


def test_gap_order_after_removing_a_custom_sibling(qtmodeltester, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    model = GapModel(doc)
    for node in (
        CustomNode(id="c1", title="C1", parent="influence"),
        CustomNode(id="c2", title="C2", parent="influence"),
        CustomNode(id="f1", title="F1", parent="c2"),
        CustomNode(id="f2", title="F2", parent="c2"),
    ):
        doc.push(AddCustomNodeCommand(doc, node))
    doc.set_flags(["f1"], "needed", True)
    doc.push(RemoveCustomNodeCommand(doc, "c1"))
    doc.set_flags(["f2"], "needed", True)
    assert gap_ids(model) == [n.id for n in gap_nodes(doc.plan, doc.tree)]
    qtmodeltester.check(model)


def test_a_leaf_that_gains_a_facet_leaves_the_gap(doc: PlanDocument) -> None:
    model = GapModel(doc)
    assert "custom-eval-seat" in gap_ids(model)  # needed, not held, no children
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-x", title="X", parent="custom-eval-seat")))
    assert "custom-eval-seat" not in gap_ids(model)
    doc.undo_stack.undo()
    assert "custom-eval-seat" in gap_ids(model)
