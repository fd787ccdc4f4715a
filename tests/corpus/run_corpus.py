"""Run hostile plan files through every entry point, in a process of its own.

Usage: python -m tests.corpus.run_corpus OUTPUT_FOLDER FILE...

For each file and each step (check, export in every format, the window's open path) it
prints one JSON line: the step, the exit code, what was printed or shown, and the seconds
taken. At the end it prints the process's peak memory. The test reads these lines; running
apart keeps the corpus's memory out of the test process and lets a hang be cut off.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import json
import resource
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from insider_planner.cli import main as cli_main
from insider_planner.report.export import EXPORT_FORMATS
from insider_planner.resources import load_catalog
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs
from insider_planner.ui.window.main_window import MainWindow

#: A step that takes this long is stopped with a traceback: the test then fails on the gap.
HANG_SECONDS = 30

SHOWN: list[str] = []


def _record_error(parent: object, title: str, text: str) -> None:
    SHOWN.append(text)


def _run_cli(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli_main(args)
    return code, err.getvalue()


def _peak_mb() -> int:
    """This process's peak memory. On Linux from VmHWM, which starts afresh at exec, unlike
    ru_maxrss, which counts the memory of the process that started this one."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _report(case: str, step: str, code: int, message: str, started: float) -> None:
    line = {
        "case": case,
        "step": step,
        "code": code,
        "message": message,
        "seconds": round(time.perf_counter() - started, 3),
        "peak_mb": _peak_mb(),
    }
    print(json.dumps(line), flush=True)


def main(argv: list[str]) -> int:
    out_folder = Path(argv[0])
    files = [Path(a) for a in argv[1:]]
    app = QApplication.instance() or QApplication(["corpus"])
    dialogs.show_error = _record_error
    window = MainWindow(load_catalog(), AppSettings())
    for path in files:
        case = path.name
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
        started = time.perf_counter()
        code, message = _run_cli(["check", str(path)])
        _report(case, "check", code, message, started)
        for fmt in EXPORT_FORMATS:
            target = out_folder / f"{len(SHOWN)}-{fmt}.out"
            started = time.perf_counter()
            code, message = _run_cli(["export", str(path), "--to", fmt, "--output", str(target)])
            _report(case, f"export-{fmt}", code, message, started)
        SHOWN.clear()
        started = time.perf_counter()
        opened = window.open_path(path)
        app.processEvents()
        code = 0 if opened else 1
        if opened:
            window.close_plan()
        _report(case, "window", code, "\n---\n".join(SHOWN), started)
        faulthandler.cancel_dump_traceback_later()
    print(json.dumps({"peak_mb": _peak_mb()}), flush=True)
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
