"""Adding tasks from the gap: the new task is shown on the board, ready to be named, and
the step can be chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from insider_planner.ui.gap.panel import GapPanel
from insider_planner.ui.window.main_window import MainWindow


def gap_of(window: MainWindow) -> GapPanel:
    gap = window.gap_dock.widget()
    assert isinstance(gap, GapPanel)
    return gap


def select_entry(gap: GapPanel, node_id: str) -> QModelIndex:
    for row in range(gap.model.rowCount()):
        parent = gap.model.index(row, 0)
        for child in range(gap.model.rowCount(parent)):
            index = gap.model.index(child, 0, parent)
            node = gap.model.entry(index)
            if node is not None and node.id == node_id:
                gap.view.setCurrentIndex(index)
                return index
    raise AssertionError(f"{node_id} is not in the gap")


def new_tasks(window: MainWindow, before: set[str]) -> list[str]:
    assert window.doc is not None
    return [t.id for t in window.doc.plan.all_tasks() if t.id not in before]


def task_ids(window: MainWindow) -> set[str]:
    assert window.doc is not None
    return {t.id for t in window.doc.plan.all_tasks()}


def test_the_button_adds_in_the_suggested_step_and_shows_the_task_ready_to_name(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    window.activateWindow()
    qtbot.waitActive(window)
    gap = gap_of(window)
    before = task_ids(window)
    select_entry(gap, "api-surface.prefill")
    qtbot.mouseClick(gap.add_task, Qt.MouseButton.LeftButton)
    [added] = new_tasks(window, before)
    assert window.view is not None
    board = window.view.board
    assert board.selected_task_ids() == [added]
    editor = board.editor.title_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    assert editor.selectedText() == editor.text() and "Prefill" in editor.text()
    qtbot.keyClicks(editor, "Ask for prefill on the eval endpoint")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.doc is not None
    titles = {t.id: t.title for t in window.doc.plan.all_tasks()}
    assert titles[added] == "Ask for prefill on the eval endpoint"


def test_the_arrow_chooses_the_step(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    gap = gap_of(window)
    assert window.doc is not None
    before = task_ids(window)
    select_entry(gap, "api-surface.prefill")
    menu = gap.add_task.menu()
    menu.aboutToShow.emit()
    labels = [a.text() for a in menu.actions()]
    assert len(labels) == len(window.doc.plan.strategies) and labels[0].startswith("&1. ")
    menu.actions()[3].trigger()
    [added] = new_tasks(window, before)
    fourth = window.doc.plan.strategies[3]
    assert added in [t.id for t in fourth.tasks]
    assert window.view is not None and window.view.board.selected_task_ids() == [added]


def test_a_task_added_under_a_board_filter_is_still_shown(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    assert window.view is not None
    board = window.view.board
    window.view.attributes.select_node("internals.weights")
    board.board_actions.attribute_filter.setChecked(True)  # only Weights' tasks
    gap = gap_of(window)
    before = task_ids(window)
    select_entry(gap, "api-surface.prefill")
    qtbot.mouseClick(gap.add_task, Qt.MouseButton.LeftButton)
    [added] = new_tasks(window, before)
    assert board.selected_task_ids() == [added]
    assert not board.board_actions.attribute_filter.isChecked()


def test_the_entry_menu_offers_add_a_step_and_the_tree(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    gap = gap_of(window)
    assert window.doc is not None
    index = select_entry(gap, "api-surface.prefill")
    node = gap.model.entry(index)
    assert node is not None
    menu = gap.context_menu(node)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Add Task", "Add Task to &Step", "Show in &Tree"]
    steps = menu.actions()[1].menu()
    assert steps is not None and len(steps.actions()) == len(window.doc.plan.strategies)
    before = task_ids(window)
    steps.actions()[0].trigger()
    [added] = new_tasks(window, before)
    assert added in [t.id for t in window.doc.plan.strategies[0].tasks]
    menu.actions()[-1].trigger()
    assert window.view is not None
    current = window.view.attributes.current_node()
    assert current is not None and current.id == "api-surface.prefill"


def test_a_read_only_plan_offers_no_adding(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    assert window.doc is not None
    gap = gap_of(window)
    index = select_entry(gap, "api-surface.prefill")
    window.doc.read_only_reason = "This plan is open elsewhere"
    node = gap.model.entry(index)
    assert node is not None
    menu = gap.context_menu(node)
    assert not menu.actions()[0].isEnabled()
    assert not menu.actions()[1].menu().isEnabled()  # type: ignore[union-attr]
