"""Start the desktop app."""

from __future__ import annotations

import gc
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from insider_planner.ui.window.main_window import MainWindow

#: Signals that ask the app to stop: `kill`, Ctrl+C in a terminal, a closed terminal or
#: logout. Each one saves the plan first.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def make_app(argv: Sequence[str]) -> QApplication:
    """The application object, named and with its icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from insider_planner import APP_NAME, APP_TITLE, __version__
    from insider_planner.resources import resources_dir

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    icon = resources_dir() / "icons" / "insider-planner.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def start_window(argv: Sequence[str]) -> MainWindow:
    """Show the main window on the given plan file, or on the last plan used."""
    from insider_planner.resources import load_catalog
    from insider_planner.storage.files import clean_leftover_temp_files
    from insider_planner.storage.settings import AppSettings
    from insider_planner.ui.window.main_window import MainWindow

    clean_leftover_temp_files()  # of writes a crash interrupted; never raises
    window = MainWindow(load_catalog(), AppSettings())
    window.show()
    files = [a for a in argv if not a.startswith("-")]
    window.open_initial(Path(files[0]) if files else None)
    return window


class StopSignals:
    """Saves the plan and quits with exit code 128 + signal on SIGTERM, SIGINT or SIGHUP.

    Python runs its signal handlers only when the interpreter gets control, which a
    waiting Qt event loop never gives it. So the C-level handler writes the signal's
    number to a socket (`signal.set_wakeup_fd`), and a QSocketNotifier on the other end
    wakes the event loop, which reads the number and stops the app. Installed before the
    window exists, so that a signal arriving while it opens is not lost either.
    """

    def __init__(self, app: QApplication) -> None:
        from PySide6.QtCore import QSocketNotifier

        self._app = app
        self._window: MainWindow | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_wakeup_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._old_handlers = {sig: signal.signal(sig, _ignore) for sig in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._woken)

    def attach(self, window: MainWindow) -> None:
        """Save this window's plan on a stop signal, and when the session asks (logout)."""
        self._window = window
        # The session may still cancel the logout: save, but keep the plan open.
        self._app.commitDataRequest.connect(self.commit_data)

    def commit_data(self) -> None:
        """Commit and save the window's plan, leaving it open."""
        if self._window is not None:
            self._window.commit_and_save()

    def _woken(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        stops = [sig for sig in data if sig in STOP_SIGNALS]
        if stops:
            if self._window is not None:
                self._window.shut_down()
            self._app.exit(128 + stops[0])

    def uninstall(self) -> None:
        """Put back the handlers that were there before."""
        self._notifier.setEnabled(False)
        if self._window is not None:
            self._app.commitDataRequest.disconnect(self.commit_data)
        signal.set_wakeup_fd(self._old_wakeup_fd)
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()


def _ignore(signum: int, frame: object) -> None:
    """The Python-level handler: the work is done in the event loop (see StopSignals)."""


def lighten_pyside_import_check() -> None:
    """Make the check Qt's bindings run on every imported module read the file directly.

    After PySide6 is imported, each module imported later is checked for the word
    "PySide6" (to know which modules its `__feature__` switches apply to). It does so with
    `inspect.getsource`, which costs far more than the search itself (and keeps every line
    in `linecache`): about a tenth of a millisecond per module, tens of milliseconds for
    the modules the window needs. This asks the same question of the module's file bytes,
    and leaves anything else (modules without a source file) to the original check. Does
    nothing when the bindings have no such check.
    """
    import PySide6  # noqa: F401  (installs the import hook and its check)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_the_file", False):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.reads_the_file = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def run_gui(argv: Sequence[str]) -> int:
    """Open the main window on the given plan file, or on the last plan used."""
    # The plan's models come first: once Qt's bindings are imported, they look at every
    # module imported after them (see `lighten_pyside_import_check`), and the validation
    # library and the models it builds are a good half of the modules the app loads.
    import insider_planner.storage.files  # noqa: F401

    lighten_pyside_import_check()
    # Starting creates objects that live as long as the window: the modules, the catalog,
    # the plan. The cyclic collector would walk them again and again while they are made
    # (with a large plan, a tenth of a second or more), so it waits, and then they are
    # frozen: set aside from its walks until the window closes its first plan (see
    # `MainWindow._drop_document`), when they may hold garbage it must see.
    gc.disable()
    handlers: StopSignals | None = None
    try:
        app = make_app(argv)
        handlers = StopSignals(app)
        handlers.attach(start_window(argv))
        gc.freeze()
        gc.enable()
        return app.exec()
    finally:
        gc.enable()
        if handlers is not None:
            handlers.uninstall()
        # The process ends next, and the window has saved and closed its plan: leave the
        # objects to the system rather than have the collector walk every task once more
        # while Python shuts down (a tenth of a second with a large plan).
        gc.freeze()
