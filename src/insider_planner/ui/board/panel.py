"""The action board panel: overall progress, a toolbar, the board table and a task editor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QMenu,
    QProgressBar,
    QSplitter,
    QStyledItemDelegate,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.ui import edits
from insider_planner.ui.actions import fill_menu, pop_up
from insider_planner.ui.board.actions import BoardActions
from insider_planner.ui.board.delegate import StrategyDelegate
from insider_planner.ui.board.filter import BoardFilterModel
from insider_planner.ui.board.flat import BoardFlatModel, is_strategy_row
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.starters import StarterTitles
from insider_planner.ui.board.style import Column
from insider_planner.ui.board.task_editor import TaskEditor
from insider_planner.ui.board.view import BoardTableView
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import describe, plain_label


class BoardPanel(QWidget):
    """The action board: the six strategies in priority order, with their tasks.

    The board model (a tree: strategies, their tasks) reaches the table through the flat
    model (`flat`), which lists each strategy followed by its tasks. Indexes of the view
    are flat; `to_source` and `to_view` map them to and from the board model.

    The window puts the board's actions (`board_actions`) into its Tasks menu.
    """

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPanel")
        self.doc = doc
        # Whether each step lacks some starter task (first, so it is current for the model's
        # signals, which can move the selection and so ask it).
        self.starters = StarterTitles(doc)
        self.model = BoardModel(doc, self)
        # The filter sits between the model and the flat list only while it hides
        # something: attached, it turns every move into a re-filter of the step.
        self.proxy = BoardFilterModel(self.model, self)
        self._detach_filter()
        self.flat = BoardFlatModel(self.model, self)
        self._attribute_node: str | None = None
        self._holding_actions = False

        self.view = BoardTableView(self)
        self.view.setObjectName("boardView")
        self.view.setItemDelegate(StrategyDelegate(self.view))
        # The other columns are plain text and icons: Qt's own delegate paints them.
        plain = QStyledItemDelegate(self.view)
        for column in (Column.STATUS, Column.DUE, Column.LINKS):
            self.view.setItemDelegateForColumn(column, plain)
        self.view.setModel(self.flat)
        self.view.about_to_paint.connect(self.model.check_looks)
        describe(
            self.view,
            "Action board",
            "Steps in priority order with their tasks. Drag to reorder; Ctrl+Up/Down moves; "
            "Space changes status",
        )
        self._setup_view()
        self.editor = TaskEditor(self.model, self)
        self.board_actions = BoardActions(self)
        self.board_actions.hide_done.toggled.connect(self._set_hide_done)
        self.board_actions.attribute_filter.toggled.connect(self._apply_attribute_filter)
        self.editor.set_starter_action(self.board_actions.add_starter_tasks)
        self.editor.notes_edit.leave_requested.connect(self.view.setFocus)
        self._build_layout()

        self._follow_selection()
        for signal in (
            self.flat.rowsInserted,
            self.flat.rowsRemoved,
            self.flat.modelReset,
            self.flat.layoutChanged,
        ):
            signal.connect(self._update_empty_message)
        doc.node_renamed.connect(self._update_empty_message)
        # A task's status may change before or after the filter drops its row.
        self.model.progress_changed.connect(self._update_empty_message)
        self.model.progress_changed.connect(self._update_progress)
        self.model.tasks_created.connect(self.select_tasks)
        doc.undo_stack.indexChanged.connect(self._update_actions)
        doc.path_changed.connect(self._sync_read_only)  # Save As can end read-only mode
        self._sync_read_only()
        self._update_progress()
        self._update_actions()
        self._update_empty_message()

    # --- construction ----------------------------------------------------------------------

    def _setup_view(self) -> None:
        view = self.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDropIndicatorShown(True)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        describe(view.horizontalHeader(), "Board columns", "Drag a column's edge to resize it")
        view.setup_columns()

    def _build_layout(self) -> None:
        title = plain_label("Action board")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        title.setFont(font)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setMinimumWidth(40)
        describe(self.progress_bar, "Overall progress", "Tasks done across all steps")
        self.progress_label = plain_label()
        self.progress_label.setAccessibleName("Overall progress")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.progress_bar, 1)
        header.addWidget(self.progress_label)

        self.toolbar = self._build_toolbar()
        actions = self.board_actions
        self.hide_done_check = QCheckBox("Hide done")
        describe(self.hide_done_check, "Hide done tasks", "Hide tasks that are done")
        self.hide_done_check.toggled.connect(actions.hide_done.setChecked)
        actions.hide_done.toggled.connect(self.hide_done_check.setChecked)
        self.attribute_check = QCheckBox("Only tasks for the selected attribute")
        describe(
            self.attribute_check,
            "Only tasks for the selected attribute",
            "Show only tasks linked to the attribute selected in the attribute tree",
        )
        self.attribute_check.toggled.connect(actions.attribute_filter.setChecked)
        actions.attribute_filter.toggled.connect(self.attribute_check.setChecked)
        filters = QHBoxLayout()
        filters.addWidget(self.hide_done_check)
        filters.addSpacing(12)
        filters.addWidget(self.attribute_check)
        filters.addStretch(1)
        self.filter_label = plain_label()
        self.filter_label.setEnabled(False)
        self.filter_label.setVisible(False)

        editor_frame = QFrame()
        editor_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(editor_frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.editor)
        # Nothing is current when a plan opens: the board takes the editor's room until a
        # row is (see `_fit_editor`).
        editor_frame.setVisible(False)
        self.editor_frame = editor_frame
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("board_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(editor_frame)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.filter_label)
        layout.addWidget(splitter, 1)

    def _build_toolbar(self) -> QToolBar:
        actions = self.board_actions
        toolbar = QToolBar("Board")
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in actions.toolbar_order():
            if action is None:
                toolbar.addSeparator()
                continue
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if not isinstance(button, QToolButton):
                continue
            button.setAccessibleName(action.text().replace("&", ""))
            if action in (actions.move_up, actions.move_down):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            elif action is actions.move_to_step:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return toolbar

    # --- public API ------------------------------------------------------------------------

    def set_attribute_filter(self, node_id: str | None) -> None:
        """The attribute selected in the tree; applied when the attribute filter is on.

        Calling this on every tree selection change is fine; nothing is filtered until the
        "Only tasks for the selected attribute" box is ticked.
        """
        self._attribute_node = node_id
        self._apply_attribute_filter()

    def to_source(self, index: QModelIndex) -> QModelIndex:
        """The board model's index for an index of the view."""
        return self._tree_to_source(self.flat.mapToSource(index))

    def to_view(self, index: QModelIndex) -> QModelIndex:
        """The view's index for an index of the board model (invalid when filtered out or
        in a collapsed step)."""
        return self.flat.mapFromSource(self._source_to_tree(index))

    def _tree(self) -> QAbstractItemModel:
        """The tree the flat list shows: the board model, or the filter over it."""
        return self.flat.sourceModel()

    def _tree_to_source(self, index: QModelIndex) -> QModelIndex:
        return self.proxy.mapToSource(index) if self._filtered() else index

    def _source_to_tree(self, index: QModelIndex) -> QModelIndex:
        return self.proxy.mapFromSource(index) if self._filtered() else index

    def _filtered(self) -> bool:
        return self.flat.sourceModel() is self.proxy

    def _shown_index(self, task_id: str) -> QModelIndex:
        """The view's index of a task, opening its step if it is collapsed (invalid: the
        task does not exist or is filtered out)."""
        index = self._source_to_tree(self.model.task_index(task_id))
        if not index.isValid():
            return QModelIndex()
        lane = index.parent().row()
        if not self.flat.is_expanded(lane):
            self.view.set_expanded(lane, True)
        return self.flat.mapFromSource(index)

    def select_task(self, task_id: str) -> bool:
        """Select and show a task; False when it does not exist or is filtered out."""
        index = self._shown_index(task_id)
        if not index.isValid():
            return False
        with self._actions_updated_once():
            self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def reveal_task(self, task_id: str) -> bool:
        """Select and show a task, turning off the board's filters if they hide it;
        False when the plan has no such task."""
        if self.select_task(task_id):
            return True
        if not self.model.task_index(task_id).isValid():
            return False
        actions = self.board_actions
        actions.hide_done.setChecked(False)
        actions.attribute_filter.setChecked(False)
        return self.select_task(task_id)

    def context_menu(self) -> QMenu:
        """The right-click menu: the board's actions, as in the Tasks menu."""
        menu = QMenu(self)
        fill_menu(menu, self.board_actions.menu_order())
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isRowSelected(index.row()):
            self.view.setCurrentIndex(index)  # right-click acts on the row under the pointer
        menu = self.context_menu()
        pop_up(menu, self.view.viewport(), pos)

    def show_linked_tasks(self, node_id: str) -> None:
        """Show only the tasks linked to a node (the attribute filter, on that node)."""
        self.set_attribute_filter(node_id)
        self.board_actions.attribute_filter.setChecked(True)

    def show_added_tasks(self, task_ids: list[str]) -> None:
        """Select tasks just added elsewhere (from the gap), turning off the filters that
        hide them; one new task gets its title ready to type over."""
        if not task_ids or not self.reveal_task(task_ids[0]):
            return
        if len(task_ids) > 1:
            self.select_tasks(task_ids)
            self.view.setFocus()
            return
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()

    def select_tasks(self, task_ids: list[str]) -> None:
        """Select several tasks (the first becomes current)."""
        with self._actions_updated_once():
            self._select_tasks(task_ids)

    def _select_tasks(self, task_ids: list[str]) -> None:
        selection = QItemSelection()
        first: QModelIndex | None = None
        for task_id in task_ids:
            index = self._shown_index(task_id)
            if index.isValid():
                first = first or index
                selection.select(index, index)
        if first is None:
            return
        flags = QItemSelectionModel.SelectionFlag
        model = self.view.selectionModel()
        model.setCurrentIndex(first, flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(first)

    def selected_task_ids(self) -> list[str]:
        """The selected tasks, in board order."""
        found: list[tuple[int, int, str]] = []
        for proxy_index in self.view.selectionModel().selectedRows(0):
            index = self.to_source(proxy_index)
            if self.model.is_task(index):
                lane_row = index.parent().row()
                found.append((lane_row, index.row(), self.model.task_of(index).id))
        return [task_id for *_, task_id in sorted(found)]

    def current_lane_id(self) -> str | None:
        """The step of the current item (a step, or a task's step)."""
        index = self.to_source(self.view.currentIndex())
        return self.model.lane_of(index).id if index.isValid() else None

    # --- operations ------------------------------------------------------------------------

    def add_task(self) -> None:
        """Add a task after the current task, or at the end of the current step."""
        index = self.to_source(self.view.currentIndex())
        lane_id = self.current_lane_id() or self.model.lane_at(0).id
        row = index.row() + 1 if self.model.is_task(index) else None
        links = [self._attribute_node] if self._filtering_by_attribute() else []
        self.editor.commit_pending()
        with self._actions_updated_once():
            task = edits.add_task(self.doc, lane_id, row, links=[n for n in links if n])
            if task is not None:
                self._select_tasks([task.id])
        if task is not None:
            self.editor.title_edit.setFocus()
            self.editor.title_edit.selectAll()

    def add_starter_tasks(self) -> None:
        lane_id = self.current_lane_id() or self.model.lane_at(0).id
        with self._actions_updated_once():
            self._select_tasks([t.id for t in edits.add_starter_tasks(self.doc, lane_id)])

    def delete_selected(self) -> None:
        with self._actions_updated_once():
            edits.delete_tasks(self.doc, self.selected_task_ids())

    def toggle_selected(self) -> None:
        with self._actions_updated_once():
            edits.toggle_status(self.doc, self.selected_task_ids())

    def move_selected(self, delta: int) -> None:
        """Move the current step, or the selected tasks of the current step, by one row."""
        current = self.view.currentIndex()
        index = self.to_source(current)
        if self.model.is_strategy(index):
            with self._actions_updated_once():
                edits.move_strategy(self.doc, index.row(), index.row() + delta)
            return
        block = self._task_block(current)
        if block is None:
            return
        ids, parent, first, last = block
        shown = self._tree()
        if delta < 0:
            if first == 0:
                return
            target = self._tree_to_source(shown.index(first - 1, 0, parent)).row()
        else:
            if last >= shown.rowCount(parent) - 1:
                return
            target = self._tree_to_source(shown.index(last + 1, 0, parent)).row() + 1
        lane_id = self.model.lane_of(self._tree_to_source(parent)).id
        with self._actions_updated_once():
            edits.move_tasks(self.doc, ids, lane_id, target)

    def _task_block(
        self, current: QModelIndex, selected: list[QModelIndex] | None = None
    ) -> tuple[list[str], QModelIndex, int, int] | None:
        """Selected tasks sharing the current task's step: ids, and the step's index and the
        first and last rows in the tree the view shows (the filter's, while it is on)."""
        flat = self.flat
        task = flat.mapToSource(current)
        if not task.isValid() or not task.parent().isValid():
            return None
        parent = task.parent()
        if selected is None:
            selected = self.view.selectionModel().selectedRows(0)
        in_step = (flat.mapToSource(i) for i in selected if not is_strategy_row(i))
        rows = sorted({i.row() for i in in_step if i.parent() == parent} | {task.row()})
        shown = self._tree()
        ids = [self.model.task_of(self._tree_to_source(shown.index(r, 0, parent))).id for r in rows]
        return ids, parent, rows[0], rows[-1]

    def popup_move_menu(self) -> None:
        """Show the Move to Step menu at the current task."""
        if not self.selected_task_ids():
            return
        rect = self.view.visualRect(self.view.currentIndex())
        where = self.view.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid() else QPoint())
        self.board_actions.move_to_step_menu.popup(where)

    def move_selected_to(self, lane_id: str) -> None:
        """Move the selected tasks to the end of another step."""
        with self._actions_updated_once():
            edits.move_tasks(self.doc, self.selected_task_ids(), lane_id)

    # --- reacting --------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.editor.show_index(self.to_source(current))
        self._fit_editor()
        self._update_actions()

    def editor_shown(self) -> bool:
        """Whether the editor takes its room below the board (it does while a row is
        current; before any is, the board has the room)."""
        return not self.editor_frame.isHidden()

    def _fit_editor(self) -> None:
        """Show the editor while a row is current, and give its room to the board while
        none is.

        No row is current only until the user picks one after a plan opens (a filter
        moves the current row to a shown neighbour or its step, which always shows), so
        the board changes height once, not as the user moves between rows: rows never
        move under the mouse while clicking from task to task. The splitter keeps the
        editor's height while it is hidden, and saves that height, not a collapsed one.
        """
        wanted = self.view.currentIndex().isValid()
        frame = self.editor_frame
        if wanted == self.editor_shown():
            return
        frame.setVisible(wanted)
        if wanted:
            # The board loses the editor's height at its bottom, now rather than on the
            # next pass of the event loop: the rows above stay put, and a current row that
            # the editor now covers is scrolled just into view.
            self.splitter.refresh()
            self.view.scrollTo(self.view.currentIndex())

    def _update_progress(self) -> None:
        done, total = self.model.progress()
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)
        percent = round(100 * done / total) if total else 0
        self.progress_label.setText(
            f"{done} of {total} done ({percent}%)" if total else "No tasks yet"
        )

    def _sync_read_only(self) -> None:
        editable = not self.doc.read_only
        self.flat.forget_flags()
        self.view.setDragEnabled(editable)
        self.view.setAcceptDrops(editable)
        self.editor.sync_read_only()
        self._update_actions()

    @contextmanager
    def _actions_updated_once(self) -> Iterator[None]:
        """Enable the actions once, after an edit and the selection it makes: both would
        each enable them, and more than once."""
        if self._holding_actions:
            yield
            return
        self._holding_actions = True
        try:
            yield
        finally:
            self._holding_actions = False
            self._update_actions()

    def _update_actions(self, *_: object) -> None:
        if self._holding_actions:
            return
        current = self.view.currentIndex()
        selected = self.view.selectionModel().selectedRows(0)
        source = self.to_source(current)
        can_up = can_down = False
        if self.model.is_strategy(source):
            can_up = source.row() > 0
            can_down = source.row() < self.model.rowCount() - 1
        elif (block := self._task_block(current, selected)) is not None:
            parent, first, last = block[1:]
            can_up = first > 0
            can_down = last < self._tree().rowCount(parent) - 1
        lane_id = self.model.lane_of(source).id if source.isValid() else self.model.lane_at(0).id
        self.board_actions.update(
            editable=not self.doc.read_only,
            has_tasks=not all(is_strategy_row(index) for index in selected),
            can_up=can_up,
            can_down=can_down,
            has_starters=self.starters.lacks_some(lane_id),
        )

    def _set_hide_done(self, hide: bool) -> None:
        if hide != self.proxy.hide_done:
            self._refilter(lambda: self.proxy.set_hide_done(hide))
        self._update_filter_label()
        self._update_empty_message()

    def empty_message(self) -> str:
        """Why the board shows no task, and what to do about it ("" when it shows some).

        Counted per step on the models, never task by task: six row counts.
        """
        shown = self._tree()
        if any(shown.rowCount(shown.index(row, 0)) for row in range(shown.rowCount())):
            return ""
        done, total = self.model.progress()
        if not total:
            actions = self.board_actions
            return (
                f"No tasks yet. Add one with {_button(actions.add_task)}, or the suggested "
                f"ones for a step with {_button(actions.add_starter_tasks)}."
            )
        attribute = self.attribute_check.text()
        if self._filtering_by_attribute():
            assert self._attribute_node is not None
            node = self.doc.tree.get(self._attribute_node)
            title = node.title if node is not None else self._attribute_node
            if self.proxy.hide_done:
                return (
                    f"No task linked to “{title}” is left to do. Untick “Hide done” to see "
                    f"done ones, or turn off “{attribute}”."
                )
            return (
                f"No tasks are linked to “{title}”. Link one from the task editor, "
                f"or turn off “{attribute}”."
            )
        if self.proxy.hide_done and done == total:
            return "Every task is done, and done tasks are hidden. Untick “Hide done” to see them."
        return ""

    def _update_empty_message(self, *_: object) -> None:
        self.view.set_empty_message(self.empty_message())

    def _filtering_by_attribute(self) -> bool:
        return self.board_actions.attribute_filter.isChecked() and self._attribute_node is not None

    def _apply_attribute_filter(self, *_: object) -> None:
        node = self._attribute_node if self._filtering_by_attribute() else None
        ids = self.proxy.node_ids_for(node)
        if ids != self.proxy.node_ids:
            self._refilter(lambda: self.proxy.set_node_ids(ids))
        self._update_filter_label()
        self._update_actions()
        self._update_empty_message()

    def _refilter(self, change: Callable[[], None]) -> None:
        """Change what the filter hides.

        The filter sits between the model and the flat list only while it hides tasks.
        A change is made with the filter out of the way and then shown afresh: told row
        range by row range, hiding or showing the done tasks of a big board would move the
        table's rows thousands of times. The selected tasks are kept by id.
        """
        current = self.to_source(self.view.currentIndex())
        selected = self.selected_task_ids()

        def refiltered() -> QAbstractItemModel:
            self._detach_filter()
            change()
            if not self.proxy.filtering:
                return self.model
            self.proxy.setSourceModel(self.model)
            return self.proxy

        self.flat.reshow(refiltered)  # one reset
        with self._actions_updated_once():
            self._select_tasks(selected)
            if not self.selected_task_ids():
                # Nothing selected is shown any more: the nearest shown task of the step,
                # else the step itself; the editor never shows a row that is not selected.
                shown = self._shown_neighbour(current)
                selection = self.view.selectionModel()
                flags = QItemSelectionModel.SelectionFlag
                if shown.isValid():
                    selection.setCurrentIndex(shown, flags.ClearAndSelect | flags.Rows)
                    self.view.scrollTo(shown)
                else:
                    selection.clear()
            # A reset moves the current row without a word: tell the editor if it moved.
            if self.to_source(self.view.currentIndex()) != current:
                self._on_current_changed(self.view.currentIndex(), QModelIndex())

    def _shown_neighbour(self, index: QModelIndex) -> QModelIndex:
        """The view's index of `index` if it is shown, else of the nearest shown task of its
        step (the one after it first), else of the step; invalid for an invalid index."""
        if not index.isValid():
            return QModelIndex()
        shown = self.to_view(index)
        if shown.isValid() or not self.model.is_task(index):
            return shown
        lane = index.parent()
        count = self.model.rowCount(lane)
        # Only this step's tasks, and only until a shown one is met.
        for row in (*range(index.row() + 1, count), *reversed(range(index.row()))):
            shown = self.to_view(self.model.index(row, 0, lane))
            if shown.isValid():
                return shown
        return self.to_view(lane)

    def _detach_filter(self) -> None:
        # Qt takes a null model (None) to mean "no source"; the type stubs do not say so.
        self.proxy.setSourceModel(None)  # type: ignore[arg-type]

    def _follow_selection(self) -> None:
        selection = self.view.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        selection.selectionChanged.connect(self._update_actions)

    def _update_filter_label(self) -> None:
        text = ""
        if self._filtering_by_attribute():
            assert self._attribute_node is not None
            node = self.doc.tree.get(self._attribute_node)
            text = f"Showing: {node.path_title if node else self._attribute_node}"
        self.filter_label.setText(text)
        self.filter_label.setVisible(bool(text))


def _button(action: QAction) -> str:
    """How the board's toolbar names an action, with its key: "Add (Ctrl+T)"."""
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    name = action.iconText().replace("&", "")
    return f"{name} ({key})" if key else name
