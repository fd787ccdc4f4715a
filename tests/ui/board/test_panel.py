"""The action board panel: keyboard, drag-and-drop through the view, editor and filters."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import TaskStatus, new_plan
from insider_planner.ui import edits
from insider_planner.ui.board import panel as panel_module
from insider_planner.ui.board import view as view_module
from insider_planner.ui.board.filter import BoardFilterModel
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.board.starters import StarterTitles
from insider_planner.ui.board.style import COLUMN_COUNT, PROGRESS_ROLE, Column
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import NODE_MIME
from insider_planner.ui.theme import Theme, apply_theme
from tests.generate import large_plan
from tests.ui.board.helpers import (
    current_id,
    full_state,
    key,
    layout,
    select_strategy,
    show_panel,
    shown_rows,
    strategy_index,
)


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> BoardPanel:
    return show_panel(qtbot, doc)


# --- keyboard --------------------------------------------------------------------------------


def test_ctrl_up_and_down_move_a_strategy(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    before = layout(doc)
    select_strategy(panel, 2)
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [lane for lane, _ in layout(doc)][:3] == [
        "understand",
        "small-collaborations",
        "connections",
    ]
    assert current_id(panel) == "small-collaborations"  # the selection follows
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0][0] == "small-collaborations"
    assert panel.view.model().index(0, 0).data() == "1. Run small-scale collaborations"
    assert not panel.board_actions.move_up.isEnabled()
    key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[1][0] == "small-collaborations"
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert layout(doc) == before
    doc.undo_stack.redo()
    assert layout(doc)[1][0] == "small-collaborations"


def test_ctrl_down_moves_a_task_and_keeps_it_selected(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    assert panel.select_task("t-1")
    key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0] == ("understand", ["t-2", "t-1"])
    assert current_id(panel) == "t-1"
    assert panel.selected_task_ids() == ["t-1"]
    assert not panel.board_actions.move_down.isEnabled()  # last in its strategy
    key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0] == ("understand", ["t-2", "t-1"])  # it stays within its step
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0] == ("understand", ["t-1", "t-2"])
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert layout(doc)[0] == ("understand", ["t-2", "t-1"])
    doc.undo_stack.redo()
    assert layout(doc)[0] == ("understand", ["t-1", "t-2"])


def test_keyboard_moves_skip_tasks_hidden_by_the_filter(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    edits.add_task(panel.model.doc, "understand", None, "Third")
    third = doc.plan.strategies[0].tasks[-1].id
    panel.hide_done_check.setChecked(True)  # hides t-1
    panel.select_task(third)
    panel.view.setFocus()
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0] == ("understand", ["t-1", third, "t-2"])
    assert not panel.board_actions.move_up.isEnabled()  # first visible row
    key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[0] == ("understand", ["t-1", "t-2", third])


def test_move_to_step_menu_from_the_keyboard(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = full_state(doc)
    panel.select_task("t-3")
    menu = panel.board_actions.move_to_step_menu
    shown: list[QPoint] = []
    # A real popup grabs the keyboard, which the offscreen platform cannot do.
    monkeypatch.setattr(menu, "popup", lambda where, *_: shown.append(where))
    key(
        qtbot,
        panel,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(shown) == 1
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.text()]
    assert [a.text() for a in entries][:2] == [
        "1. Understand how these collaborations work",
        "2. Build connections",
    ]
    assert not entries[2].isEnabled()  # the task's own step
    entries[5].trigger()
    assert layout(doc)[5] == ("obstacles", ["t-3"])
    assert layout(doc)[2] == ("small-collaborations", ["t-4"])
    assert current_id(panel) == "t-3"
    doc.undo_stack.undo()
    assert full_state(doc) == before
    doc.undo_stack.redo()
    assert layout(doc)[5] == ("obstacles", ["t-3"])


def test_space_toggles_status_and_updates_progress(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    assert panel.progress_label.text() == "1 of 4 done (25%)"
    assert panel.progress_bar.value() == 1 and panel.progress_bar.maximum() == 4
    panel.select_task("t-2")  # doing
    key(qtbot, panel, Qt.Key.Key_Space)
    assert doc.task("t-2").status is TaskStatus.DONE
    assert panel.progress_label.text() == "2 of 4 done (50%)"
    assert panel.progress_bar.value() == 2
    assert panel.view.model().index(0, 0).data(PROGRESS_ROLE) == (2, 2)
    key(qtbot, panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert doc.task("t-2").status is TaskStatus.TODO
    assert panel.progress_label.text() == "1 of 4 done (25%)"
    doc.undo_stack.undo()
    assert panel.progress_label.text() == "2 of 4 done (50%)"


def test_clicking_the_check_box_cycles_the_status(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    index = panel.to_view(panel.model.task_index("t-3"))
    rect = panel.view.visualRect(index)
    # The check box sits at the left of the title, which is indented below its strategy.
    where = QPoint(rect.left() + 2 * panel.view.indentation() + 12, rect.center().y())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert doc.task("t-3").status is TaskStatus.DOING
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert doc.task("t-3").status is TaskStatus.DONE
    assert panel.progress_label.text() == "2 of 4 done (50%)"


def test_delete_several_tasks_is_one_step(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    before = full_state(doc)
    panel.select_tasks(["t-2", "t-3"])
    assert panel.selected_task_ids() == ["t-2", "t-3"]
    key(qtbot, panel, Qt.Key.Key_Delete)
    assert layout(doc)[0] == ("understand", ["t-1"])
    assert layout(doc)[2] == ("small-collaborations", ["t-4"])
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert full_state(doc) == before


def test_ctrl_t_adds_a_task_after_the_current_one_and_edits_its_title(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    key(qtbot, panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    lane = doc.plan.strategies[0]
    assert lane.tasks[0].id == "t-1" and len(lane.tasks) == 3
    new_id = lane.tasks[1].id
    assert current_id(panel) == new_id
    editor = panel.editor.title_edit
    assert editor.hasFocus() and editor.selectedText() == "New task"
    qtbot.keyClicks(editor, "Ask for the pilot's terms")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert doc.task(new_id).title == "Ask for the pilot's terms"
    assert doc.undo_stack.count() == 2  # add, rename
    doc.undo_stack.undo()
    assert doc.task(new_id).title == "New task"
    assert editor.text() == "New task"  # the editor follows undo
    doc.undo_stack.undo()
    assert len(lane.tasks) == 2


def test_a_title_edited_in_place_stops_at_the_limit(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")
    view = panel.view
    index = view.currentIndex().siblingAtColumn(Column.TITLE)
    assert view.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit) and editor.maxLength() == TITLE_MAX
    editor.selectAll()
    QApplication.clipboard().setText("y" * (TITLE_MAX + 1000))
    editor.paste()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits from the event loop
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.NoState)
    assert doc.task("t-1").title == "y" * TITLE_MAX
    assert doc.save()


def test_ctrl_t_does_not_fire_from_outside_the_board(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    outside = QLineEdit()
    qtbot.addWidget(outside)
    outside.show()
    outside.activateWindow()
    outside.setFocus()
    qtbot.waitUntil(outside.hasFocus)
    qtbot.keyClick(outside, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(outside, Qt.Key.Key_Space)
    assert doc.undo_stack.count() == 0


def test_space_in_the_editor_types_a_space(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-3")
    notes = panel.editor.notes_edit
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    qtbot.keyClicks(notes, " now")
    qtbot.keyClick(notes, Qt.Key.Key_Delete)  # deletes text, not the task
    assert doc.task("t-3").status is TaskStatus.TODO
    assert doc.plan.find_task("t-3") is not None
    panel.view.setFocus()  # focus leaves the notes: one step for the whole edit
    assert doc.task("t-3").notes == "Ask for a sandbox now"
    assert doc.undo_stack.count() == 1


def test_add_starter_tasks_action(qtbot: QtBot, panel: BoardPanel, doc: PlanDocument) -> None:
    select_strategy(panel, 1)
    assert panel.board_actions.add_starter_tasks.isEnabled()
    panel.board_actions.add_starter_tasks.trigger()
    titles = [t.title for t in doc.plan.strategies[1].tasks]
    assert titles == list(doc.catalog.strategies[1].starter_tasks)
    assert sorted(panel.selected_task_ids()) == sorted(t.id for t in doc.plan.strategies[1].tasks)
    assert doc.undo_stack.count() == 1
    select_strategy(panel, 1)
    assert not panel.board_actions.add_starter_tasks.isEnabled()
    doc.undo_stack.undo()
    assert doc.plan.strategies[1].tasks == []


# --- drag and drop through the view ----------------------------------------------------------


def _drag_event(cls: Any, where: QPoint, *args: Any) -> Any:
    """Qt 6.12 takes a QPointF (and deprecates QPoint); earlier releases take only QPoint."""
    try:
        return cls(where.toPointF(), *args)
    except TypeError:
        return cls(where, *args)


def drop_on_view(panel: BoardPanel, data: QMimeData, where: QPoint, action: Qt.DropAction) -> bool:
    """Deliver enter, move and drop events to the view, as a drag would."""
    viewport = panel.view.viewport()
    actions = action
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = _drag_event(QDragEnterEvent, where, actions, data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    move = _drag_event(QDragMoveEvent, where, actions, data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(where.toPointF(), actions, data, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def test_drag_a_task_onto_another_strategy_through_the_view(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    before = full_state(doc)
    source = panel.to_view(panel.model.task_index("t-1"))
    data = panel.view.model().mimeData([source])
    header = panel.view.visualRect(strategy_index(panel, 3))  # legible-expert, no tasks
    assert drop_on_view(panel, data, header.center(), Qt.DropAction.MoveAction)
    assert layout(doc)[3] == ("legible-expert", ["t-1"])
    assert layout(doc)[0] == ("understand", ["t-2"])
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert full_state(doc) == before


def test_drag_a_task_between_two_tasks_through_the_view(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    source = panel.to_view(panel.model.task_index("t-1"))
    data = panel.view.model().mimeData([source])
    target = panel.view.visualRect(panel.to_view(panel.model.task_index("t-4")))
    above_t4 = QPoint(target.center().x(), target.top() + 2)
    assert drop_on_view(panel, data, above_t4, Qt.DropAction.MoveAction)
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-1", "t-4"])
    doc.undo_stack.undo()
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-4"])
    doc.undo_stack.redo()
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-1", "t-4"])


def test_drop_just_below_an_expanded_header_puts_the_task_first(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    source = panel.to_view(panel.model.task_index("t-1"))
    data = panel.view.model().mimeData([source])
    header = strategy_index(panel, 2)  # small-collaborations: t-3, t-4
    assert panel.flat.is_expanded(2)
    rect = panel.view.visualRect(header)
    just_below = QPoint(rect.center().x(), rect.bottom() - 1)
    assert drop_on_view(panel, data, just_below, Qt.DropAction.MoveAction)
    assert layout(doc)[2] == ("small-collaborations", ["t-1", "t-3", "t-4"])
    # Collapsed, the same place means after the strategy: the task goes to its end.
    doc.undo_stack.undo()
    panel.view.set_expanded(2, False)
    header = strategy_index(panel, 2)
    rect = panel.view.visualRect(header)
    assert drop_on_view(
        panel, data, QPoint(rect.center().x(), rect.bottom() - 1), Qt.DropAction.MoveAction
    )
    assert layout(doc)[2] == ("small-collaborations", ["t-3", "t-4", "t-1"])


def test_drag_a_strategy_through_the_view(panel: BoardPanel, doc: PlanDocument) -> None:
    data = panel.view.model().mimeData([strategy_index(panel, 5)])
    first = panel.view.visualRect(strategy_index(panel, 0))
    assert drop_on_view(
        panel, data, QPoint(first.center().x(), first.top() + 2), Qt.DropAction.MoveAction
    )
    assert layout(doc)[0][0] == "obstacles"
    assert panel.view.model().index(0, 0).data() == "1. Resolve predictable obstacles early"
    doc.undo_stack.undo()
    assert layout(doc)[5][0] == "obstacles"


def test_drag_a_gap_entry_onto_a_strategy_through_the_view(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    data = QMimeData()
    data.setData(NODE_MIME, QByteArray(json.dumps(["api-surface.prefill"]).encode()))
    header = panel.view.visualRect(strategy_index(panel, 1))  # connections
    assert drop_on_view(panel, data, header.center(), Qt.DropAction.CopyAction)
    task = doc.plan.strategies[1].tasks[0]
    assert task.links == ["api-surface.prefill"]
    assert current_id(panel) == task.id  # the new task is selected
    assert panel.editor.links.links_list.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.strategies[1].tasks == []


def test_foreign_drops_are_refused_by_the_view(panel: BoardPanel, doc: PlanDocument) -> None:
    data = QMimeData()
    data.setText("just text")
    header = panel.view.visualRect(strategy_index(panel, 1))
    assert not drop_on_view(panel, data, header.center(), Qt.DropAction.CopyAction)
    assert doc.undo_stack.count() == 0


def test_view_is_set_up_for_drag_and_drop(panel: BoardPanel) -> None:
    view = panel.view
    assert view.dragEnabled() and view.acceptDrops()
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.DragDrop
    assert view.defaultDropAction() == Qt.DropAction.MoveAction
    # A finished move must never let the view remove the dragged rows itself.
    assert not panel.view.model().removeRows(0, 1, panel.view.model().index(0, 0))


# --- filters ---------------------------------------------------------------------------------


def visible_tasks(panel: BoardPanel) -> list[list[str]]:
    """The tasks the view lists, step by step."""
    lanes: list[list[str]] = []
    for row in shown_rows(panel):
        if row.startswith("  "):
            lanes[-1].append(row.strip())
        else:
            lanes.append([])
    return lanes


def test_hide_done_checkbox(panel: BoardPanel, doc: PlanDocument) -> None:
    panel.hide_done_check.setChecked(True)
    assert panel.board_actions.hide_done.isChecked()
    assert visible_tasks(panel)[0] == ["t-2"]
    edits.set_status(panel.model.doc, ["t-2"], TaskStatus.DONE)
    assert visible_tasks(panel)[0] == []
    panel.board_actions.hide_done.setChecked(False)
    assert not panel.hide_done_check.isChecked()
    assert visible_tasks(panel)[0] == ["t-1", "t-2"]


def test_the_filter_sits_in_the_view_only_while_it_hides_tasks(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    assert panel.flat.sourceModel() is panel.model and panel.proxy.sourceModel() is None
    panel.select_task("t-4")
    panel.hide_done_check.setChecked(True)
    assert panel.flat.sourceModel() is panel.proxy
    assert current_id(panel) == "t-4"  # the selection survives the switch
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[2][1] == ["t-4", "t-3"]
    assert current_id(panel) == "t-4"
    panel.hide_done_check.setChecked(False)
    assert panel.flat.sourceModel() is panel.model and panel.proxy.sourceModel() is None
    assert current_id(panel) == "t-4"
    assert panel.flat.is_expanded(0)
    assert panel.view.columnSpan(0, 0) == COLUMN_COUNT  # the first strategy's band
    key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert layout(doc)[2][1] == ["t-3", "t-4"] and current_id(panel) == "t-4"


def test_attribute_filter_follows_the_tree_selection(panel: BoardPanel, doc: PlanDocument) -> None:
    panel.set_attribute_filter("internals.weights")
    assert sum(map(len, visible_tasks(panel))) == 4  # not filtering until the box is ticked
    panel.attribute_check.setChecked(True)
    assert visible_tasks(panel) == [[], [], ["t-3"], [], [], []]
    assert panel.filter_label.text() == "Showing: Internals › Weights"
    panel.set_attribute_filter("formal")
    assert sum(map(len, visible_tasks(panel))) == 0
    # A task added while filtering is linked to the attribute, so it stays in view.
    panel.add_task()
    added = doc.plan.strategies[0].tasks[-1]
    assert added.links == ["formal"]
    assert visible_tasks(panel)[0] == [added.id]
    panel.set_attribute_filter(None)
    assert sum(map(len, visible_tasks(panel))) == 5


# --- safety and accessibility ----------------------------------------------------------------


def test_user_text_is_shown_as_plain_text(panel: BoardPanel, doc: PlanDocument) -> None:
    doc.update_task("t-1", {"title": "<b>bold</b> <img src='x.png'>"})
    panel.select_task("t-1")
    assert panel.editor.title_edit.text() == "<b>bold</b> <img src='x.png'>"
    tip = panel.to_view(panel.model.task_index("t-1")).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;b&gt;bold" in tip
    select_strategy(panel, 0)
    assert panel.editor.strategy_title.textFormat() == Qt.TextFormat.PlainText


def test_every_interactive_widget_is_named_and_explained(panel: BoardPanel) -> None:
    panel.select_task("t-1")
    kinds = (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QListWidget,
        QDateEdit,
        QProgressBar,
        QAbstractItemView,
    )
    missing = []
    widgets = [w for kind in kinds for w in panel.findChildren(kind)]
    assert len(widgets) > 15
    for widget in widgets:
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QDateEdit)):
            continue
        if widget.parent() is not None and isinstance(widget.parent().parent(), QComboBox):
            continue  # a combo box's own popup list
        if isinstance(widget, QAbstractButton) and widget.objectName() in (
            "qt_toolbar_ext_button",
            "qt_tableview_cornerbutton",  # the board's, switched off
        ):
            continue
        if widget is panel.view.verticalHeader():  # hidden: the board's rows are not numbered
            continue
        if not widget.accessibleName() or not widget.toolTip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []


def test_shortcuts(panel: BoardPanel) -> None:
    assert panel.board_actions.add_task.shortcut().toString() == "Ctrl+T"
    assert panel.board_actions.move_up.shortcut().toString() == "Ctrl+Up"
    assert panel.board_actions.move_down.shortcut().toString() == "Ctrl+Down"
    assert panel.board_actions.move_to_step.shortcut().toString() == "Ctrl+Shift+M"
    assert [s.toString() for s in panel.board_actions.toggle_status.shortcuts()] == [
        "Space",
        "Ctrl+Return",
    ]
    assert (
        panel.board_actions.add_task.shortcutContext()
        == Qt.ShortcutContext.WidgetWithChildrenShortcut
    )
    assert panel.board_actions.toggle_status.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    actions = [a for a in panel.board_actions.menu_order() if a is not None]
    assert panel.board_actions.add_task in actions and panel.board_actions.toggle_status in actions


def test_read_only_plan_disables_editing(qtbot: QtBot, doc: PlanDocument) -> None:
    doc.read_only_reason = "open elsewhere"
    widget = BoardPanel(doc)
    qtbot.addWidget(widget)
    widget.select_task("t-1")
    assert not widget.board_actions.add_task.isEnabled()
    assert not widget.board_actions.delete_task.isEnabled()
    assert not widget.board_actions.toggle_status.isEnabled()
    assert not widget.view.acceptDrops()
    assert not widget.editor.title_edit.isEnabled()
    widget.add_task()
    assert doc.undo_stack.count() == 0
    # Save As to a new file makes the plan editable again.
    doc.read_only_reason = None
    doc.path_changed.emit()
    assert widget.board_actions.add_task.isEnabled() and widget.view.acceptDrops()
    assert widget.editor.title_edit.isEnabled()


def test_select_task_of_a_filtered_or_unknown_task(panel: BoardPanel) -> None:
    panel.hide_done_check.setChecked(True)
    assert not panel.select_task("t-1")  # done, hidden
    assert not panel.select_task("nope")
    assert panel.select_task("t-2")


# --- scale -----------------------------------------------------------------------------------


def test_panel_on_five_thousand_tasks(
    qtbot: QtBot, catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = PlanDocument.create(large_plan(catalog, nodes=0), catalog, tmp_path / "big.insiderplan")
    try:
        started = time.perf_counter()
        widget = BoardPanel(doc)
        qtbot.addWidget(widget)
        widget.resize(760, 720)
        widget.show()
        qtbot.waitExposed(widget)
        shown = time.perf_counter() - started
        resets: list[str] = []
        widget.model.modelAboutToBeReset.connect(lambda: resets.append("reset"))
        lane = doc.plan.strategies[2]
        task_id = lane.tasks[10].id
        widget.select_task(task_id)
        widget.view.setFocus()
        started = time.perf_counter()
        widget.board_actions.move_up.trigger()
        QApplication.processEvents()
        moved = time.perf_counter() - started
        assert lane.tasks[9].id == task_id
        started = time.perf_counter()
        widget.move_selected_to(doc.plan.strategies[0].id)
        QApplication.processEvents()
        between = time.perf_counter() - started
        assert doc.plan.strategies[0].tasks[-1].id == task_id
        assert resets == []
        with capsys.disabled():
            print(
                f"\n5,000 tasks, panel: built and shown {shown * 1000:.0f} ms, "
                f"keyboard move {moved * 1000:.1f} ms, move to step {between * 1000:.1f} ms"
            )
        assert shown < 5.0 and moved < 1.0 and between < 1.0
    finally:
        doc.close()


def test_grab_for_a_look(panel: BoardPanel, tmp_path: Path) -> None:
    """The panel renders (and leaves a picture to look at while developing)."""
    panel.select_task("t-3")
    image = panel.grab()
    assert not image.isNull() and image.width() == 760
    assert image.save(str(tmp_path / "board.png"))


class CountingBoard(BoardModel):
    """The board model, counting what views ask of it."""

    calls: ClassVar[dict[str, int]] = {}

    def index(self, *args: Any) -> Any:
        self.calls["index"] = self.calls.get("index", 0) + 1
        return super().index(*args)

    def flags(self, index: Any) -> Any:
        self.calls["flags"] = self.calls.get("flags", 0) + 1
        return super().flags(index)

    def data(self, *args: Any) -> Any:
        self.calls["data"] = self.calls.get("data", 0) + 1
        return super().data(*args)


class CountingFilter(BoardFilterModel):
    calls: ClassVar[dict[str, int]] = {}

    def filterAcceptsRow(self, *args: Any) -> bool:
        self.calls["filterAcceptsRow"] = self.calls.get("filterAcceptsRow", 0) + 1
        return super().filterAcceptsRow(*args)


@pytest.mark.parametrize("tasks", [500, 5000])
def test_edits_on_a_big_board_touch_what_they_change(
    qtbot: QtBot, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tasks: int
) -> None:
    monkeypatch.setattr(panel_module, "BoardModel", CountingBoard)
    monkeypatch.setattr(panel_module, "BoardFilterModel", CountingFilter)
    doc = PlanDocument.create(
        large_plan(catalog, nodes=0, tasks=tasks), catalog, tmp_path / "big.insiderplan"
    )
    try:
        widget = show_panel(qtbot, doc)
        lane = doc.plan.strategies[0]
        task_id = lane.tasks[len(lane.tasks) // 2].id
        widget.select_task(task_id)
        QApplication.processEvents()
        widget.view.viewport().repaint()
        CountingBoard.calls.clear()
        CountingFilter.calls.clear()
        for step in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Down):
            key(qtbot, widget, step, Qt.KeyboardModifier.ControlModifier)
            QApplication.processEvents()
            widget.view.viewport().repaint()
        assert lane.tasks[len(lane.tasks) // 2 - 1].id == task_id
        assert current_id(widget) == task_id  # the selection followed the task
        assert CountingFilter.calls == {}
        # Repainting the rows on screen costs the same at 500 and 5,000 tasks; a relayout
        # of the whole board would ask for every row (thousands of calls).
        calls = CountingBoard.calls
        assert calls.get("index", 0) < 1000 and calls.get("flags", 0) < 1000, calls
    finally:
        doc.close()


def test_a_step_is_read_for_starter_tasks_once_and_then_followed(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether Add Starter Tasks applies is known without reading a step's titles again on
    every add, delete, undo, move or rename, and stays what `missing_starter_tasks` says."""
    read: list[str] = []
    scan = StarterTitles.scan

    def counting(self: StarterTitles, lane_id: str) -> dict[str, str]:
        read.append(lane_id)
        return scan(self, lane_id)

    def agrees() -> bool:
        lane_id = panel.current_lane_id()
        assert lane_id is not None
        lacks = bool(edits.missing_starter_tasks(doc, lane_id))
        return panel.board_actions.add_starter_tasks.isEnabled() == lacks

    monkeypatch.setattr(StarterTitles, "scan", counting)
    for task_id in ("t-1", "t-2", "t-1", "t-2"):
        panel.select_task(task_id)
    key(qtbot, panel, Qt.Key.Key_Space)
    key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert read == []  # known since the board was shown
    assert panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    panel.add_starter_tasks()
    assert not panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    doc.undo_stack.undo()  # the starter tasks go again
    assert panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    doc.undo_stack.redo()
    assert not panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    doc.undo_stack.undo()
    starters = doc.catalog.strategies[0].starter_tasks
    edits.edit_task(doc, "t-2", {"title": starters[0].upper()})  # any case counts
    panel.select_task("t-1")
    assert agrees()
    for title in starters[1:]:  # named one by one: the last one completes the step
        assert panel.board_actions.add_starter_tasks.isEnabled()
        edits.add_task(doc, "understand", title=title)
        panel.select_task("t-1")
    assert not panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    edits.move_tasks(doc, ["t-2"], "connections")  # a starter title leaves the step
    panel.select_task("t-1")
    assert panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    doc.undo_stack.undo()
    edits.delete_tasks(doc, ["t-2"])
    panel.select_task("t-1")
    assert panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    doc.undo_stack.undo()
    panel.select_task("t-1")
    assert not panel.board_actions.add_starter_tasks.isEnabled() and agrees()
    assert read == []  # every change was followed, none read the step again
    select_strategy(panel, 1)  # another step is read when it is first asked about
    assert read == ["connections"] and agrees()


def test_a_task_moved_into_a_selected_range_does_not_join_the_selection(
    qtbot: QtBot, doc: PlanDocument
) -> None:
    """A shift-selected range must still hold the same tasks after a move inside its step,
    and after undo, so Delete never takes one the user did not pick."""
    panel = show_panel(qtbot, doc)
    lane = doc.plan.strategies[0]
    for n in range(6 - len(lane.tasks)):
        edits.add_task(doc, lane.id, None, f"Extra {n}")
    ids = [t.id for t in lane.tasks]
    first, last = (panel.to_view(panel.model.task_index(ids[row])) for row in (2, 4))
    panel.view.setCurrentIndex(first)
    flags = QItemSelectionModel.SelectionFlag
    panel.view.selectionModel().select(
        QItemSelection(first, last), flags.ClearAndSelect | flags.Rows
    )
    assert set(panel.selected_task_ids()) == set(ids[2:5])
    edits.move_tasks(doc, [ids[0]], lane.id, 4)  # past two of the selected tasks
    assert set(panel.selected_task_ids()) == set(ids[2:5])
    assert current_id(panel) == ids[2]
    doc.undo_stack.undo()
    assert set(panel.selected_task_ids()) == set(ids[2:5])
    assert current_id(panel) == ids[2]


# --- the editor shows exactly the selected row --------------------------------------------


def _editor_matches_selection(panel: BoardPanel) -> tuple[str | None, list[str]]:
    """The editor's task (or step), after checking it is the current and only selected row."""
    shown = panel.editor._task_id or panel.editor._lane_id
    assert shown == current_id(panel)
    rows = panel.view.selectionModel().selectedRows(0)
    assert [current_id_of(panel, index) for index in rows] == ([shown] if shown else [])
    return shown, panel.selected_task_ids()


def current_id_of(panel: BoardPanel, index: QPersistentModelIndex | QModelIndex) -> str:
    source = panel.to_source(index)
    if panel.model.is_task(source):
        return panel.model.task_of(source).id
    return panel.model.lane_of(source).id


def test_hiding_the_selected_done_task_selects_the_next_shown_task(
    qtbot: QtBot, panel: BoardPanel
) -> None:
    assert panel.select_task("t-1")  # done
    assert _editor_matches_selection(panel) == ("t-1", ["t-1"])
    qtbot.mouseClick(panel.hide_done_check, Qt.MouseButton.LeftButton)
    assert panel.hide_done_check.isChecked()
    assert _editor_matches_selection(panel) == ("t-2", ["t-2"])
    assert panel.view.currentIndex().isValid()


def test_the_attribute_filter_hiding_the_selected_task_selects_a_shown_neighbour(
    qtbot: QtBot, panel: BoardPanel
) -> None:
    panel.set_attribute_filter("internals.weights")
    assert panel.select_task("t-4")  # not linked; t-3 before it is
    qtbot.mouseClick(panel.attribute_check, Qt.MouseButton.LeftButton)
    assert _editor_matches_selection(panel) == ("t-3", ["t-3"])


def test_a_hidden_task_with_no_shown_task_in_its_step_leaves_the_step_selected(
    qtbot: QtBot, panel: BoardPanel
) -> None:
    panel.set_attribute_filter("internals.weights")
    assert panel.select_task("t-1")  # its step has no task linked to weights
    qtbot.mouseClick(panel.attribute_check, Qt.MouseButton.LeftButton)
    assert _editor_matches_selection(panel) == ("understand", [])
    # Off again: the step stays the one row selected and shown.
    qtbot.mouseClick(panel.attribute_check, Qt.MouseButton.LeftButton)
    assert _editor_matches_selection(panel) == ("understand", [])


# --- an empty board says why ------------------------------------------------------------------


def click(qtbot: QtBot, box: QAbstractButton) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())


def painted_messages(panel: BoardPanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the board's paint code draws, once repainted now."""
    drawn: list[str] = []
    real = view_module.paint_placeholder

    def record(viewport: QWidget, area: QRect, text: str) -> None:
        drawn.append(text)
        real(viewport, area, text)

    monkeypatch.setattr(view_module, "paint_placeholder", record)
    panel.view.viewport().repaint()
    return drawn


def test_a_board_emptied_by_hide_done_says_why(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    click(qtbot, panel.hide_done_check)  # t-1 is done, the others are not
    assert panel.view.empty_message() == "" and painted_messages(panel, monkeypatch) == []
    edits.set_status(doc, ["t-2", "t-3", "t-4"], TaskStatus.DONE)
    message = "Every task is done, and done tasks are hidden. Untick “Hide done” to see them."
    assert panel.view.empty_message() == message
    assert painted_messages(panel, monkeypatch) == [message]
    doc.undo_stack.undo()  # a task to do again
    assert panel.view.empty_message() == ""
    doc.undo_stack.redo()
    assert panel.view.empty_message() == message
    click(qtbot, panel.hide_done_check)
    assert panel.view.empty_message() == ""


def test_a_board_emptied_by_the_attribute_filter_says_why(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.set_attribute_filter("custom-eval-seat")  # the tree's selection: no task
    assert panel.view.empty_message() == ""  # the box is not ticked
    click(qtbot, panel.attribute_check)
    assert panel.view.empty_message() == (
        "No tasks are linked to “Seat on eval council”. Link one from the task editor, "
        "or turn off “Only tasks for the selected attribute”."
    )
    edits.rename_custom_node(doc, "custom-eval-seat", "Eval council seat")
    assert "“Eval council seat”" in panel.view.empty_message()
    edits.link_nodes(doc, "t-1", ["custom-eval-seat"])
    assert panel.view.empty_message() == ""
    click(qtbot, panel.hide_done_check)  # t-1 is done
    assert panel.view.empty_message() == (
        "No task linked to “Eval council seat” is left to do. Untick “Hide done” to see "
        "done ones, or turn off “Only tasks for the selected attribute”."
    )
    panel.set_attribute_filter("internals.weights")  # t-3, not done
    assert panel.view.empty_message() == ""
    panel.set_attribute_filter("internals")  # the weights are part of the internals
    assert panel.view.empty_message() == ""
    panel.set_attribute_filter("custom-eval-seat")
    assert panel.view.empty_message() != ""
    click(qtbot, panel.attribute_check)
    assert panel.view.empty_message() == ""


def test_a_plan_without_tasks_says_how_to_add_one(
    qtbot: QtBot, catalog: Catalog, plan_path: Path
) -> None:
    empty = PlanDocument.create(new_plan(catalog), catalog, plan_path)
    try:
        panel = show_panel(qtbot, empty)
        assert panel.view.empty_message() == (
            "No tasks yet. Add one with Add (Ctrl+T), or the suggested ones for a step "
            "with Starters (Ctrl+Shift+T)."
        )
        key(qtbot, panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        assert panel.view.empty_message() == ""
        empty.undo_stack.undo()
        assert panel.view.empty_message().startswith("No tasks yet.")
        panel.view.set_expanded(0, False)  # tasks hidden by a collapsed step say nothing
        empty.undo_stack.redo()
        assert panel.flat.rowCount() == len(empty.plan.strategies)
        assert panel.view.empty_message() == ""
    finally:
        empty.close()


def test_grab_empty_boards_for_a_look(
    qtbot: QtBot, catalog: Catalog, plan_path: Path, tmp_path: Path
) -> None:
    """Empty boards in light and dark (pictures to look at while developing)."""
    empty = PlanDocument.create(new_plan(catalog), catalog, plan_path)
    try:
        panel = show_panel(qtbot, empty)
        for theme in (Theme.LIGHT, Theme.DARK):
            apply_theme(theme)
            QApplication.processEvents()
            assert panel.grab().save(str(tmp_path / f"empty-board-{theme.value}.png"))
    finally:
        apply_theme(Theme.SYSTEM)
        empty.close()
