"""Edit ▸ Find: the find bar driven by keys, through the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from insider_planner.domain.search import Hit
from insider_planner.ui import edits
from insider_planner.ui.window.main_window import MainWindow
from tests.ui.conftest import give_focus

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_window(make_window, saved_sample: Path, qtbot: QtBot) -> MainWindow:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(saved_sample)
    assert window.view is not None
    give_focus(qtbot, window.view.attributes.view)
    return window


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+F, type, and wait for the search that follows a pause in typing."""
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_F, CTRL)  # type: ignore[union-attr]
    bar = window.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, text)
    qtbot.waitUntil(lambda: not bar._stale)


def current_task(window: MainWindow) -> str | None:
    assert window.view is not None
    ids = window.view.board.selected_task_ids()
    return ids[0] if ids else None


def current_node(window: MainWindow) -> str | None:
    assert window.view is not None
    node = window.view.attributes.current_node()
    return node.id if node is not None else None


def test_typing_shows_the_first_match_and_enter_steps_through_all(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    type_query(qtbot, window, "dana")
    bar = window.find_bar
    assert bar.hits == [
        Hit("attribute", "api-surface.prefill", "note"),
        Hit("task", "t-4", "title"),
    ]
    assert current_node(window) == "api-surface.prefill"
    assert bar.count.text() == "1 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert current_task(window) == "t-4"
    assert bar.count.text() == "2 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # past the end: back to the first
    assert current_node(window) == "api-surface.prefill"
    assert "continued from the top" in window.statusBar().currentMessage()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert current_task(window) == "t-4"
    assert QApplication.focusWidget() is bar.field  # typing can go on


def test_f3_and_shift_f3_step_from_anywhere(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    assert window.doc is not None
    edits.edit_task(window.doc, "t-1", {"notes": "Zephyr knows"})
    edits.edit_task(window.doc, "t-3", {"title": "Replicate with Zephyr"})
    type_query(qtbot, window, "zephyr")
    assert window.find_bar.hits == [Hit("task", "t-1", "notes"), Hit("task", "t-3", "title")]
    assert current_task(window) == "t-1"
    assert window.view is not None
    board = window.view.board.view
    give_focus(qtbot, board)
    qtbot.keyClick(board, Qt.Key.Key_F3)
    assert current_task(window) == "t-3"
    qtbot.keyClick(board, Qt.Key.Key_F3, SHIFT)
    assert current_task(window) == "t-1"


def test_stepping_on_the_only_match_says_so(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    type_query(qtbot, window, "sandbox")
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert current_task(window) == "t-3"
    assert window.statusBar().currentMessage() == "This is the only match"


def test_down_in_the_find_field_steps_to_the_next_match(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    type_query(qtbot, window, "dana")
    assert window.find_bar.count.text() == "1 of 2"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Down)
    assert window.find_bar.count.text() == "2 of 2" and current_task(window) == "t-4"


def test_no_matches_says_so(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    before = current_node(window)
    type_query(qtbot, window, "no such words anywhere")
    assert window.find_bar.hits == []
    assert window.find_bar.count.text() == "No matches"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert current_node(window) == before


def test_a_task_hidden_by_hide_done_is_shown(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    assert window.view is not None
    board = window.view.board
    board.board_actions.hide_done.setChecked(True)
    assert not board.select_task("t-1")  # done, so hidden
    type_query(qtbot, window, "conceded")
    assert current_task(window) == "t-1"
    assert not board.board_actions.hide_done.isChecked()


def test_matches_follow_edits_from_where_they_stood(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    assert window.doc is not None
    edits.edit_task(window.doc, "t-1", {"notes": "Zephyr knows"})
    edits.edit_task(window.doc, "t-3", {"title": "Replicate with Zephyr"})
    type_query(qtbot, window, "zephyr")
    bar = window.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert current_task(window) == "t-3"
    # A new match before the one shown, and the next one after it.
    edits.edit_task(window.doc, "t-2", {"title": "Ask Zephyr about collaborations"})
    edits.edit_task(window.doc, "t-4", {"notes": "Zephyr again"})
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert current_task(window) == "t-4"
    assert bar.count.text() == "4 of 4"
    window.doc.undo_stack.undo()  # t-4 no longer matches
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert current_task(window) == "t-3"


def test_escape_clears_then_closes_and_gives_the_keys_back(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    type_query(qtbot, window, "sandbox")
    assert current_task(window) == "t-3"
    bar = window.find_bar
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isVisible() and bar.field.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.view is not None
    assert QApplication.focusWidget() is window.view.board.view


def test_closing_the_plan_closes_the_bar(make_window, saved_sample: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    type_query(qtbot, window, "dana")
    window.close_plan()
    assert not window.find_bar.isVisible()
    assert window.find_bar.hits == []
    assert not window.window_actions.find.isEnabled()


def test_the_attribute_filter_keeps_its_own_key(
    make_window, saved_sample: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_window, saved_sample, qtbot)
    assert window.view is not None
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_F, CTRL | SHIFT)
    assert QApplication.focusWidget() is window.view.attributes.filter
    assert not window.find_bar.isVisible()
