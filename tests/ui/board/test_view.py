"""The board's table: strategy bands, collapsing, keys, drops, and edits that stay cheap."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import TaskStatus
from insider_planner.ui import edits
from insider_planner.ui.board import panel as panel_module
from insider_planner.ui.board.flat import is_strategy_row
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.board.style import COLUMN_COUNT, Column
from insider_planner.ui.board.view import QuietScrollBar
from insider_planner.ui.document import PlanDocument
from tests.generate import large_plan
from tests.ui.board.helpers import (
    SignalLog,
    current_id,
    key,
    layout,
    show_panel,
    shown_rows,
    strategy_index,
)
from tests.ui.board.test_panel import _drag_event, drop_on_view


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> BoardPanel:
    return show_panel(qtbot, doc)


def check_bands(panel: BoardPanel) -> None:
    """Strategy rows, and only they, span every column and are taller than task rows."""
    view = panel.view
    flat = panel.flat
    rows = view.verticalHeader()
    strategy_height, task_height = view._row_heights()
    assert strategy_height > task_height >= 24
    for row in range(flat.rowCount()):
        strategy = is_strategy_row(flat.index(row, 0))
        assert view.columnSpan(row, 0) == (COLUMN_COUNT if strategy else 1), row
        assert rows.sectionSize(row) == (strategy_height if strategy else task_height), row


def strategy_rect(panel: BoardPanel, row: int) -> Any:
    return panel.view.visualRect(strategy_index(panel, row))


# --- bands ------------------------------------------------------------------------------------


def test_strategy_bands_follow_every_change(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    check_bands(panel)
    edits.add_task(doc, "connections", None, "First of its step")
    check_bands(panel)
    edits.move_strategy(doc, 2, 0)
    check_bands(panel)
    edits.move_tasks(doc, ["t-1", "t-3"], "obstacles")
    check_bands(panel)
    edits.delete_tasks(doc, ["t-2"])
    check_bands(panel)
    panel.view.set_expanded(0, False)
    check_bands(panel)
    panel.hide_done_check.setChecked(True)
    check_bands(panel)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        check_bands(panel)
    panel.hide_done_check.setChecked(False)
    check_bands(panel)


def test_the_table_keeps_the_trees_manners(panel: BoardPanel) -> None:
    view = panel.view
    assert not view.tabKeyNavigation()  # Tab leaves the board
    assert not view.horizontalHeader().sectionsClickable()  # no whole-column selections
    assert view.verticalHeader().isHidden() and not view.showGrid()
    assert not view.wordWrap() and not view.dragDropOverwriteMode()
    assert view.selectionBehavior() == view.SelectionBehavior.SelectRows


def test_a_click_anywhere_on_a_row_makes_its_title_current(qtbot: QtBot, panel: BoardPanel) -> None:
    """Rows are current as a whole, as in the tree: keys and F2 go by the title's cell."""
    index = panel.to_view(panel.model.task_index("t-3", Column.STATUS))
    where = panel.view.visualRect(index).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert current_id(panel) == "t-3"
    assert panel.view.currentIndex().column() == Column.TITLE
    assert panel.selected_task_ids() == ["t-3"]


def test_narrow_boards_give_up_the_linked_and_due_columns(qtbot: QtBot, panel: BoardPanel) -> None:
    view = panel.view
    header = view.horizontalHeader()
    assert not header.isSectionHidden(Column.LINKS)
    status, due = header.sectionSize(Column.STATUS), header.sectionSize(Column.DUE)
    # Room for the title and Status and Due, but not for the linked attributes too.
    outside = panel.width() - view.viewport().width()
    panel.resize(outside + view.title_min_width() + status + due + 20, 720)
    qtbot.waitUntil(lambda: header.isSectionHidden(Column.LINKS))
    assert not header.isSectionHidden(Column.DUE)
    assert header.sectionSize(Column.TITLE) >= view.title_min_width()
    panel.resize(outside + view.title_min_width() + status + due - 20, 720)
    qtbot.waitUntil(lambda: header.isSectionHidden(Column.DUE))
    assert header.sectionSize(Column.TITLE) >= view.title_min_width()
    panel.resize(outside + view.title_min_width() + status + due + view.links_width + 20, 720)
    qtbot.waitUntil(lambda: not header.isSectionHidden(Column.LINKS))
    assert header.sectionSize(Column.LINKS) == view.links_width


# --- collapsing -------------------------------------------------------------------------------


def test_the_arrow_collapses_and_expands_a_strategy(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-4")
    rect = strategy_rect(panel, 2)  # small-collaborations: t-3, t-4
    arrow = QPoint(rect.left() + panel.view.indentation() // 2, rect.center().y())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=arrow)
    assert not panel.flat.is_expanded(2)
    assert "  t-3" not in shown_rows(panel) and "  t-4" not in shown_rows(panel)
    assert current_id(panel) == "small-collaborations"  # the current task hands over
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=arrow)
    assert panel.flat.is_expanded(2) and "  t-4" in shown_rows(panel)
    # A click elsewhere on the band selects it and leaves it open.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.flat.is_expanded(2) and current_id(panel) == "small-collaborations"
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not panel.flat.is_expanded(2)


def test_a_double_click_on_the_arrow_toggles_once_as_in_a_tree(
    qtbot: QtBot, panel: BoardPanel
) -> None:
    rect = strategy_rect(panel, 2)
    arrow = QPoint(rect.left() + panel.view.indentation() // 2, rect.center().y())
    viewport = panel.view.viewport()
    # What a real double-click delivers: press, release, double-click, release.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=arrow)
    assert not panel.flat.is_expanded(2)


def test_left_and_right_collapse_expand_and_step_as_in_a_tree(
    qtbot: QtBot, panel: BoardPanel
) -> None:
    panel.select_task("t-2")
    key(qtbot, panel, Qt.Key.Key_Left)  # from a task to its strategy
    assert current_id(panel) == "understand" and panel.flat.is_expanded(0)
    key(qtbot, panel, Qt.Key.Key_Left)  # collapses it
    assert not panel.flat.is_expanded(0)
    key(qtbot, panel, Qt.Key.Key_Down)  # the next strategy, past the hidden tasks
    assert current_id(panel) == "connections"
    key(qtbot, panel, Qt.Key.Key_Up)
    key(qtbot, panel, Qt.Key.Key_Right)  # expands it
    assert panel.flat.is_expanded(0) and current_id(panel) == "understand"
    key(qtbot, panel, Qt.Key.Key_Right)  # into its first task
    assert current_id(panel) == "t-1"
    key(qtbot, panel, Qt.Key.Key_End)
    assert current_id(panel) == "obstacles"
    key(qtbot, panel, Qt.Key.Key_Home)
    assert current_id(panel) == "understand"


def test_showing_a_task_opens_its_collapsed_strategy(panel: BoardPanel, doc: PlanDocument) -> None:
    panel.view.set_expanded(2, False)
    assert panel.select_task("t-4")
    assert panel.flat.is_expanded(2) and current_id(panel) == "t-4"
    panel.view.set_expanded(0, False)
    edits.add_task(doc, "understand", 0, "Added from elsewhere")
    assert not panel.flat.is_expanded(0)  # an edit alone leaves it closed
    panel.select_tasks([doc.plan.strategies[0].tasks[0].id])
    assert panel.flat.is_expanded(0)


def test_collapsed_strategies_stay_collapsed_through_moves_and_filters(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.view.set_expanded(2, False)  # small-collaborations
    edits.move_strategy(doc, 2, 0)
    assert not panel.flat.is_expanded(0) and panel.flat.is_expanded(1)
    panel.hide_done_check.setChecked(True)
    assert shown_rows(panel)[:3] == ["small-collaborations", "understand", "  t-2"]
    panel.hide_done_check.setChecked(False)
    assert shown_rows(panel)[:2] == ["small-collaborations", "understand"]
    check_bands(panel)


def test_a_drag_resting_on_a_collapsed_strategy_opens_it(qtbot: QtBot, panel: BoardPanel) -> None:
    panel.view._expand_timer.setInterval(10)
    panel.view.set_expanded(2, False)
    data = panel.flat.mimeData([panel.to_view(panel.model.task_index("t-1"))])
    where = strategy_rect(panel, 2).center()
    for kind in (QDragEnterEvent, QDragMoveEvent):
        event = _drag_event(
            kind,
            where,
            Qt.DropAction.MoveAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(panel.view.viewport(), event)
    assert not panel.flat.is_expanded(2)  # not at once
    qtbot.waitUntil(lambda: panel.flat.is_expanded(2))


# --- drops through the view -------------------------------------------------------------------


def test_a_task_dropped_after_the_last_task_of_a_step(panel: BoardPanel, doc: PlanDocument) -> None:
    data = panel.flat.mimeData([panel.to_view(panel.model.task_index("t-3"))])
    last = panel.view.visualRect(panel.to_view(panel.model.task_index("t-2")))
    below = QPoint(last.center().x(), last.bottom() - 1)  # above the next strategy's band
    assert drop_on_view(panel, data, below, Qt.DropAction.MoveAction)
    assert layout(doc)[0] == ("understand", ["t-1", "t-2", "t-3"])
    assert current_id(panel) != "connections"


def test_a_strategy_dropped_just_below_another_goes_after_it(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    data = panel.flat.mimeData([strategy_index(panel, 5)])  # obstacles
    rect = strategy_rect(panel, 2)  # small-collaborations, open, with tasks below
    assert drop_on_view(
        panel, data, QPoint(rect.center().x(), rect.bottom() - 1), Qt.DropAction.MoveAction
    )
    assert [lane for lane, _ in layout(doc)][2:4] == ["small-collaborations", "obstacles"]


# --- selection across edits elsewhere ---------------------------------------------------------


def test_selection_and_current_task_survive_edits_elsewhere(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_tasks(["t-3", "t-4"])
    assert current_id(panel) == "t-3"
    edits.add_task(doc, "understand", 0, "Above them")  # rows above shift down
    edits.add_task(doc, "obstacles", None, "Below them")
    assert panel.selected_task_ids() == ["t-3", "t-4"] and current_id(panel) == "t-3"
    edits.delete_tasks(doc, ["t-1"])
    edits.move_strategy(doc, 2, 0)
    assert panel.selected_task_ids() == ["t-3", "t-4"] and current_id(panel) == "t-3"
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        assert panel.selected_task_ids() == ["t-3", "t-4"] and current_id(panel) == "t-3"
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
        assert panel.selected_task_ids() == ["t-3", "t-4"] and current_id(panel) == "t-3"
    assert panel.editor.task_id == "t-3"


# --- structural changes stay cheap ------------------------------------------------------------


class CountingBoard(BoardModel):
    """The board model, counting the calls a view makes row by row."""

    calls: ClassVar[dict[str, int]] = {}

    def index(self, *args: Any) -> Any:
        self.calls["index"] = self.calls.get("index", 0) + 1
        return super().index(*args)

    def flags(self, index: Any) -> Any:
        self.calls["flags"] = self.calls.get("flags", 0) + 1
        return super().flags(index)


def calls_per_edit(
    qtbot: QtBot, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tasks: int
) -> dict[str, dict[str, int]]:
    """BoardModel.index and flags calls for each key press, repaint included."""
    monkeypatch.setattr(panel_module, "BoardModel", CountingBoard)
    doc = PlanDocument.create(
        large_plan(catalog, nodes=0, tasks=tasks), catalog, tmp_path / f"big-{tasks}.insiderplan"
    )
    found: dict[str, dict[str, int]] = {}
    try:
        widget = show_panel(qtbot, doc)
        lane = doc.plan.strategies[0]
        ctrl = Qt.KeyboardModifier.ControlModifier
        for name, press, mod in (
            ("add", Qt.Key.Key_T, ctrl),
            ("delete", Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
            ("undo", Qt.Key.Key_Z, ctrl),
            ("redo", Qt.Key.Key_Y, ctrl),
            ("move", Qt.Key.Key_Up, ctrl),
        ):
            widget.select_task(lane.tasks[len(lane.tasks) // 2].id)
            widget.view.setFocus()
            QApplication.processEvents()
            widget.view.viewport().repaint()
            CountingBoard.calls.clear()
            if name == "undo":  # undo and redo act on the whole window; here, on the stack
                doc.undo_stack.undo()
            elif name == "redo":
                doc.undo_stack.redo()
            else:
                key(qtbot, widget, press, mod)
            QApplication.processEvents()
            widget.view.viewport().repaint()
            found[name] = dict(CountingBoard.calls)
    finally:
        doc.close()
    return found


def test_an_edit_asks_the_model_about_the_rows_on_screen_only(
    qtbot: QtBot, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree view asks for every row of the board after an insert or a removal; the table
    asks for the rows it paints, so the count is the same at 2,000 tasks and at 8,000."""
    for tasks in (2000, 8000):
        found = calls_per_edit(qtbot, catalog, tmp_path, monkeypatch, tasks)
        assert set(found) == {"add", "delete", "undo", "redo", "move"}
        for name, calls in found.items():  # a tree asks about 2 × tasks, or more
            assert calls.get("index", 0) < 500 and calls.get("flags", 0) < 500, (tasks, name)


def test_read_only_reaches_the_cells(qtbot: QtBot, panel: BoardPanel, doc: PlanDocument) -> None:
    title = panel.to_view(panel.model.task_index("t-3"))
    assert panel.view.model().flags(title) & Qt.ItemFlag.ItemIsEditable
    doc.read_only_reason = "open elsewhere"
    doc.path_changed.emit()
    assert not panel.view.model().flags(title) & Qt.ItemFlag.ItemIsEditable
    assert not panel.view.model().flags(strategy_index(panel, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    doc.read_only_reason = None
    doc.path_changed.emit()
    assert panel.view.model().flags(title) & Qt.ItemFlag.ItemIsUserCheckable


# --- repaints ----------------------------------------------------------------------------------


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_scroll_bar_repaints_only_when_its_handle_moves(qtbot: QtBot) -> None:
    bar = QuietScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.resize(14, 300)
    bar.setRange(0, 5000)
    bar.setPageStep(12)
    bar.show()
    qtbot.waitExposed(bar)
    bar.setValue(2500)
    qtbot.waitUntil(lambda: bar._painted is not None and bar.value() == 2500)
    QApplication.processEvents()
    painted = PaintCounter(bar)
    bar.setRange(0, 5001)  # a task more: the handle stays where it was, to the pixel
    bar.setValue(2501)
    QApplication.processEvents()
    assert painted.count == 0
    bar.setRange(0, 100)  # a handle of another size, at the end
    QApplication.processEvents()
    assert painted.count == 1
    bar.setValue(50)  # the handle moves
    QApplication.processEvents()
    assert painted.count == 2


def test_the_header_and_scroll_bar_stay_put_as_the_focus_and_selection_change(
    qtbot: QtBot, panel: BoardPanel, doc: PlanDocument
) -> None:
    header = PaintCounter(panel.view.horizontalHeader().viewport())
    bar = PaintCounter(panel.view.verticalScrollBar())
    rows = PaintCounter(panel.view.viewport())
    panel.select_task("t-1")
    key(qtbot, panel, Qt.Key.Key_Down)
    panel.editor.title_edit.setFocus()  # the view loses the focus
    qtbot.waitUntil(lambda: rows.count > 0)
    painted = rows.count
    panel.view.setFocus()  # and gets it back
    qtbot.waitUntil(lambda: rows.count > painted)
    QApplication.processEvents()
    assert header.count == 0 and bar.count == 0
    assert current_id(panel) == "t-2"
    assert panel.view.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # a title


def test_the_focus_coming_to_an_empty_selection_makes_the_first_row_current(
    qtbot: QtBot, doc: PlanDocument
) -> None:
    panel = BoardPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: current_id(panel) is not None)
    assert current_id(panel) == "understand"


# --- filters --------------------------------------------------------------------------------


def test_a_filter_change_shows_the_list_afresh_not_row_range_by_row_range(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    for n in range(6):  # done and not done, alternating: many ranges to hide
        edits.add_task(doc, "understand", None, f"Extra {n}")
        if n % 2:
            edits.set_status(doc, [doc.plan.strategies[0].tasks[-1].id], TaskStatus.DONE)
    log = SignalLog(panel.flat)
    panel.select_task("t-2")
    panel.hide_done_check.setChecked(True)
    assert current_id(panel) == "t-2" and panel.selected_task_ids() == ["t-2"]
    panel.set_attribute_filter("internals")
    panel.attribute_check.setChecked(True)
    panel.set_attribute_filter("formal")
    panel.attribute_check.setChecked(False)
    panel.hide_done_check.setChecked(False)
    assert set(log.names()) <= {"modelAboutToBeReset", "modelReset"}
    log.events.clear()
    panel.hide_done_check.setChecked(True)
    log.events.clear()
    panel.set_attribute_filter("internals.weights")  # the attribute box is not ticked
    assert log.names() == []


def test_each_filter_change_is_one_reset_even_while_a_filter_is_on(panel: BoardPanel) -> None:
    panel.hide_done_check.setChecked(True)  # the filter is on from here
    log = SignalLog(panel.flat)
    panel.attribute_check.setChecked(True)  # no attribute chosen yet: nothing changes
    panel.set_attribute_filter("internals")  # each click in the tree, with the box ticked
    panel.set_attribute_filter("formal")
    panel.hide_done_check.setChecked(False)  # still filtering by attribute
    assert log.names() == ["modelAboutToBeReset", "modelReset"] * 3


def test_a_filter_that_hides_the_current_task_moves_editor_and_selection_together(
    panel: BoardPanel, doc: PlanDocument
) -> None:
    panel.select_task("t-1")  # done
    assert panel.editor.task_id == "t-1"
    panel.hide_done_check.setChecked(True)
    assert panel.editor.task_id == "t-2" and panel.selected_task_ids() == ["t-2"]
    panel.hide_done_check.setChecked(False)
    assert panel.select_task("t-1") and panel.editor.task_id == "t-1"
