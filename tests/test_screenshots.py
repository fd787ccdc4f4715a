"""`make screenshots` keeps working: every picture is drawn, at its screen's size, in its theme."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QImage

from insider_planner.storage.paths import CONFIG_DIR_ENV, DATA_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "screenshots.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = load_tool()


def mean_lightness(image: QImage) -> float:
    """The average lightness of a grid of the picture's pixels, 0 (black) to 255."""
    step = 16
    values = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(values) / len(values)


def test_every_picture_is_drawn_on_its_screen_in_its_theme(tmp_path: Path) -> None:
    # Run as on a developer's machine: no folders given, the user's own home. Nothing
    # may be written there.
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in (DATA_DIR_ENV, CONFIG_DIR_ENV)}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "cfg"))
    out = tmp_path / "pictures"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert not (home / "data" / "insider-planner").exists()
    assert not (home / "cfg" / "insider-planner").exists()
    tmp_path = out
    for kind, (width, height), theme in tool.jobs():
        image = QImage(str(tmp_path / tool.picture_name(kind, (width, height), theme)))
        assert not image.isNull(), (kind, theme)
        assert image.width() <= width and image.height() <= height, (kind, width, theme)
        assert image.width() > width * 0.7 and image.height() > height * 0.7, (kind, theme)
    for kind, size in (("window", (1366, 768)), ("window", (1024, 700)), ("start", (1366, 768))):
        light = QImage(str(tmp_path / tool.picture_name(kind, size, "light")))
        dark = QImage(str(tmp_path / tool.picture_name(kind, size, "dark")))
        assert mean_lightness(dark) < 100 < 180 < mean_lightness(light), (kind, size)
    listed = {Path(line).name for line in done.stdout.splitlines()}
    assert {"printed-page-1.png", "printed-page-2.png"} <= listed or "pdftoppm" in done.stderr
