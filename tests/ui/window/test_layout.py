"""The window fits the screens people have: measured in a fresh app on screens of given
sizes (the offscreen platform's screen is set when the application starts, so each
screen is a new process running `layout_driver.py`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.sample import demo_plan
from insider_planner.storage.files import save_plan

DRIVER = Path(__file__).with_name("layout_driver.py")
LONG_TITLE = (
    "Replicating our deception probes on a frontier lab's closed models, and what we "
    "would concede on publication to get there"
)


@pytest.fixture
def plan_file(catalog: Catalog, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    plan = demo_plan(catalog)
    plan.title = LONG_TITLE
    path = data_dir / "demo.insiderplan"
    save_plan(path, plan)
    return path


def run(
    plan: Path, tmp_path: Path, size: tuple[int, int], *steps: str, scale: int = 1
) -> list[dict[str, Any]]:
    """The driver's measurements on a screen of `size` physical pixels."""
    config = tmp_path / f"screen-{size[0]}x{size[1]}.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.pop("QT_SCALE_FACTOR", None)
    if scale != 1:
        env["QT_SCALE_FACTOR"] = str(scale)
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(plan), *steps],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_a_laptop_screen_shows_what_matters_without_scrolling(
    plan_file: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    (shown,) = run(plan_file, tmp_path, size, "measure")
    assert shown["fits"], shown
    assert shown["tree_columns_shown"]  # Attribute, Held and Needed within the viewport
    assert shown["chart_titles_whole"]  # every category's name drawn in full
    assert shown["gap_rows_whole"]
    assert shown["title_chars"] >= 40
    assert shown["board_h_scroll"] == 0
    assert shown["toolbar_hidden"] == []  # Delete Task and the rest are on the toolbar
    assert shown["plan_row_height"] <= 2  # a long title is one elided line, its date another
    assert LONG_TITLE.replace("'", "&#x27;") in shown["plan_tooltip"]


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_a_laptop_screen_shows_eight_board_rows(
    plan_file: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    (shown,) = run(plan_file, tmp_path, size, "measure")
    assert shown["board_rows"] >= 8


def test_a_small_screen_keeps_everything_reachable(plan_file: Path, tmp_path: Path) -> None:
    (shown,) = run(plan_file, tmp_path, (1024, 700), "measure")
    assert shown["fits"], shown
    assert shown["tree_reachable"] and shown["board_reachable"]
    assert shown["docks"]["gap_dock"][1]


def test_at_twice_the_scale_the_window_fits_the_screen(plan_file: Path, tmp_path: Path) -> None:
    (shown,) = run(plan_file, tmp_path, (1600, 1000), "measure", scale=2)
    assert shown["area"] == [0, 0, 800, 500]  # the logical screen is half the size
    assert shown["fits"], shown
    assert shown["tree_reachable"] and shown["board_reachable"]


def test_a_saved_window_larger_than_the_screen_is_brought_within_it(
    plan_file: Path, tmp_path: Path
) -> None:
    run(plan_file, tmp_path, (1920, 1200), "big", "close")
    (shown,) = run(plan_file, tmp_path, (1024, 700), "measure")
    assert shown["fits"], shown


def test_the_gap_gets_its_width_back_when_the_window_grows(plan_file: Path, tmp_path: Path) -> None:
    fresh, small, grown = run(
        plan_file, tmp_path, (1366, 768), "measure", "shrink", "measure", "grow", "measure"
    )
    assert small["docks"]["gap_dock"][0] < fresh["docks"]["gap_dock"][0]
    assert grown["docks"]["gap_dock"][0] == fresh["docks"]["gap_dock"][0]
    assert grown["chart_titles_whole"] and grown["title_chars"] >= 40


def test_the_gap_gets_its_width_back_after_a_restart(plan_file: Path, tmp_path: Path) -> None:
    (fresh,) = run(plan_file, tmp_path, (1366, 768), "measure")
    run(plan_file, tmp_path, (1366, 768), "shrink", "close")
    small, grown = run(plan_file, tmp_path, (1366, 768), "measure", "grow", "measure")
    assert small["docks"]["gap_dock"][0] < fresh["docks"]["gap_dock"][0]
    assert grown["docks"]["gap_dock"][0] == fresh["docks"]["gap_dock"][0]
