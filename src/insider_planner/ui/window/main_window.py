"""The main window: plan list, plan header, attribute tree, action board and gap.

It opens and closes plans (through `PlanDocument`) and asks `storage.library` and
`report.export` for everything else that touches a file; it never reads or writes one.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from insider_planner import APP_TITLE
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan, new_plan
from insider_planner.sample import example_plan
from insider_planner.storage import library
from insider_planner.storage.files import LoadFailure, PlanLoadError, PlanSaveError
from insider_planner.storage.library import LibraryError, PlanEntry
from insider_planner.storage.paths import PLAN_SUFFIX, backups_dir, plan_path_for, same_file
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs, edits
from insider_planner.ui.board.actions import refused_move_message
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.panel import GapPanel
from insider_planner.ui.plans.model import PlanListModel
from insider_planner.ui.plans.panel import PlanListPanel
from insider_planner.ui.widgets import MessageBand, commit_pending_edits, plain_label
from insider_planner.ui.window.find import FindBar
from insider_planner.ui.window.help import ABOUT, HOW_TO_USE
from insider_planner.ui.window.layout import CentreArea, WindowLayout
from insider_planner.ui.window.menus import EXPORT_FORMATS, WindowActions, WindowMenus
from insider_planner.ui.window.outside_change import OutsideChangeGuard
from insider_planner.ui.window.plan_view import PlanView
from insider_planner.ui.window.recent import recent_entries
from insider_planner.ui.window.shortcuts import ShortcutsDialog
from insider_planner.ui.window.start_page import StartPage
from insider_planner.ui.window.theme_menu import ThemeActions
from insider_planner.ui.window.zoom import TextZoom

if TYPE_CHECKING:
    from insider_planner.report.content import ReportOptions

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One window, one open plan at a time."""

    def __init__(self, catalog: Catalog, settings: AppSettings) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.doc: PlanDocument | None = None
        self.view: PlanView | None = None
        self.setObjectName("main_window")

        self.undo_group = QUndoGroup(self)
        self.plan_list = PlanListModel(self)
        self.plan_list.reload()

        self.banner = MessageBand()
        self.stack = QStackedWidget()
        self.start_page = StartPage()
        self.start_page.new_button.clicked.connect(self.new_plan)
        self.start_page.example_button.clicked.connect(self.open_example)
        self.start_page.open_button.clicked.connect(self.open_dialog)
        self.stack.addWidget(self.start_page)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(CentreArea(self.stack), 1)
        self.find_bar = FindBar()
        self.find_bar.message.connect(lambda text: self.statusBar().showMessage(text, 3000))
        central_layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.plans_panel = PlanListPanel(self.plan_list)
        self.plans_panel.open_requested.connect(self.open_path)
        self.plans_panel.new_requested.connect(self.new_plan)
        self.plans_panel.rename_requested.connect(self.rename_plan)
        self.plans_panel.duplicate_requested.connect(self.duplicate_plan)
        self.plans_panel.delete_requested.connect(self.delete_plan)
        self.plans_panel.show_folder_requested.connect(self.show_plan_folder)
        self.plans_dock = self._dock("Plans", "plans_dock", self.plans_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.plans_dock)
        self.gap_dock = self._dock("Gap", "gap_dock", _empty_gap())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.gap_dock)

        self.window_actions = WindowActions(self, self.undo_group)
        self.theme_actions = ThemeActions(self, settings)
        self.menus = WindowMenus(self.menuBar(), self.window_actions, self)
        self.menus.recent.aboutToShow.connect(self._fill_recent_menu)
        self.menus.show_tasks([])  # greyed out until a plan is open
        self.text_zoom = TextZoom(settings, self)
        self.text_zoom.changed.connect(lambda _: self.text_zoom.apply(self._zoomed_widgets()))
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.layout_state = WindowLayout(self, settings)
        self.statusBar().showMessage("Ready", 2000)
        self.layout_state.restore_window()
        self.outside_changes = OutsideChangeGuard(self)
        self._update_actions()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        return dock

    def _fill_recent_menu(self) -> None:
        menu = self.menus.recent
        menu.clear()
        menu.setToolTipsVisible(True)
        recent = self.settings.recent_files()
        for entry in recent_entries(recent, self._live_title):
            action = menu.addAction(entry.text)
            action.setToolTip(entry.tip)
            action.setStatusTip(entry.tip)
            action.triggered.connect(lambda _=False, p=entry.path: self.open_path(p))
        if not recent:
            menu.addAction("No recent plans").setEnabled(False)

    def show_plan_folder(self, path: Path) -> None:
        """Show the folder holding a plan in the desktop's file manager."""
        if not dialogs.show_folder(path.parent):
            self.statusBar().showMessage(f"No file manager could show {path.parent}", 5000)

    def _live_title(self, path: Path) -> str | None:
        """The open plan's title, which may be ahead of its file's, if it is at `path`."""
        doc = self.doc
        if doc is not None and doc.path is not None and same_file(doc.path, path):
            return doc.plan.title
        return None

    # --- state -----------------------------------------------------------------------------

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
        for action in self.window_actions.needing_a_plan():
            action.setEnabled(has_doc)
        editable = self.doc is not None and not self.doc.read_only
        self.window_actions.add_custom.setEnabled(editable)

    def refresh_state(self) -> None:
        """Bring the title and the message band up to date with the document."""
        self._update_title()
        self._refresh_banner()

    def _refresh_banner(self) -> None:
        doc = self.doc
        if doc is not None and doc.outside_change is not None:
            band, choices = self.outside_changes.band(doc)
            self.banner.show_message(
                band, [self._band_button(label, tip, slot) for label, tip, slot in choices]
            )
            return
        text: str | None = None
        if doc is not None and doc.last_save_error:
            text = (
                f"Not saved: {doc.last_save_error}. Your changes are kept in this window; "
                "saving is retried with your next edit and when you close."
            )
        buttons: list[QPushButton] = []
        if doc is not None and (doc.last_save_error or doc.read_only):
            buttons.append(
                self._band_button("Save As…", "Save the plan to another file", self.save_as)
            )
        if doc is not None and not doc.last_save_error and doc.read_only:
            text = doc.read_only_reason
            if doc.can_break_lock:
                buttons.append(
                    self._band_button(
                        "Break Lock…", "Take over the plan from the other window", self.break_lock
                    )
                )
        self.banner.show_message(text or "", buttons)

    def _band_button(self, label: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(label)
        button.setToolTip(tip)
        button.setAccessibleName(label.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def break_lock(self) -> None:
        """After a warning, take over a plan another window holds, and reopen it editable.

        The lock stays taken while the plan is read again, so nobody can take it between.
        """
        doc = self.doc
        if doc is None or doc.path is None or not doc.can_break_lock:
            return
        if not dialogs.confirm(
            self,
            "Break Lock",
            f"{doc.read_only_reason}\n\nIf that window is still open, both will write this "
            "plan and one's edits may be lost. Only break the lock if you know the other "
            "window is gone (for example after a crash).",
            "Break Lock",
        ):
            return
        if not doc.break_lock():
            dialogs.show_error(self, "Could Not Break Lock", doc.read_only_reason or str(doc.path))
            return
        self.reopen()

    def reopen(self) -> bool:
        """Read the open plan again from its file; its lock is handed over, never released."""
        doc = self.doc
        if doc is None or doc.path is None:
            return False
        doc.wait_for_write()  # read the file as it will stay, and with its latest stamp
        try:
            new = PlanDocument.open(doc.path, self.catalog, self, lock=doc.lock)
        except OSError as error:
            reason = error.strerror or str(error)
            dialogs.show_error(self, "Could Not Reload Plan", f"{doc.path}\n\n{reason}")
            return False
        except PlanLoadError as error:
            dialogs.show_error(self, "Could Not Reload Plan", f"{error.path}\n\n{error.reason}")
            return False
        doc.hand_over_lock()
        self._drop_document()
        self._set_document(new)
        return True

    # --- opening and closing plans ---------------------------------------------------------

    def open_initial(self, path: Path | None = None) -> None:
        """At start: the given file, else the last plan used, else the most recently updated
        plan that opens, else the start page. Nothing is written."""
        target = path or self.settings.last_plan
        if target is not None and (path is not None or _may_exist(target)):
            self.open_path(target, quiet=True)
            return
        # The list reads only each plan's header, so a plan listed as readable may still
        # fail to open (a damaged body): then the next one is tried. If none opens, the
        # page says why the last one tried did not.
        tried = False
        for entry in self.plan_list.entries:
            if entry.readable:
                if self.open_path(entry.path, quiet=True):
                    return
                tried = True
        if not tried:
            self.show_start_page()

    def _plans_listed(self) -> bool:
        """Whether the start page may point at the plan list: it is shown and not empty."""
        return self.plan_list.rowCount() > 0 and not self.plans_dock.isHidden()

    def show_start_page(self) -> None:
        """Show what the app is for and the ways to a plan; only while no plan is open."""
        if self.doc is not None:
            return
        self.start_page.show_start(plans_listed=self._plans_listed())
        self.stack.setCurrentWidget(self.start_page)
        self.plan_list.set_current(None)
        self._update_title()
        self.start_page.focus_default()

    def open_path(self, path: Path, *, quiet: bool = False) -> bool:
        """Open a plan file. On failure the current plan stays open and nothing is written."""
        path = Path(path)
        if self._is_open(path):
            return True
        try:
            doc = PlanDocument.open(path, self.catalog, self)
        except OSError as error:  # e.g. a folder this user cannot enter, for the lock
            return self._open_failed(
                PlanLoadError(path, LoadFailure.UNREADABLE, error.strerror or str(error)), quiet
            )
        except PlanLoadError as error:
            return self._open_failed(error, quiet)
        if not self._close_document():
            doc.close()
            return False
        self._set_document(doc)
        return True

    def _open_failed(self, error: PlanLoadError, quiet: bool) -> bool:
        """Say why a plan could not be opened: on the error page when nothing else is open
        (or at start), in a dialog when the user asked. Returns False."""
        if self.doc is None or quiet:
            self.start_page.show_error(error, plans_listed=self._plans_listed())
            self.stack.setCurrentWidget(self.start_page)
            self._update_title()
            self.start_page.focus_default()
        if not quiet:
            dialogs.show_error(self, "Could Not Open Plan", f"{error.path}\n\n{error.reason}")
        return False

    def _set_document(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.view = PlanView(doc)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.find_bar.set_plan(doc, self.view)
        gap = GapPanel(doc)
        gap.node_activated.connect(self.view.attributes.select_node)
        gap.tasks_added.connect(self.view.board.show_added_tasks)
        self._replace_gap(gap)
        self.text_zoom.apply(self._zoomed_widgets())
        board = self.view.board
        board.view.move_refused.connect(
            lambda delta: self.statusBar().showMessage(refused_move_message(board, delta), 3000)
        )
        doc.undo_stack.cleanChanged.connect(lambda clean: self._update_title())
        doc.plan_info_changed.connect(lambda field: self._update_title())
        doc.saved.connect(self._after_save)
        doc.save_failed.connect(self._save_failed)
        doc.path_changed.connect(self._path_changed)
        self.outside_changes.watch(doc)
        self.layout_state.restore_splitters(self.view)
        self.layout_state.fit_docks()  # the gap's new content tells its width
        self.menus.show_tasks(self.view.board.board_actions.menu_order())
        if not doc.unwritten:
            self._remember_plan(doc)
        self.plan_list.set_current(doc.path)
        self._update_title()
        self._update_actions()
        self._refresh_banner()
        self.view.attributes.view.setFocus()

    def _remember_plan(self, doc: PlanDocument) -> None:
        """Make the plan the one to open at the next start, and the first recent plan."""
        if doc.path is not None:
            self.settings.last_plan = doc.path
            self.settings.add_recent(doc.path)
            self.settings.sync()

    def _replace_gap(self, widget: QWidget) -> None:
        old = self.gap_dock.widget()
        self.gap_dock.setWidget(widget)
        old.deleteLater()

    def _close_document(self) -> bool:
        """Save the open plan (or ask what to do if saving fails); False means stay."""
        doc = self.doc
        if doc is None:
            return True
        copy_error: str | None = None
        while not self.commit_and_save():
            if doc.outside_change is not None:
                if not self.outside_changes.resolve():
                    return False
                continue
            reason = doc.last_save_error or "unknown error"
            if copy_error is None:
                discarding = f"Discarding keeps a copy among the plan's backups in {backups_dir()}."
            else:
                discarding = f"No copy could be kept ({copy_error}): discarding loses them."
            choice = dialogs.ask_unsaved(
                self,
                f"Your changes to “{doc.plan.title}” could not be saved:\n{reason}\n\n"
                f"Save them to another file? {discarding}",
            )
            if choice is dialogs.UnsavedChoice.CANCEL:
                return False
            if choice is dialogs.UnsavedChoice.DISCARD:
                if copy_error is not None:
                    break  # the user was told no copy could be kept
                copy_error = self._keep_unsaved_version(doc)
                if copy_error is None:
                    break
                continue
            suggested = Path.home() / f"{doc.plan.id}{PLAN_SUFFIX}"
            target = dialogs.ask_save_path(self, "Save Plan Elsewhere", suggested)
            if target is not None and doc.save_as(target):
                break
        self._drop_document()
        return True

    def commit_and_save(self) -> bool:
        """Commit every editor's text now and save the plan; True when nothing is unsaved.

        Used on close, on logout (the session may still cancel it) and when the app is
        told to stop by a signal.
        """
        commit_pending_edits(self)
        return self.doc is None or self.doc.save_if_needed()

    def shut_down(self) -> None:
        """Save what can be saved and let the plan go, without asking: the app must stop.

        A plan that cannot be saved is kept among its backups instead.
        """
        if not self.commit_and_save() and self.doc is not None:
            self._keep_unsaved_version(self.doc)
        self._drop_document()

    def _keep_unsaved_version(self, doc: PlanDocument) -> str | None:
        """Keep the plan as it is in memory among its backups, as it could not be saved.

        Returns why no copy could be kept; None when one was, or nothing needed keeping.
        """
        if doc.read_only or not (doc.modified or doc.last_save_error):
            return None
        try:
            kept = doc.keep_in_memory_version()
        except PlanSaveError as error:
            log.error("%s was not saved and no copy could be kept: %s", doc.path, error.reason)
            return error.reason
        log.warning("%s was not saved; its unsaved version is kept as %s", doc.path, kept)
        return None

    def _drop_document(self) -> None:
        """Close the open plan, saved or not, and release its lock."""
        doc = self.doc
        if doc is None:
            return
        self.layout_state.save(self.view)
        self.find_bar.set_plan(None, None)
        doc.close()
        self.undo_group.removeStack(doc.undo_stack)
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        self._replace_gap(_empty_gap())
        if doc.unwritten and doc.path is not None:
            self.plan_list.remove_entry(doc.path)  # a new plan never edited leaves nothing
        doc.deleteLater()
        self.doc = None
        # The app freezes what it built at start, this plan's objects among them (see
        # `app.run_gui`); now that the plan is let go, the collector must see them again.
        gc.unfreeze()
        self.menus.show_tasks([])
        self._update_title()
        self._update_actions()

    def _after_save(self) -> None:
        doc = self.doc
        if doc is None or doc.path is None:
            return
        if self.settings.last_plan != doc.path:  # a new plan's first save
            self._remember_plan(doc)
        self.plan_list.update_entry(PlanEntry(doc.path, doc.plan.title, doc.plan.updated))
        self._refresh_banner()
        self._update_title()
        if doc.last_backup_error:
            self.statusBar().showMessage(
                f"Saved, but no backup copy was kept: {doc.last_backup_error}", 8000
            )
        else:
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
        """Open a new plan with its title selected, so typing names it.

        Its file is written by the first edit's autosave: a new plan left untouched leaves
        nothing behind.
        """
        if not self._open_new(new_plan(self.catalog), save_now=False):
            return False
        if self.view is not None:
            title = self.view.header.title
            title.setFocus()
            title.selectAll()
        return True

    def open_example(self) -> bool:
        """Open a copy of the example plan as a new plan of the user's own, saved at once
        (the user asked for it, so it stays even if left untouched)."""
        return self._open_new(example_plan(self.catalog), save_now=True)

    def _open_new(self, plan: Plan, *, save_now: bool) -> bool:
        """Close the open plan and open `plan` as a new one in the plans folder."""
        path = plan_path_for(plan.id)
        if not self._close_document():
            return False
        doc = PlanDocument.create(plan, self.catalog, path, self, save_now=save_now)
        self._set_document(doc)
        self.plan_list.update_entry(PlanEntry(path, plan.title, plan.updated))
        return True

    def close_plan(self) -> bool:
        """Save and close the open plan; the window stays, showing the start page."""
        if not self._close_document():
            return False
        self.show_start_page()
        return True

    def open_dialog(self) -> None:
        path = dialogs.ask_open_path(self)
        if path is not None:
            self.open_path(path)

    def save_as(self, *, title: str = "Save Plan As") -> bool:
        """Ask for a file and keep editing the plan there; True when saved."""
        doc = self.doc
        if doc is None:
            return False
        path = dialogs.ask_save_path(self, title, Path.home() / f"{doc.plan.title}{PLAN_SUFFIX}")
        if path is None:
            return False
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
        return saved

    def import_plan(self) -> None:
        """Copy a plan file into the data folder as a new plan, and open it."""
        source = dialogs.ask_open_path(self, "Import Plan")
        if source is None:
            return
        try:
            target = library.import_plan(source)
        except PlanLoadError as error:
            dialogs.show_error(self, "Could Not Import Plan", f"{error.path}\n\n{error.reason}")
            return
        except PlanSaveError as error:
            dialogs.show_error(self, "Could Not Import Plan", str(error))
            return
        self.reload_plan_list()
        self.open_path(target)

    def export(self, fmt: str) -> None:
        doc = self.doc
        if doc is None:
            return
        label, file_filter, suffix = EXPORT_FORMATS[fmt]
        title = f"Export {label.rstrip('…')}"
        options: ReportOptions = {"redact": self._redact()}
        if fmt != "json":  # the plan file itself: only redaction applies
            chosen = dialogs.ask_report_options(self, title, options)
            if chosen is None:
                return
            options = chosen
        redact = options.get("redact", False)
        name = doc.plan.title + (" (redacted)" if redact else "") + suffix
        path = dialogs.ask_save_path(self, title, Path.home() / name, file_filter)
        if path is None:
            return
        # Imported here: the report renderers are not needed to show the window.
        from insider_planner.report.export import export_file

        try:
            export_file(doc.plan, self.catalog, fmt, path, source=doc.path, **options)
        except PlanSaveError as error:
            dialogs.show_error(self, "Export Failed", str(error))
            return
        self.statusBar().showMessage(f"Exported to {path}", 4000)

    def print_preview(self) -> None:
        if self.doc is not None:
            from insider_planner.ui.print_support import print_preview

            print_preview(self, self.doc.plan, self.catalog, redact=self._redact())

    def print_plan(self) -> None:
        if self.doc is not None:
            from insider_planner.ui.print_support import print_plan

            print_plan(self, self.doc.plan, self.catalog, redact=self._redact())

    def _redact(self) -> bool:
        """Whether exports and prints leave out notes and private items (Export ▸ Redact)."""
        return self.window_actions.redact.isChecked()

    # --- plan list actions -----------------------------------------------------------------

    def reload_plan_list(self) -> None:
        """Read the plan list again; a new plan not yet written stays listed while open."""
        self.plan_list.reload()
        doc = self.doc
        if doc is not None and doc.unwritten and doc.path is not None:
            self.plan_list.update_entry(PlanEntry(doc.path, doc.plan.title, doc.plan.updated))
        self.plan_list.set_current(doc.path if doc is not None else None)

    def _entry(self, path: Path) -> PlanEntry | None:
        return next((e for e in self.plan_list.entries if e.path == path), None)

    def rename_plan(self, path: Path) -> None:
        doc = self.doc
        if doc is not None and self._is_open(path):
            title, ok = dialogs.ask_text(self, "Rename Plan", "New title:", doc.plan.title)
            if ok:
                edits.set_plan_field(doc, "title", title)
            return

        def ask(current: str) -> str | None:
            title, ok = dialogs.ask_text(self, "Rename Plan", "New title:", current)
            return title if ok else None

        try:
            entry = library.rename_plan(path, ask)
        except (LibraryError, PlanLoadError, PlanSaveError) as error:
            dialogs.show_error(self, "Could Not Rename Plan", _sentence(error))
            return
        if entry is not None:
            self.plan_list.update_entry(entry)

    def duplicate_plan(self, path: Path) -> None:
        doc = self.doc
        if (
            self._is_open(path)
            and doc is not None
            and not (doc.save() if doc.unwritten else doc.save_if_needed())
        ):
            dialogs.show_error(
                self,
                "Could Not Duplicate Plan",
                f"Your latest changes could not be saved: {doc.last_save_error}",
            )
            return
        try:
            library.duplicate_plan(path)
        except (PlanLoadError, PlanSaveError) as error:
            dialogs.show_error(self, "Could Not Duplicate Plan", str(error))
            return
        self.reload_plan_list()

    def delete_plan(self, path: Path) -> None:
        entry = self._entry(path)
        name = entry.title if entry and entry.readable else path.name
        if not dialogs.confirm(
            self,
            "Delete Plan",
            f"Delete “{name}”?\n\nA copy is kept in {backups_dir()}.",
            "Delete",
        ):
            return
        is_open = self._is_open(path)
        doc = self.doc if is_open else None
        if doc is not None and doc.read_only:
            dialogs.show_error(self, "Could Not Delete Plan", doc.read_only_reason or "")
            return
        if is_open and not self._close_document():
            return
        if doc is not None and doc.unwritten:  # a new plan never edited: no file to delete
            self.show_start_page()
            return
        try:
            library.delete_plan(path)
        except LibraryError as error:
            dialogs.show_error(self, "Could Not Delete Plan", _sentence(error))
            if is_open:
                self.show_start_page()
            return
        self.settings.remove_recent(path)
        self.reload_plan_list()
        self.show_start_page()  # when the deleted plan was open; else nothing changes

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

    def _zoomed_widgets(self) -> list[QWidget]:
        """The lists whose text View ▸ Zoom In and Zoom Out size."""
        if self.view is None:
            return []
        widgets: list[QWidget] = [self.view.attributes.view, self.view.board.view]
        gap = self.gap_dock.widget()
        if isinstance(gap, GapPanel):
            widgets += [gap.view, gap.chart]
        return widgets

    def zoom(self, direction: int) -> None:
        """Text in the plan's lists one step larger (+1), smaller (-1), or normal (0)."""
        zoom = self.text_zoom
        if zoom.step(direction):  # `changed` applies it
            message = f"Text size {zoom.percent}%"
        elif direction > 0:
            message = f"Text is at its largest size ({zoom.percent}%)"
        elif direction < 0:
            message = f"Text is at its smallest size ({zoom.percent}%)"
        else:
            message = "Text is at its actual size"
        self.statusBar().showMessage(message, 2000)

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: a window listing every action's keys."""
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.menuBar(), self)
        dialog = self.shortcuts_dialog
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.search.setFocus()

    def show_preferences(self) -> None:
        """Edit ▸ Preferences: the plans folder, the theme and the text size."""
        from insider_planner.ui.window.preferences import show_preferences

        show_preferences(self)

    def how_to_use(self) -> None:
        dialogs.show_info(self, "How to Use Insider Planner", HOW_TO_USE)

    def about(self) -> None:
        dialogs.show_info(self, "About Insider Planner", ABOUT)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_document():
            event.ignore()
            return
        self.layout_state.save(self.view)
        event.accept()


def _empty_gap() -> QWidget:
    """What the Gap dock shows while no plan is open."""
    label = plain_label(
        "While a plan is open, its gap shows here: what your project needs that you do "
        "not hold yet."
    )
    label.setWordWrap(True)
    label.setAccessibleName("Gap")
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setContentsMargins(12, 12, 12, 12)
    return label


def _may_exist(path: Path) -> bool:
    """Whether a file may be there; one that cannot be checked is tried (and its error shown)."""
    try:
        return path.exists()
    except OSError:
        return True


def _sentence(error: Exception) -> str:
    """An error's one-line message as a sentence for a dialog."""
    text = str(error)
    return text if text.endswith((".", "?", "!")) else f"{text}."
