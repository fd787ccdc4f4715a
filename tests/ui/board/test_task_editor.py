"""The task editor under the action board: what it shows, and each edit as one undo step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from insider_planner.domain.limits import LONG_TEXT_MAX, TITLE_MAX
from insider_planner.domain.plan import TaskStatus
from insider_planner.ui import edits
from insider_planner.ui.board.flat import is_strategy_row
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.board.task_editor import TaskEditor
from insider_planner.ui.commands import quoted
from insider_planner.ui.document import PlanDocument
from tests.ui.board.helpers import current_id, select_strategy, show_panel


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> BoardPanel:
    return show_panel(qtbot, doc)


T1 = "Ask past collaborators what they conceded"
PAGES = ("empty", "strategy", "task")


def page(editor: TaskEditor) -> str:
    """Which of the editor's pages is showing."""
    return PAGES[editor._stack.currentIndex()]


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


# --- what it shows ----------------------------------------------------------------------------


def test_editor_shows_the_current_task(panel: BoardPanel) -> None:
    panel.select_task("t-3")
    editor = panel.editor
    assert editor.title_edit.text() == "Replicate on closed weights"
    assert editor.notes_edit.toPlainText() == "Ask for a sandbox"
    assert editor.status_combo.currentText() == "To do"
    assert editor.due_check.isChecked() and editor.due_edit.date().toPython() == date(2027, 3, 1)
    assert not editor.private_check.isChecked()
    assert editor.links.links_list.item(0).text() == "Internals › Weights"
    select_strategy(panel, 1)
    assert editor.strategy_title.text() == "2. Build connections"
    assert editor.strategy_description.text().startswith("Work out who at the lab")


def test_the_empty_page_when_nothing_is_selected(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    fresh = BoardPanel(doc)  # nothing current yet
    qtbot.addWidget(fresh)
    assert page(fresh.editor) == "empty" and fresh.editor.task_id is None
    editor = panel.editor
    panel.select_task("t-2")
    assert page(editor) == "task" and editor.task_id == "t-2"
    assert editor.title_edit.isVisible() and not editor._empty.isVisible()
    panel.view.setCurrentIndex(QModelIndex())  # the selection is cleared
    assert page(editor) == "empty" and editor.task_id is None
    assert not panel.editor_shown()  # the board takes the editor's room meanwhile
    assert editor._empty.isVisibleTo(editor) and not editor.title_edit.isVisibleTo(editor)
    assert editor._empty.text() == "Select a task to edit it, or a step to read about it."
    assert not editor._empty.isEnabled()  # shown greyed out


def shown_panel(qtbot: QtBot, doc: PlanDocument) -> BoardPanel:
    """A board panel as a plan opens: shown, with nothing current."""
    fresh = BoardPanel(doc)
    qtbot.addWidget(fresh)
    fresh.resize(760, 720)
    fresh.show()
    qtbot.waitExposed(fresh)
    return fresh


def click_row(qtbot: QtBot, panel: BoardPanel, task_id: str) -> None:
    index = panel.to_view(panel.model.task_index(task_id))
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_id(panel) == task_id


def row_top(panel: BoardPanel, task_id: str) -> int:
    return panel.view.visualRect(panel.to_view(panel.model.task_index(task_id))).top()


def test_the_editor_takes_no_room_until_a_row_is_current(qtbot: QtBot, doc: PlanDocument) -> None:
    fresh = shown_panel(qtbot, doc)
    assert current_id(fresh) is None and not fresh.editor_shown()
    assert not fresh.editor.isVisible()
    assert fresh.view.height() == fresh.splitter.height()  # the board has all of it
    full, top = fresh.view.height(), row_top(fresh, "t-1")
    click_row(qtbot, fresh, "t-1")
    assert fresh.editor_shown() and fresh.editor.title_edit.isVisible()
    assert fresh.view.height() < full  # the board gave up its bottom...
    assert row_top(fresh, "t-1") == top  # ...and the row clicked stayed under the mouse
    height = fresh.view.height()
    click_row(qtbot, fresh, "t-2")  # from task to task, nothing moves
    click_row(qtbot, fresh, "t-1")
    select_strategy(fresh, 1)  # a step shows in the editor too
    assert page(fresh.editor) == "strategy" and fresh.editor_shown()
    assert fresh.view.height() == height and row_top(fresh, "t-1") == top


def test_a_row_the_editor_comes_over_is_scrolled_into_view(qtbot: QtBot, doc: PlanDocument) -> None:
    for n in range(40):
        edits.add_task(doc, "understand", None, f"Extra {n}")
    fresh = shown_panel(qtbot, doc)
    view = fresh.view
    last = view.rowAt(view.viewport().height() - 2)
    assert not is_strategy_row(fresh.flat.index(last, 0))  # the first step fills the board
    task_id = fresh.model.task_of(fresh.to_source(fresh.flat.index(last, 0))).id
    click_row(qtbot, fresh, task_id)
    assert fresh.editor_shown()
    rect = view.visualRect(view.currentIndex())
    assert rect.top() >= 0 and rect.bottom() < view.viewport().height()


# --- single-line fields ----------------------------------------------------------------------


def test_editor_edits_are_undoable(qtbot: QtBot, panel: BoardPanel, doc: PlanDocument) -> None:
    panel.select_task("t-4")
    editor = panel.editor
    editor.status_combo.setCurrentIndex(1)
    editor.status_combo.activated.emit(1)
    assert doc.task("t-4").status is TaskStatus.DOING
    editor.private_check.click()
    assert doc.task("t-4").private is False
    editor.due_check.click()
    assert doc.task("t-4").due == date.today()
    editor.due_edit.setDate(editor.due_edit.date().addDays(3))
    editor.due_edit.editingFinished.emit()
    assert doc.task("t-4").due is not None and (doc.task("t-4").due - date.today()).days == 3
    editor.due_check.click()
    assert doc.task("t-4").due is None
    assert doc.undo_stack.count() == 5
    for _ in range(5):
        doc.undo_stack.undo()
    task = doc.task("t-4")
    assert (task.status, task.private, task.due) == (TaskStatus.TODO, True, None)
    assert editor.private_check.isChecked() and not editor.due_check.isChecked()


def test_an_empty_title_is_refused(qtbot: QtBot, panel: BoardPanel, doc: PlanDocument) -> None:
    panel.select_task("t-1")
    title = panel.editor.title_edit
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert doc.task("t-1").title == "Ask past collaborators what they conceded"
    assert title.text() == doc.task("t-1").title
    assert doc.undo_stack.count() == 0


def test_a_title_typed_and_entered_is_one_undo_step(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-2")
    title = panel.editor.title_edit
    focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "Map the comparable deals")
    assert doc.task("t-2").title == "List comparable collaborations"  # not per keystroke
    assert doc.undo_stack.count() == 0
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert doc.task("t-2").title == "Map the comparable deals"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Rename Task to 'Map the comparable deals'"
    focus(qtbot, panel.view)  # leaving the field does not commit a second time
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.task("t-2").title == "List comparable collaborations"
    assert title.text() == "List comparable collaborations"  # the editor follows the undo
    doc.undo_stack.redo()
    assert title.text() == "Map the comparable deals"


def test_a_blank_title_is_refused_on_leaving_and_the_old_one_restored(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-3")
    title = panel.editor.title_edit
    focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "   ")
    focus(qtbot, panel.view)  # focus-out finishes the edit
    assert doc.task("t-3").title == "Replicate on closed weights"
    assert title.text() == "Replicate on closed weights"
    # A blank title left pending is not committed when the selection changes either.
    title.setText("  ")
    panel.select_task("t-4")
    qtbot.wait(20)
    assert doc.task("t-3").title == "Replicate on closed weights"
    assert doc.undo_stack.count() == 0


def test_the_status_combo_from_the_keyboard_is_one_undo_step_each(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-3")  # to do
    combo = panel.editor.status_combo
    focus(qtbot, combo)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert doc.task("t-3").status is TaskStatus.DOING
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Mark 'Replicate on closed weights' Doing"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert doc.task("t-3").status is TaskStatus.DONE
    assert doc.undo_stack.count() == 2
    assert panel.progress_label.text() == "2 of 4 done (50%)"
    doc.undo_stack.undo()
    assert doc.task("t-3").status is TaskStatus.DOING
    assert combo.currentText() == "Doing"
    # Space in the board changes the status too, and the combo follows.
    focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert combo.currentText() == "Done"


def test_the_private_checkbox_is_one_undo_step_each(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    check = panel.editor.private_check
    focus(qtbot, check)
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert doc.task("t-1").private is True
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == f"Mark {quoted(T1)} Private"
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert doc.task("t-1").private is False
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.task("t-1").private is True and check.isChecked()
    doc.undo_stack.undo()
    assert doc.task("t-1").private is False and not check.isChecked()


def test_due_date_steps_commit_after_a_pause_as_one_step(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-3")  # due 1 Mar 2027
    editor = panel.editor
    editor._due_pause.set_interval(200)
    focus(qtbot, editor.due_edit)
    for _ in range(3):
        qtbot.keyClick(editor.due_edit, Qt.Key.Key_Up)
    shown = editor.due_edit.date().toPython()
    assert shown != date(2027, 3, 1)
    assert doc.task("t-3").due == date(2027, 3, 1)  # not per step
    qtbot.waitUntil(lambda: doc.task("t-3").due == shown, timeout=2000)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Set Due Date of 'Replicate on closed weights'"
    # A step still waiting for its pause is committed when the selection changes.
    qtbot.keyClick(editor.due_edit, Qt.Key.Key_Up)
    later = editor.due_edit.date().toPython()
    panel.select_task("t-4")
    qtbot.waitUntil(lambda: doc.task("t-3").due == later)
    assert doc.undo_stack.count() == 2
    assert doc.task("t-4").due is None and not editor.due_check.isChecked()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.task("t-3").due == date(2027, 3, 1)


# --- notes -----------------------------------------------------------------------------------


def test_notes_commit_after_a_pause(qtbot: QtBot, panel: BoardPanel, doc: PlanDocument) -> None:
    panel.select_task("t-1")
    notes = panel.editor.notes_edit
    notes.pause.set_interval(50)
    notes.setFocus()
    qtbot.keyClicks(notes, "Three people")
    assert doc.task("t-1").notes == ""  # not per keystroke
    qtbot.waitUntil(lambda: doc.task("t-1").notes == "Three people", timeout=2000)
    assert doc.undo_stack.count() == 1


def test_switching_tasks_commits_pending_notes(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    panel.editor.notes_edit.setPlainText("Written but not yet committed")
    panel.select_task("t-2")
    assert panel.editor.notes_edit.toPlainText() == ""
    # Committed from the event loop: the selection may change in the middle of an edit.
    qtbot.waitUntil(lambda: doc.task("t-1").notes == "Written but not yet committed")
    assert doc.undo_stack.count() == 1


@pytest.mark.parametrize(
    ("k", "mod"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    ],
    ids=["escape", "ctrl-return"],
)
def test_leaving_the_notes_by_key_commits_and_returns_to_the_board(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument, k: Qt.Key, mod: Qt.KeyboardModifier
) -> None:
    panel.select_task("t-2")
    notes = panel.editor.notes_edit
    focus(qtbot, notes)
    qtbot.keyClicks(notes, "Ask Dana")
    assert doc.task("t-2").notes == ""  # the pause has not passed
    qtbot.keyClick(notes, k, mod)
    assert doc.task("t-2").notes == "Ask Dana"
    assert notes.toPlainText() == "Ask Dana"  # the key typed nothing
    assert QApplication.focusWidget() is panel.view
    assert current_id(panel) == "t-2"
    assert doc.task("t-2").status is TaskStatus.DOING  # Ctrl+Return did not reach the board
    assert doc.undo_stack.count() == 1  # the focus-out does not commit again
    assert doc.undo_stack.undoText() == "Edit Notes of 'List comparable collaborations'"
    qtbot.wait(50)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.task("t-2").notes == "" and notes.toPlainText() == ""


def test_leaving_the_notes_commits_a_paragraph_as_one_step(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-3")
    notes = panel.editor.notes_edit
    focus(qtbot, notes)
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "Granted for two weeks")
    focus(qtbot, panel.editor.title_edit)
    assert doc.task("t-3").notes == "Ask for a sandbox\nGranted for two weeks"
    assert doc.undo_stack.count() == 1


def test_switching_the_selection_commits_typing_as_one_step_on_the_previous_task(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    editor = panel.editor
    focus(qtbot, editor.notes_edit)
    qtbot.keyClicks(editor.notes_edit, "Two said no")
    editor.title_edit.setText("Ask past collaborators")  # changed, not yet entered
    assert editor.notes_edit.has_pending_edit()
    panel.select_task("t-2")  # the focus stays in the notes
    assert editor.task_id == "t-2"
    assert editor.title_edit.text() == "List comparable collaborations"
    assert editor.notes_edit.toPlainText() == ""
    qtbot.waitUntil(lambda: doc.task("t-1").notes == "Two said no")
    assert doc.task("t-1").title == "Ask past collaborators"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == f"Edit Task {quoted(T1)}"
    task = doc.task("t-2")
    assert (task.title, task.notes) == ("List comparable collaborations", "")
    # Leaving the notes now finishes an edit of t-2 that changed nothing.
    focus(qtbot, panel.view)
    qtbot.wait(20)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    task = doc.task("t-1")
    assert (task.title, task.notes) == (T1, "")
    assert editor.task_id == "t-2"  # the undo of another task's edit leaves the editor be


# --- links -----------------------------------------------------------------------------------


def test_link_and_unlink_from_the_editor(panel: BoardPanel, doc: PlanDocument) -> None:
    panel.select_task("t-1")
    editor = panel.editor
    combo = editor.links.link_combo
    row = combo.findData("internals.activations")
    assert row > 0
    assert combo.itemText(row).strip() == "Activations"
    combo.setCurrentIndex(row)
    combo.activated.emit(row)
    assert doc.task("t-1").links == ["internals.activations"]
    assert combo.currentIndex() == 0
    assert editor.links.links_list.item(0).text() == "Internals › Activations"
    editor.links.links_list.item(0).setSelected(True)
    assert editor.links.unlink_button.isEnabled()
    editor.links.unlink_button.click()
    assert doc.task("t-1").links == []
    assert editor.links.links_list.count() == 0
    doc.undo_stack.undo()
    assert editor.links.links_list.count() == 1


# --- the strategy page -------------------------------------------------------------------------


def test_the_strategy_page_shows_the_description_and_progress(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    editor = panel.editor
    select_strategy(panel, 0)  # understand: t-1 done, t-2 doing
    assert page(editor) == "strategy" and editor.task_id is None
    assert editor.strategy_title.text() == "1. Understand how these collaborations work"
    info = doc.catalog.strategy("understand")
    assert info is not None and editor.strategy_description.text() == info.description
    assert editor.strategy_progress.text() == "1 of 2 tasks done"
    edits.set_status(doc, ["t-2"], TaskStatus.DONE)
    assert editor.strategy_progress.text() == "2 of 2 tasks done"
    edits.add_task(doc, "understand", title="Third")
    assert editor.strategy_progress.text() == "2 of 3 tasks done"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert editor.strategy_progress.text() == "1 of 2 tasks done"
    select_strategy(panel, 1)  # connections: no tasks
    assert editor.strategy_progress.text() == "No tasks yet. Add one, or the starter tasks."
    assert editor.strategy_description.text().startswith("Work out who at the lab")


def test_the_starter_button_adds_only_missing_starter_tasks_as_one_step(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    starters = doc.catalog.strategy("connections").starter_tasks  # type: ignore[union-attr]
    assert len(starters) == 3
    have = edits.add_task(doc, "connections", title=starters[1].upper())  # any case counts
    assert have is not None
    select_strategy(panel, 1)
    editor = panel.editor
    assert editor.strategy_progress.text() == "0 of 1 tasks done"
    button = editor.starter_button
    assert button.isEnabled() and button.defaultAction() is panel.board_actions.add_starter_tasks
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    lane = doc.plan.lane("connections")
    assert lane is not None
    assert [t.title for t in lane.tasks] == [starters[1].upper(), starters[0], starters[2]]
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.undoText() == "Add Starter Tasks to 'Build connections'"
    assert panel.selected_task_ids() == [t.id for t in lane.tasks[1:]]  # the new ones
    select_strategy(panel, 1)
    assert editor.strategy_progress.text() == "0 of 3 tasks done"
    assert not button.isEnabled()  # nothing left to add
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()  # one undo removes them all
    assert [t.id for t in lane.tasks] == [have.id]
    assert button.isEnabled()


# --- a read-only plan ------------------------------------------------------------------------


def test_a_plan_turning_read_only_disables_the_task_page(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    editor = panel.editor
    assert editor.title_edit.isEnabled() and editor.notes_edit.isEnabled()
    doc.read_only_reason = "This plan is open elsewhere"
    doc.path_changed.emit()
    for widget in (
        editor.title_edit,
        editor.status_combo,
        editor.private_check,
        editor.due_check,
        editor.notes_edit,
        editor.links.link_combo,
    ):
        assert not widget.isEnabled(), widget.accessibleName()
    select_strategy(panel, 1)
    assert not editor.starter_button.isEnabled()
    panel.select_task("t-1")
    editor.commit_notes()  # nothing can be pushed meanwhile
    edits.edit_task(doc, "t-1", {"title": "Changed"})
    assert doc.undo_stack.count() == 0
    doc.read_only_reason = None
    doc.path_changed.emit()
    assert editor.title_edit.isEnabled() and editor.notes_edit.isEnabled()
    editor.private_check.click()
    assert doc.task("t-1").private is True and doc.undo_stack.count() == 1


# --- the task going away mid-edit ------------------------------------------------------------


def test_undo_removing_the_task_being_edited_is_safe(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    task = edits.add_task(panel.model.doc, "connections")
    assert task is not None and panel.select_task(task.id) and current_id(panel) == task.id
    panel.editor.notes_edit.setPlainText("typed, not yet committed")  # the pause timer runs
    doc.undo_stack.undo()  # removes the task while the editor shows it
    assert doc.plan.find_task(task.id) is None
    qtbot.wait(20)  # the deferred commit finds no task and pushes nothing
    assert doc.undo_stack.count() == 1 and doc.undo_stack.index() == 0
    doc.undo_stack.redo()
    assert doc.task(task.id).notes == ""


def test_a_task_hidden_by_the_filter_while_edited_keeps_its_notes(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.hide_done_check.setChecked(True)
    panel.select_task("t-3")
    panel.editor.notes_edit.setPlainText("Sandbox agreed")
    edits.set_status(panel.model.doc, ["t-3"], TaskStatus.DONE)  # filtered out mid-edit
    qtbot.waitUntil(lambda: doc.task("t-3").notes == "Sandbox agreed")
    assert doc.undo_stack.count() == 2


def test_title_commits_after_a_pause_and_stays_within_the_limit(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    title = panel.editor.title_edit
    title.pause.set_interval(50)
    assert title.maxLength() == TITLE_MAX
    assert panel.editor.notes_edit.max_length == LONG_TEXT_MAX
    focus(qtbot, title)
    title.end(False)
    qtbot.keyClicks(title, " again")
    assert doc.task("t-1").title == "Ask past collaborators what they conceded"
    qtbot.waitUntil(
        lambda: doc.task("t-1").title == "Ask past collaborators what they conceded again",
        timeout=2000,
    )
    assert doc.undo_stack.count() == 1
    # Clearing the title to type a new one commits nothing and puts nothing back.
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    qtbot.wait(200)
    assert title.text() == "" and doc.undo_stack.count() == 1
