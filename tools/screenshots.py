"""Render the README's pictures: the main window, and the first pages of the printed plan.

A development tool, not part of the app: ``make screenshots`` runs it
(``python tools/screenshots.py OUTDIR``, offscreen).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from insider_planner.storage.paths import DATA_DIR_ENV


def render(out_dir: Path) -> list[Path]:
    """Write the screenshots into `out_dir`; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[DATA_DIR_ENV] = tmp
        return _render(out_dir, Path(tmp))


def _render(out_dir: Path, data: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from insider_planner.report.export import export_file
    from insider_planner.resources import load_catalog
    from insider_planner.sample import demo_plan
    from insider_planner.storage.files import save_plan
    from insider_planner.storage.paths import plan_path_for
    from insider_planner.storage.settings import AppSettings
    from insider_planner.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    catalog = load_catalog()
    plan = demo_plan(catalog)
    path = plan_path_for(plan.id)
    save_plan(path, plan)
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(catalog, AppSettings(data / "settings.ini"))
    window.resize(1600, 940)
    window.show()
    window.open_path(path)
    assert window.view is not None
    window.view.attributes.select_node("internals.activations")
    board = window.view.board
    board.select_task(plan.strategies[2].tasks[1].id)
    for _ in range(5):
        app.processEvents()
    written = [out_dir / "main-window.png"]
    window.grab().save(str(written[0]))
    window.close()

    pdf = data / "sample.pdf"
    export_file(plan, catalog, "pdf", pdf)
    if shutil.which("pdftoppm"):
        for page in (1, 2):
            stem = out_dir / f"printed-page-{page}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            written.append(stem.with_suffix(".png"))
    else:
        print("pdftoppm not found (poppler-utils): printed pages not rendered", file=sys.stderr)
    return written


if __name__ == "__main__":
    for file in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(file)
