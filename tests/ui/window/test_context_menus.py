"""Right-click menus on the attribute tree and the action board."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from insider_planner.ui.window.main_window import MainWindow


@pytest.fixture
def window(make_window, saved_sample: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    made: MainWindow = make_window(saved_sample)
    assert made.view is not None and made.doc is not None
    return made


def popped_up(qtbot: QtBot) -> QMenu:
    """The context menu on screen, closed once found (it is then deleted)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    found = texts(menu)
    menu.close()
    menu.setObjectName(" / ".join(found))
    return menu


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    return next(a for a in menu.actions() if a.text() == text)


def test_a_node_menu_ticks_marks_and_private(window: MainWindow) -> None:
    assert window.view is not None and window.doc is not None
    tree = window.view.attributes
    node = window.doc.tree["api-surface.logprobs"]  # held, not needed
    menu = tree.context_menu(node)
    assert texts(menu)[:5] == ["&Held", "&Needed", "&Private", "Edit N&ote", "Add &Task for It"]
    assert action(menu, "&Held").isChecked() and not action(menu, "&Needed").isChecked()
    action(menu, "&Needed").trigger()
    action(tree.context_menu(node), "&Held").trigger()
    action(tree.context_menu(node), "&Private").trigger()
    state = window.doc.plan.state("api-surface.logprobs")
    assert state.needed and not state.held and state.private
    constraint = window.doc.tree["formal.nda"]
    assert "&Acceptable" in texts(tree.context_menu(constraint))


def test_a_node_menu_adds_a_linked_task_and_shows_linked_tasks(window: MainWindow) -> None:
    assert window.view is not None and window.doc is not None
    tree, board = window.view.attributes, window.view.board
    node = window.doc.tree["internals.weights"]
    tree.select_node(node.id)
    before = {t.id for t in window.doc.plan.all_tasks()}
    action(tree.context_menu(node), "Add &Task for It").trigger()
    [added] = [t for t in window.doc.plan.all_tasks() if t.id not in before]
    assert added.links == ["internals.weights"]
    assert board.selected_task_ids() == [added.id]
    action(tree.context_menu(node), "Show &Linked Tasks Only").trigger()
    assert board.board_actions.attribute_filter.isChecked()
    shown = {t for t in (added.id, "t-3", "t-1") if board.select_task(t)}
    assert shown == {added.id, "t-3"}  # t-3 is linked to Weights; t-1 is not


def test_custom_nodes_can_be_renamed_and_removed_from_the_menu(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.view is not None and window.doc is not None
    tree = window.view.attributes
    custom = window.doc.tree["custom-eval-seat"]
    tree.select_node(custom.id)
    menu = tree.context_menu(custom)
    assert "&Rename…" in texts(menu) and "Re&move" in texts(menu)
    builtin = window.doc.tree["internals.weights"]
    assert "&Rename…" not in texts(tree.context_menu(builtin))
    action(menu, "Re&move").trigger()
    assert "custom-eval-seat" not in window.doc.tree


def test_a_read_only_plan_offers_no_changes(window: MainWindow) -> None:
    assert window.view is not None and window.doc is not None
    window.doc.read_only_reason = "This plan is open elsewhere"
    node = window.doc.tree["custom-eval-seat"]
    menu = window.view.attributes.context_menu(node)
    for text in ("&Held", "&Needed", "&Private", "Add &Task for It"):
        assert not action(menu, text).isEnabled(), text
    assert "&Rename…" not in texts(menu)


def test_right_click_on_the_tree_acts_on_the_node_under_the_pointer(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.view is not None and window.doc is not None
    tree = window.view.attributes
    index = tree.view_index(window.doc.tree["internals.gradients"])
    tree.view.scrollTo(index)
    point = tree.view.visualRect(index).center()
    tree.view.customContextMenuRequested.emit(point)
    assert popped_up(qtbot).objectName().startswith("&Held / &Needed")
    current = tree.current_node()
    assert current is not None and current.id == "internals.gradients"


def test_the_board_menu_is_the_tasks_menu_and_picks_the_row(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.view is not None
    board = window.view.board

    def real(menu: QMenu) -> list[QAction]:
        return [a for a in menu.actions() if not a.isSeparator()]

    assert real(board.context_menu()) == real(window.menus.tasks)
    assert window.view.board.board_actions.delete_task in real(board.context_menu())
    board.select_task("t-1")
    index = board.to_view(board.model.task_index("t-4"))
    point = board.view.visualRect(index).center()
    board.view.customContextMenuRequested.emit(point)
    popped_up(qtbot)
    assert board.selected_task_ids() == ["t-4"]
    # A right-click inside the selection keeps it, for actions on several tasks.
    board.select_tasks(["t-3", "t-4"])
    board.view.customContextMenuRequested.emit(point)
    popped_up(qtbot)
    assert board.selected_task_ids() == ["t-3", "t-4"]
