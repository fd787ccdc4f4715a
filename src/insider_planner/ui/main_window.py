"""The main window: plan list, plan header, attribute tree, action board and gap."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from insider_planner import APP_TITLE, __version__
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import new_id, new_plan
from insider_planner.storage.files import (
    PlanLoadError,
    PlanSaveError,
    read_plan,
    save_plan,
    write_atomic,
)
from insider_planner.storage.library import PlanEntry
from insider_planner.storage.lock import PlanLock
from insider_planner.storage.paths import PLAN_SUFFIX, backups_dir, plan_path_for
from insider_planner.ui import dialogs
from insider_planner.ui.attribute_panel import HELD_KEY, NEEDED_KEY, AttributePanel
from insider_planner.ui.board_view import BoardPanel
from insider_planner.ui.commands import SetPlanFieldCommand
from insider_planner.ui.document import PlanDocument, same_file
from insider_planner.ui.gap_panel import GapPanel
from insider_planner.ui.plan_header import PlanHeader
from insider_planner.ui.plan_list import PlanListModel, PlanListPanel
from insider_planner.ui.settings import AppSettings

EXPORT_FORMATS = {
    "pdf": ("PDF…", "PDF documents (*.pdf)", ".pdf"),
    "html": ("HTML…", "Web pages (*.html)", ".html"),
    "markdown": ("Markdown…", "Markdown (*.md)", ".md"),
    "json": ("JSON…", "JSON (*.json)", ".json"),
}

HOW_TO_USE = f"""Insider Planner helps you plan work that seems to need a place inside an AI lab, \
without being employed there.

Being "inside" is not one thing. A lab employee holds many attributes at once: access to \
artefacts such as weights, evaluations or training data; resources such as compute and API \
features; information about techniques and the roadmap; influence and trust. They also carry \
constraints: NDAs, publication limits, equity, social ties. Someone outside can hold some of \
these and not others.

1. Tick what you already hold in the Held column ({HELD_KEY} on the selected row).
2. Mark what your project needs in the second column ({NEEDED_KEY}). For constraints this \
column asks whether you would accept the constraint.
3. The Gap panel lists what is needed but not held, and constraints you hold but would not \
accept. Add a task for an entry with Enter, or drag it onto a step of the action board.
4. Work the action board: six strategies, highest returns first. Reorder them and their \
tasks by drag-and-drop or with Ctrl+Up / Ctrl+Down.
5. Print the plan or export it. A redacted export leaves out notes and anything marked \
private, so you can share the plan without exposing contacts.

Before giving up a freedom, note that the freedom to criticise a lab openly is perhaps the \
main advantage a partial insider has over an employee.

Every change can be undone, and the plan saves itself a moment after you stop editing."""


class PlanView(QWidget):
    """Everything shown for one open plan, except the docks."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.header = PlanHeader(doc)
        self.attributes = AttributePanel(doc)
        self.board = BoardPanel(doc)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.attributes)
        self.splitter.addWidget(self.board)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self.attributes.current_node_changed.connect(self.board.set_attribute_filter)


class LoadErrorPage(QWidget):
    """Shown when a plan could not be opened: which file, why, and what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Load error")
        self.new_button = QPushButton("New Plan")
        self.open_button = QPushButton("Open Another…")
        for button in (self.new_button, self.open_button):
            button.setToolTip(button.text().rstrip("…"))
            button.setAccessibleName(button.text().rstrip("…"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)

    def show_error(self, error: PlanLoadError) -> None:
        self.message.setText(
            f"This plan could not be opened:\n\n{error.path}\n\n{error.reason}\n\n"
            "The file has not been changed."
        )

    def show_empty(self) -> None:
        self.message.setText("No plan is open. Choose one from the plan list, or:")


class MainWindow(QMainWindow):
    """One window, one open plan at a time."""

    def __init__(self, catalog: Catalog, settings: AppSettings) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.doc: PlanDocument | None = None
        self.view: PlanView | None = None
        self.setObjectName("main_window")
        self.resize(1400, 860)

        self.undo_group = QUndoGroup(self)
        self.plan_list = PlanListModel(self)
        self.plan_list.reload()

        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Status message")
        self.banner.setStyleSheet(
            "QLabel { background: #f8d7d3; color: #5a1010; padding: 6px;"
            " border-bottom: 1px solid #d08a80; }"
        )
        self.banner.hide()
        self.stack = QStackedWidget()
        self.error_page = LoadErrorPage()
        self.error_page.new_button.clicked.connect(self.new_plan)
        self.error_page.open_button.clicked.connect(self.open_dialog)
        self.stack.addWidget(self.error_page)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.plans_panel = PlanListPanel(self.plan_list)
        self.plans_panel.open_requested.connect(self.open_path)
        self.plans_panel.new_requested.connect(self.new_plan)
        self.plans_panel.rename_requested.connect(self.rename_plan)
        self.plans_panel.duplicate_requested.connect(self.duplicate_plan)
        self.plans_panel.delete_requested.connect(self.delete_plan)
        self.plans_dock = self._dock("Plans", "plans_dock", self.plans_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.plans_dock)
        self.gap_dock = self._dock("Gap", "gap_dock", QWidget())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.gap_dock)
        self.resizeDocks([self.plans_dock, self.gap_dock], [190, 370], Qt.Orientation.Horizontal)

        self._create_actions()
        self._create_menus()
        self.statusBar().showMessage("Ready", 2000)
        self._restore_state()
        self._update_actions()

    # --- construction ----------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        return dock

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New Plan", self.new_plan, keys.New, "Create a new plan")
        self.open_action = self._action("&Open…", self.open_dialog, keys.Open, "Open a plan file")
        self.save_as_action = self._action(
            "Save &As…", self.save_as, keys.SaveAs, "Save the plan to another file"
        )
        self.import_action = self._action(
            "&Import…", self.import_plan, None, "Copy a plan file into your plans"
        )
        self.print_preview_action = self._action(
            "Print Pre&view…", self.print_preview, "Ctrl+Shift+P", "Preview the printed plan"
        )
        self.print_action = self._action("&Print…", self.print_plan, keys.Print, "Print the plan")
        self.close_action = self._action(
            "&Close Plan", self.close_plan, keys.Close, "Save and close the open plan"
        )
        self.quit_action = self._action("&Quit", self.close, keys.Quit, "Quit Insider Planner")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.redact_action = QAction("&Redact Notes and Private Items", self)
        self.redact_action.setCheckable(True)
        self.redact_action.setToolTip("Exports leave out notes and everything marked private")
        self.export_actions = {
            fmt: self._action(
                label, lambda _=False, f=fmt: self.export(f), None, f"Export as {fmt}"
            )
            for fmt, (label, _, _) in EXPORT_FORMATS.items()
        }
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(keys.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence(keys.Redo))
        self.find_action = self._action(
            "&Find…", self.focus_filter, keys.Find, "Filter the attribute tree"
        )
        self.add_custom_action = self._action(
            "Add Custom Attribute or &Facet…",
            self.add_custom_node,
            "Ctrl+Shift+A",
            "Add a custom attribute (under a category) or facet (under an attribute)",
        )
        self.expand_action = self._action("&Expand All", self.expand_all, None)
        self.collapse_action = self._action("&Collapse All", self.collapse_all, None)
        self.how_to_action = self._action("&How to Use", self.how_to_use, keys.HelpContents)
        self.about_action = self._action("&About Insider Planner", self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        export_menu = file_menu.addMenu("&Export")
        for action in self.export_actions.values():
            export_menu.addAction(action)
        export_menu.addSeparator()
        export_menu.addAction(self.redact_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_preview_action)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.add_custom_action)

        self.tasks_menu = bar.addMenu("&Tasks")

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.plans_dock.toggleViewAction())
        view_menu.addAction(self.gap_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.expand_action)
        view_menu.addAction(self.collapse_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.how_to_action)
        help_menu.addAction(self.about_action)

    def _fill_tasks_menu(self) -> None:
        self.tasks_menu.clear()
        if self.view is None:
            return
        for action in self.view.board.menu_actions():
            if action is None:
                self.tasks_menu.addSeparator()
            elif isinstance(action, QMenu):
                self.tasks_menu.addMenu(action)
            else:
                self.tasks_menu.addAction(action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent plans").setEnabled(False)

    # --- state -----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.bytes_value("window/state")
        if state is not None:
            self.restoreState(state)

    def _restore_splitters(self) -> None:
        if self.view is None:
            return
        for splitter in (self.view.splitter, self.view.attributes.splitter):
            value = self.settings.bytes_value(f"splitters/{splitter.objectName()}")
            if value is not None:
                splitter.restoreState(value)

    def _save_state(self) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        if self.view is not None:
            for splitter in (self.view.splitter, self.view.attributes.splitter):
                self.settings.set_value(f"splitters/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()

    def _update_title(self) -> None:
        doc = self.doc
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        suffix = " (read-only)" if doc.read_only else ""
        self.setWindowTitle(f"{doc.plan.title}[*]{suffix} — {APP_TITLE}")
        self.setWindowModified(doc.modified)

    def _update_actions(self) -> None:
        has_doc = self.doc is not None
        for action in (
            self.close_action,
            self.save_as_action,
            self.print_preview_action,
            self.print_action,
            self.find_action,
            self.add_custom_action,
            self.expand_action,
            self.collapse_action,
            *self.export_actions.values(),
        ):
            action.setEnabled(has_doc)
        self.add_custom_action.setEnabled(has_doc and not (self.doc and self.doc.read_only))

    def _show_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def _refresh_banner(self) -> None:
        doc = self.doc
        if doc is None:
            self._show_banner(None)
        elif doc.last_save_error:
            self._show_banner(
                f"Not saved: {doc.last_save_error}. Your changes are kept in this window; "
                "saving is retried with your next edit and when you close."
            )
        else:
            self._show_banner(doc.read_only_reason)

    # --- opening and closing plans ---------------------------------------------------------

    def open_initial(self, path: Path | None = None) -> None:
        """At start: the given file, else the last plan used, else a new plan."""
        target = path or self.settings.last_plan
        if target is not None and (path is not None or target.exists()):
            self.open_path(target, quiet=True)
        elif self.plan_list.entries and self.plan_list.entries[0].readable:
            self.open_path(self.plan_list.entries[0].path, quiet=True)
        else:
            self.new_plan()

    def open_path(self, path: Path, *, quiet: bool = False) -> bool:
        """Open a plan file. On failure the current plan stays open and nothing is written."""
        path = Path(path)
        if self._is_open(path):
            return True
        try:
            doc = PlanDocument.open(path, self.catalog, self)
        except PlanLoadError as error:
            if self.doc is None or quiet:
                self.error_page.show_error(error)
                self.stack.setCurrentWidget(self.error_page)
                self._update_title()
            if not quiet:
                dialogs.show_error(self, "Could Not Open Plan", f"{error.path}\n\n{error.reason}")
            return False
        if not self._close_document():
            doc.close()
            return False
        self._set_document(doc)
        return True

    def _set_document(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.view = PlanView(doc)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        gap = GapPanel(doc)
        gap.node_activated.connect(self.view.attributes.select_node)
        old_gap = self.gap_dock.widget()
        self.gap_dock.setWidget(gap)
        old_gap.deleteLater()
        doc.undo_stack.cleanChanged.connect(lambda clean: self._update_title())
        doc.plan_info_changed.connect(lambda field: self._update_title())
        doc.saved.connect(self._after_save)
        doc.save_failed.connect(self._save_failed)
        doc.path_changed.connect(self._path_changed)
        self._restore_splitters()
        self._fill_tasks_menu()
        if doc.path is not None:
            self.settings.last_plan = doc.path
            self.settings.add_recent(doc.path)
            self.settings.sync()
        self.plan_list.set_current(doc.path)
        self._update_title()
        self._update_actions()
        self._refresh_banner()
        self.view.attributes.view.setFocus()

    def _close_document(self) -> bool:
        """Save the open plan (or ask what to do if saving fails); False means stay."""
        doc = self.doc
        if doc is None:
            return True
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # editors commit their text on focus-out
        while not doc.save_if_needed():
            reason = doc.last_save_error or "unknown error"
            choice = dialogs.ask_unsaved(
                self,
                f"Your changes to “{doc.plan.title}” could not be saved:\n{reason}\n\n"
                "Save them to another file?",
            )
            if choice is dialogs.UnsavedChoice.CANCEL:
                return False
            if choice is dialogs.UnsavedChoice.DISCARD:
                break
            suggested = Path.home() / f"{doc.plan.id}{PLAN_SUFFIX}"
            target = dialogs.ask_save_path(self, "Save Plan Elsewhere", suggested)
            if target is not None and doc.save_as(target):
                break
        self._save_state()
        doc.close()
        self.undo_group.removeStack(doc.undo_stack)
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        old_gap = self.gap_dock.widget()
        self.gap_dock.setWidget(QWidget())
        old_gap.deleteLater()
        doc.deleteLater()
        self.doc = None
        self.tasks_menu.clear()
        self._update_title()
        self._update_actions()
        return True

    def _after_save(self) -> None:
        doc = self.doc
        if doc is None or doc.path is None:
            return
        self.plan_list.update_entry(PlanEntry(doc.path, doc.plan.title, doc.plan.updated))
        self._refresh_banner()
        self._update_title()
        self.statusBar().showMessage("Saved", 2000)

    def _save_failed(self, message: str) -> None:
        self._refresh_banner()
        self._update_title()
        self.statusBar().showMessage(message, 5000)

    def _is_open(self, path: Path) -> bool:
        return self.doc is not None and self.doc.path is not None and same_file(self.doc.path, path)

    def _path_changed(self) -> None:
        self._update_actions()
        doc = self.doc
        if doc is not None and doc.path is not None:
            self.settings.last_plan = doc.path
            self.settings.add_recent(doc.path)
            self.plan_list.set_current(doc.path)
        self._update_title()
        self._refresh_banner()

    # --- file actions ----------------------------------------------------------------------

    def new_plan(self) -> bool:
        plan = new_plan(self.catalog)
        path = plan_path_for(plan.id)
        if not self._close_document():
            return False
        doc = PlanDocument.create(plan, self.catalog, path, self)
        if doc.last_save_error:
            dialogs.show_error(self, "Could Not Create Plan", doc.last_save_error)
        self._set_document(doc)
        self.plan_list.update_entry(PlanEntry(path, plan.title, plan.updated))
        if self.view is not None:
            self.view.header.title.setFocus()
        return True

    def close_plan(self) -> bool:
        """Save and close the open plan, leaving the window open."""
        if not self._close_document():
            return False
        self.error_page.show_empty()
        self.stack.setCurrentWidget(self.error_page)
        self.plan_list.set_current(None)
        return True

    def open_dialog(self) -> None:
        path = dialogs.ask_open_path(self)
        if path is not None:
            self.open_path(path)

    def save_as(self) -> None:
        doc = self.doc
        if doc is None:
            return
        path = dialogs.ask_save_path(
            self, "Save Plan As", Path.home() / f"{doc.plan.title}{PLAN_SUFFIX}"
        )
        if path is None:
            return
        if path.suffix != PLAN_SUFFIX:
            path = path.with_name(path.name + PLAN_SUFFIX)
        errors: list[str] = []
        doc.save_failed.connect(errors.append)
        try:
            saved = doc.save_as(path)
        finally:
            doc.save_failed.disconnect(errors.append)
        if not saved:
            dialogs.show_error(self, "Could Not Save Plan", errors[-1] if errors else str(path))

    def import_plan(self) -> None:
        """Copy a plan file into the data folder as a new plan, and open it."""
        source = dialogs.ask_open_path(self, "Import Plan")
        if source is None:
            return
        try:
            plan = read_plan(source, keep_migration_backup=False).plan
        except PlanLoadError as error:
            dialogs.show_error(self, "Could Not Import Plan", f"{error.path}\n\n{error.reason}")
            return
        plan.id = new_id("p-")
        target = plan_path_for(plan.id)
        try:
            save_plan(target, plan)
        except PlanSaveError as error:
            dialogs.show_error(self, "Could Not Import Plan", str(error))
            return
        self.plan_list.reload()
        self.open_path(target)

    def export(self, fmt: str) -> None:
        doc = self.doc
        if doc is None:
            return
        from insider_planner.report.export import export_pdf, export_text

        label, file_filter, suffix = EXPORT_FORMATS[fmt]
        redact = self.redact_action.isChecked()
        name = doc.plan.title + (" (redacted)" if redact else "") + suffix
        path = dialogs.ask_save_path(
            self, f"Export {label.rstrip('…')}", Path.home() / name, file_filter
        )
        if path is None:
            return
        try:
            if fmt == "pdf":
                export_pdf(doc.plan, self.catalog, path, redact=redact)
            else:
                write_atomic(path, export_text(doc.plan, self.catalog, fmt, redact=redact))
        except PlanSaveError as error:
            dialogs.show_error(self, "Export Failed", str(error))
            return
        self.statusBar().showMessage(f"Exported to {path}", 4000)

    def print_preview(self) -> None:
        if self.doc is not None:
            from insider_planner.ui.print_support import print_preview

            print_preview(self, self.doc.plan, self.catalog)

    def print_plan(self) -> None:
        if self.doc is not None:
            from insider_planner.ui.print_support import print_plan

            print_plan(self, self.doc.plan, self.catalog)

    # --- plan list actions -----------------------------------------------------------------

    def rename_plan(self, path: Path) -> None:
        doc = self.doc
        if doc is not None and self._is_open(path):
            title, ok = dialogs.ask_text(self, "Rename Plan", "New title:", doc.plan.title)
            if ok and title != doc.plan.title:
                doc.push(SetPlanFieldCommand(doc, "title", title))
            return
        lock = PlanLock(path)
        if not lock.acquire():
            dialogs.show_error(self, "Could Not Rename Plan", f"It is open in {lock.holder()}.")
            return
        try:
            loaded = read_plan(path)
            title, ok = dialogs.ask_text(self, "Rename Plan", "New title:", loaded.plan.title)
            if ok:
                loaded.plan.title = title
                loaded.plan.updated = datetime.now(timezone.utc).replace(microsecond=0)
                save_plan(path, loaded.plan)
                self.plan_list.update_entry(PlanEntry(path, title, loaded.plan.updated))
        except (PlanLoadError, PlanSaveError) as error:
            dialogs.show_error(self, "Could Not Rename Plan", str(error))
        finally:
            lock.release()

    def duplicate_plan(self, path: Path) -> None:
        if self._is_open(path) and self.doc is not None and not self.doc.save_if_needed():
            dialogs.show_error(
                self,
                "Could Not Duplicate Plan",
                f"Your latest changes could not be saved: {self.doc.last_save_error}",
            )
            return
        try:
            plan = read_plan(path, keep_migration_backup=False).plan
            plan.id = new_id("p-")
            plan.title = f"Copy of {plan.title}"
            save_plan(plan_path_for(plan.id), plan)
        except (PlanLoadError, PlanSaveError) as error:
            dialogs.show_error(self, "Could Not Duplicate Plan", str(error))
            return
        self.plan_list.reload()
        self.plan_list.set_current(self.doc.path if self.doc else None)

    def delete_plan(self, path: Path) -> None:
        entry = next((e for e in self.plan_list.entries if e.path == path), None)
        name = entry.title if entry and entry.readable else path.name
        if not dialogs.confirm(
            self,
            "Delete Plan",
            f"Delete “{name}”?\n\nA copy is kept in {backups_dir()}.",
            "Delete",
        ):
            return
        is_open = self._is_open(path)
        if is_open and self.doc is not None and self.doc.read_only:
            dialogs.show_error(self, "Could Not Delete Plan", self.doc.read_only_reason or "")
            return
        if is_open and not self._close_document():
            return
        lock = PlanLock(path)
        if not lock.acquire():
            dialogs.show_error(self, "Could Not Delete Plan", f"It is open in {lock.holder()}.")
            return
        try:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            shutil.copy2(path, backups_dir() / f"deleted-{stamp}-{path.name}")
            path.unlink()
        except OSError as error:
            dialogs.show_error(self, "Could Not Delete Plan", f"{path}: {error.strerror or error}")
            return
        finally:
            lock.release()
            lock.path.unlink(missing_ok=True)
        self.settings.remove_recent(path)
        self.plan_list.reload()
        if is_open:
            self.open_initial()

    # --- edit and view actions -------------------------------------------------------------

    def focus_filter(self) -> None:
        if self.view is not None:
            self.view.attributes.filter.setFocus()
            self.view.attributes.filter.selectAll()

    def add_custom_node(self) -> None:
        if self.view is not None:
            self.view.attributes.detail.add_custom_child()

    def expand_all(self) -> None:
        if self.view is not None:
            self.view.attributes.view.expandAll()

    def collapse_all(self) -> None:
        if self.view is not None:
            self.view.attributes.view.collapseAll()

    def how_to_use(self) -> None:
        dialogs.show_info(self, "How to Use Insider Planner", HOW_TO_USE)

    def about(self) -> None:
        dialogs.show_info(
            self,
            "About Insider Planner",
            f"Insider Planner {__version__}\n\nPlan the insider attributes your project needs, "
            "see the gap, and work the steps that close it.\n\nYour plans stay on this computer; "
            "the app makes no network connections.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_document():
            event.ignore()
            return
        self._save_state()
        event.accept()
