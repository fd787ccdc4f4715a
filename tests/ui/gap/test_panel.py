"""The gap panel: the list, its buttons, the coverage chart and the warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from insider_planner.ui import edits
from insider_planner.ui.attributes.model import COL_NEEDED
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.chart import CoverageChart
from insider_planner.ui.gap.panel import GapPanel
from tests.ui.conftest import show_with_focus


def test_chart_figures_follow_edits(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    chart = CoverageChart(doc)
    qtbot.addWidget(chart)
    artefacts = chart.coverage[0]
    assert (artefacts.needed, artefacts.covered) == (2, 1)
    doc.set_flags(["metrics.benchmarks"], "needed", True)
    assert (chart.coverage[0].needed, chart.coverage[0].covered) == (3, 1)
    doc.set_flags(["internals.weights"], "held", True)
    assert chart.coverage[0].covered == 2


def test_criticism_warning_shows_while_an_nda_is_held(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = GapPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.warning.isVisible()
    assert "criticise" in panel.warning.text()
    doc.set_flags(["formal.nda"], "held", False)
    assert not panel.warning.isVisible()
    doc.set_flags(["formal.publication-restrictions"], "held", True)
    assert panel.warning.isVisible()
    assert panel.warning.textFormat() == Qt.TextFormat.PlainText


# --- the list and its buttons ----------------------------------------------------------------


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> GapPanel:
    widget = GapPanel(doc)
    show_with_focus(qtbot, widget, (480, 640), widget.view)
    return widget


def entry_index(panel: GapPanel, node_id: str) -> QModelIndex:
    model = panel.model
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        for child in range(model.rowCount(parent)):
            index = model.index(child, 0, parent)
            node = model.entry(index)
            if node is not None and node.id == node_id:
                return index
    raise AssertionError(f"{node_id} is not in the gap")


def category_index(panel: GapPanel, category_id: str) -> QModelIndex:
    row = [root.id for root in panel.doc.tree.roots].index(category_id)
    return panel.model.index(row, 0)


def click(qtbot: QtBot, panel: GapPanel, index: QModelIndex, ctrl: bool = False) -> None:
    """A real click on a row (with Ctrl: add it to the selection)."""
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    where = panel.view.visualRect(index).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, modifier, where)


def all_tasks(doc: PlanDocument) -> list[tuple[str, list[str]]]:
    return [(t.title, t.links) for lane in doc.plan.strategies for t in lane.tasks]


def test_add_task_for_three_selected_entries_is_one_undo_step(
    qtbot: QtBot, panel: GapPanel, doc: PlanDocument
) -> None:
    before = all_tasks(doc)
    click(qtbot, panel, entry_index(panel, "internals.weights"))
    click(qtbot, panel, entry_index(panel, "api-surface.prefill"), ctrl=True)
    click(qtbot, panel, entry_index(panel, "formal.nda"), ctrl=True)
    assert [n.id for n in panel.selected_nodes()] == [
        "internals.weights",
        "api-surface.prefill",
        "formal.nda",
    ]
    assert panel.add_task.isEnabled()
    qtbot.mouseClick(panel.add_task, Qt.MouseButton.LeftButton)
    added = [t for t in all_tasks(doc) if t not in before]
    assert sorted(added) == sorted(
        [
            ("Acquire: Internals › Weights", ["internals.weights"]),
            ("Acquire: API surface › Prefill on the assistant turn", ["api-surface.prefill"]),
            ("Resolve: Formal › Non-disclosure agreement", ["formal.nda"]),
        ]
    )
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Add 3 Tasks"
    weights = entry_index(panel, "internals.weights").siblingAtColumn(1)
    assert weights.data() == "2"  # t-3 and the new task target it
    doc.undo_stack.undo()  # one undo removes all three
    assert all_tasks(doc) == before
    assert weights.data() == "1"


def test_enter_on_an_entry_adds_one_linked_task(
    qtbot: QtBot, panel: GapPanel, doc: PlanDocument
) -> None:
    before = all_tasks(doc)
    panel.view.setCurrentIndex(entry_index(panel, "custom-eval-seat"))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    added = [t for t in all_tasks(doc) if t not in before]
    assert added == [("Acquire: Seat on eval council", ["custom-eval-seat"])]
    assert doc.undo_stack.count() == 1
    panel.view.setCurrentIndex(category_index(panel, "influence"))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # a category row adds nothing
    assert doc.undo_stack.count() == 1


def test_ctrl_t_on_the_list_adds_tasks_for_the_selection(
    qtbot: QtBot, panel: GapPanel, doc: PlanDocument
) -> None:
    click(qtbot, panel, entry_index(panel, "internals.weights"))
    click(qtbot, panel, entry_index(panel, "custom-eval-seat"), ctrl=True)
    qtbot.keyClick(panel.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    linked = sorted(t.links[0] for lane in doc.plan.strategies for t in lane.tasks if t.links)
    assert linked == ["custom-eval-seat", "internals.weights", "internals.weights"]
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Add 2 Tasks"


def test_show_in_tree_emits_the_entry(qtbot: QtBot, panel: GapPanel) -> None:
    panel.view.setCurrentIndex(entry_index(panel, "api-surface.prefill"))
    with qtbot.waitSignal(panel.node_activated, timeout=1000) as blocker:
        qtbot.mouseClick(panel.show_in_tree, Qt.MouseButton.LeftButton)
    assert blocker.args == ["api-surface.prefill"]


def test_buttons_need_an_entry(qtbot: QtBot, panel: GapPanel, doc: PlanDocument) -> None:
    assert not panel.add_task.isEnabled() and not panel.show_in_tree.isEnabled()  # nothing current
    panel.view.setCurrentIndex(category_index(panel, "artefacts"))
    assert not panel.add_task.isEnabled() and not panel.show_in_tree.isEnabled()
    qtbot.mouseClick(panel.add_task, Qt.MouseButton.LeftButton)
    assert doc.undo_stack.count() == 0
    panel.view.setCurrentIndex(entry_index(panel, "internals.weights"))
    assert panel.add_task.isEnabled() and panel.show_in_tree.isEnabled()


def test_buttons_on_a_read_only_plan(qtbot: QtBot, doc: PlanDocument) -> None:
    before = all_tasks(doc)
    doc.read_only_reason = "This plan is open elsewhere"
    panel = GapPanel(doc)
    qtbot.addWidget(panel)
    panel.view.setCurrentIndex(entry_index(panel, "internals.weights"))
    assert not panel.add_task.isEnabled()
    assert panel.show_in_tree.isEnabled()  # looking is still fine
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    panel.add_tasks_for_selection()
    assert doc.undo_stack.count() == 0
    assert all_tasks(doc) == before


def test_add_task_is_enabled_when_read_only_mode_ends(qtbot: QtBot, doc: PlanDocument) -> None:
    doc.read_only_reason = "This plan is open elsewhere"
    panel = GapPanel(doc)
    qtbot.addWidget(panel)
    panel.view.setCurrentIndex(entry_index(panel, "internals.weights"))
    assert not panel.add_task.isEnabled()
    doc.read_only_reason = None  # what Save As does
    doc.path_changed.emit()
    assert panel.add_task.isEnabled()


# --- summary, warning and chart follow edits -------------------------------------------------


def test_the_summary_follows_edits(panel: GapPanel, doc: PlanDocument) -> None:
    assert panel.summary.text() == "Gap: 4 items to acquire or resolve"
    edits.set_flag(doc, doc.node("internals.weights"), "held", True)
    assert panel.summary.text() == "Gap: 3 items to acquire or resolve"
    edits.set_flag(doc, doc.node("metrics"), "needed", True)  # three more leaves
    assert panel.summary.text() == "Gap: 6 items to acquire or resolve"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert panel.summary.text() == "Gap: 4 items to acquire or resolve"
    for node_id in ("internals.weights", "api-surface.prefill", "custom-eval-seat"):
        edits.set_flag(doc, doc.node(node_id), "held", True)
    edits.set_flag(doc, doc.node("formal.nda"), "needed", True)  # acceptable after all
    assert panel.model.total() == 0
    assert panel.summary.text() == "No gap: everything needed is held."
    doc.undo_stack.undo()
    assert panel.summary.text() == "Gap: 1 item to acquire or resolve"


def test_the_warning_hides_when_the_nda_is_unticked(panel: GapPanel, doc: PlanDocument) -> None:
    assert panel.warning.isVisible()
    assert panel.warning.accessibleName() == "Freedom to criticise warning"
    edits.set_flag(doc, doc.node("formal.nda"), "held", False)
    assert not panel.warning.isVisible()
    edits.set_flag(doc, doc.node("formal.nda"), "needed", True)  # acceptable: still not held
    assert not panel.warning.isVisible()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert panel.warning.isVisible()


def test_the_chart_description_follows_edits(panel: GapPanel, doc: PlanDocument) -> None:
    chart = panel.chart
    artefacts = "Access to artefacts: 1 held, 2 needed (1 covered)"
    assert chart.toolTip().splitlines()[0] == artefacts
    assert chart.accessibleDescription().split("; ")[0] == artefacts
    assert chart.toolTip().splitlines()[-1] == "Constraints: 1 held, 1 acceptable"
    assert chart.accessibleName() == "Coverage chart"
    edits.set_flag(doc, doc.node("internals.weights"), "held", True)
    artefacts = "Access to artefacts: 2 held, 2 needed (2 covered)"
    assert chart.toolTip().splitlines()[0] == artefacts
    assert chart.accessibleDescription().split("; ")[0] == artefacts
    influence = "Influence and trust: 0 held, 1 needed (0 covered)"
    assert influence in chart.toolTip().splitlines()
    custom = edits.add_custom_node(doc, "influence", "Board seat")
    assert custom is not None
    edits.set_flag(doc, doc.node(custom.id), "needed", True)
    influence = "Influence and trust: 0 held, 2 needed (0 covered)"
    assert influence in chart.toolTip().splitlines()
    assert influence in chart.accessibleDescription().split("; ")
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert chart.toolTip().splitlines()[0] == "Access to artefacts: 1 held, 2 needed (1 covered)"
    assert "Influence and trust: 0 held, 1 needed (0 covered)" in chart.toolTip().splitlines()


# --- incremental figures stay right -----------------------------------------------------------


def _gap_entries(panel: GapPanel) -> list[str]:
    model = panel.model
    found = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        for child in range(model.rowCount(parent)):
            node = model.entry(model.index(child, 0, parent))
            assert node is not None
            found.append(node.id)
    return found


def _assert_figures_match_the_plan(panel: GapPanel, doc: PlanDocument) -> None:
    from insider_planner.domain.gap import coverage, gap_nodes

    assert panel.chart.coverage == coverage(doc.plan, doc.tree)
    expected = [n.id for n in gap_nodes(doc.plan, doc.tree)]
    assert sorted(_gap_entries(panel)) == sorted(expected)
    assert panel.model.total() == len(expected)
    assert panel.summary.text() == (
        f"Gap: {len(expected)} item{'' if len(expected) == 1 else 's'} to acquire or resolve"
        if expected
        else "No gap: everything needed is held."
    )
    held = any(doc.plan.state(n.id).held for n in doc.tree.leaves() if n.limits_criticism)
    assert panel.warning.isVisibleTo(panel) == held


def test_figures_follow_ticks_unticks_notes_undo_and_redo(
    panel: GapPanel, doc: PlanDocument
) -> None:
    _assert_figures_match_the_plan(panel, doc)
    steps = [
        lambda: edits.set_flag(doc, doc.node("internals.weights"), "held", True),
        lambda: edits.set_flag(doc, doc.node("metrics.benchmarks"), "needed", True),
        lambda: edits.set_note(doc, "metrics.benchmarks", "asked twice"),
        lambda: edits.set_flag(doc, doc.node("internals.weights"), "held", False),
        lambda: edits.toggle_flag(doc, doc.node("internals"), "needed"),
        lambda: edits.set_flag(doc, doc.node("formal.nda"), "held", False),
        lambda: edits.set_private(doc, "formal.nda", True),
    ]
    for step in steps:
        step()
        _assert_figures_match_the_plan(panel, doc)
    for _ in steps:
        doc.undo_stack.undo()
        _assert_figures_match_the_plan(panel, doc)
    for _ in steps:
        doc.undo_stack.redo()
        _assert_figures_match_the_plan(panel, doc)


def test_the_chart_repaints_only_when_a_count_changes(
    panel: GapPanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart = panel.chart
    repaints: list[None] = []
    monkeypatch.setattr(chart, "update", lambda: repaints.append(None))
    tip = chart.toolTip()
    edits.set_note(doc, "internals.weights", "a note counts nowhere")
    edits.set_private(doc, "internals.weights", True)
    assert repaints == [] and chart.toolTip() == tip
    edits.set_flag(doc, doc.node("internals.weights"), "held", True)
    assert len(repaints) == 1 and chart.toolTip() != tip
    doc.undo_stack.undo()
    assert len(repaints) == 2 and chart.toolTip() == tip


# --- what the window shows follows the list -----------------------------------------------


def _shown_as_drawn(view: QTreeView) -> bool:
    """Whether the window's pixels of the list are what the list would paint now."""
    viewport = view.viewport()
    window = viewport.window()
    screen = QApplication.primaryScreen().grabWindow(window.winId()).toImage()
    corner = viewport.mapTo(window, QPoint(0, 0))
    shown = screen.copy(corner.x(), corner.y(), viewport.width(), viewport.height())
    now = viewport.grab().toImage().convertToFormat(shown.format())
    return shown == now


def _click_check_box(qtbot: QtBot, view: QTreeView, index: QModelIndex) -> None:
    """A real click on the tick box of a cell, where the view's style draws it."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, box.center()
    )


def test_the_list_on_screen_follows_a_category_tick_and_its_undo(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    """Weights, the first facet of its category, is already in the gap: its row used to be
    announced before its siblings' rows came or went, and the list was not repainted."""
    window = make_window(saved_sample)
    window.resize(1400, 1000)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    gap = window.gap_dock.widget()
    tree = window.view.attributes
    assert "internals.weights" in _gap_entries(gap)
    qtbot.wait(20)
    _click_check_box(qtbot, tree.view, tree.view_index(window.doc.node("artefacts"), COL_NEEDED))
    assert gap.summary.text() == "Gap: 18 items to acquire or resolve"
    qtbot.waitUntil(lambda: _shown_as_drawn(gap.view))
    # Anything may repaint the list meanwhile: here a click in it, below its rows.
    viewport = gap.view.viewport()
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(viewport.width() // 2, viewport.height() - 4),
    )
    qtbot.wait(20)
    assert _shown_as_drawn(gap.view)
    qtbot.keyClick(gap.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gap.summary.text() == "Gap: 4 items to acquire or resolve"
    qtbot.wait(20)
    assert _shown_as_drawn(gap.view)
    assert window.doc.undo_stack.canRedo()
