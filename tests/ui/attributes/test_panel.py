"""The attribute panel: keys, filter and the detail pane under the tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState
from insider_planner.ui import dialogs, edits
from insider_planner.ui.attributes import panel as panel_module
from insider_planner.ui.attributes import view as view_module
from insider_planner.ui.attributes.model import (
    COL_HELD,
    COL_NAME,
    COL_NEEDED,
    COL_NOTE,
    AttributeTreeModel,
)
from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.roles import NODE_ROLE
from insider_planner.ui.theme import Theme, apply_theme
from tests.ui.conftest import give_focus, show_with_focus

EVIL = '<h1>HUGE</h1><img src="file:///etc/hostname">'


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


def test_state_of_a_private_mark_follows_undo(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.select_node("internals.weights")
    panel.detail.private.click()
    assert doc.plan.state("internals.weights").private
    doc.undo_stack.undo()
    assert not panel.detail.private.isChecked()
    assert doc.plan.nodes.get("internals.weights", NodeState()).private is False


# --- keys on the tree, driven through real key events ----------------------------------------


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> AttributePanel:
    widget = AttributePanel(doc)
    show_with_focus(qtbot, widget, (640, 720), widget.view)
    return widget


def check_state(panel: AttributePanel, node_id: str, column: int) -> Qt.CheckState:
    index = panel.view_index(panel.doc.node(node_id), column)
    return Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))


def visible_ids(panel: AttributePanel, parent: QModelIndex | None = None) -> list[str]:
    """Every node the filtered tree shows, depth first."""
    parent = parent or QModelIndex()
    ids: list[str] = []
    shown = panel.view.model()
    for row in range(shown.rowCount(parent)):
        index = shown.index(row, COL_NAME, parent)
        ids.append(index.data(NODE_ROLE))
        ids.extend(visible_ids(panel, index))
    return ids


def test_space_ticks_held_and_shift_space_ticks_needed(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    panel.select_node("internals.gradients")
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert doc.plan.state("internals.gradients").held
    assert check_state(panel, "internals.gradients", COL_HELD) == Qt.CheckState.Checked
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Tick 'Gradients'"
    qtbot.keyClick(panel.view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert doc.plan.state("internals.gradients").needed
    assert check_state(panel, "internals.gradients", COL_NEEDED) == Qt.CheckState.Checked
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.undoText() == "Tick 'Gradients' (Needed)"
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)  # a ticked node unticks
    assert not doc.plan.state("internals.gradients").held
    assert doc.undo_stack.undoText() == "Untick 'Gradients'"
    assert panel.current_node() is doc.node("internals.gradients")  # the keys do not move
    for _ in range(3):
        doc.undo_stack.undo()
    state = doc.plan.state("internals.gradients")
    assert not state.held and not state.needed


def test_space_on_a_parent_ticks_all_its_leaves_as_one_step(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    leaves = [leaf.id for leaf in doc.node("internals").leaves()]
    assert len(leaves) == 4
    assert check_state(panel, "internals", COL_HELD) == Qt.CheckState.PartiallyChecked
    panel.select_node("internals")
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)  # partial: ticks every leaf
    assert all(doc.plan.state(leaf).held for leaf in leaves)
    assert check_state(panel, "internals", COL_HELD) == Qt.CheckState.Checked
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()  # one undo puts back each leaf as it was
    assert [doc.plan.state(leaf).held for leaf in leaves] == [False, True, False, False]
    assert check_state(panel, "internals", COL_HELD) == Qt.CheckState.PartiallyChecked
    # On a constraint, Shift+Space ticks Acceptable.
    panel.select_node("formal")
    qtbot.keyClick(panel.view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert all(doc.plan.state(leaf.id).needed for leaf in doc.node("formal").leaves())
    assert doc.undo_stack.count() == 1  # the undone step was replaced
    assert doc.undo_stack.undoText() == "Tick 'Formal' (Acceptable)"


def test_enter_moves_the_focus_to_the_note(qtbot: QtBot, panel: AttributePanel) -> None:
    panel.select_node("api-surface.prefill")
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.detail.note)
    assert panel.detail.note.toPlainText() == "Contact: Dana"
    give_focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Enter)  # the keypad's Enter too
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.detail.note)


def test_a_typed_note_is_one_undo_step_when_focus_leaves(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    panel.select_node("internals.weights")
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    note = panel.detail.note
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    qtbot.keyClicks(note, "Ask Dana")
    qtbot.keyClick(note, Qt.Key.Key_Return)  # a new line, not a commit
    qtbot.keyClicks(note, "then the board")
    assert doc.undo_stack.count() == 0  # not per keystroke
    give_focus(qtbot, panel.detail.private)
    assert doc.plan.state("internals.weights").note == "Ask Dana\nthen the board"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit Note on 'Weights'"
    note_cell = panel.view_index(doc.node("internals.weights"), COL_NOTE)
    assert note_cell.data() == "Ask Dana"  # the tree shows the first line
    give_focus(qtbot, panel.view)  # leaving again changes nothing
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.state("internals.weights").note == ""
    assert note.toPlainText() == ""  # the pane follows the undo


@pytest.mark.parametrize(
    ("k", "mod"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    ],
    ids=["escape", "ctrl-return"],
)
def test_leaving_the_note_by_key_commits_and_returns_to_the_tree(
    qtbot: QtBot,
    panel: AttributePanel,
    doc: PlanDocument,
    k: Qt.Key,
    mod: Qt.KeyboardModifier,
) -> None:
    panel.select_node("formal.nda")
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    note = panel.detail.note
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    qtbot.keyClicks(note, "Signed in May")
    qtbot.keyClick(note, k, mod)
    assert QApplication.focusWidget() is panel.view
    assert panel.current_node() is doc.node("formal.nda")
    assert doc.plan.state("formal.nda").note == "Signed in May"
    assert note.toPlainText() == "Signed in May"  # the key typed nothing
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit Note on 'Non-disclosure agreement'"


def test_moving_to_another_node_commits_the_note_of_the_previous_one(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    panel.select_node("internals.weights")
    panel.detail.note.setPlainText("Only through the pilot")  # focus never left
    panel.select_node("internals.gradients")
    assert panel.detail.note.toPlainText() == ""
    # The commit waits for the event loop (the selection may move in the middle of an undo).
    qtbot.waitUntil(lambda: doc.plan.state("internals.weights").note == "Only through the pilot")
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit Note on 'Weights'"


# --- the filter ------------------------------------------------------------------------------


def test_the_filter_narrows_the_rows_and_escape_clears_it(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    everything = visible_ids(panel)
    assert len(everything) == len(doc.tree)
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "WEIGHTS")  # case does not matter
    # A match keeps its ancestors, expanded so the match is in view.
    assert visible_ids(panel) == ["artefacts", "internals", "internals.weights"]
    assert panel.view.isExpanded(panel.view.model().index(0, 0))
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "rival")
    assert visible_ids(panel) == ["constraints", "formal", "formal.rival-lab-contact"]
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == ""
    assert visible_ids(panel) == everything
    qtbot.keyClicks(panel.filter, "no such attribute")
    assert visible_ids(panel) == []
    assert panel.view.model().rowCount() == 0


def painted_messages(panel: AttributePanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the tree's paint code draws, once repainted now."""
    drawn: list[str] = []
    real = view_module.paint_placeholder

    def record(viewport: QWidget, area: QRect, text: str) -> None:
        drawn.append(text)
        real(viewport, area, text)

    monkeypatch.setattr(view_module, "paint_placeholder", record)
    panel.view.viewport().repaint()
    return drawn


def test_a_filter_that_matches_nothing_says_so_in_the_tree(
    qtbot: QtBot, panel: AttributePanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "weig")
    assert panel.view.empty_message() == "" and painted_messages(panel, monkeypatch) == []
    qtbot.keyClicks(panel.filter, "htz")
    message = "No matches for “weightz”.\nPress Escape in the filter to clear it."
    assert panel.view.empty_message() == message
    assert painted_messages(panel, monkeypatch) == [message]
    qtbot.keyClick(panel.filter, Qt.Key.Key_Backspace)  # "weight" matches again
    assert panel.view.empty_message() == ""
    qtbot.keyClicks(panel.filter, "z" * 60)
    long = panel.view.empty_message()
    assert long.startswith("No matches for “weight" + "z" * 33 + "…”.")
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == "" and panel.view.empty_message() == ""
    assert painted_messages(panel, monkeypatch) == []


def test_grab_an_unmatched_filter_for_a_look(
    qtbot: QtBot, panel: AttributePanel, tmp_path: Path
) -> None:
    """The tree with nothing matching, in light and dark (pictures to look at)."""
    qtbot.keyClicks(panel.filter, "no such attribute")
    try:
        for theme in (Theme.LIGHT, Theme.DARK):
            apply_theme(theme)
            QApplication.processEvents()
            assert panel.grab().save(str(tmp_path / f"no-match-{theme.value}.png"))
    finally:
        apply_theme(Theme.SYSTEM)


def test_select_node_clears_a_filter_that_hides_it(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    qtbot.keyClicks(panel.filter, "weights")
    panel.select_node("internals.weights")  # shown: the filter stays
    assert panel.filter.text() == "weights"
    assert panel.current_node() is doc.node("internals.weights")
    panel.select_node("formal.nda")  # hidden: the filter goes
    assert panel.filter.text() == ""
    assert panel.current_node() is doc.node("formal.nda")
    assert panel.view.currentIndex().data() == "Non-disclosure agreement"
    panel.select_node("no-such-node")  # unknown: nothing changes
    assert panel.current_node() is doc.node("formal.nda")


def test_current_node_changed_emits_the_node_id(qtbot: QtBot, panel: AttributePanel) -> None:
    seen: list[str | None] = []
    panel.current_node_changed.connect(seen.append)
    panel.select_node("api-surface.prefill")
    assert seen == ["api-surface.prefill"]
    assert panel.detail.title.text() == "Prefill on the assistant turn  ·  Access facet"
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert seen[-1] == "api-surface.logprobs"
    panel.view.setCurrentIndex(QModelIndex())
    assert seen[-1] is None
    assert panel.detail.title.text() == "Select an attribute"
    assert not panel.detail.note.isEnabled()


# --- custom nodes through the detail pane's buttons --------------------------------------------


class FakeAsk:
    """Stands in for dialogs.ask_text: records each question, gives the next answer."""

    def __init__(self, *answers: tuple[str, bool]) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, parent: object, title: str, label: str, text: str = "") -> tuple[str, bool]:
        self.asked.append((title, label, text))
        return self.answers.pop(0)


def test_add_a_custom_attribute_and_facet_with_the_detail_button(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = FakeAsk(("", False), ("Board seat", True), ("Voting", True))
    monkeypatch.setattr(dialogs, "ask_text", ask)
    detail = panel.detail
    panel.select_node("influence")
    assert detail.add_child.isVisible() and detail.add_child.text() == "Add Attribute…"
    assert not detail.rename.isVisible() and not detail.remove.isVisible()
    before = len(doc.tree)
    qtbot.mouseClick(detail.add_child, Qt.MouseButton.LeftButton)  # cancelled
    assert len(doc.tree) == before and doc.undo_stack.count() == 0
    qtbot.mouseClick(detail.add_child, Qt.MouseButton.LeftButton)
    assert ask.asked[1] == (
        "Add Custom Attribute",
        "Name of the new attribute under Influence and trust:",
        "",
    )
    added = doc.node("influence").children[-1]
    assert (added.title, added.custom, added.level) == ("Board seat", True, "attribute")
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Add 'Board seat'"
    assert added.id in visible_ids(panel)
    panel.select_node(added.id)
    assert detail.add_child.text() == "Add Facet…"
    assert detail.rename.isVisible() and detail.remove.isVisible()
    qtbot.mouseClick(detail.add_child, Qt.MouseButton.LeftButton)
    facet = added.children[0]
    assert (facet.title, facet.level) == ("Voting", "facet")
    assert doc.undo_stack.count() == 2
    panel.select_node(facet.id)
    assert not detail.add_child.isVisible()  # facets have no children
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert len(doc.tree) == before
    assert added.id not in visible_ids(panel)


def test_rename_a_custom_node_with_the_detail_button(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = FakeAsk(("Eval council seat", False), ("Eval council seat", True))
    monkeypatch.setattr(dialogs, "ask_text", ask)
    detail = panel.detail
    panel.select_node("custom-eval-seat")
    assert detail.rename.isVisible()
    qtbot.mouseClick(detail.rename, Qt.MouseButton.LeftButton)  # cancelled
    assert doc.node("custom-eval-seat").title == "Seat on eval council"
    assert doc.undo_stack.count() == 0
    qtbot.mouseClick(detail.rename, Qt.MouseButton.LeftButton)
    assert ask.asked[1] == ("Rename", "New name:", "Seat on eval council")  # offers the old name
    assert doc.node("custom-eval-seat").title == "Eval council seat"
    assert detail.title.text().startswith("Eval council seat  ·  ")
    assert panel.view.currentIndex().data() == "Eval council seat"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Rename to 'Eval council seat'"
    doc.undo_stack.undo()
    assert doc.node("custom-eval-seat").title == "Seat on eval council"
    assert detail.title.text().startswith("Seat on eval council  ·  ")


def test_remove_a_custom_node_with_the_detail_button(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    detail = panel.detail
    panel.select_node("internals.weights")
    assert not detail.remove.isVisible()  # catalog nodes cannot be removed
    panel.select_node("custom-eval-seat")
    qtbot.mouseClick(detail.remove, Qt.MouseButton.LeftButton)
    assert "custom-eval-seat" not in doc.tree
    assert "custom-eval-seat" not in visible_ids(panel)
    assert panel.current_node() is not None  # the selection moved to a neighbour
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Remove 'Seat on eval council'"
    doc.undo_stack.undo()
    assert doc.node("custom-eval-seat").title == "Seat on eval council"
    assert doc.plan.state("custom-eval-seat").needed  # its marks come back too
    assert "custom-eval-seat" in visible_ids(panel)


def test_undo_removing_the_node_being_edited_pushes_no_stray_step(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    added = edits.add_custom_node(doc, "influence", "Board seat")
    assert added is not None
    panel.select_node(added.id)
    give_focus(qtbot, panel.detail.note)
    qtbot.keyClicks(panel.detail.note, "typed, not yet committed")
    doc.undo_stack.undo()  # e.g. Edit ▸ Undo from a menu that keeps the focus in the note
    assert added.id not in doc.tree
    assert doc.undo_stack.count() == 1 and doc.undo_stack.index() == 0


# --- a read-only plan ------------------------------------------------------------------------


def test_a_read_only_plan_makes_the_note_read_only_and_hides_custom_buttons(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    detail = panel.detail
    panel.select_node("custom-eval-seat")
    assert detail.rename.isVisible() and not detail.note.isReadOnly()
    doc.read_only_reason = "This plan is open elsewhere"
    doc.path_changed.emit()
    assert detail.note.isReadOnly() and detail.note.isEnabled()  # still readable
    assert not detail.private.isEnabled()
    for button in (detail.add_child, detail.rename, detail.remove):
        assert not button.isVisible()
    panel.select_node("influence")
    assert not detail.add_child.isVisible()
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)  # nothing can be ticked
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is detail.note)
    qtbot.keyClicks(detail.note, "typed")
    assert detail.note.toPlainText() == ""
    give_focus(qtbot, panel.view)
    assert doc.undo_stack.count() == 0
    assert not doc.plan.state("influence").held
    doc.read_only_reason = None  # Save As: editable again
    doc.path_changed.emit()
    assert not detail.note.isReadOnly() and detail.add_child.isVisible()


def test_the_filtered_tree_passes_the_model_tester(
    qtbot: QtBot,
    qtmodeltester,
    panel: AttributePanel,  # type: ignore[no-untyped-def]
) -> None:
    qtbot.keyClicks(panel.filter, "a")
    qtmodeltester.check(panel.proxy)
    assert 0 < len(visible_ids(panel)) < len(panel.doc.tree)


def test_the_filter_opens_rows_the_user_had_closed(qtbot: QtBot, panel: AttributePanel) -> None:
    internals = panel.view_index(panel.doc.node("internals"))
    panel.view.collapse(internals)
    assert not panel.view.isExpanded(internals)
    qtbot.keyClicks(panel.filter, "weights")
    internals = panel.view_index(panel.doc.node("internals"))
    assert panel.view.isExpanded(internals)
    panel.filter.clear()  # every row again, each one open
    for node in panel.doc.tree.walk():
        if node.children:
            index = panel.view_index(node)
            assert panel.view.isExpanded(index), node.id


def test_a_node_renamed_to_match_the_filter_shows_with_its_ancestors(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    qtbot.keyClicks(panel.filter, "sparse autoencoder")
    assert visible_ids(panel) == []
    edits.rename_custom_node(doc, "custom-eval-seat", "Sparse autoencoder seat")
    parent = doc.node("custom-eval-seat").parent
    assert parent is not None and parent.level == "category"  # hidden until now
    assert visible_ids(panel) == [parent.id, "custom-eval-seat"]
    doc.undo_stack.undo()
    assert visible_ids(panel) == []


class CountingModel(AttributeTreeModel):
    """The tree model, counting the calls Qt makes to find a row's parent."""

    parents = 0

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        CountingModel.parents += 1
        return super().parent(index)


def test_a_filter_keystroke_costs_calls_in_proportion_to_the_tree(
    qtbot: QtBot, catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.generate import large_plan

    monkeypatch.setattr(panel_module, "AttributeTreeModel", CountingModel)
    data_dir.mkdir(parents=True, exist_ok=True)
    doc = PlanDocument.create(large_plan(catalog, tasks=0), catalog, data_dir / "l.insiderplan")
    try:
        panel = AttributePanel(doc)
        show_with_focus(qtbot, panel, (640, 720), panel.filter)
        nodes = len(doc.tree)
        assert nodes >= 500
        for text in ("a", "ac", "acc", "ac", "a", ""):  # narrowing and widening
            CountingModel.parents = 0
            panel.filter.setText(text)
            QApplication.processEvents()
            panel.view.viewport().repaint()
            # Qt's row-by-row refiltering asked about 50 times per node here.
            assert CountingModel.parents <= 6 * nodes, text
    finally:
        doc.close()


# --- the view shows the model itself until a filter is typed ----------------------------------


def test_the_filter_stands_between_model_and_view_only_while_text_is_typed(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    assert panel.view.model() is panel.model and not panel.proxy.attached
    qtbot.keyClicks(panel.filter, "we")
    assert panel.view.model() is panel.proxy and panel.proxy.sourceModel() is panel.model
    qtbot.keyClick(panel.filter, Qt.Key.Key_Backspace)
    assert panel.view.model() is panel.proxy  # still filtering by "w"
    qtbot.keyClick(panel.filter, Qt.Key.Key_Backspace)
    assert panel.view.model() is panel.model and not panel.proxy.attached
    qtbot.keyClicks(panel.filter, "weights")
    assert visible_ids(panel) == ["artefacts", "internals", "internals.weights"]


def test_the_current_node_stays_current_across_the_switch_and_is_announced_once(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    announced: list[str | None] = []
    panel.current_node_changed.connect(announced.append)
    panel.select_node("internals.weights")
    panel.detail.note.setPlainText("typed, not yet committed")
    qtbot.keyClicks(panel.filter, "weig")
    node = panel.current_node()
    assert node is not None and node.id == "internals.weights"
    assert panel.view.selectionModel().isSelected(panel.view_index(node))
    panel.filter.clear()
    node = panel.current_node()
    assert node is not None and node.id == "internals.weights"
    assert panel.view.selectionModel().isSelected(panel.view_index(node))
    assert announced == ["internals.weights"]
    assert panel.detail.note.toPlainText() == "typed, not yet committed"  # not shown afresh
    # A filter hiding the current node leaves none current, as before.
    qtbot.keyClicks(panel.filter, "rival")
    assert panel.current_node() is None and announced == ["internals.weights", None]


def test_ticks_and_keys_work_on_the_unfiltered_and_the_filtered_tree(
    qtbot: QtBot, panel: AttributePanel, doc: PlanDocument
) -> None:
    panel.select_node("internals.weights")
    give_focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert check_state(panel, "internals.weights", COL_HELD) == Qt.CheckState.Checked
    qtbot.keyClicks(panel.filter, "weights")
    panel.select_node("internals.weights")
    give_focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert not doc.plan.state("internals.weights").held
    assert check_state(panel, "internals.weights", COL_HELD) == Qt.CheckState.Unchecked


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_down_or_enter_in_the_filter_goes_to_the_first_match(
    qtbot: QtBot, panel: AttributePanel, key: Qt.Key
) -> None:
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "rival")
    qtbot.keyClick(panel.filter, key)
    assert QApplication.focusWidget() is panel.view
    current = panel.current_node()
    assert current is not None and current.id == "formal.rival-lab-contact"
    # Keys now work on the tree: Space ticks Held on the match.
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert panel.doc.plan.state("formal.rival-lab-contact").held


def test_down_keeps_a_current_node_that_matches(qtbot: QtBot, panel: AttributePanel) -> None:
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "a")  # many matches
    panel.select_node("internals.activations")
    give_focus(qtbot, panel.filter)
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    current = panel.current_node()
    assert current is not None and current.id == "internals.activations"


def test_down_with_no_filter_or_no_match_still_reaches_the_tree(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    give_focus(qtbot, panel.filter)
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is panel.view
    assert panel.current_node() is not None  # the first row
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "no such attribute")
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is panel.view
    assert panel.current_node() is None


def test_escape_brings_the_chosen_match_into_view_in_the_whole_tree(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    panel.resize(400, 300)
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "awkward")
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    give_focus(qtbot, panel.filter)
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == ""
    qtbot.wait(10)  # the tree lays out on the next turn of the event loop
    current = panel.view.currentIndex()
    assert panel.current_node() is not None
    assert panel.current_node().id == "social.awkward-criticism"  # type: ignore[union-attr]
    assert panel.view.viewport().rect().contains(panel.view.visualRect(current))


def test_a_dragged_attribute_column_keeps_its_width_through_a_filter(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    header = panel.view.header()
    header.resizeSection(COL_NAME, 300)  # as a drag of its edge does
    give_focus(qtbot, panel.filter)
    qtbot.keyClicks(panel.filter, "weights")
    assert panel.filtered() and header.sectionSize(COL_NAME) == 300
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert not panel.filtered() and header.sectionSize(COL_NAME) == 300
