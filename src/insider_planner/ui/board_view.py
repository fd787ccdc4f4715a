"""The action board panel: overall progress, a toolbar, the board tree and a task editor."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QProgressBar,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from insider_planner.ui.board_model import (
    DESCRIPTION_ROLE,
    PROGRESS_ROLE,
    BoardFilterModel,
    BoardModel,
    Column,
)
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.mime import BOARD_MIME
from insider_planner.ui.task_editor import TaskEditor, describe, plain_label

AnyIndex = QModelIndex | QPersistentModelIndex


class StrategyDelegate(QStyledItemDelegate):
    """Paints strategy rows as section headers: number and title, progress, description."""

    PADDING = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[str, tuple[int, int]] = {}

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.9))
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # Rows are not of uniform height, so the tree asks for every row it lays out; on a
        # big plan that is thousands of calls, so the two heights are computed once per font.
        key = option.font.key()
        heights = self._heights.get(key)
        if heights is None:
            title, small = self._fonts(option)
            strategy = QFontMetrics(title).height() + QFontMetrics(small).height()
            task = super().sizeHint(option, index).height() if index.parent().isValid() else 0
            heights = (
                strategy + 3 * self.PADDING,
                max(task, QFontMetrics(option.font).height() + 8, 24),
            )
            if task:
                self._heights[key] = heights
        return QSize(200, heights[1] if index.parent().isValid() else heights[0])

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.parent().isValid() or index.column() != Column.TITLE:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        title_font, small_font = self._fonts(option)
        rect: QRect = opt.rect.adjusted(
            self.PADDING, self.PADDING, -2 * self.PADDING, -self.PADDING
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        done, total = index.data(PROGRESS_ROLE) or (0, 0)
        progress = f"{done} of {total} done" if total else "No tasks yet"

        painter.save()
        title_metrics = QFontMetrics(title_font)
        small_metrics = QFontMetrics(small_font)
        bar_width = 64
        progress_width = small_metrics.horizontalAdvance(progress)
        right_block = progress_width + (bar_width + 8 if total else 0)
        title_rect = QRect(
            rect.left(), rect.top(), rect.width() - right_block - 12, title_metrics.height()
        )
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = title_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )

        painter.setFont(small_font)
        painter.setPen(muted)
        progress_rect = QRect(
            rect.right() - progress_width, rect.top(), progress_width, title_rect.height()
        )
        painter.drawText(
            progress_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, progress
        )
        if total:
            bar = QRect(progress_rect.left() - bar_width - 8, 0, bar_width, 6)
            bar.moveCenter(QPoint(bar.center().x(), progress_rect.center().y()))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            track = palette.color(QPalette.ColorRole.Mid)
            track.setAlpha(90)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            if done:
                filled = QRect(bar)
                filled.setWidth(max(6, round(bar_width * done / total)))
                painter.setBrush(
                    palette.color(QPalette.ColorRole.HighlightedText)
                    if selected
                    else palette.color(QPalette.ColorRole.Highlight)
                )
                painter.drawRoundedRect(filled, 3, 3)

        description = str(index.data(DESCRIPTION_ROLE) or "")
        painter.setPen(muted)
        desc_rect = QRect(
            rect.left(), title_rect.bottom() + 3, rect.width(), small_metrics.height()
        )
        painter.drawText(
            desc_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(description, Qt.TextElideMode.ElideRight, desc_rect.width()),
        )
        painter.restore()


def _is_strategy_drag(data: QMimeData) -> bool:
    if not data.hasFormat(BOARD_MIME):
        return False
    try:
        payload = json.loads(bytes(data.data(BOARD_MIME).data()))
    except ValueError:
        return False
    return isinstance(payload, dict) and "strategy" in payload


class BoardTreeView(QTreeView):
    """The board tree; strategy rows are drawn as full-width bands.

    When the board is narrow the Linked and Due columns give way (the editor below and
    the tool tips still show them), so titles stay readable.
    """

    links_width = 180

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        header = self.header()
        header.setSectionHidden(Column.LINKS, width < 520)
        header.setSectionHidden(Column.DUE, width < 400)
        if width >= 520:
            header.resizeSection(Column.LINKS, min(self.links_width, max(120, width // 4)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Up/Down are the move shortcuts; when a move is not possible (the action is
        # disabled) they must not fall through and move the cursor instead.
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        # Just below an expanded strategy's header the drop line sits above its first task,
        # but Qt reports "after this strategy", which the model reads as the strategy's end.
        index = self.indexAt(event.position().toPoint())
        if (
            self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem
            and index.isValid()
            and not index.parent().isValid()
            and self.isExpanded(index)
            and self.model().rowCount(index.siblingAtColumn(0)) > 0
            and not _is_strategy_drag(event.mimeData())
        ):
            dropped = self.model().dropMimeData(
                event.mimeData(), event.dropAction(), 0, 0, index.siblingAtColumn(0)
            )
            event.setAccepted(dropped)
            self.setState(QAbstractItemView.State.NoState)
            self.viewport().update()
            return
        super().dropEvent(event)

    def drawRow(self, painter: QPainter, options: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not index.parent().isValid():
            band = self.palette().color(QPalette.ColorRole.AlternateBase)
            painter.fillRect(options.rect, band)
        super().drawRow(painter, options, index)


class BoardPanel(QWidget):
    """The action board: the six strategies in priority order, with their tasks.

    The window puts the named actions into its menus; their shortcuts work while the
    focus is in the board (the tree view for those acting on the selection), so they do
    not clash with the attribute tree's keys.
    """

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPanel")
        self.doc = doc
        self.model = BoardModel(doc, self)
        self.proxy = BoardFilterModel(self.model, self)
        self._attribute_node: str | None = None

        self.view = BoardTreeView(self)
        self.view.setObjectName("boardView")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(StrategyDelegate(self.view))
        describe(
            self.view,
            "Action board",
            "Steps in priority order with their tasks. Drag to reorder; Ctrl+Up/Down moves; "
            "Space changes status",
        )
        self._setup_view()
        self.editor = TaskEditor(self.model, self)
        self._create_actions()
        self.editor.set_starter_action(self.add_starter_tasks_action)
        self._build_layout()

        selection = self.view.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        selection.selectionChanged.connect(self._update_actions)
        self.model.progress_changed.connect(self._update_progress)
        self.model.tasks_created.connect(self._on_tasks_created)
        # Spans are kept by persistent index, so moves keep them; only a reset loses them.
        self.proxy.modelReset.connect(self._apply_spans)
        doc.undo_stack.indexChanged.connect(self._update_actions)
        doc.path_changed.connect(self._sync_read_only)  # Save As can end read-only mode
        self._sync_read_only()
        self._apply_spans()
        self.view.expandAll()
        self._update_progress()
        self._update_actions()

    # --- construction ----------------------------------------------------------------------

    def _setup_view(self) -> None:
        view = self.view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setUniformRowHeights(False)
        view.setAllColumnsShowFocus(True)
        view.setAnimated(False)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDropIndicatorShown(True)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setAutoExpandDelay(600)
        header = view.header()
        describe(header, "Board columns", "Drag a column's edge to resize it")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = view.fontMetrics()
        for column, sample in (
            (Column.STATUS, "  Doing  "),
            (Column.DUE, "  30 Sep 2027  "),
            (Column.LINKS, "Internals › Activations"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        view.links_width = header.sectionSize(Column.LINKS)

    def _make_action(
        self,
        text: str,
        tooltip: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence],
        icon: QStyle.StandardPixmap | None = None,
        on_view: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tooltip)
        action.setStatusTip(tooltip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.setShortcuts(shortcuts)
        if on_view:
            # Acts on the board's selection: only while the board tree has the focus, so
            # Space and Delete keep their meaning in the editor's fields.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        key = QKeySequence
        sp = QStyle.StandardPixmap
        self.add_task_action = self._make_action(
            "&Add Task",
            "Add a task to the selected step (Ctrl+T)",
            self.add_task,
            [key("Ctrl+T")],
            sp.SP_FileIcon,
        )
        self.add_starter_tasks_action = self._make_action(
            "Add &Starter Tasks",
            "Add the suggested starter tasks for the selected step",
            self.add_starter_tasks,
            [key("Ctrl+Shift+T")],
            sp.SP_FileDialogNewFolder,
        )
        self.delete_task_action = self._make_action(
            "&Delete Task",
            "Delete the selected tasks (Delete)",
            self.delete_selected,
            [key(key.StandardKey.Delete)],
            sp.SP_TrashIcon,
            on_view=True,
        )
        self.move_up_action = self._make_action(
            "Move &Up",
            "Move the selected step or tasks up (Ctrl+Up)",
            lambda: self.move_selected(-1),
            [key("Ctrl+Up")],
            sp.SP_ArrowUp,
            on_view=True,
        )
        self.move_down_action = self._make_action(
            "Move Do&wn",
            "Move the selected step or tasks down (Ctrl+Down)",
            lambda: self.move_selected(+1),
            [key("Ctrl+Down")],
            sp.SP_ArrowDown,
            on_view=True,
        )
        self.move_to_step_menu = QMenu("Move to Step", self)
        self.move_to_step_menu.setAccessibleName("Move to step")
        self.move_to_step_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_to_step_action = self._make_action(
            "&Move to Step",
            "Move the selected tasks to another step (Ctrl+Shift+M)",
            self.popup_move_menu,
            [key("Ctrl+Shift+M")],
            sp.SP_ArrowRight,
            on_view=True,
        )
        self.move_to_step_action.setMenu(self.move_to_step_menu)
        self.toggle_status_action = self._make_action(
            "&Toggle Status",
            "Advance the selected tasks: to do → doing → done (Space)",
            self.toggle_selected,
            [key("Space"), key("Ctrl+Return")],
            sp.SP_DialogApplyButton,
            on_view=True,
        )
        self.hide_done_action = QAction("&Hide Done Tasks", self)
        self.hide_done_action.setCheckable(True)
        self.hide_done_action.setToolTip("Hide tasks that are done")
        self.hide_done_action.toggled.connect(self._set_hide_done)
        self.attribute_filter_action = QAction("Only Tasks for the Selected &Attribute", self)
        self.attribute_filter_action.setCheckable(True)
        self.attribute_filter_action.setToolTip(
            "Show only tasks linked to the attribute selected in the attribute tree"
        )
        self.attribute_filter_action.toggled.connect(self._apply_attribute_filter)

    def menu_actions(self) -> list[QAction | QMenu | None]:
        """The board's actions in menu order; None marks a separator.

        "Move to Step" is an action carrying a submenu. The shortcuts of actions that act
        on the selection only fire while the board tree has the focus.
        """
        return [
            self.add_task_action,
            self.add_starter_tasks_action,
            None,
            self.toggle_status_action,
            self.move_up_action,
            self.move_down_action,
            self.move_to_step_action,
            None,
            self.delete_task_action,
            None,
            self.hide_done_action,
            self.attribute_filter_action,
        ]

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

        toolbar = QToolBar("Board")
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.add_task_action)
        toolbar.addAction(self.add_starter_tasks_action)
        toolbar.addSeparator()
        for action in (self.move_up_action, self.move_down_action):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addAction(self.move_to_step_action)
        move_button = toolbar.widgetForAction(self.move_to_step_action)
        if isinstance(move_button, QToolButton):
            move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addSeparator()
        toolbar.addAction(self.delete_task_action)
        for action in (
            self.add_task_action,
            self.add_starter_tasks_action,
            self.move_up_action,
            self.move_down_action,
            self.move_to_step_action,
            self.delete_task_action,
        ):
            widget = toolbar.widgetForAction(action)
            if widget is not None:
                widget.setAccessibleName(action.text().replace("&", ""))
        self.toolbar = toolbar

        self.hide_done_check = QCheckBox("Hide done")
        describe(self.hide_done_check, "Hide done tasks", "Hide tasks that are done")
        self.hide_done_check.toggled.connect(self.hide_done_action.setChecked)
        self.hide_done_action.toggled.connect(self.hide_done_check.setChecked)
        self.attribute_check = QCheckBox("Only tasks for the selected attribute")
        describe(
            self.attribute_check,
            "Only tasks for the selected attribute",
            "Show only tasks linked to the attribute selected in the attribute tree",
        )
        self.attribute_check.toggled.connect(self.attribute_filter_action.setChecked)
        self.attribute_filter_action.toggled.connect(self.attribute_check.setChecked)
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
        splitter = QSplitter(Qt.Orientation.Vertical)
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
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.filter_label)
        layout.addWidget(splitter, 1)

    # --- public API ------------------------------------------------------------------------

    def set_attribute_filter(self, node_id: str | None) -> None:
        """The attribute selected in the tree; applied when the attribute filter is on.

        Calling this on every tree selection change is fine; nothing is filtered until the
        "Only tasks for the selected attribute" box is ticked.
        """
        self._attribute_node = node_id
        self._apply_attribute_filter()

    def select_task(self, task_id: str) -> bool:
        """Select and show a task; False when it does not exist or is filtered out."""
        index = self.proxy.mapFromSource(self.model.task_index(task_id))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def select_tasks(self, task_ids: list[str]) -> None:
        """Select several tasks (the first becomes current)."""
        selection = QItemSelection()
        first: QModelIndex | None = None
        for task_id in task_ids:
            index = self.proxy.mapFromSource(self.model.task_index(task_id))
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
            index = self.proxy.mapToSource(proxy_index)
            if self.model.is_task(index):
                lane_row = index.parent().row()
                found.append((lane_row, index.row(), self.model.task_of(index).id))
        return [task_id for *_, task_id in sorted(found)]

    def current_lane_id(self) -> str | None:
        """The step of the current item (a step, or a task's step)."""
        index = self.proxy.mapToSource(self.view.currentIndex())
        return self.model.lane_of(index).id if index.isValid() else None

    # --- operations ------------------------------------------------------------------------

    def add_task(self) -> None:
        """Add a task after the current task, or at the end of the current step."""
        index = self.proxy.mapToSource(self.view.currentIndex())
        lane_id = self.current_lane_id() or self.model.lane_at(0).id
        row = index.row() + 1 if self.model.is_task(index) else None
        links = [self._attribute_node] if self._filtering_by_attribute() else []
        self.editor.commit_pending()
        if self.model.add_task(lane_id, row, links=[n for n in links if n]) is not None:
            self.editor.title_edit.setFocus()
            self.editor.title_edit.selectAll()

    def add_starter_tasks(self) -> None:
        lane_id = self.current_lane_id() or self.model.lane_at(0).id
        self.model.add_starter_tasks(lane_id)

    def delete_selected(self) -> None:
        self.model.delete_tasks(self.selected_task_ids())

    def toggle_selected(self) -> None:
        self.model.toggle_status(self.selected_task_ids())

    def move_selected(self, delta: int) -> None:
        """Move the current step, or the selected tasks of the current step, by one row."""
        current = self.view.currentIndex()
        index = self.proxy.mapToSource(current)
        if self.model.is_strategy(index):
            self.model.move_strategy(index.row(), delta)
            return
        plan = self._task_block(current)
        if plan is None:
            return
        ids, parent, first, last = plan
        if delta < 0:
            if first == 0:
                return
            target = self.proxy.mapToSource(self.proxy.index(first - 1, 0, parent)).row()
        else:
            if last >= self.proxy.rowCount(parent) - 1:
                return
            target = self.proxy.mapToSource(self.proxy.index(last + 1, 0, parent)).row() + 1
        lane_id = self.model.lane_of(self.proxy.mapToSource(parent)).id
        self.model.move_tasks(ids, lane_id, target)

    def _task_block(self, current: QModelIndex) -> tuple[list[str], QModelIndex, int, int] | None:
        """Selected tasks sharing the current task's step: ids, proxy parent, first/last row."""
        if not current.isValid() or not current.parent().isValid():
            return None
        parent = current.parent()
        rows = sorted(
            {i.row() for i in self.view.selectionModel().selectedRows(0) if i.parent() == parent}
            | {current.row()}
        )
        ids = [
            self.model.task_of(self.proxy.mapToSource(self.proxy.index(r, 0, parent))).id
            for r in rows
        ]
        return ids, parent, rows[0], rows[-1]

    def popup_move_menu(self) -> None:
        """Show the Move to Step menu at the current task."""
        if not self.selected_task_ids():
            return
        rect = self.view.visualRect(self.view.currentIndex())
        where = self.view.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid() else QPoint())
        self.move_to_step_menu.popup(where)

    def _fill_move_menu(self) -> None:
        menu = self.move_to_step_menu
        menu.clear()
        ids = self.selected_task_ids()
        lanes = {self.model.lane_of(self.model.task_index(t)).id for t in ids}
        for lane in self.doc.plan.strategies:
            action = menu.addAction(self.model.strategy_label(lane.id))
            action.setData(lane.id)
            action.setEnabled(bool(ids) and lanes != {lane.id})
            action.triggered.connect(
                lambda _checked=False, lane_id=lane.id: self.move_selected_to(lane_id)
            )

    def move_selected_to(self, lane_id: str) -> None:
        """Move the selected tasks to the end of another step."""
        self.model.move_tasks(self.selected_task_ids(), lane_id)

    # --- reacting --------------------------------------------------------------------------

    def _apply_spans(self, *_: object) -> None:
        root = QModelIndex()
        for row in range(self.proxy.rowCount(root)):
            self.view.setFirstColumnSpanned(row, root, True)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.editor.show_index(self.proxy.mapToSource(current))
        self._update_actions()

    def _on_tasks_created(self, task_ids: list[str]) -> None:
        if task_ids:
            self.select_tasks(task_ids)

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
        self.view.setDragEnabled(editable)
        self.view.setAcceptDrops(editable)
        self.editor.sync_read_only()
        self._update_actions()

    def _update_actions(self, *_: object) -> None:
        editable = not self.doc.read_only
        current = self.view.currentIndex()
        source = self.proxy.mapToSource(current)
        tasks = self.selected_task_ids()
        is_strategy = self.model.is_strategy(source)
        can_up = can_down = False
        if is_strategy:
            can_up = source.row() > 0
            can_down = source.row() < self.model.rowCount() - 1
        else:
            block = self._task_block(current)
            if block is not None:
                parent, first, last = block[1:]
                can_up = first > 0
                can_down = last < self.proxy.rowCount(parent) - 1
        lane_id = self.current_lane_id() or self.model.lane_at(0).id
        self.add_task_action.setEnabled(editable)
        self.add_starter_tasks_action.setEnabled(
            editable and bool(self.model.missing_starter_tasks(lane_id))
        )
        self.delete_task_action.setEnabled(editable and bool(tasks))
        self.toggle_status_action.setEnabled(editable and bool(tasks))
        self.move_to_step_action.setEnabled(editable and bool(tasks))
        self.move_up_action.setEnabled(editable and can_up)
        self.move_down_action.setEnabled(editable and can_down)

    def _set_hide_done(self, hide: bool) -> None:
        self.proxy.set_hide_done(hide)
        self._update_filter_label()

    def _filtering_by_attribute(self) -> bool:
        return self.attribute_filter_action.isChecked() and self._attribute_node is not None

    def _apply_attribute_filter(self, *_: object) -> None:
        self.proxy.set_node_filter(self._attribute_node if self._filtering_by_attribute() else None)
        self._update_filter_label()
        self._update_actions()

    def _update_filter_label(self) -> None:
        text = ""
        if self._filtering_by_attribute():
            assert self._attribute_node is not None
            node = self.doc.tree.get(self._attribute_node)
            text = f"Showing: {node.path_title if node else self._attribute_node}"
        self.filter_label.setText(text)
        self.filter_label.setVisible(bool(text))
