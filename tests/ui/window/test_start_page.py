"""The start page: shown while no plan is open, and its three ways to a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from insider_planner import APP_TITLE
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.sample import demo_plan
from insider_planner.storage.files import plan_bytes, read_plan, save_plan
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs
from insider_planner.ui.plans.panel import PlanListView
from insider_planner.ui.window.main_window import MainWindow
from tests.ui.conftest import fail_saves

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def plan_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("*.insiderplan"))


def on_start_page(window: MainWindow) -> bool:
    return window.doc is None and window.stack.currentWidget() is window.start_page


def content(plan: Plan) -> dict[str, Any]:
    """What a plan says, without its ids and times."""
    dumped = plan.model_dump(mode="json", exclude={"id", "title", "created", "updated"})
    for lane in dumped["strategies"]:
        for task in lane["tasks"]:
            del task["id"]
    return dumped


def active(qtbot: QtBot, window: MainWindow) -> None:
    """Make the window the active one, so that its keys and mnemonics reach it."""
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def focus_is(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A real key press, sent where the keyboard focus is."""
    target = QApplication.focusWidget()
    assert target is not None
    if modifier is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, modifier)


# --- when it shows -------------------------------------------------------------------------


def test_a_fresh_start_shows_the_start_page_and_writes_nothing(make_window, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert on_start_page(window)
    page = window.start_page
    assert page.heading.text() == APP_TITLE
    assert page.intro.isVisibleTo(window) and "action board" in page.intro.text()
    assert not page.message.isVisibleTo(window)
    assert not page.hint.isVisibleTo(window)  # no plans to point at
    assert window.windowTitle() == APP_TITLE
    assert plan_files(data_dir) == []
    assert not data_dir.exists() or list(data_dir.rglob("*")) == []
    assert window.close()
    assert plan_files(data_dir) == []  # quitting from it leaves no plan either


def test_while_it_shows_the_actions_that_need_a_plan_are_off(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    actions = window.window_actions
    for action in actions.needing_a_plan():
        assert not action.isEnabled(), action.text()
    assert not actions.undo.isEnabled() and not actions.redo.isEnabled()
    assert not window.menus.tasks.menuAction().isEnabled()
    assert actions.new.isEnabled() and actions.open.isEnabled()
    window.start_page.new_button.click()
    assert window.menus.tasks.menuAction().isEnabled()
    assert actions.close.isEnabled() and actions.export["pdf"].isEnabled()


def test_an_empty_plan_list_says_there_are_no_plans(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = window.plans_panel.view
    assert isinstance(view, PlanListView)
    base = view.palette().color(QPalette.ColorRole.Base)

    def painted() -> set[int]:
        image = view.viewport().grab().toImage()
        return {
            image.pixel(x, y)
            for x in range(0, image.width(), 2)
            for y in range(0, min(image.height(), 60), 2)
        }

    assert window.plan_list.rowCount() == 0
    assert painted() - {base.rgb()}  # the hint's text, drawn on the empty list


def test_close_plan_brings_the_start_page_back(
    qtbot: QtBot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    active(qtbot, window)
    window.window_actions.close.trigger()
    assert on_start_page(window)
    assert window.windowTitle() == APP_TITLE
    assert window.start_page.heading.text() == APP_TITLE
    assert window.start_page.hint.isVisibleTo(window)  # the closed plan is still listed
    assert window.plan_list.current is None
    focus_is(qtbot, window.start_page.new_button)


def test_the_page_says_why_a_plan_could_not_be_opened_then_welcomes_after_a_close(
    make_window, data_dir: Path, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    broken = data_dir / "broken.insiderplan"
    broken.write_bytes(b"{")
    window = make_window(broken)
    page = window.start_page
    assert on_start_page(window)
    assert page.heading.text() == "This plan could not be opened"
    assert str(broken) in page.message.text() and not page.intro.isVisibleTo(window)
    assert page.new_button.isVisibleTo(window) and page.example_button.isVisibleTo(window)
    assert window.open_path(saved_sample)
    assert window.close_plan()
    assert page.heading.text() == APP_TITLE and page.intro.isVisibleTo(window)
    assert not page.message.isVisibleTo(window)
    assert broken.read_bytes() == b"{"


def test_when_no_listed_plan_opens_the_page_says_why_and_no_plan_is_made(
    make_window, sample_plan: Plan, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    raw = plan_bytes(sample_plan)
    damaged = data_dir / "damaged.insiderplan"
    damaged.write_bytes(raw[: len(raw) // 2])  # its header reads, its body does not
    window = make_window()
    assert on_start_page(window)
    assert str(damaged) in window.start_page.message.text()
    assert plan_files(data_dir) == [damaged]
    assert damaged.read_bytes() == raw[: len(raw) // 2]


def test_deleting_the_open_plan_shows_the_start_page(
    make_window, saved_sample: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.duplicate_plan(saved_sample)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    window.delete_plan(saved_sample)
    assert on_start_page(window)
    assert window.start_page.hint.isVisibleTo(window)  # the copy is left to open
    assert [p.name for p in plan_files(data_dir)] != ["sample.insiderplan"]
    assert len(plan_files(data_dir)) == 1


def test_a_new_plan_left_untouched_leaves_nothing_and_the_page_returns(
    make_window, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.start_page.new_button.click()
    doc = window.doc
    assert doc is not None and doc.unwritten and doc.plan.title == "Untitled plan"
    assert window.view is not None and window.view.header.title.hasSelectedText()
    assert window.close_plan()
    assert on_start_page(window)
    assert plan_files(data_dir) == [] and window.plan_list.rowCount() == 0
    assert not window.start_page.hint.isVisibleTo(window)


# --- the example plan ----------------------------------------------------------------------


def test_the_example_plan_is_a_new_plan_of_ones_own_saved_at_once(
    make_window, data_dir: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.start_page.example_button.click()
    doc = window.doc
    assert doc is not None and doc.path is not None and not doc.read_only
    assert doc.path.parent == data_dir and doc.path.exists()
    saved = read_plan(doc.path).plan
    assert saved.title == "Example: Probe replication on closed models"
    assert content(saved) == content(demo_plan(catalog))
    assert window.windowTitle().startswith("Example: Probe replication")
    assert AppSettings().last_plan == doc.path
    first = saved.id
    assert window.close_plan()  # left untouched, it stays: the user asked for it
    assert plan_files(data_dir) == [doc.path]
    window.start_page.example_button.click()  # a second copy, with its own ids
    assert window.doc is not None and window.doc.path != doc.path
    second = read_plan(window.doc.path).plan
    assert second.id != first
    first_tasks = {t.id for t in read_plan(doc.path).plan.all_tasks()}
    assert first_tasks.isdisjoint(t.id for t in second.all_tasks())
    assert len(plan_files(data_dir)) == 2


def test_an_example_that_cannot_be_saved_says_so_and_stays_open(
    make_window, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    fail_saves(monkeypatch)
    window.start_page.example_button.click()
    assert window.doc is not None and window.doc.plan.title.startswith("Example: ")
    assert window.banner.isVisibleTo(window)
    assert "No space left on device" in window.banner.text()
    assert plan_files(data_dir) == []
    asked: list[str] = []
    discard = dialogs.UnsavedChoice.DISCARD
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, text: asked.append(text) or discard)
    assert window.close_plan()  # asked before it is let go, as for any plan not saved
    assert asked and "No space left on device" in asked[0]
    assert on_start_page(window)
    assert plan_files(data_dir) == []


# --- opening a file ------------------------------------------------------------------------


def test_open_a_file_opens_the_chosen_plan(
    make_window, sample_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "shared.insiderplan"
    save_plan(outside, sample_plan)
    answers = iter([None, outside])
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: next(answers))
    window = make_window()
    window.start_page.open_button.click()  # cancelled
    assert on_start_page(window)
    window.start_page.open_button.click()
    assert window.doc is not None and window.doc.path == outside


def test_open_a_file_that_is_broken_says_why_on_the_page_and_once_in_a_dialog(
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.insiderplan"
    broken.write_bytes(b"not a plan")
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: broken)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    window = make_window()
    window.start_page.open_button.click()
    assert on_start_page(window)
    assert len(shown) == 1 and str(broken) in shown[0]
    assert str(broken) in window.start_page.message.text()
    assert broken.read_bytes() == b"not a plan"


# --- keyboard ------------------------------------------------------------------------------


def test_enter_takes_the_default_choice_a_new_plan(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    active(qtbot, window)
    page = window.start_page
    assert page.new_button.isDefault()
    focus_is(qtbot, page.new_button)
    press(qtbot, Qt.Key.Key_Return)
    assert window.doc is not None and window.doc.plan.title == "Untitled plan"
    focus_is(qtbot, window.view.header.title)  # type: ignore[union-attr]


def test_tab_visits_the_choices_in_order_and_enter_takes_the_focused_one(
    qtbot: QtBot, make_window
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    active(qtbot, window)
    page = window.start_page
    focus_is(qtbot, page.new_button)
    press(qtbot, Qt.Key.Key_Tab)
    focus_is(qtbot, page.example_button)
    press(qtbot, Qt.Key.Key_Tab)
    focus_is(qtbot, page.open_button)
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    focus_is(qtbot, page.example_button)
    press(qtbot, Qt.Key.Key_Enter)
    assert window.doc is not None and window.doc.plan.title.startswith("Example: ")


def test_each_choice_has_its_own_mnemonic(
    qtbot: QtBot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[object] = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: asked.append(a) or None)
    window = make_window()
    active(qtbot, window)
    page = window.start_page
    focus_is(qtbot, page.new_button)
    # A mnemonic shows the button pressed for a moment, then clicks it.
    press(qtbot, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert on_start_page(window)
    press(qtbot, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.doc.plan.title.startswith("Example: ")
    window.close_plan()
    focus_is(qtbot, page.new_button)
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.doc.plan.title == "Untitled plan"


def test_the_choices_mnemonics_are_not_the_menu_bars(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    menu_keys = {a.text().split("&")[1][0].lower() for a in window.menuBar().actions()}
    page_keys = {b.text().split("&")[1][0].lower() for b in window.start_page.buttons.values()}
    assert len(page_keys) == 3 and not page_keys & menu_keys


def test_the_page_points_at_the_plan_list_only_while_it_is_shown(
    make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.plans_dock.hide()
    assert window.close_plan()
    assert not window.start_page.hint.isVisibleTo(window)
    window.plans_dock.show()
    assert window.open_path(saved_sample) and window.close_plan()
    assert window.start_page.hint.isVisibleTo(window)
