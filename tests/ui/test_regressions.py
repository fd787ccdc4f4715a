"""Edge cases found in review: each test failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from insider_planner.domain.gap import gap_nodes
from insider_planner.domain.plan import CustomNode, NodeState
from insider_planner.storage.files import read_plan
from insider_planner.storage.lock import PlanLock
from insider_planner.ui import dialogs
from insider_planner.ui.attributes.model import AttributeTreeModel
from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
    RemoveCustomNodeCommand,
    SetNodeFieldCommand,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.model import GapModel
from tests.ui.conftest import gap_ids

EVIL = '<h1>HUGE</h1><img src="file:///etc/hostname">'


def test_a_closed_plan_cannot_be_edited_or_saved(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    window = make_window(path)
    doc = window.doc
    assert doc is not None
    old_gap = window.gap_dock.widget()
    assert window.close_plan()
    assert window.gap_dock.widget() is not old_gap  # no panel left acting on the closed plan
    before = path.read_bytes()
    lock = PlanLock(path)
    assert lock.acquire()  # the lock was released: another instance may now edit
    try:
        assert doc.closed
        assert not doc.push(SetNodeFieldCommand(doc, "internals.weights", "note", "late", "x"))
        assert not doc.save()
        qtbot.wait(50)
        assert path.read_bytes() == before
    finally:
        lock.release()


def test_removing_and_restoring_custom_subtrees_is_exact(doc: PlanDocument) -> None:
    # A child listed before its parent is valid in a file; undo must cope with it.
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-a", title="A", parent="influence")))
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-f1", title="F1", parent="c-a")))
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-f2", title="F2", parent="c-a")))
    doc.plan.custom_nodes.insert(0, doc.plan.custom_nodes.pop())  # F2 first in the list
    doc.set_node_field("c-f1", "held", True)
    before = doc.plan.model_dump()
    tree_order = [n.id for n in doc.node("influence").walk()]
    doc.push(RemoveCustomNodeCommand(doc, "c-a"))
    assert "c-f1" not in doc.tree and "c-f1" not in doc.plan.nodes
    doc.undo_stack.undo()
    assert doc.plan.model_dump() == before
    assert [n.id for n in doc.node("influence").walk()] == tree_order
    doc.push(
        RemoveCustomNodeCommand(
            doc, "c-eval-seat" if "c-eval-seat" in doc.tree else "custom-eval-seat"
        )
    )
    doc.undo_stack.undo()
    assert doc.plan.model_dump() == before


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


def test_custom_titles_never_render_as_rich_text(qtbot, doc: PlanDocument, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-evil", title=EVIL, parent="influence")))
    model = AttributeTreeModel(doc)
    for column in range(model.columnCount()):
        tip = model.data(model.index_of(doc.node("c-evil"), column), Qt.ItemDataRole.ToolTipRole)
        assert tip is None or "<img" not in tip
    seen: dict[str, object] = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        label = next(lbl for lbl in dialog.findChildren(QLabel) if "HUGE" in lbl.text())
        seen["format"] = label.textFormat()
        dialog.reject()

    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.select_node("c-evil")
    QTimer.singleShot(50, inspect)
    panel.detail.add_custom_child()
    assert seen["format"] == Qt.TextFormat.PlainText


def test_undo_from_the_menu_while_the_note_editor_has_focus(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    window = make_window(path)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.view is not None and window.doc is not None
    attributes = window.view.attributes
    attributes.select_node("internals.weights")
    note = attributes.detail.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "call Dana")
    edit_menu = window.menuBar().actions()[1].menu()
    edit_menu.popup(QPoint(100, 100))  # taking focus commits the note
    qtbot.waitUntil(edit_menu.isVisible)
    assert window.doc.plan.state("internals.weights").note == "call Dana"
    edit_menu.hide()  # a menu hides itself, then triggers the action; focus is back
    window.window_actions.undo.trigger()
    assert note.toPlainText() == ""
    attributes.view.setFocus()  # the next focus-out must not commit the undone text again
    assert window.doc.plan.state("internals.weights").note == ""
    assert window.doc.undo_stack.canRedo()
    window.doc.close()


def test_opening_the_open_plan_by_another_spelling_keeps_it_writable(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    link = saved_sample.parent.parent / "link.insiderplan"
    os.symlink(path, link)
    window = make_window(path)
    doc = window.doc
    assert window.open_path(link)
    assert window.doc is doc and not doc.read_only
    assert doc.save_as(link)  # the same file: a plain save
    doc.close()


def test_save_as_from_a_read_only_plan_makes_it_editable(
    qtbot, make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    lock = PlanLock(path)
    assert lock.acquire()
    try:
        window = make_window(path)
        assert window.doc is not None and window.doc.read_only
        assert window.view is not None and window.view.header.title.isReadOnly()
        assert not window.window_actions.add_custom.isEnabled()
        monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: tmp_path / "mine.insiderplan")
        window.save_as()
        assert not window.doc.read_only
        assert not window.view.header.title.isReadOnly()
        assert window.window_actions.add_custom.isEnabled()
        assert read_plan(tmp_path / "mine.insiderplan").plan.title == "Interpretability pilot"
        window.doc.close()
    finally:
        lock.release()


def test_state_of_a_private_mark_follows_undo(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.select_node("internals.weights")
    panel.detail.private.click()
    assert doc.plan.state("internals.weights").private
    doc.undo_stack.undo()
    assert not panel.detail.private.isChecked()
    assert doc.plan.nodes.get("internals.weights", NodeState()).private is False
