"""Make a started app's event loop quit on its first turn, without importing Qt first.

Start-up checks (the start-up tests and `make bench`) run the real entry point in a fresh
interpreter and need its event loop to stop once the window is shown. Patching
`QApplication.exec` up front would import Qt's bindings before the app does, and change
the order the app loads its modules in, which is part of what is measured. So the patch
is put in place by an import hook, at the moment the app itself first imports the widgets
module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType

WIDGETS = "PySide6.QtWidgets"


class _QuitOnFirstTurn:
    """A one-shot finder: loads the widgets module as usual, then patches its `exec`."""

    def __init__(self, on_exec: Callable[[], None] | None) -> None:
        self._on_exec = on_exec

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != WIDGETS:
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        load = loader.exec_module
        on_exec = self._on_exec

        def exec_module(module: ModuleType) -> None:
            load(module)
            from PySide6.QtCore import QTimer

            application = module.QApplication
            original = application.exec

            def exec_once(*args: object) -> int:
                if on_exec is not None:
                    on_exec()
                QTimer.singleShot(0, application.quit)
                return int(original())

            application.exec = exec_once

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def quit_on_first_turn(on_exec: Callable[[], None] | None = None) -> None:
    """From now on, the first `QApplication.exec()` quits after one turn of its loop.

    `on_exec` is called as the loop starts. Must run before anything imports the widgets
    module.
    """
    if WIDGETS in sys.modules:
        raise RuntimeError(f"{WIDGETS} is already imported")
    sys.meta_path.insert(0, _QuitOnFirstTurn(on_exec))
