"""The plan header: title, target and project commit after a pause, within their limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from insider_planner.domain.limits import LONG_TEXT_MAX, TARGET_MAX, TITLE_MAX
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.window.plan_header import PlanHeader
from tests.ui.conftest import show_with_focus

PAUSE = 50


def make_header(qtbot: QtBot, doc: PlanDocument) -> PlanHeader:
    header = PlanHeader(doc)
    for editor in (header.title, header.target, header.project):
        editor.pause.set_interval(PAUSE)
    show_with_focus(qtbot, header, (600, 200), header.title)
    return header


def test_title_commits_after_a_pause_as_one_undo_step(qtbot: QtBot, doc: PlanDocument) -> None:
    header = make_header(qtbot, doc)
    header.title.end(False)
    qtbot.keyClicks(header.title, " and more")
    assert doc.plan.title == "Interpretability pilot"  # not per keystroke
    qtbot.waitUntil(lambda: doc.plan.title == "Interpretability pilot and more", timeout=2000)
    assert doc.undo_stack.count() == 1
    assert header.title.hasFocus()


def test_a_trailing_space_being_typed_is_kept(qtbot: QtBot, doc: PlanDocument) -> None:
    header = make_header(qtbot, doc)
    header.title.end(False)
    qtbot.keyClicks(header.title, " v2 ")
    qtbot.waitUntil(lambda: doc.plan.title == "Interpretability pilot v2", timeout=2000)
    qtbot.keyClicks(header.title, "final")
    assert header.title.text() == "Interpretability pilot v2 final"


def test_a_cleared_title_waits_until_the_field_is_left(qtbot: QtBot, doc: PlanDocument) -> None:
    header = make_header(qtbot, doc)
    header.title.selectAll()
    qtbot.keyClick(header.title, Qt.Key.Key_Delete)
    qtbot.wait(4 * PAUSE)
    assert doc.plan.title == "Interpretability pilot" and header.title.text() == ""
    qtbot.keyClicks(header.title, "Renamed")
    qtbot.waitUntil(lambda: doc.plan.title == "Renamed", timeout=2000)
    assert doc.undo_stack.count() == 1


def test_target_commits_after_a_pause(qtbot: QtBot, doc: PlanDocument) -> None:
    header = make_header(qtbot, doc)
    header.target.setFocus()
    header.target.end(False)
    qtbot.keyClicks(header.target, "!")
    qtbot.waitUntil(lambda: doc.plan.target == "A frontier lab!", timeout=2000)
    assert doc.undo_stack.count() == 1


def test_editors_stop_at_the_plan_limits(qtbot: QtBot, doc: PlanDocument) -> None:
    header = make_header(qtbot, doc)
    assert header.title.maxLength() == TITLE_MAX
    assert header.target.maxLength() == TARGET_MAX
    assert header.project.max_length == LONG_TEXT_MAX
    header.title.setText("")
    qtbot.keyClicks(header.title, "x" * (TITLE_MAX + 5))
    assert len(header.title.text()) == TITLE_MAX
