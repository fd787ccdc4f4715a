"""Render the README's pictures: the main window on two laptop screens in light and dark,
the print preview, and the first pages of the printed plan.

A development tool, not part of the app: ``make screenshots`` runs it
(``python tools/screenshots.py OUTDIR``, offscreen). Each window picture is taken in its
own interpreter on a screen of the given size (Qt reads the screen when it starts), as
the app would open there with fresh settings, on the example plan.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest.mock import patch

from insider_planner.storage.paths import CONFIG_DIR_ENV, DATA_DIR_ENV

#: The screens the window is shown on: laptop sizes people have.
SCREENS = ((1366, 768), (1024, 700))
THEMES = ("light", "dark")


def picture_name(kind: str, size: tuple[int, int], theme: str) -> str:
    if kind == "window":
        return f"main-window-{size[0]}x{size[1]}-{theme}.png"
    return f"{kind}-{theme}.png"


def jobs() -> list[tuple[str, tuple[int, int], str]]:
    """Every picture taken in a window: (kind, screen size, theme). A kind is the main
    window on the example plan, the print preview, or the start page (no plan yet)."""
    shots = [("window", size, theme) for size in SCREENS for theme in THEMES]
    shots.append(("preview", SCREENS[0], "light"))
    shots += [("start", SCREENS[0], theme) for theme in THEMES]
    return shots


def render(out_dir: Path) -> list[Path]:
    """Write the pictures into `out_dir`; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, size, theme in jobs():
            target = out_dir / picture_name(kind, size, theme)
            _take(Path(tmp), kind, size, theme, target)
            written.append(target)
        # The PDF is written here, in this interpreter: its write journal and any settings
        # read go to folders of this run, never the user's.
        folders = {
            DATA_DIR_ENV: str(Path(tmp) / "data-pages"),
            CONFIG_DIR_ENV: str(Path(tmp) / "config-pages"),
        }
        with patch.dict(os.environ, folders):
            written += _printed_pages(out_dir, Path(tmp))
    return written


def _take(tmp: Path, kind: str, size: tuple[int, int], theme: str, target: Path) -> None:
    """Take one picture in a fresh interpreter on an offscreen screen of `size`."""
    config = tmp / f"screen-{size[0]}x{size[1]}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    data = tmp / f"data-{kind}-{size[0]}-{theme}"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env[DATA_DIR_ENV] = str(data)
    env[CONFIG_DIR_ENV] = str(data.with_name(f"{data.name}-config"))  # fresh settings
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run(
        [sys.executable, __file__, "--shot", kind, theme, str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0 or not target.is_file():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"screenshots: {target.name} failed: {tail}")


def shoot(kind: str, theme: str, target: Path) -> None:
    """In the child: open the example plan as the app would, and grab the picture."""
    from PySide6.QtWidgets import QApplication

    from insider_planner.app import make_app
    from insider_planner.resources import load_catalog
    from insider_planner.sample import demo_plan
    from insider_planner.storage.files import save_plan
    from insider_planner.storage.paths import plan_path_for
    from insider_planner.storage.settings import AppSettings
    from insider_planner.ui.window.main_window import MainWindow

    app = make_app([])  # noqa: F841 (kept while the window lives)
    catalog = load_catalog()
    if kind == "start":
        settings = AppSettings()
        settings.theme = theme
        window = MainWindow(catalog, settings)
        window.show()
        window.open_initial(None)
        _settle()
        window.grab().save(str(target))
        window.close()
        return
    plan = demo_plan(catalog)
    path = plan_path_for(plan.id)
    save_plan(path, plan)
    settings = AppSettings()
    settings.theme = theme
    window = MainWindow(catalog, settings)
    window.show()
    window.open_path(path)
    assert window.view is not None
    window.view.attributes.select_node("internals.activations")
    window.view.board.select_task(plan.strategies[2].tasks[1].id)
    _settle()
    if kind == "window":
        window.grab().save(str(target))
    else:
        from insider_planner.ui.print_support import PlanPrintPreviewDialog

        assert window.doc is not None
        preview = PlanPrintPreviewDialog(window.doc.plan, catalog, window)
        preview.resize(min(window.width(), 1100), window.height())
        preview.show()
        _settle()
        preview.grab().save(str(target))
        preview.close()
    window.close()
    QApplication.processEvents()


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(8):
        QApplication.processEvents()


def _printed_pages(out_dir: Path, tmp: Path) -> list[Path]:
    """The first two pages of the example plan's PDF, as pictures (needs pdftoppm)."""
    from insider_planner.report.export import export_file
    from insider_planner.resources import load_catalog
    from insider_planner.sample import demo_plan

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 (pages need it)
    catalog = load_catalog()
    pdf = tmp / "sample.pdf"
    export_file(demo_plan(catalog), catalog, "pdf", pdf)
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found (poppler-utils): printed pages not rendered", file=sys.stderr)
        return []
    written = []
    for page in (1, 2):
        stem = out_dir / f"printed-page-{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        written.append(stem.with_suffix(".png"))
    return written


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--shot":
        shoot(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
    else:
        for file in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
            print(file)
