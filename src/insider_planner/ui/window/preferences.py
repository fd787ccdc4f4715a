"""Edit ▸ Preferences: the plans folder, the theme and the text size.

Each choice applies at once (there is only a Close button), as in the desktops' own
preference windows. The theme and the text size are the View menu's: the dialog calls the
same `ThemeActions` and `TextZoom`, and follows them when the menu or a key changes them.
Changing the plans folder offers to move the plans there (`storage.relocate`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from insider_planner.storage.paths import DATA_DIR_ENV, data_path, data_path_from_environment
from insider_planner.storage.relocate import (
    FolderUnusableError,
    check_writable,
    move_plans,
    plans_in,
)
from insider_planner.ui import dialogs
from insider_planner.ui.theme import Theme
from insider_planner.ui.widgets import plain_label
from insider_planner.ui.window.zoom import NORMAL, ZOOM_STEPS

if TYPE_CHECKING:
    from insider_planner.ui.window.main_window import MainWindow


def show_preferences(window: MainWindow) -> PreferencesDialog:
    """Show the window's Preferences (one per window), brought to the front."""
    dialog = window.findChild(PreferencesDialog)
    if dialog is None:
        dialog = PreferencesDialog(window)
    dialog.refresh_folder()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


class PreferencesDialog(QDialog):
    """The plans folder, the theme and the text size, each applied when changed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._main = window
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")

        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Plans folder")
        self.folder.setMinimumWidth(360)
        self.change_button = QPushButton("&Change…")
        self.change_button.setToolTip("Choose another folder for your plans")
        self.change_button.clicked.connect(self.choose_folder)
        self.show_button = QPushButton("&Show in File Manager")
        self.show_button.setToolTip("Open the plans folder in the file manager")
        self.show_button.clicked.connect(self.show_folder)
        self.folder_note = plain_label()
        self.folder_note.setWordWrap(True)
        self.folder_note.setEnabled(False)  # drawn as a quieter note

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.change_button)
        folder_box = QVBoxLayout()
        folder_box.addLayout(folder_row)
        folder_box.addWidget(self.folder_note)
        show_row = QHBoxLayout()
        show_row.addWidget(self.show_button)
        show_row.addStretch(1)
        folder_box.addLayout(show_row)

        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for theme in Theme:
            self.theme.addItem(theme.label.replace("&", ""), theme)
        self.theme.setToolTip("The window's colours (also in View ▸ Theme)")
        self.theme.activated.connect(self._theme_chosen)

        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Text size")
        for percent in ZOOM_STEPS:
            label = f"{percent}% (normal)" if percent == NORMAL else f"{percent}%"
            self.zoom.addItem(label, percent)
        self.zoom.setToolTip(
            "The text size of the attribute tree, the action board and the gap "
            "(also View ▸ Zoom In and Zoom Out)"
        )
        self.zoom.activated.connect(self._zoom_chosen)

        form = QFormLayout()
        folder_label = QLabel("&Plans folder:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, _wrapped(folder_box))
        theme_label = QLabel("&Theme:")
        theme_label.setBuddy(self.theme)
        form.addRow(theme_label, self.theme)
        zoom_label = QLabel("Text &size:")
        zoom_label.setBuddy(self.zoom)
        form.addRow(zoom_label, self.zoom)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)

        window.theme_actions.changed.connect(self._show_theme)
        window.text_zoom.changed.connect(self._show_zoom)
        self._show_theme(window.theme_actions.current())
        self._show_zoom(window.text_zoom.percent)
        self.refresh_folder()

    # --- plans folder --------------------------------------------------------------------

    def refresh_folder(self) -> None:
        """Show the plans folder now in use, and whether it may be changed here."""
        self.folder.setText(str(data_path()))
        self.folder.setCursorPosition(0)
        fixed = data_path_from_environment() is not None
        self.change_button.setEnabled(not fixed)
        if fixed:
            self.folder_note.setText(
                f"Fixed by the environment variable {DATA_DIR_ENV}; "
                "it cannot be changed here while that is set."
            )
        else:
            self.folder_note.setText("Where your plans, their backups and saved versions live.")

    def choose_folder(self) -> None:
        folder = dialogs.ask_folder(self, "Choose Plans Folder", data_path())
        if folder is not None:
            change_plans_folder(self._main, folder, self)
            self.refresh_folder()

    def show_folder(self) -> None:
        folder = data_path()
        if not folder.is_dir() or not dialogs.show_folder(folder):
            dialogs.show_error(
                self, "Could Not Show Folder", f"{folder}\n\nNo file manager could show it."
            )

    # --- theme and text size -------------------------------------------------------------

    def _theme_chosen(self, row: int) -> None:
        theme = self.theme.itemData(row)
        if isinstance(theme, Theme):
            self._main.theme_actions.choose(theme)

    def _show_theme(self, theme: Theme) -> None:
        self.theme.setCurrentIndex(self.theme.findData(theme))

    def _zoom_chosen(self, row: int) -> None:
        percent = self.zoom.itemData(row)
        if isinstance(percent, int):
            self._main.text_zoom.set_percent(percent)

    def _show_zoom(self, percent: int) -> None:
        self.zoom.setCurrentIndex(self.zoom.findData(percent))


def _wrapped(layout: QVBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


def _plans(count: int) -> str:
    return "1 plan" if count == 1 else f"{count} plans"


def change_plans_folder(window: MainWindow, folder: Path, parent: QWidget | None = None) -> bool:
    """Make `folder` the plans folder, moving the old folder's plans there if the user
    wishes; True when the folder changed.

    The new folder must take new files before anything happens. A move first saves and
    closes the open plan (so its lock is free), and reopens it from where it then is;
    plans that could not move are named in one message, with why.
    """
    parent = parent or window
    settings = window.settings
    if data_path_from_environment() is not None:
        dialogs.show_error(
            parent,
            "Could Not Change Plans Folder",
            f"The plans folder is fixed by the environment variable {DATA_DIR_ENV}.",
        )
        return False
    if not settings.kept_in_config_folder:
        dialogs.show_error(
            parent,
            "Could Not Change Plans Folder",
            f"The settings could not be moved out of the plans folder ({settings.path}), "
            "so another folder could not be remembered.",
        )
        return False
    old = data_path()
    new = Path(os.path.abspath(folder))
    if new == old or (new.exists() and old.exists() and os.path.samefile(new, old)):
        return False
    try:
        check_writable(new)
    except FolderUnusableError as error:
        dialogs.show_error(parent, "Could Not Use Folder", f"{new}\n\n{error.reason}.")
        return False
    count = len(plans_in(old))
    choice = dialogs.MovePlans.LEAVE
    if count:
        choice = dialogs.ask_move_plans(
            parent,
            f"The current plans folder holds {_plans(count)}:\n{old}\n\n"
            f"The new folder is:\n{new}\n\nPlans that stay behind can still be opened "
            "with File ▸ Open.",
            count,
        )
    if choice is dialogs.MovePlans.CANCEL:
        return False
    doc = window.doc
    reopen = doc.path if doc is not None and not doc.unwritten else None
    start_new = doc is not None and doc.unwritten
    if choice is dialogs.MovePlans.LEAVE:
        settings.plans_folder = new
        window.reload_plan_list()
        if start_new:
            window.new_plan()  # an untouched new plan would be written in the old folder
        window.statusBar().showMessage(f"Plans folder: {new}", 4000)
        return True
    if doc is not None and not window.close_plan():
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = move_plans(old, new)
    except FolderUnusableError as error:
        report = None
        reason = error.reason
    finally:
        QApplication.restoreOverrideCursor()
    if report is None:
        dialogs.show_error(parent, "Could Not Use Folder", f"{new}\n\n{reason}.")
        if reopen is not None:
            window.open_path(reopen)
        return False
    settings.plans_folder = new
    settings.follow_moves(report.moved)
    window.reload_plan_list()
    if reopen is not None:
        window.open_path(report.moved.get(reopen, reopen))
    elif start_new:
        window.new_plan()
    if report.complete:
        dialogs.show_info(parent, "Plans Moved", report.summary())
    else:
        dialogs.show_error(parent, "Some Plans Were Not Moved", report.summary())
    return True
