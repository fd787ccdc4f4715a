"""The window and the files around it: exports never replace a plan; unreadable folders
and plans never stop the window from starting."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from insider_planner.app import start_window
from insider_planner.domain.plan import Plan
from insider_planner.storage import files, library
from insider_planner.storage.files import LoadFailure, PlanLoadError, plan_bytes, save_plan
from insider_planner.storage.lock import PlanLock, lock_path_for
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs, document, edits
from insider_planner.ui.plans.model import PlanListModel


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    return shown


# --- exports ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "pdf"])
def test_export_over_the_open_plan_is_refused(
    make_window, saved_sample: Path, errors: list[str], monkeypatch, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    before = saved_sample.read_bytes()
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: saved_sample)
    if fmt not in window.window_actions.export:
        pytest.skip(f"no {fmt} export")
    window.window_actions.export[fmt].trigger()
    assert len(errors) == 1
    assert saved_sample.read_bytes() == before
    assert window.doc is not None and not window.doc.closed


def test_export_over_another_plan_is_refused(
    make_window,
    saved_sample: Path,
    sample_plan: Plan,
    data_dir: Path,
    errors: list[str],
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    other = data_dir / "other.insiderplan"
    sample_plan.title = "Another plan"
    save_plan(other, sample_plan)
    before = other.read_bytes()
    window = make_window(saved_sample)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: other)
    window.window_actions.export["markdown"].trigger()
    assert len(errors) == 1
    assert other.read_bytes() == before
    assert window.doc is not None and window.doc.path == saved_sample


# --- folders and plans that cannot be entered -----------------------------------------------


def _refuse(path: Path) -> None:
    raise PermissionError(13, "Permission denied", str(path))


def test_unreadable_data_folder_is_one_entry_not_a_crash(
    qtbot, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(library, "plan_files", lambda folder=None: _refuse(data_dir))
    model = PlanListModel()
    model.reload()
    assert len(model.entries) == 1
    entry = model.entries[0]
    assert not entry.readable and "Permission denied" in (entry.error or "")


def test_last_plan_in_a_folder_that_cannot_be_entered_shows_the_error_page(
    make_window, tmp_path: Path, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    locked = tmp_path / "locked"
    locked.mkdir()
    plan = locked / "plan.insiderplan"
    settings = AppSettings()
    settings.last_plan = plan
    settings.sync()
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self == plan:
            _refuse(self)  # what a folder without search permission does, even as root
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    window = make_window()
    assert window.doc is None
    assert window.stack.currentWidget() is window.start_page
    assert str(plan) in window.start_page.message.text()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="chmod does not bind root")
def test_a_real_folder_without_permission_does_not_stop_the_start(
    qtbot, tmp_path: Path, data_dir: Path, sample_plan: Plan
) -> None:  # type: ignore[no-untyped-def]
    locked = tmp_path / "locked"
    locked.mkdir()
    plan = locked / "plan.insiderplan"
    save_plan(plan, sample_plan)
    settings = AppSettings()
    settings.last_plan = plan
    settings.sync()
    locked.chmod(0)
    try:
        window = start_window([])
        qtbot.addWidget(window)
        assert window.doc is None
        assert window.stack.currentWidget() is window.start_page
    finally:
        locked.chmod(0o700)


def test_start_with_an_unreadable_data_folder_opens_the_window(
    qtbot, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(library, "plan_files", lambda folder=None: _refuse(data_dir))
    monkeypatch.setattr(dialogs, "show_error", lambda *a: None)
    window = start_window([])
    qtbot.addWidget(window)
    assert window.isVisible()
    assert [e.readable for e in window.plan_list.entries if e.path == data_dir] == [False]
    if window.doc is not None:
        window.doc.close()


def test_unlistable_data_folder_from_storage_is_one_entry(
    qtbot, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def refuse(folder: Path | None = None) -> list[Path]:
        raise PlanLoadError(data_dir, LoadFailure.UNREADABLE, "cannot list the plans folder")

    monkeypatch.setattr(library, "plan_files", refuse)
    model = PlanListModel()
    model.reload()
    assert [(e.path, e.error) for e in model.entries] == [
        (data_dir, "cannot list the plans folder")
    ]


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_start_removes_temporary_files_of_interrupted_saves(qtbot, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    other = saved_sample.with_name("other.insiderplan")
    other.write_bytes(saved_sample.read_bytes())
    # A fresh leftover of a plan that is not opened: only the start-up sweep removes it.
    leftover = other.with_name(f".{other.name}.{_dead_pid()}.x1y2z3.tmp")
    leftover.write_bytes(b'{"half": ')
    window = start_window([str(saved_sample)])
    qtbot.addWidget(window)
    assert not leftover.exists()
    assert window.doc is not None
    window.doc.close()


# --- read-only plans and their lock ---------------------------------------------------------


def _lock_from_another_computer(plan: Path) -> Path:
    lock = lock_path_for(plan)
    lock.write_text("4242\ninsider-planner\nother-host\n")
    return lock


def _band_buttons(window) -> dict[str, QPushButton]:  # type: ignore[no-untyped-def]
    return {b.text(): b for b in window.banner.findChildren(QPushButton) if b.isVisibleTo(window)}


def test_read_only_band_says_why_and_breaking_the_lock_makes_the_plan_editable(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _lock_from_another_computer(saved_sample)
    window = make_window(saved_sample)
    assert window.doc.read_only
    assert "other-host" in window.banner.text() and "read-only" in window.banner.text()
    buttons = _band_buttons(window)
    assert set(buttons) == {"Save As…", "Break Lock…"}
    asked: list[str] = []

    def confirm(parent, title, text, action) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    buttons["Break Lock…"].click()
    assert len(asked) == 1 and "edits may be lost" in asked[0]
    assert window.doc is not None and not window.doc.read_only
    assert not window.banner.isVisibleTo(window)
    assert edits.set_plan_field(window.doc, "title", "Taken over")
    assert window.doc.save()


def test_break_lock_cancelled_changes_nothing(make_window, saved_sample: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lock = _lock_from_another_computer(saved_sample)
    window = make_window(saved_sample)
    monkeypatch.setattr(dialogs, "confirm", lambda *a: False)
    _band_buttons(window)["Break Lock…"].click()
    assert window.doc.read_only
    assert "other-host" in lock.read_text()


def test_breaking_the_lock_keeps_it_taken_while_the_plan_is_read_again(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _lock_from_another_computer(saved_sample)
    window = make_window(saved_sample)
    released: list[PlanLock] = []
    real_release = PlanLock.release

    def release(self: PlanLock) -> None:
        released.append(self)
        real_release(self)

    monkeypatch.setattr(PlanLock, "release", release)
    taken: list[bool] = []
    real_read = files.read_plan

    def read_plan(path: Path, **kwargs: bool):  # type: ignore[no-untyped-def]
        # Another instance trying now must find the plan locked.
        other = PlanLock(path)
        taken.append(not other.acquire())
        real_release(other)
        return real_read(path, **kwargs)

    monkeypatch.setattr(document, "read_plan", read_plan)
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    _band_buttons(window)["Break Lock…"].click()
    assert taken == [True]
    assert released == []
    assert window.doc is not None and not window.doc.read_only
    assert window.doc.lock is not None and window.doc.lock.is_locked
    assert "other-host" not in lock_path_for(saved_sample).read_text()


def test_start_skips_a_newest_plan_whose_body_is_damaged(  # type: ignore[no-untyped-def]
    make_window, sample_plan: Plan, data_dir: Path
) -> None:
    """The plan list reads headers only, so a plan cut off halfway is listed by its header;
    at start the next plan that opens is taken instead of an error page."""
    data_dir.mkdir(parents=True, exist_ok=True)
    good = data_dir / "good.insiderplan"
    save_plan(good, sample_plan, keep_backup=False)
    damaged = sample_plan.model_copy(deep=True)
    damaged.title = "Damaged"
    damaged.updated = sample_plan.updated + timedelta(days=1)
    raw = plan_bytes(damaged)
    (data_dir / "damaged.insiderplan").write_bytes(raw[: len(raw) // 2])
    window = make_window()
    assert window.doc is not None
    assert window.doc.path == good
    assert (data_dir / "damaged.insiderplan").read_bytes() == raw[: len(raw) // 2]
