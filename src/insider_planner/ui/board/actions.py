"""The board's actions: what the Tasks menu, the toolbar and the board's keys trigger."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle

from insider_planner.ui.actions import Shortcuts, make_action

if TYPE_CHECKING:
    from insider_planner.ui.board.panel import BoardPanel

_PIXMAP = QStyle.StandardPixmap


class BoardActions:
    """The named actions of one board panel, and when each is enabled.

    Actions acting on the selection are bound to the board tree (their keys only fire
    while it has the focus, so Space and Delete keep their meaning in the editor's
    fields); the others to the whole panel.
    """

    def __init__(self, panel: BoardPanel) -> None:
        self._panel = panel
        self.add_task = self._make(
            "&Add Task",
            "Add a task to the selected step (Ctrl+T)",
            panel.add_task,
            ["Ctrl+T"],
            _PIXMAP.SP_FileIcon,
        )
        self.add_starter_tasks = self._make(
            "Add &Starter Tasks",
            "Add the suggested starter tasks for the selected step",
            panel.add_starter_tasks,
            ["Ctrl+Shift+T"],
            _PIXMAP.SP_FileDialogNewFolder,
        )
        self.delete_task = self._make(
            "&Delete Task",
            "Delete the selected tasks (Delete)",
            panel.delete_selected,
            QKeySequence.StandardKey.Delete,
            _PIXMAP.SP_TrashIcon,
            on_view=True,
        )
        self.move_up = self._make(
            "Move &Up",
            "Move the selected step or tasks up (Ctrl+Up)",
            lambda: panel.move_selected(-1),
            ["Ctrl+Up"],
            _PIXMAP.SP_ArrowUp,
            on_view=True,
        )
        self.move_down = self._make(
            "Move Do&wn",
            "Move the selected step or tasks down (Ctrl+Down)",
            lambda: panel.move_selected(+1),
            ["Ctrl+Down"],
            _PIXMAP.SP_ArrowDown,
            on_view=True,
        )
        self.move_to_step_menu = QMenu("Move to Step", panel)
        self.move_to_step_menu.setAccessibleName("Move to step")
        self.move_to_step_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_to_step = self._make(
            "&Move to Step",
            "Move the selected tasks to another step (Ctrl+Shift+M)",
            panel.popup_move_menu,
            ["Ctrl+Shift+M"],
            _PIXMAP.SP_ArrowRight,
            on_view=True,
        )
        self.move_to_step.setMenu(self.move_to_step_menu)
        self.toggle_status = self._make(
            "&Toggle Status",
            "Advance the selected tasks: to do → doing → done (Space)",
            panel.toggle_selected,
            ["Space", "Ctrl+Return"],
            _PIXMAP.SP_DialogApplyButton,
            on_view=True,
        )
        # The toolbar shows short names (a button's tool tip gives the whole), so that every
        # action fits on it beside the attribute tree on a laptop's screen.
        for action, short in (
            (self.add_task, "Add"),
            (self.add_starter_tasks, "Starters"),
            (self.move_to_step, "Move To"),
            (self.delete_task, "Delete"),
        ):
            action.setIconText(short)
        self.hide_done = make_action(
            panel, "&Hide Done Tasks", tip="Hide tasks that are done", checkable=True
        )
        self.attribute_filter = make_action(
            panel,
            "Only Tasks for the Selected &Attribute",
            tip="Show only tasks linked to the attribute selected in the attribute tree",
            checkable=True,
        )

    def _make(
        self,
        text: str,
        tip: str,
        slot: Callable[[], object],
        shortcuts: Shortcuts,
        icon: QStyle.StandardPixmap,
        on_view: bool = False,
    ) -> QAction:
        panel = self._panel
        action = make_action(panel, text, slot, shortcuts, tip, panel.style().standardIcon(icon))
        if on_view:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            panel.view.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            panel.addAction(action)
        return action

    def menu_order(self) -> list[QAction | None]:
        """The actions in menu order; None marks a separator. Move to Step has a submenu."""
        return [
            self.add_task,
            self.add_starter_tasks,
            None,
            self.toggle_status,
            self.move_up,
            self.move_down,
            self.move_to_step,
            None,
            self.delete_task,
            None,
            self.hide_done,
            self.attribute_filter,
        ]

    def toolbar_order(self) -> list[QAction | None]:
        """The menu up to the filters (the board shows them as check boxes), without
        Toggle Status (Space, or a click on a task's tick, does that)."""
        entries = self.menu_order()
        before_filters = entries[: entries.index(self.hide_done) - 1]
        return [a for a in before_filters if a is not self.toggle_status]

    def update(
        self,
        *,
        editable: bool,
        has_tasks: bool,
        can_up: bool,
        can_down: bool,
        has_starters: bool,
    ) -> None:
        """Enable what applies to the current selection."""
        self.add_task.setEnabled(editable)
        self.add_starter_tasks.setEnabled(editable and has_starters)
        for action in (self.delete_task, self.toggle_status, self.move_to_step):
            action.setEnabled(editable and has_tasks)
        self.move_up.setEnabled(editable and can_up)
        self.move_down.setEnabled(editable and can_down)

    def _fill_move_menu(self) -> None:
        panel = self._panel
        menu = self.move_to_step_menu
        menu.clear()
        ids = panel.selected_task_ids()
        lanes = {panel.model.lane_of(panel.model.task_index(t)).id for t in ids}
        for lane in panel.doc.plan.strategies:
            action = menu.addAction(panel.model.strategy_label(lane.id))
            action.setData(lane.id)
            action.setEnabled(bool(ids) and lanes != {lane.id})
            action.triggered.connect(
                lambda _checked=False, lane_id=lane.id: panel.move_selected_to(lane_id)
            )


def refused_move_message(panel: BoardPanel, delta: int) -> str:
    """Why the current step or the selected tasks cannot move up (-1) or down (+1)."""
    if panel.doc.read_only:
        return "This plan is read-only: nothing can be moved"
    index = panel.to_source(panel.view.currentIndex())
    if not index.isValid():
        return "Select a step or tasks to move"
    end = "first" if delta < 0 else "last"
    if panel.model.is_strategy(index):
        return f"Already the {end} step"
    if len(panel.selected_task_ids()) > 1:
        return (
            f"The selected tasks are already at the {'top' if delta < 0 else 'bottom'} of this step"
        )
    return f"Already the {end} task in this step"
