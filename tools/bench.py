"""Measure the figures the app is held to: start-up, edits, loading, autosave and memory.

A development tool, not part of the app: ``make bench`` runs it
(``python tools/bench.py [--quick] [--json PATH] [--markdown PATH]``). It prints one
Markdown table (figure | 5k | 50k | target) and writes every row as JSON.

Edits are measured through the real window, offscreen: a QTest key event, the events it
causes processed, and the view's viewport repainted. Start-up runs in fresh interpreters
and is compared with a bare PySide6 window started the same way in the same run.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from unittest.mock import patch

from insider_planner.storage.paths import CONFIG_DIR_ENV, DATA_DIR_ENV

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

    from insider_planner.ui.document import PlanDocument
    from insider_planner.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "build" / "bench.json"

# Row names, in the order of the table.
START_FRESH = "start, fresh data folder"
START_PLAN = "start with the plan"
MOVE = "move a task (Ctrl+Up)"
ADD = "add a task (Ctrl+T)"
DELETE = "delete a task (Delete)"
UNDO = "undo an add or a delete (Ctrl+Z)"
REDO = "redo an add or a delete (Ctrl+Y)"
FILTER = "filter the attribute tree, one keystroke"
HELD = "tick Held (Space)"
STATUS = "toggle a task's status (Space)"
NOTE = "commit an attribute note (Ctrl+Return)"
LOAD = "load the plan (parse + validate)"
AUTOSAVE = "autosave: longest event-loop block"
MEMORY = "peak memory with the plan open"
ROW_NAMES = (
    START_FRESH,
    START_PLAN,
    MOVE,
    ADD,
    DELETE,
    UNDO,
    REDO,
    FILTER,
    HELD,
    STATUS,
    NOTE,
    LOAD,
    AUTOSAVE,
    MEMORY,
)

Kind = Literal["ratio", "absolute", "over_floor"]

# A bare window: what any PySide6 app pays before its own code runs.
FLOOR_CODE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
app = QApplication(["floor"])
window = QMainWindow()
window.setCentralWidget(QTreeView())
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

# The real entry point; its event loop quits on its first turn. The patch that makes it
# quit waits for the app to import Qt's widgets, so the app loads its modules in its own
# order.
APP_CODE = """
from tests.first_turn import quit_on_first_turn
quit_on_first_turn()
from insider_planner.cli import main
if main([]) != 0:
    raise SystemExit("the app did not exit cleanly")
"""

# References: the floor's window, after only what any start of this app must load first.
# They show how much of the start-up targets' room the plan's own machinery takes.
PYDANTIC_FIRST = """
import insider_planner  # its settings for the validation library
from pydantic import BaseModel
"""
MODELS_FIRST = """
import insider_planner  # its settings for the validation library
import insider_planner.domain.plan
"""
PLAN_FIRST = (
    MODELS_FIRST
    + """
import os
from pathlib import Path
from insider_planner.storage.files import read_plan
[_path] = Path(os.environ["INSIDER_PLANNER_DATA_DIR"]).glob("*.insiderplan")
_loaded = read_plan(_path)
"""
)
REFERENCE_PYDANTIC = "the floor after importing pydantic (its BaseModel)"
REFERENCE_MODELS = "the floor after importing the plan's models"
REFERENCE_PLAN = "the floor after reading the plan"

PEAK_CODE = """
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("peak-kB", peak)
"""


class BenchError(Exception):
    """A measurement could not be taken (the app failed, or a key did nothing)."""


@dataclass(frozen=True)
class Config:
    """Plan sizes and how many samples each kind of measurement takes."""

    scales: tuple[int, int] = (5_000, 50_000)
    edit_samples: tuple[int, int] = (15, 5)
    start_runs: int = 5
    warm_up: bool = True
    load_runs: tuple[int, int] = (7, 3)

    @classmethod
    def quick(cls) -> Config:
        return cls(
            scales=(200, 400), edit_samples=(2, 1), start_runs=1, warm_up=False, load_runs=(1, 1)
        )


@dataclass
class Row:
    """One figure at one plan size: its samples summarised, and whether it meets its target.

    `value` is what the target is compared with: `median / floor` for ratio rows,
    `median - floor` for rows over the floor, otherwise `median`.
    """

    name: str
    scale: str
    tasks: int
    unit: str
    kind: Kind
    median: float
    p95: float
    samples: int
    target: float
    floor: float | None = None
    p95_target: float | None = None
    value: float = 0.0
    met: bool = False
    cpus: int = field(default_factory=lambda: os.cpu_count() or 1)

    def __post_init__(self) -> None:
        if self.kind == "ratio":
            assert self.floor
            self.value = self.median / self.floor
        elif self.kind == "over_floor":
            assert self.floor is not None
            self.value = self.median - self.floor
        else:
            self.value = self.median
        self.met = self.value <= self.target and (
            self.p95_target is None or self.p95 <= self.p95_target
        )


def summarise(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (the largest value when there are few)."""
    if not values:
        raise BenchError("no samples were taken")
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def scale_label(tasks: int) -> str:
    return f"{tasks // 1000}k" if tasks >= 1000 and tasks % 1000 == 0 else str(tasks)


def timed_row(
    name: str, tasks: int, ms: list[float], target: float, p95_target: float | None = None
) -> Row:
    median, p95 = summarise(ms)
    return Row(
        name, scale_label(tasks), tasks, "ms", "absolute", median, p95, len(ms), target,
        p95_target=p95_target,
    )  # fmt: skip


# --- plans ---------------------------------------------------------------------------------


def write_plans(folder: Path, scales: tuple[int, ...]) -> dict[int, Path]:
    """One generated plan file per size, each alone in its own data folder."""
    sys.path.insert(0, str(ROOT))
    from insider_planner.resources import load_catalog
    from insider_planner.storage.files import plan_bytes
    from insider_planner.storage.paths import PLAN_SUFFIX

    generate = importlib.import_module("tests.generate")

    catalog = load_catalog()
    paths: dict[int, Path] = {}
    for tasks in scales:
        plan = generate.large_plan(catalog, tasks=tasks)
        data = folder / f"plan-{tasks}"
        data.mkdir(mode=0o700)
        paths[tasks] = data / f"{plan.id}{PLAN_SUFFIX}"
        paths[tasks].write_bytes(plan_bytes(plan))
    return paths


# --- start-up and memory (fresh interpreters) ----------------------------------------------


def child_env(data: Path) -> dict[str, str]:
    """The environment of a start-up run: offscreen, this source tree, bytecode kept."""
    import insider_planner

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    src = str(Path(insider_planner.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, str(ROOT), env.get("PYTHONPATH")) if p)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env[DATA_DIR_ENV] = str(data)
    env[CONFIG_DIR_ENV] = str(config_beside(data))
    return env


def config_beside(data: Path) -> Path:
    """A run's own settings folder, next to its data folder: every run starts afresh, and
    the user's own settings are never read or written."""
    return data.with_name(f"{data.name}-config")


def start_once(code: str, data: Path) -> tuple[float, float]:
    """Seconds from launch to exit of one fresh interpreter, and its peak memory in MB."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + PEAK_CODE],
        env=child_env(data),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    elapsed = time.perf_counter() - began
    peaks = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("peak-kB ")]
    if done.returncode != 0 or not peaks:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"a start-up run failed (exit {done.returncode}): {tail}")
    return elapsed, int(peaks[0]) / 1024


@dataclass
class Reference:
    """A start-up that is not the app's: the floor after part of what the app must load."""

    name: str
    tasks: int
    ratio: float  # its median start-up time over the floor's
    memory: float  # its peak memory over the floor's, MB


def start_rows(
    config: Config, plans: dict[int, Path], work: Path
) -> tuple[list[Row], list[Reference]]:
    """Start-up at each size against the floor, runs interleaved; peak memory at the small
    size. Also the references, measured in the same runs."""
    small, large = config.scales
    references: list[tuple[str, str, Path | None]] = [
        (REFERENCE_PYDANTIC, PYDANTIC_FIRST + FLOOR_CODE, None),
        (REFERENCE_MODELS, MODELS_FIRST + FLOOR_CODE, None),
        (REFERENCE_PLAN, PLAN_FIRST + FLOOR_CODE, plans[small]),
    ]
    kinds: list[tuple[str, str, Path | None]] = [
        ("floor", FLOOR_CODE, None),
        ("fresh", APP_CODE, None),
        *((str(tasks), APP_CODE, path) for tasks, path in plans.items()),
        *references,
    ]
    seconds: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
    peaks: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
    for run in range(config.start_runs + int(config.warm_up)):
        for name, code, plan in kinds:
            data = work / f"start-{name}-{run}"
            if plan is not None:
                shutil.copytree(plan.parent, data)
            elapsed, peak = start_once(code, data)
            if run >= int(config.warm_up):  # the warm-up run writes bytecode and fills caches
                seconds[name].append(elapsed)
                peaks[name].append(peak)
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(config_beside(data), ignore_errors=True)
    floor = statistics.median(seconds["floor"])
    rows = [_start_row(START_FRESH, 0, seconds["fresh"], floor, 1.6)]
    rows += [
        _start_row(START_PLAN, tasks, seconds[str(tasks)], floor, target)
        for tasks, target in ((small, 2.0), (large, 5.0))
    ]
    median, p95 = summarise(peaks[str(small)])
    floor_peak = statistics.median(peaks["floor"])
    rows.append(
        Row(MEMORY, scale_label(small), small, "MB", "over_floor", median, p95,
            len(peaks[str(small)]), 35.0, floor=floor_peak)
    )  # fmt: skip
    measured = [
        Reference(
            name,
            small if plan is not None else 0,
            statistics.median(seconds[name]) / floor,
            statistics.median(peaks[name]) - floor_peak,
        )
        for name, _, plan in references
    ]
    return rows, measured


def _start_row(name: str, tasks: int, seconds: list[float], floor: float, target: float) -> Row:
    median, p95 = summarise(seconds)
    label = scale_label(tasks) if tasks else "no plan"
    return Row(name, label, tasks, "s", "ratio", median, p95, len(seconds), target, floor=floor)


# --- loading -------------------------------------------------------------------------------


def load_rows(config: Config, plans: dict[int, Path]) -> list[Row]:
    """`read_plan` against `json.loads` of the same bytes, runs interleaved."""
    from insider_planner.storage.files import read_plan

    rows = []
    for (tasks, path), runs in zip(plans.items(), config.load_runs, strict=True):
        app_ms: list[float] = []
        floor_ms: list[float] = []
        for _ in range(runs):
            gc.collect()
            began = time.perf_counter()
            json.loads(path.read_bytes())
            floor_ms.append((time.perf_counter() - began) * 1000)
            gc.collect()
            began = time.perf_counter()
            read_plan(path)
            app_ms.append((time.perf_counter() - began) * 1000)
        median, p95 = summarise(app_ms)
        small = tasks == config.scales[0]
        rows.append(
            Row(LOAD, scale_label(tasks), tasks, "ms", "ratio" if small else "absolute",
                median, p95, runs, 2.5 if small else 250.0,
                floor=statistics.median(floor_ms))
        )  # fmt: skip
    return rows


# --- edits through the window --------------------------------------------------------------


class WindowBench:
    """The main window on one generated plan, driven by key events."""

    def __init__(self, app: QApplication, plan_path: Path, data: Path) -> None:
        from PySide6.QtTest import QTest

        from insider_planner.resources import load_catalog
        from insider_planner.storage.settings import AppSettings
        from insider_planner.ui.window.main_window import MainWindow

        self.app = app
        os.environ[DATA_DIR_ENV] = str(data)
        shutil.copytree(plan_path.parent, data)
        self.window: MainWindow = MainWindow(load_catalog(), AppSettings(data / "settings.ini"))
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        if not self.window.open_path(data / plan_path.name):
            raise BenchError(f"the window could not open {plan_path.name}")
        self.app.processEvents()
        self.saves_in_samples = 0
        self._saving_allowed = True
        self.doc.saved.connect(self._saved)

    @property
    def doc(self) -> PlanDocument:
        assert self.window.doc is not None
        return self.window.doc

    def _saved(self) -> None:
        if not self._saving_allowed:
            self.saves_in_samples += 1

    def settle(self) -> None:
        """Save pending edits untimed, so that no autosave lands inside a sample.

        The autosave's work ahead (after a large plan's first edit, every task's piece of
        the file, made in steps of a millisecond or two while the window is idle) is let
        finish too: it is a one-off cost, not the cost of the edit being measured.
        """
        self._saving_allowed = True
        self.doc.save_if_needed()
        self.app.processEvents()
        deadline = time.perf_counter() + 120
        while self.doc.preparing or self.doc.writing:
            if time.perf_counter() > deadline:
                raise BenchError("the autosave's work ahead did not finish in two minutes")
            self.app.processEvents()
        self._saving_allowed = False

    def press(
        self,
        widget: QWidget,
        keys: str | QKeySequence,
        repaint: QAbstractItemView,
        *,
        steps: int | None = 1,
    ) -> float:
        """Milliseconds for one key press: the event, the events it causes, a repaint.

        `steps` is how far the undo stack must move (None: not checked); a key that does
        nothing would make a fast, meaningless sample.
        """
        from PySide6.QtTest import QTest

        stack = self.doc.undo_stack
        before = stack.index()
        began = time.perf_counter()
        QTest.keySequence(widget, keys)
        self.app.processEvents()
        repaint.viewport().repaint()
        elapsed = (time.perf_counter() - began) * 1000
        if steps is not None and stack.index() - before != steps:
            moved = stack.index() - before
            raise BenchError(
                f"{keys if isinstance(keys, str) else keys.toString()}: the undo "
                f"stack moved by {moved}, not {steps}"
            )
        return elapsed

    def close(self) -> None:
        self._saving_allowed = True
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def _standard(key: QKeySequence.StandardKey) -> QKeySequence:
    """The platform's first binding of a standard key (offscreen: the Windows scheme)."""
    from PySide6.QtGui import QKeySequence

    return QKeySequence.keyBindings(key)[0]


def middle_task(bench: WindowBench) -> str:
    """A task in the middle of the largest step: it can move up and down many times."""
    lane = max(bench.doc.plan.strategies, key=lambda s: len(s.tasks))
    return lane.tasks[len(lane.tasks) // 2].id


def board_rows(bench: WindowBench, samples: int) -> dict[str, list[float]]:
    """Move, add, delete, undo, redo and status toggles on the action board."""
    from PySide6.QtGui import QKeySequence

    board = bench.window.view.board if bench.window.view else None
    assert board is not None
    view = board.view
    found: dict[str, list[float]] = {name: [] for name in (MOVE, ADD, DELETE, UNDO, REDO, STATUS)}
    undo, redo = _standard(QKeySequence.StandardKey.Undo), _standard(QKeySequence.StandardKey.Redo)

    def focus_middle() -> None:
        if not board.select_task(middle_task(bench)):
            raise BenchError("the middle task is not on the board")
        view.setFocus()
        bench.app.processEvents()

    for _ in range(samples):
        bench.settle()
        focus_middle()
        found[MOVE].append(bench.press(view, "Ctrl+Up", view))
        bench.press(view, "Ctrl+Down", view)
        bench.settle()
        focus_middle()
        found[ADD].append(bench.press(view, "Ctrl+T", view))
        view.setFocus()  # adding moves the focus to the title editor
        found[DELETE].append(bench.press(view, "Delete", view))
        for key, name in ((undo, UNDO), (undo, UNDO), (redo, REDO), (redo, REDO)):
            found[name].append(bench.press(view, key, view, steps=-1 if name == UNDO else 1))
        bench.settle()
        focus_middle()
        found[STATUS].append(bench.press(view, "Space", view))
    return found


def attribute_rows(bench: WindowBench, samples: int) -> dict[str, list[float]]:
    """Filter keystrokes, Held ticks and note commits in the attribute tree."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = bench.window.view.attributes if bench.window.view else None
    assert panel is not None
    found: dict[str, list[float]] = {FILTER: [], HELD: [], NOTE: []}
    facet = next(bench.doc.tree.leaves()).id
    typed = [*"INTER", *["Backspace"] * 5]
    for _ in range(samples):
        bench.settle()
        panel.filter.setFocus()
        for key in typed:
            before = panel.filter.text()
            found[FILTER].append(bench.press(panel.filter, key, panel.view, steps=None))
            if panel.filter.text() == before:
                raise BenchError(f"{key} did not change the attribute filter")
        panel.filter.clear()
        panel.select_node(facet)
        panel.view.setFocus()
        bench.app.processEvents()  # what clearing the filter and the focus change cause
        found[HELD].append(bench.press(panel.view, "Space", panel.view))
        note = panel.detail.note
        note.setFocus()
        QTest.keyClick(note, Qt.Key.Key_X)
        bench.app.processEvents()
        found[NOTE].append(bench.press(note, "Ctrl+Return", panel.view))
    return found


def autosave_blocks(bench: WindowBench, samples: int) -> list[float]:
    """The longest gap between ticks of a 1 ms timer while an autosave runs, per save."""
    board = bench.window.view.board if bench.window.view else None
    assert board is not None
    longest: list[float] = []
    for _ in range(samples):
        bench.settle()
        bench._saving_allowed = True
        board.select_task(middle_task(bench))
        board.view.setFocus()
        bench.press(board.view, "Space", board.view)
        longest.append(_longest_block_until_saved(bench))
    return longest


def _longest_block_until_saved(bench: WindowBench) -> float:
    """Milliseconds of the longest gap between 1 ms ticks, from now until just after a save."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    bench.doc.saved.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    ticker.start()
    loop.exec()
    bench.doc.saved.disconnect(loop.quit)
    if bench.doc.modified:
        raise BenchError("the autosave did not run within 30 s")
    _spin(bench.app, 0.05)  # what the window does after a save counts too
    ticker.stop()
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def _spin(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def _quiet_platform_notes() -> None:
    """Drop the offscreen platform's notes on what it cannot do; pass everything else on."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def window_rows(config: Config, plans: dict[int, Path], work: Path) -> list[Row]:
    """Every edit row, at both sizes, through the real window."""
    from PySide6.QtWidgets import QApplication

    _quiet_platform_notes()
    app = QApplication.instance() or QApplication(["bench"])
    assert isinstance(app, QApplication)
    rows: list[Row] = []
    for (tasks, path), samples in zip(plans.items(), config.edit_samples, strict=True):
        gc.collect()
        bench = WindowBench(app, path, work / f"window-{tasks}")
        try:
            found = board_rows(bench, samples) | attribute_rows(bench, samples)
            blocks = autosave_blocks(bench, max(1, samples // 3 + 1))
        finally:
            bench.close()
        if bench.saves_in_samples:
            print(
                f"bench: at {scale_label(tasks)}, {bench.saves_in_samples} autosaves ran inside "
                "timed samples (edits slower than the autosave delay)",
                file=sys.stderr,
            )
        edit_target = {MOVE: 16.0, ADD: 16.0, DELETE: 16.0, UNDO: 16.0, REDO: 16.0}
        for name, ms in found.items():
            target = 16.0 if name == FILTER else 8.0
            rows.append(timed_row(name, tasks, ms, target, edit_target.get(name)))
        rows.append(timed_row(AUTOSAVE, tasks, blocks, 16.0))
    return rows


# --- the run and its report ----------------------------------------------------------------


@contextmanager
def offscreen_data(base: Path) -> Iterator[None]:
    """Offscreen Qt and private data and settings folders while measuring in this process."""
    with patch.dict(
        os.environ,
        {
            "QT_QPA_PLATFORM": "offscreen",
            DATA_DIR_ENV: str(base / "in-process"),
            CONFIG_DIR_ENV: str(base / "in-process-config"),
        },
    ):
        yield


def run(config: Config, progress: Callable[[str], None]) -> tuple[list[Row], list[Reference]]:
    """Take every measurement; rows in table order, and the start-up references."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, offscreen_data(Path(tmp)):
        work = Path(tmp)
        progress("writing the plans")
        plans = write_plans(work, config.scales)
        progress("start-up and memory")
        rows, references = start_rows(config, plans, work)
        progress("loading")
        rows += load_rows(config, plans)
        progress("edits through the window")
        rows += window_rows(config, plans, work)
    order = {name: i for i, name in enumerate(ROW_NAMES)}
    return sorted(rows, key=lambda row: (order[row.name], row.tasks)), references


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def cell(row: Row) -> str:
    """One table cell: the figure compared with the target, and whether it is met."""
    mark = "✓" if row.met else "✗"
    if row.kind == "ratio":
        assert row.floor is not None
        text = f"{row.value:.1f}× ({_number(row.median)} vs {_number(row.floor)} {row.unit})"
    elif row.kind == "over_floor":
        text = f"floor + {row.value:.0f} MB ({row.floor:.0f} → {row.median:.0f})"
    else:
        text = f"{_number(row.median)} {row.unit}, p95 {_number(row.p95)}"
        if row.floor is not None:
            text += f" ({row.median / row.floor:.1f}× json.loads)"
    if row.name == START_FRESH:
        text += " (no plan)"
    return f"{text} {mark}"


def target_text(rows: list[Row]) -> str:
    """The target column: one text, or one per size when they differ."""

    def one(row: Row) -> str:
        if row.kind == "ratio":
            return f"≤ {row.target:g}×"
        if row.kind == "over_floor":
            return f"≤ floor + {row.target:g} MB"
        extra = f", p95 ≤ {row.p95_target:g}" if row.p95_target is not None else ""
        return f"≤ {row.target:g} {row.unit} median{extra}"

    texts = [one(row) for row in rows]
    if len(set(texts)) == 1:
        return texts[0]
    return "; ".join(f"{t} ({row.scale})" for t, row in zip(texts, rows, strict=True))


def table(rows: list[Row], config: Config) -> str:
    """The Markdown table: figure | small | large | target."""
    small, large = (scale_label(t) for t in config.scales)
    lines = [f"| figure | {small} | {large} | target |", "|---|---|---|---|"]
    for name in ROW_NAMES:
        mine = [row for row in rows if row.name == name]
        if not mine:
            continue
        by_scale = {row.scale: cell(row) for row in mine}
        first = by_scale.get(small, by_scale.get("no plan", "—"))
        lines.append(f"| {name} | {first} | {by_scale.get(large, '—')} | {target_text(mine)} |")
    return "\n".join(lines)


def reference_lines(references: list[Reference]) -> str:
    """The references, one Markdown list item each."""
    return "\n".join(
        f"- {ref.name}{f' ({scale_label(ref.tasks)})' if ref.tasks else ''}: "
        f"{ref.ratio:.2f}× the floor's start-up, floor + {ref.memory:.0f} MB"
        for ref in references
    )


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    import PySide6

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "platform": platform.platform(),
        "commit": commit or None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small plans, one or two samples")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where the rows go")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    config = Config.quick() if args.quick else Config()
    began = time.perf_counter()
    try:
        rows, references = run(
            config, lambda step: print(f"bench: {step}…", file=sys.stderr, flush=True)
        )
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    text = (
        table(rows, config) + "\n\nReferences, in the same runs:\n\n" + reference_lines(references)
    )
    print(text)
    report = {
        "machine": machine(),
        "seconds": round(time.perf_counter() - began, 1),
        "quick": args.quick,
        "rows": [asdict(row) for row in rows],
        "references": [asdict(ref) for ref in references],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.markdown is not None:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    print(f"bench: {len(rows)} rows written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
