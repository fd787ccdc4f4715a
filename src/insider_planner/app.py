"""Start the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def run_gui(argv: Sequence[str]) -> int:
    """Open the main window on the given plan file, or on the last plan used."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from insider_planner import APP_NAME, APP_TITLE, __version__
    from insider_planner.resources import load_catalog, resources_dir
    from insider_planner.storage.files import remove_stale_temp_files
    from insider_planner.storage.library import plan_files
    from insider_planner.storage.settings import AppSettings
    from insider_planner.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    icon = resources_dir() / "icons" / "insider-planner.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    try:
        # Temporary files of saves that a crash interrupted, older than an hour.
        for path in plan_files():
            remove_stale_temp_files(path, older_than=3600)
    except OSError as error:
        from insider_planner.ui import dialogs

        where = f"{error.filename}\n\n" if error.filename else ""
        dialogs.show_error(None, "Cannot Use the Plans Folder", f"{where}{error.strerror or error}")
        return 1
    window = MainWindow(load_catalog(), AppSettings())
    window.show()
    files = [a for a in argv if not a.startswith("-")]
    window.open_initial(Path(files[0]) if files else None)
    return app.exec()
