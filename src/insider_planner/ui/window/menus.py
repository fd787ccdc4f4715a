"""The main window's actions and its menu bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMenuBar

from insider_planner.ui.actions import fill_menu, make_action, set_keys

if TYPE_CHECKING:
    from insider_planner.ui.window.main_window import MainWindow

#: Export formats: menu label, file-dialog filter, file suffix.
EXPORT_FORMATS = {
    "pdf": ("PDF…", "PDF documents (*.pdf)", ".pdf"),
    "html": ("HTML…", "Web pages (*.html)", ".html"),
    "markdown": ("Markdown…", "Markdown (*.md)", ".md"),
    "json": ("JSON…", "JSON (*.json)", ".json"),
}

_KEYS = QKeySequence.StandardKey


class WindowActions:
    """The window's own actions (the board's come from its panel)."""

    def __init__(self, window: MainWindow, undo_group: QUndoGroup) -> None:
        w = window
        self.new = make_action(w, "&New Plan", w.new_plan, _KEYS.New, "Create a new plan")
        self.open = make_action(w, "&Open…", w.open_dialog, _KEYS.Open, "Open a plan file")
        self.save_as = make_action(
            w, "Save &As…", w.save_as, _KEYS.SaveAs, "Save the plan to another file"
        )
        self.import_plan = make_action(
            w, "&Import…", w.import_plan, None, "Copy a plan file into your plans"
        )
        self.print_preview = make_action(
            w, "Print Pre&view…", w.print_preview, "Ctrl+Shift+P", "Preview the printed plan"
        )
        self.print = make_action(w, "&Print…", w.print_plan, _KEYS.Print, "Print the plan")
        self.close = make_action(
            w, "&Close Plan", w.close_plan, _KEYS.Close, "Save and close the open plan"
        )
        self.quit = make_action(w, "&Quit", w.close, _KEYS.Quit, "Quit Insider Planner")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.redact = make_action(
            w,
            "&Redact Notes and Private Items",
            tip="Exports leave out notes and everything marked private",
            checkable=True,
        )
        self.export = {
            fmt: make_action(w, label, lambda _=False, f=fmt: w.export(f), None, f"Export as {fmt}")
            for fmt, (label, _, _) in EXPORT_FORMATS.items()
        }
        self.undo = undo_group.createUndoAction(w, "&Undo")
        self.redo = undo_group.createRedoAction(w, "&Redo")
        for action, keys, name in (
            (self.undo, _KEYS.Undo, "Undo"),
            (self.redo, _KEYS.Redo, "Redo"),
        ):
            set_keys(action, keys)
            action.setIconText(name)  # the text names the step to undo; lists show this
        self.find = make_action(
            w, "&Find…", w.find_bar.open_bar, _KEYS.Find, "Find attributes, notes and tasks"
        )
        self.find_next = make_action(
            w, "Find &Next", lambda: w.find_bar.step(1), _KEYS.FindNext, "Show the next match"
        )
        self.find_previous = make_action(
            w,
            "Find Pre&vious",
            lambda: w.find_bar.step(-1),
            _KEYS.FindPrevious,
            "Show the previous match",
        )
        self.filter_attributes = make_action(
            w,
            "Fi&lter Attributes",
            w.focus_filter,
            "Ctrl+Shift+F",
            "Show only the attributes whose names hold a text",
        )
        self.add_custom = make_action(
            w,
            "Add Custom Attribute or &Facet…",
            w.add_custom_node,
            "Ctrl+Shift+A",
            "Add a custom attribute (under a category) or facet (under an attribute)",
        )
        self.preferences = make_action(
            w,
            "Pre&ferences…",
            w.show_preferences,
            _KEYS.Preferences,
            "Choose the plans folder, the theme and the text size",
        )
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.expand = make_action(w, "&Expand All", w.expand_all)
        self.collapse = make_action(w, "&Collapse All", w.collapse_all)
        lists = "the attribute tree, the action board and the gap"
        self.zoom_in = make_action(
            w, "Zoom &In", lambda: w.zoom(+1), _KEYS.ZoomIn, f"Larger text in {lists}"
        )
        self.zoom_out = make_action(
            w, "Zoom &Out", lambda: w.zoom(-1), _KEYS.ZoomOut, f"Smaller text in {lists}"
        )
        self.zoom_reset = make_action(
            w, "&Actual Size", lambda: w.zoom(0), "Ctrl+0", f"Normal text size in {lists}"
        )
        self.shortcuts = make_action(
            w,
            "&Keyboard Shortcuts",
            w.show_shortcuts,
            _KEYS.HelpContents,
            "List every action's keys",
        )
        self.how_to = make_action(w, "&How to Use", w.how_to_use)
        self.about = make_action(w, "&About Insider Planner", w.about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def needing_a_plan(self) -> list[QAction]:
        """The actions that only make sense while a plan is open."""
        return [
            self.close,
            self.save_as,
            self.print_preview,
            self.print,
            self.find,
            self.find_next,
            self.find_previous,
            self.filter_attributes,
            self.add_custom,
            self.expand,
            self.collapse,
            *self.export.values(),
        ]


class WindowMenus:
    """The menu bar; the Tasks menu shows the open plan's board actions."""

    def __init__(self, bar: QMenuBar, actions: WindowActions, window: MainWindow) -> None:
        a = actions
        self.file = bar.addMenu("&File")
        self.file.addActions([a.new, a.open])
        self.recent = self.file.addMenu("Open &Recent")
        self.file.addAction(a.save_as)
        self.file.addSeparator()
        self.file.addAction(a.import_plan)
        self.export = self.file.addMenu("&Export")
        self.export.addActions(list(a.export.values()))
        self.export.addSeparator()
        self.export.addAction(a.redact)
        self.file.addSeparator()
        self.file.addActions([a.print_preview, a.print])
        self.file.addSeparator()
        self.file.addActions([a.close, a.quit])

        self.edit = bar.addMenu("&Edit")
        self.edit.addActions([a.undo, a.redo])
        self.edit.addSeparator()
        self.edit.addActions([a.find, a.find_next, a.find_previous, a.filter_attributes])
        self.edit.addSeparator()
        self.edit.addAction(a.add_custom)
        self.edit.addSeparator()
        self.edit.addAction(a.preferences)

        self.tasks = bar.addMenu("&Tasks")

        self.view = bar.addMenu("&View")
        self.view.addAction(window.plans_dock.toggleViewAction())
        self.view.addAction(window.gap_dock.toggleViewAction())
        self.view.addSeparator()
        self.view.addActions([a.expand, a.collapse])
        self.view.addSeparator()
        self.view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        self.view.addSeparator()
        self.theme = window.theme_actions.add_menu(self.view)

        self.help = bar.addMenu("&Help")
        self.help.addActions([a.shortcuts, a.how_to, a.about])

    def show_tasks(self, actions: list[QAction | None]) -> None:
        """Fill the Tasks menu (None marks a separator); empty, and greyed out, when no
        plan is open."""
        fill_menu(self.tasks, actions)
        self.tasks.menuAction().setEnabled(bool(actions))
