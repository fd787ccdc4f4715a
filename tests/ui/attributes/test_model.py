from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.marks import mark_of
from insider_planner.domain.plan import CustomNode
from insider_planner.domain.tree import Node
from insider_planner.ui import edits
from insider_planner.ui.attributes.model import (
    _CHECK,
    COL_HELD,
    COL_NAME,
    COL_NEEDED,
    AttributeTreeModel,
)
from insider_planner.ui.commands import AddCustomNodeCommand, RemoveCustomNodeCommand
from insider_planner.ui.document import PlanDocument

CHECKED = Qt.CheckState.Checked
PARTIAL = Qt.CheckState.PartiallyChecked
UNCHECKED = Qt.CheckState.Unchecked


def check(model: AttributeTreeModel, node_id: str, column: int) -> Qt.CheckState:
    index = model.index_of(model.doc.node(node_id), column)
    return Qt.CheckState(model.data(index, Qt.ItemDataRole.CheckStateRole))


def test_model_passes_the_model_tester(qtmodeltester, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    model = AttributeTreeModel(doc)
    qtmodeltester.check(model)


def test_parent_marks_derive_from_leaves(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    # Sample plan: activations held, the other internals facets not.
    assert check(model, "internals.activations", COL_HELD) == CHECKED
    assert check(model, "internals", COL_HELD) == PARTIAL
    assert check(model, "artefacts", COL_HELD) == PARTIAL
    assert check(model, "metrics", COL_HELD) == UNCHECKED


def test_ticking_a_parent_ticks_every_leaf_as_one_undo_step(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    before = doc.plan.model_dump()
    index = model.index_of(doc.node("internals"), COL_HELD)
    assert model.setData(index, CHECKED.value, Qt.ItemDataRole.CheckStateRole)
    assert all(doc.plan.state(leaf.id).held for leaf in doc.node("internals").leaves())
    assert check(model, "internals", COL_HELD) == CHECKED
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Tick 'Internals'"
    doc.undo_stack.undo()
    assert doc.plan.model_dump() == before
    assert check(model, "internals", COL_HELD) == PARTIAL
    doc.undo_stack.redo()
    assert check(model, "internals", COL_HELD) == CHECKED


def test_edits_announce_data_changed_on_leaf_and_ancestors_only(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    model = AttributeTreeModel(doc)
    changed: list[str] = []
    resets: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(model.node(top).id))
    model.modelReset.connect(lambda: resets.append(1))
    edits.toggle_flag(model.doc, doc.node("metrics.benchmarks"), "needed")
    assert sorted(changed) == ["artefacts", "metrics", "metrics.benchmarks"]
    assert resets == []


def test_constraint_rows_read_acceptable_and_look_different(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    constraints = model.index_of(doc.node("constraints"), COL_NEEDED)
    artefacts = model.index_of(doc.node("artefacts"), COL_NEEDED)
    assert model.data(constraints) == "Acceptable"
    assert model.data(artefacts) == "Needed"
    nda = model.index_of(doc.node("formal.nda"), COL_NAME)
    weights = model.index_of(doc.node("internals.weights"), COL_NAME)
    assert model.data(nda, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(weights, Qt.ItemDataRole.BackgroundRole) is None


def test_tooltips_escape_user_text(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    doc.set_node_field("internals.weights", "note", '<img src="/etc/hostname">')
    from insider_planner.ui.attributes.model import COL_NOTE

    tip = model.data(
        model.index_of(doc.node("internals.weights"), COL_NOTE), Qt.ItemDataRole.ToolTipRole
    )
    assert "<img" not in tip
    assert "&lt;img" in tip


def test_custom_nodes_insert_and_remove_rows(qtmodeltester, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    model = AttributeTreeModel(doc)
    qtmodeltester.check(model)
    internals = model.index_of(doc.node("internals"))
    rows_before = model.rowCount(internals)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    custom = CustomNode(id="custom-sae", title="SAE features", parent="internals")
    doc.push(AddCustomNodeCommand(doc, custom))
    assert model.rowCount(internals) == rows_before + 1
    assert inserted == [(rows_before, rows_before)]
    new_index = model.index(rows_before, 0, internals)
    assert model.data(new_index) == "SAE features"
    doc.set_flags(["custom-sae"], "held", True)
    doc.push(RemoveCustomNodeCommand(doc, "custom-sae"))
    assert model.rowCount(internals) == rows_before
    assert "custom-sae" not in doc.plan.nodes
    doc.undo_stack.undo()
    assert model.rowCount(internals) == rows_before + 1
    assert doc.plan.state("custom-sae").held
    assert model.hasChildren(QModelIndex())


def test_generated_large_plan_ticks_without_reset(qtbot, catalog: Catalog, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.generate import large_plan

    plan = large_plan(catalog, nodes=500, tasks=5000)
    data_dir.mkdir(parents=True, exist_ok=True)
    doc = PlanDocument.create(plan, catalog, data_dir / "large.insiderplan")
    try:
        assert len(doc.tree) >= 500
        model = AttributeTreeModel(doc)
        resets: list[int] = []
        model.modelAboutToBeReset.connect(lambda: resets.append(1))
        model.layoutAboutToBeChanged.connect(lambda: resets.append(2))
        leaves = [leaf for leaf in doc.tree.leaves()][:100]
        assert len(leaves) == 100
        for leaf in leaves:
            assert edits.toggle_flag(model.doc, leaf, "held")
        assert resets == []
        assert doc.undo_stack.count() == 100
    finally:
        doc.close()


class CountingList(list[Node]):
    """A list of sibling nodes that counts searches through it."""

    searches = 0

    def index(self, *args: Any) -> int:
        CountingList.searches += 1
        return super().index(*args)


def test_rows_and_parents_are_found_without_searching_siblings(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    doc.tree.roots = CountingList(doc.tree.roots)
    for node in doc.tree.walk():
        node.children = CountingList(node.children)
    CountingList.searches = 0
    for node in doc.tree.walk():
        index = model.index_of(node)
        parent = model.parent(index)
        assert model.index(index.row(), 0, parent).internalPointer() is node
    assert CountingList.searches == 0


def test_a_note_refreshes_its_own_row_only(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)
    for node in doc.tree.walk():  # as a painted view would have asked
        for column in (COL_HELD, COL_NEEDED):
            model.data(model.index_of(node, column), Qt.ItemDataRole.CheckStateRole)
    changed: list[str] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(model.node(top).id))
    assert edits.set_note(doc, "internals.weights", "Ask Dana")
    assert changed == ["internals.weights"]
    changed.clear()
    # Ticks that change the attribute's mark (partly held to all held)…
    unheld = [
        leaf.id for leaf in doc.node("internals").leaves() if not doc.plan.state(leaf.id).held
    ]
    doc.set_flags(unheld, "held", True)
    assert sorted(changed) == sorted(["internals", *unheld])
    assert check(model, "internals", COL_HELD) == CHECKED
    # …and, when the category's mark stays partial, not the category row.
    assert check(model, "artefacts", COL_HELD) == PARTIAL


def test_parent_marks_follow_ticks_custom_nodes_and_undo(doc: PlanDocument) -> None:
    model = AttributeTreeModel(doc)

    def marks_shown() -> dict[str, Qt.CheckState]:
        return {node.id: check(model, node.id, COL_HELD) for node in doc.tree.walk()}

    def marks_counted() -> dict[str, Qt.CheckState]:
        return {node.id: _CHECK[mark_of(doc.plan, node, "held")] for node in doc.tree.walk()}

    assert marks_shown() == marks_counted()
    edits.set_flag(doc, doc.node("internals"), "held", True)
    assert check(model, "internals", COL_HELD) == CHECKED
    custom = CustomNode(id="custom-sae", title="SAE features", parent="internals")
    doc.push(AddCustomNodeCommand(doc, custom))  # an unticked facet: partly held again
    assert check(model, "internals", COL_HELD) == PARTIAL
    assert marks_shown() == marks_counted()
    edits.toggle_flag(doc, doc.node("custom-sae"), "held")
    assert check(model, "internals", COL_HELD) == CHECKED
    assert marks_shown() == marks_counted()
    doc.push(RemoveCustomNodeCommand(doc, "custom-sae"))
    assert marks_shown() == marks_counted()
    for _ in range(4):
        doc.undo_stack.undo()
        assert marks_shown() == marks_counted()
    for _ in range(4):
        doc.undo_stack.redo()
        assert marks_shown() == marks_counted()
