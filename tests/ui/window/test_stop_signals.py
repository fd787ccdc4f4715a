"""Stop signals and logout save the plan, text still being typed included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

import insider_planner
from insider_planner.app import STOP_SIGNALS, StopSignals
from insider_planner.domain.plan import Plan
from insider_planner.storage.files import PlanSaveError, backups_of, read_plan
from insider_planner.storage.lock import lock_path_for
from insider_planner.ui import edits
from insider_planner.ui.board.style import Column
from tests.ui.conftest import fail_saves, give_focus, newest_backup_title

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

TITLE = "Interpretability pilot"
PROJECT = "Replicate our probe results on the lab's closed models.\nNeeds activations."
DRIVER = Path(__file__).with_name("stop_driver.py")


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Exit codes the app asked for; the test process itself goes on."""
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: codes.append(code)))
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: codes.append(0)))
    return codes


def install(window) -> StopSignals:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    handlers = StopSignals(app)
    handlers.attach(window)
    return handlers


def type_without_committing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Type into the title, the project and an attribute's note; nothing is committed.

    The focus stays in the title (leaving an editor commits it); key events reach the
    other editors directly.
    """
    view = window.view
    for editor in (view.header.title, view.header.project, view.attributes.detail.note):
        editor.pause.set_interval(600_000)
    view.attributes.select_node("internals.weights")
    give_focus(qtbot, view.header.title)
    view.header.title.end(False)  # a loaded title shows its start
    qtbot.keyClicks(view.header.title, " rev 2")
    view.header.project.moveCursor(view.header.project.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.header.project, " More.")
    qtbot.keyClicks(view.attributes.detail.note, "Ask Kim")
    assert window.doc.plan.title == TITLE and window.doc.plan.project == PROJECT
    assert not window.doc.plan.state("internals.weights").note


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_stop_signal_saves_typed_text_releases_the_lock_and_exits(
    qtbot, make_window, saved_sample: Path, exits: list[int], signum: int
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    handlers = install(window)
    try:
        type_without_committing(qtbot, window)
        assert lock_path_for(saved_sample).exists()
        os.kill(os.getpid(), signum)
        qtbot.waitUntil(lambda: bool(exits))
    finally:
        handlers.uninstall()
    assert exits == [128 + signum]
    plan = read_plan(saved_sample).plan
    assert plan.title == f"{TITLE} rev 2"
    assert plan.project == f"{PROJECT} More."
    assert plan.state("internals.weights").note == "Ask Kim"
    assert not lock_path_for(saved_sample).exists()
    assert window.doc is None


def test_handlers_are_put_back(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    before = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    handlers = install(make_window(saved_sample))
    handlers.uninstall()
    assert {sig: signal.getsignal(sig) for sig in STOP_SIGNALS} == before
    assert signal.set_wakeup_fd(-1) == -1


def test_logout_saves_typed_text_and_keeps_the_plan_open(
    qtbot, make_window, saved_sample: Path, exits: list[int]
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    app = QApplication.instance()
    session_request = SIGNAL("commitDataRequest(QSessionManager&)")
    before = app.receivers(session_request)
    handlers = install(window)
    try:
        # A QSessionManager cannot be made in a test: check the connection, call its slot.
        assert app.receivers(session_request) == before + 1
        type_without_committing(qtbot, window)
        handlers.commit_data()
    finally:
        handlers.uninstall()
    assert app.receivers(session_request) == before
    plan = read_plan(saved_sample).plan
    assert plan.title == f"{TITLE} rev 2"
    assert plan.state("internals.weights").note == "Ask Kim"
    assert exits == []
    assert window.doc is not None and not window.doc.modified
    assert lock_path_for(saved_sample).exists()  # still open: the logout may be cancelled
    qtbot.keyClicks(window.view.attributes.detail.note, ", Lee")
    qtbot.keyClick(window.view.attributes.detail.note, Qt.Key.Key_Escape)
    assert window.doc.plan.state("internals.weights").note == "Ask Kim, Lee"


BOARD_TITLE = "Typed on the board"


def type_in_board(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    """Open the first task's title editor on the board and type a new title into it.

    Returns the task's id; the title is not committed (the editor stays open).
    """
    board = window.view.board
    view = board.view
    first = next(lane.tasks[0] for lane in window.doc.plan.strategies if lane.tasks)
    index = board.to_view(board.model.task_index(first.id, Column.TITLE))
    give_focus(qtbot, view)
    view.setCurrentIndex(index)
    assert view.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, BOARD_TITLE)
    task_id = board.model.task_of(board.to_source(index)).id
    assert _title(window.doc.plan, task_id) != BOARD_TITLE
    return task_id


def _title(plan: Plan, task_id: str) -> str:
    return next(task.title for task in plan.all_tasks() if task.id == task_id)


def _close(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.close()


def _stop_signal(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    handlers = install(window)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: window.doc is None)
    finally:
        handlers.uninstall()


def _logout(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    handlers = install(window)
    try:
        handlers.commit_data()
    finally:
        handlers.uninstall()


@pytest.mark.parametrize(
    "stop", [_close, _stop_signal, _logout], ids=["close", "sigterm", "logout"]
)
def test_a_title_typed_on_the_board_is_saved_when_the_app_stops(
    qtbot, make_window, saved_sample: Path, exits: list[int], stop
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    task_id = type_in_board(qtbot, window)
    stop(qtbot, window)
    assert _title(read_plan(saved_sample).plan, task_id) == BOARD_TITLE
    if window.view is not None:  # logout: the window stays, its editor committed and closed
        assert window.view.board.view.state() == QAbstractItemView.State.NoState
        assert not window.doc.modified


def test_a_stop_signal_keeps_a_plan_that_cannot_be_saved_among_its_backups(
    qtbot, make_window, saved_sample: Path, exits: list[int], monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    fail_saves(monkeypatch)
    edits.set_plan_field(window.doc, "title", "Edited before the disk filled")
    assert not window.doc.save()
    _stop_signal(qtbot, window)
    assert exits == [128 + signal.SIGTERM]
    assert read_plan(saved_sample).plan.title == TITLE
    assert newest_backup_title(saved_sample) == "Edited before the disk filled"
    assert str(saved_sample) in caplog.text and "unsaved version is kept" in caplog.text
    assert not lock_path_for(saved_sample).exists()


def test_a_stop_signal_still_stops_when_no_copy_can_be_kept(
    qtbot, make_window, saved_sample: Path, exits: list[int], monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    fail_saves(monkeypatch)

    def no_room() -> Path:
        raise PlanSaveError(saved_sample, "Read-only file system")

    monkeypatch.setattr(window.doc, "keep_in_memory_version", no_room)
    edits.set_plan_field(window.doc, "title", "Edited")
    before = backups_of(saved_sample)
    _stop_signal(qtbot, window)
    assert exits == [128 + signal.SIGTERM]
    assert backups_of(saved_sample) == before
    assert "no copy could be kept: Read-only file system" in caplog.text
    assert not lock_path_for(saved_sample).exists()


def _child_env(data_dir: Path) -> dict[str, str]:
    src = str(Path(insider_planner.__file__).parents[1])
    root = str(Path(__file__).parents[3])
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, root]),
        "QT_QPA_PLATFORM": "offscreen",
        "INSIDER_PLANNER_DATA_DIR": str(data_dir),
    }


def test_sigterm_to_the_running_app_saves_typed_text(saved_sample: Path, data_dir: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(saved_sample)],
        env=_child_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 128 + signal.SIGTERM, child.stderr.read() if child.stderr else ""
    plan = read_plan(saved_sample).plan
    assert plan.title == f"{TITLE} rev 2"
    assert plan.project == f"{PROJECT} Typed before the signal."
    assert not lock_path_for(saved_sample).exists()


def test_sigint_to_python_m_insider_planner_exits_cleanly(
    saved_sample: Path, data_dir: Path
) -> None:
    lock = lock_path_for(saved_sample)
    child = subprocess.Popen(
        [sys.executable, "-m", "insider_planner", str(saved_sample)],
        env=_child_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lock.exists()
        child.send_signal(signal.SIGINT)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 128 + signal.SIGINT, child.stderr.read() if child.stderr else ""
    assert not lock.exists()
    assert read_plan(saved_sample).plan.title == TITLE
