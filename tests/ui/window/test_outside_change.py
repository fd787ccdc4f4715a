"""Another program changes the open plan's file: nothing is written over it silently, the
user is asked once, and each choice does what it says."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from insider_planner.domain.plan import Plan
from insider_planner.storage.files import backups_of, plan_bytes, read_plan
from insider_planner.storage.lock import PlanLock
from insider_planner.ui import dialogs, edits
from insider_planner.ui.dialogs import OutsideChange
from insider_planner.ui.window.main_window import MainWindow
from insider_planner.ui.window.outside_change import BAND_TEXT, RELOADED


def theirs_bytes(plan: Plan) -> bytes:
    """The file another program writes: the same plan under another title."""
    copy = plan.model_copy(deep=True)
    copy.title = "Written by the sync tool"
    return plan_bytes(copy)


def rewrite_in_place(path: Path, data: bytes) -> None:
    inode = path.stat().st_ino
    with open(path, "r+b") as file:
        file.write(data)
        file.truncate()
    assert path.stat().st_ino == inode


def replace_by_rename(path: Path, data: bytes) -> None:
    temp = path.with_name("sync-tool.partial")
    temp.write_bytes(data)
    os.replace(temp, path)


CHANGES: dict[str, Callable[[Path, bytes], None]] = {
    "in place": rewrite_in_place,
    "by rename": replace_by_rename,
}


class Asked:
    """Stands in for the dialog: records each question and gives one answer."""

    def __init__(self, answer: OutsideChange) -> None:
        self.answer = answer
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, parent: object, text: str, *, deleted: bool) -> OutsideChange:
        self.calls.append((text, deleted))
        return self.answer


@pytest.fixture
def ask(monkeypatch: pytest.MonkeyPatch) -> Callable[[OutsideChange], Asked]:
    def answer(choice: OutsideChange) -> Asked:
        asked = Asked(choice)
        monkeypatch.setattr(dialogs, "ask_outside_change", asked)
        return asked

    return answer


def open_and_change(
    make_window: Callable[[Path], MainWindow],
    path: Path,
    plan: Plan,
    change: Callable[[Path, bytes], None] = rewrite_in_place,
) -> tuple[MainWindow, bytes]:
    """Open the plan in a window, then let another program write its version."""
    window = make_window(path)
    theirs = theirs_bytes(plan)
    change(path, theirs)
    return window, theirs


def edit_and_save(window: MainWindow, title: str = "My edit") -> bool:
    """Make an edit and run the save autosave runs after it."""
    doc = window.doc
    assert doc is not None
    assert edits.set_plan_field(doc, "title", title)
    return doc.save_if_needed()


def band_buttons(window: MainWindow) -> dict[str, QPushButton]:
    return {b.text(): b for b in window.banner.findChildren(QPushButton) if b.isVisibleTo(window)}


def activate() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)


@pytest.mark.parametrize("change", list(CHANGES))
def test_autosave_never_writes_over_another_programs_change_and_asks_once(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask, change: str
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window, theirs = open_and_change(make_window, saved_sample, sample_plan, CHANGES[change])
    assert edits.set_plan_field(window.doc, "title", "My edit")
    qtbot.waitUntil(lambda: bool(asked.calls) or saved_sample.read_bytes() != theirs, timeout=5000)
    assert len(asked.calls) == 1
    assert saved_sample.read_bytes() == theirs
    assert asked.calls[0][1] is False
    assert window.banner.text() == BAND_TEXT
    assert set(band_buttons(window)) == {"Reload Theirs", "Keep Mine", "Save Elsewhere…"}
    # More edits and saves neither write nor ask again.
    doc = window.doc
    assert edits.set_plan_field(doc, "project", "more")
    assert not doc.save_if_needed()
    QApplication.processEvents()
    assert len(asked.calls) == 1
    assert saved_sample.read_bytes() == theirs
    assert doc.modified and doc.plan.project == "more"


def test_touching_the_file_with_the_same_bytes_is_not_a_change(
    qtbot, make_window, saved_sample: Path, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window = make_window(saved_sample)
    replace_by_rename(saved_sample, saved_sample.read_bytes())
    info = saved_sample.stat()
    os.utime(saved_sample, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    activate()
    assert edit_and_save(window)
    assert not window.doc.modified
    assert read_plan(saved_sample).plan.title == "My edit"
    assert asked.calls == []


def test_keep_mine_keeps_theirs_as_a_version_and_saves(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.KEEP_MINE)
    window, theirs = open_and_change(make_window, saved_sample, sample_plan, rewrite_in_place)
    assert not edit_and_save(window)  # nothing written over it
    qtbot.waitUntil(lambda: not window.doc.modified)
    assert len(asked.calls) == 1
    assert read_plan(saved_sample).plan.title == "My edit"
    assert theirs in [v.read_bytes() for v in backups_of(saved_sample)]
    assert not window.banner.isVisibleTo(window)
    # The stamp follows the save: the next edit saves normally.
    assert edit_and_save(window, "Second edit")
    assert read_plan(saved_sample).plan.title == "Second edit"
    assert len(asked.calls) == 1


def test_reload_theirs_keeps_mine_as_a_version_and_keeps_the_lock(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.RELOAD_THEIRS)
    window = make_window(saved_sample)
    old_doc = window.doc
    lock = old_doc.lock
    released: list[object] = []
    real_release = PlanLock.release

    def release(self: PlanLock) -> None:
        released.append(self)
        real_release(self)

    monkeypatch.setattr(PlanLock, "release", release)
    theirs = theirs_bytes(sample_plan)
    replace_by_rename(saved_sample, theirs)
    assert not edit_and_save(window)  # nothing written over it
    qtbot.waitUntil(lambda: window.doc is not old_doc)
    assert len(asked.calls) == 1
    assert saved_sample.read_bytes() == theirs
    assert window.doc.plan.title == "Written by the sync tool"
    assert not window.doc.read_only and not window.doc.modified
    assert window.doc.lock is lock and lock.is_locked and released == []
    mine = [read_plan(v).plan.title for v in backups_of(saved_sample)]
    assert mine[-1] == "My edit"
    assert not window.banner.isVisibleTo(window)


def test_save_elsewhere_leaves_their_file_alone(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ask(OutsideChange.SAVE_ELSEWHERE)
    target = tmp_path / "mine.insiderplan"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: target)
    window, theirs = open_and_change(make_window, saved_sample, sample_plan, rewrite_in_place)
    assert not edit_and_save(window)  # nothing written over it
    qtbot.waitUntil(lambda: window.doc.path == target)
    assert saved_sample.read_bytes() == theirs
    assert read_plan(target).plan.title == "My edit"
    assert window.doc.outside_change is None and not window.doc.modified


def test_cancel_keeps_edits_and_closing_asks_again(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window, theirs = open_and_change(make_window, saved_sample, sample_plan, rewrite_in_place)
    assert not edit_and_save(window)  # nothing written over it
    qtbot.waitUntil(lambda: len(asked.calls) == 1)
    assert not window.close()
    assert len(asked.calls) == 2
    assert window.doc is not None and window.doc.plan.title == "My edit"
    assert saved_sample.read_bytes() == theirs
    # The band's own button settles it.
    asked.answer = OutsideChange.KEEP_MINE
    band_buttons(window)["Keep Mine"].click()
    assert read_plan(saved_sample).plan.title == "My edit"
    assert window.close()
    assert len(asked.calls) == 2


def test_a_deleted_file_offers_to_save_it_again_here(
    qtbot, make_window, saved_sample: Path, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window = make_window(saved_sample)
    saved_sample.unlink()
    assert not edit_and_save(window)  # nothing written over it
    qtbot.waitUntil(lambda: len(asked.calls) == 1)
    assert asked.calls[0][1] is True
    assert not saved_sample.exists()
    assert set(band_buttons(window)) == {"Save Again Here", "Save Elsewhere…"}
    band_buttons(window)["Save Again Here"].click()
    assert read_plan(saved_sample).plan.title == "My edit"


def test_returning_to_the_app_reloads_an_unedited_plan_quietly(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window = make_window(saved_sample)
    lock = window.doc.lock
    rewrite_in_place(saved_sample, theirs_bytes(sample_plan))
    activate()
    assert window.doc.plan.title == "Written by the sync tool"
    assert window.doc.lock is lock and lock.is_locked
    assert window.statusBar().currentMessage() == RELOADED
    assert asked.calls == []


def test_returning_to_the_app_with_unsaved_edits_asks(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask
) -> None:  # type: ignore[no-untyped-def]
    asked = ask(OutsideChange.CANCEL)
    window = make_window(saved_sample)
    theirs = theirs_bytes(sample_plan)
    assert edits.set_plan_field(window.doc, "title", "Not saved yet")
    rewrite_in_place(saved_sample, theirs)
    activate()
    assert len(asked.calls) == 1
    assert window.banner.text() == BAND_TEXT
    assert not window.doc.save_if_needed()
    QApplication.processEvents()
    activate()
    assert len(asked.calls) == 1
    assert saved_sample.read_bytes() == theirs


def test_a_stop_signal_keeps_the_unsettled_plan_as_a_version(
    qtbot, make_window, saved_sample: Path, sample_plan: Plan, ask
) -> None:  # type: ignore[no-untyped-def]
    ask(OutsideChange.CANCEL)
    window, theirs = open_and_change(make_window, saved_sample, sample_plan, rewrite_in_place)
    assert edits.set_plan_field(window.doc, "title", "Mine, unsaved")
    window.shut_down()
    assert saved_sample.read_bytes() == theirs
    assert read_plan(backups_of(saved_sample)[-1]).plan.title == "Mine, unsaved"


def test_a_save_without_a_backup_says_so(
    qtbot, make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from insider_planner.storage import files

    def no_room(path: Path, data: bytes) -> Path:
        raise OSError(28, "No space left on device")

    window = make_window(saved_sample)
    monkeypatch.setattr(files, "_add_version", no_room)
    assert edits.set_plan_field(window.doc, "title", "Saved anyway")
    assert window.doc.save()
    assert window.statusBar().currentMessage() == (
        "Saved, but no backup copy was kept: No space left on device"
    )
