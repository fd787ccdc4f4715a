"""Started by test_stop_signals: the app on one plan, with text typed but not committed.

Prints "ready" once the typing is done; the test then sends a stop signal.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from insider_planner.app import StopSignals, make_app, start_window


def main() -> int:
    path = sys.argv[1]
    app = make_app([path])
    handlers = StopSignals(app)
    window = start_window([path])
    handlers.attach(window)
    assert window.view is not None
    header = window.view.header
    for editor in (header.title, header.project):
        editor.pause.set_interval(600_000)  # only the signal commits this typing
    header.title.end(False)  # a loaded title shows its start
    QTest.keyClicks(header.title, " rev 2")
    header.project.moveCursor(header.project.textCursor().MoveOperation.End)
    QTest.keyClicks(header.project, " Typed before the signal.")
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    try:
        return app.exec()
    finally:
        handlers.uninstall()


if __name__ == "__main__":
    sys.exit(main())
