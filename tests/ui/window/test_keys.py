"""The window's keys: every platform key bound, no clashes, help, zoom, moves and new plans."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.storage.files import read_plan, save_plan
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import actions, dialogs
from insider_planner.ui.board.delegate import StrategyDelegate
from insider_planner.ui.window.main_window import MainWindow
from insider_planner.ui.window.shortcuts import menu_shortcuts
from insider_planner.ui.window.zoom import NORMAL, ZOOM_STEPS
from tests.generate import large_plan
from tests.ui.conftest import give_focus

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYS = QKeySequence.StandardKey

#: What an X11 desktop's key scheme lists for the keys with common alternatives.
X11 = {
    KEYS.Redo: ["Ctrl+Shift+Z", "Redo"],
    KEYS.Close: ["Ctrl+W"],
    KEYS.ZoomIn: ["Ctrl++"],
}


@pytest.fixture
def x11_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bind keys as Qt does under X11 (tests otherwise run with the Windows scheme)."""
    real = actions.platform_keys

    def x11(key: QKeySequence.StandardKey) -> list[QKeySequence]:
        if key in X11:
            return [QKeySequence(text) for text in X11[key]]
        return real(key)

    monkeypatch.setattr(actions, "platform_keys", x11)


def texts(keys: list[QKeySequence]) -> list[str]:
    return [key.toString() for key in keys]


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# --- every key of the platform, and the common alternatives --------------------------------


def test_standard_keys_add_the_common_alternatives_a_scheme_lacks(x11_keys: None) -> None:
    assert texts(actions.standard_keys(KEYS.Redo)) == ["Ctrl+Shift+Z", "Redo", "Ctrl+Y"]
    assert texts(actions.standard_keys(KEYS.Close)) == ["Ctrl+W"]  # not twice
    assert texts(actions.standard_keys(KEYS.ZoomIn)) == ["Ctrl++", "Ctrl+="]


def test_standard_keys_keep_every_key_of_the_windows_scheme() -> None:
    redo = texts(actions.standard_keys(KEYS.Redo))
    assert redo[0] == "Ctrl+Y" and "Ctrl+Shift+Z" in redo and len(redo) == len(set(redo))
    assert texts(actions.standard_keys(KEYS.Close))[:2] == ["Ctrl+F4", "Ctrl+W"]


def tick_with_space(qtbot: QtBot, window: MainWindow, node_id: str) -> None:
    assert window.view is not None
    window.view.attributes.select_node(node_id)
    give_focus(qtbot, window.view.attributes.view)
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_Space)


@pytest.mark.parametrize("scheme", ["windows", "x11"])
def test_ctrl_y_and_ctrl_shift_z_both_redo(
    qtbot: QtBot, make_window, saved_sample: Path, request: pytest.FixtureRequest, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    if scheme == "x11":
        request.getfixturevalue("x11_keys")
    window = make_window(saved_sample)
    doc = window.doc
    tick_with_space(qtbot, window, "metrics.benchmarks")
    tree = window.view.attributes.view
    for redo in ((Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)):
        qtbot.keyClick(tree, Qt.Key.Key_Z, CTRL)
        assert not doc.plan.state("metrics.benchmarks").held
        qtbot.keyClick(tree, *redo)
        assert doc.plan.state("metrics.benchmarks").held


@pytest.mark.parametrize("scheme", ["windows", "x11"])
def test_ctrl_w_closes_the_plan(
    qtbot: QtBot, make_window, saved_sample: Path, request: pytest.FixtureRequest, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    if scheme == "x11":
        request.getfixturevalue("x11_keys")
    window = make_window(saved_sample)
    give_focus(qtbot, window.view.attributes.view)
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_W, CTRL)
    assert window.doc is None
    assert window.stack.currentWidget() is window.start_page


@pytest.mark.parametrize("scheme", ["windows", "x11"])
def test_no_two_enabled_actions_share_a_key(
    qtbot: QtBot, make_window, saved_sample: Path, request: pytest.FixtureRequest, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    if scheme == "x11":
        request.getfixturevalue("x11_keys")
    window = make_window(saved_sample)
    tick_with_space(qtbot, window, "metrics.benchmarks")
    tick_with_space(qtbot, window, "metrics.incident-reports")
    window.window_actions.undo.trigger()  # both undo and redo enabled
    board = window.view.board
    board.select_task("t-3")  # the board's task actions enabled
    enabled = [a for a in window.findChildren(QAction) if a.isEnabled() and a.shortcuts()]
    assert window.window_actions.redo in enabled and board.board_actions.move_down in enabled
    owner: dict[str, str] = {}
    for action in enabled:
        for key in action.shortcuts():
            text = key.toString()
            assert text not in owner, f"{text}: {owner.get(text)} and {action.text()}"
            owner[text] = action.text()
    assert {"Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+W", "Ctrl+=", "Ctrl+0", "F1"} <= set(owner)


# --- Help ▸ Keyboard Shortcuts -------------------------------------------------------------


def test_f1_lists_every_actions_keys_grouped_by_menu(
    qtbot: QtBot, make_window, saved_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda *args: shown.append(args[1]))
    give_focus(qtbot, window.view.attributes.view)
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_F1)
    assert shown == []  # no plain message box
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    tree = dialog.tree
    groups = {
        tree.topLevelItem(row).text(0): {
            tree.topLevelItem(row).child(c).text(0): tree.topLevelItem(row).child(c).text(1)
            for c in range(tree.topLevelItem(row).childCount())
        }
        for row in range(tree.topLevelItemCount())
    }
    assert list(groups) == ["File", "Edit", "Tasks", "View", "Help"]
    native = QKeySequence.SequenceFormat.NativeText
    redo = window.window_actions.redo
    assert groups["Edit"]["Redo"] == ", ".join(k.toString(native) for k in redo.shortcuts())
    assert "Ctrl+Y" in groups["Edit"]["Redo"] and "Ctrl+Shift+Z" in groups["Edit"]["Redo"]
    assert "Ctrl+W" in groups["File"]["Close Plan"]
    assert groups["Tasks"]["Move Up"] == "Ctrl+Up"
    assert groups["Help"]["Keyboard Shortcuts"].startswith("F1")
    # Every action with keys in the menus is listed, and nothing else.
    listed = sum(len(rows) for rows in groups.values())
    with_keys = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert listed == len(with_keys)


def test_the_shortcut_list_is_read_from_the_actions_and_searchable(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.window_actions.find.setShortcuts([QKeySequence("Ctrl+K")])
    assert ("Find", "Ctrl+K") in dict(menu_shortcuts(window.menuBar()))["Edit"]
    window.window_actions.shortcuts.trigger()
    dialog = window.shortcuts_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.search, "redo")
    tree = dialog.tree
    visible = [
        tree.topLevelItem(row).child(c).text(0)
        for row in range(tree.topLevelItemCount())
        if not tree.topLevelItem(row).isHidden()
        for c in range(tree.topLevelItem(row).childCount())
        if not tree.topLevelItem(row).child(c).isHidden()
    ]
    assert visible == ["Redo"]
    assert not dialog.empty.isVisible()
    dialog.search.setText("no such action")
    assert dialog.empty.isVisible()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)  # clears the search
    assert not dialog.empty.isVisible()


def test_down_in_the_shortcut_search_goes_to_the_first_action_shown(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.window_actions.shortcuts.trigger()
    dialog = window.shortcuts_dialog
    assert dialog is not None
    qtbot.waitActive(dialog)
    qtbot.keyClicks(dialog.search, "redo")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.tree.currentItem() is not None
    assert dialog.tree.currentItem().text(0) == "Redo"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.tree)


# --- zoom ------------------------------------------------------------------------------------


def point_size(widget) -> float:  # type: ignore[no-untyped-def]
    return float(widget.font().pointSizeF())


def task_row_height(window: MainWindow) -> int:
    view = window.view.board.view
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    delegate = view.itemDelegate()
    assert isinstance(delegate, StrategyDelegate)
    return delegate.row_heights(option)[1]


def test_ctrl_plus_minus_and_zero_zoom_the_three_lists_together(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    view = window.view
    gap = window.gap_dock.widget()
    lists = [view.attributes.view, view.board.view, gap.view, gap.chart]
    normal = [point_size(w) for w in lists]
    normal_row = view.board.view.verticalHeader().sectionSize(1)
    give_focus(qtbot, view.attributes.view)
    qtbot.keyClick(view.attributes.view, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(view.attributes.view, Qt.Key.Key_Plus, CTRL)
    assert window.text_zoom.percent == 125
    assert [point_size(w) for w in lists] == pytest.approx([s * 1.25 for s in normal])
    assert status(window) == "Text size 125%"
    # Task rows take their height from the delegate, measured again for the new font.
    rows = view.board.view.verticalHeader()
    assert rows.sectionSize(1) == task_row_height(window) > normal_row
    assert AppSettings().text_zoom == 125  # remembered
    qtbot.keyClick(view.attributes.view, Qt.Key.Key_Minus, CTRL)
    assert [point_size(w) for w in lists] == pytest.approx([s * 1.1 for s in normal])
    qtbot.keyClick(view.attributes.view, Qt.Key.Key_0, CTRL)
    assert [point_size(w) for w in lists] == pytest.approx(normal)
    assert not view.board.view.testAttribute(Qt.WidgetAttribute.WA_SetFont)  # inherits again
    assert rows.sectionSize(1) == normal_row


def test_zoom_stops_at_its_limits_and_says_so(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    for _ in range(len(ZOOM_STEPS) + 2):
        window.window_actions.zoom_in.trigger()
    assert window.text_zoom.percent == ZOOM_STEPS[-1]
    assert "largest" in status(window)
    for _ in range(2 * len(ZOOM_STEPS)):
        window.window_actions.zoom_out.trigger()
    assert window.text_zoom.percent == ZOOM_STEPS[0]
    assert "smallest" in status(window)
    window.window_actions.zoom_reset.trigger()
    window.window_actions.zoom_reset.trigger()
    assert window.text_zoom.percent == NORMAL and "actual size" in status(window)


def test_the_zoom_is_restored_at_the_next_start(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    first = make_window(saved_sample)
    first.window_actions.zoom_in.trigger()
    first.window_actions.zoom_in.trigger()
    assert first.close()
    normal = QApplication.font().pointSizeF()
    second = make_window(saved_sample)
    assert second.text_zoom.percent == 125
    assert point_size(second.view.board.view) == pytest.approx(normal * 1.25)
    assert point_size(second.gap_dock.widget().view) == pytest.approx(normal * 1.25)


@pytest.mark.parametrize(("stored", "shown"), [("huge", 100), ("1000", 200), ("-3", 60)])
def test_a_hand_edited_zoom_setting_becomes_a_zoom_step(
    make_window, saved_sample: Path, stored: str, shown: int
) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings()
    settings.set_value("view/text_zoom", stored)
    settings.sync()
    window = make_window(saved_sample)
    assert window.text_zoom.percent == shown


def test_zooming_a_big_board_does_no_work_per_task(
    qtbot: QtBot, make_window, catalog: Catalog, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "big.insiderplan"
    save_plan(path, large_plan(catalog, nodes=0, tasks=20_000))
    window = make_window(path)
    board = window.view.board
    for lane in range(6):
        board.view.set_expanded(lane, True)
    assert board.flat.rowCount() > 20_000
    qtbot.wait(1)
    calls = [0]

    def count(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "call" and "insider_planner" in frame.f_code.co_filename:
            calls[0] += 1

    sys.setprofile(count)
    try:
        window.window_actions.zoom_in.trigger()
        window.repaint()
        QApplication.processEvents()
    finally:
        sys.setprofile(None)
    assert board.view.verticalHeader().sectionSize(1) == task_row_height(window)
    # The rows on screen are painted again; nothing walks the 20,000 tasks.
    assert 0 < calls[0] < 10_000


# --- moves that cannot be made ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("task_id", "key", "message"),
    [
        ("t-1", Qt.Key.Key_Up, "Already the first task in this step"),
        ("t-2", Qt.Key.Key_Down, "Already the last task in this step"),
    ],
)
def test_a_move_past_the_end_of_a_step_says_why(
    qtbot: QtBot, make_window, saved_sample: Path, task_id: str, key: Qt.Key, message: str
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    board = window.view.board
    board.select_task(task_id)
    give_focus(qtbot, board.view)
    before = [t.id for t in window.doc.plan.strategies[0].tasks]
    qtbot.keyClick(board.view, key, CTRL)
    assert status(window) == message
    assert [t.id for t in window.doc.plan.strategies[0].tasks] == before
    assert board.view.currentIndex() == board.to_view(board.model.task_index(task_id))


def test_a_move_that_can_be_made_says_nothing_and_the_first_step_says_so(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    board = window.view.board
    board.select_task("t-2")
    give_focus(qtbot, board.view)
    window.statusBar().clearMessage()
    qtbot.keyClick(board.view, Qt.Key.Key_Up, CTRL)
    assert [t.id for t in window.doc.plan.strategies[0].tasks] == ["t-2", "t-1"]
    assert status(window) == ""
    board.view.setCurrentIndex(board.flat.index(0, 0))  # the first step
    qtbot.keyClick(board.view, Qt.Key.Key_Up, CTRL)
    assert status(window) == "Already the first step"


# --- new plans ---------------------------------------------------------------------------------


def test_ctrl_n_selects_the_title_so_typing_replaces_it(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    give_focus(qtbot, window.view.attributes.view)
    qtbot.keyClick(window.view.attributes.view, Qt.Key.Key_N, CTRL)
    title = window.view.header.title
    assert window.doc.path != saved_sample
    assert QApplication.focusWidget() is title
    qtbot.keyClicks(QApplication.focusWidget(), "Interp pilot")
    assert title.text() == "Interp pilot"
    assert window.commit_and_save()
    assert window.doc.path is not None
    assert read_plan(window.doc.path).plan.title == "Interp pilot"


def test_a_long_title_shows_its_start_after_loading(
    make_window, sample_plan: Plan, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "long.insiderplan"
    sample_plan.title = "A rather long plan title " * 8
    save_plan(path, sample_plan)
    window = make_window(path)
    assert window.view.header.title.cursorPosition() == 0


def plan_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob("*.insiderplan"))


def test_an_untouched_new_plan_leaves_nothing_behind(
    qtbot: QtBot, make_window, saved_sample: Path, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.window_actions.new.trigger()
    new_path = window.doc.path
    assert window.plan_list.rowCount() == 2  # listed while open
    qtbot.wait(50)  # nothing to autosave
    window.open_path(saved_sample)  # switching away
    assert plan_files(data_dir) == ["sample.insiderplan"]
    assert [e.path for e in window.plan_list.entries] == [saved_sample]
    assert AppSettings().last_plan == saved_sample
    assert new_path not in AppSettings().recent_files()
    window.window_actions.new.trigger()
    assert window.close()  # quitting
    assert plan_files(data_dir) == ["sample.insiderplan"]


def test_a_new_plan_stays_listed_while_another_plan_is_duplicated(
    make_window, saved_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.window_actions.new.trigger()
    window.duplicate_plan(saved_sample)
    assert window.plan_list.rowCount() == 3
    assert window.doc.path in [e.path for e in window.plan_list.entries]
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda *args: shown.append(args[2]))
    window.duplicate_plan(window.doc.path)  # the new plan itself: written first
    assert shown == []
    assert window.plan_list.rowCount() == 4


def test_deleting_an_untouched_new_plan_needs_no_file(
    make_window, saved_sample: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.window_actions.new.trigger()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    monkeypatch.setattr(dialogs, "show_error", lambda *args: shown.append(args[2]))
    window.delete_plan(window.doc.path)
    assert shown == []
    assert window.doc is None and window.stack.currentWidget() is window.start_page
    assert plan_files(data_dir) == ["sample.insiderplan"]


def test_text_typed_into_a_new_plan_is_saved_when_the_app_must_stop(
    qtbot: QtBot, make_window, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()  # the first start: the start page
    window.start_page.new_button.click()
    title = window.view.header.title
    title.pause.set_interval(600_000)  # only stopping commits this typing
    give_focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "Typed then stopped")
    path = window.doc.path
    assert not path.exists()
    window.shut_down()
    assert read_plan(path).plan.title == "Typed then stopped"
    assert AppSettings().last_plan == path
