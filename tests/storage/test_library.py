"""Listing the plans in the data folder, and renaming, duplicating, deleting, importing."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import Plan, utc_now
from insider_planner.storage import files
from insider_planner.storage.files import (
    LoadFailure,
    PlanLoadError,
    PlanSaveError,
    backups_of,
    read_plan,
    save_plan,
)
from insider_planner.storage.library import (
    LibraryError,
    PlanBusyError,
    PlanEntry,
    delete_plan,
    duplicate_plan,
    import_plan,
    list_plans,
    rename_plan,
)
from insider_planner.storage.lock import PlanLock, lock_path_for
from insider_planner.storage.paths import backups_dir, data_dir, plan_path_for

V1_FILE = Path(__file__).with_name("data") / "plan_v1.insiderplan"


def _save(plan: Plan, title: str, day: int) -> Path:
    copy = plan.model_copy(deep=True, update={"id": f"p-{day}", "title": title})
    copy.updated = datetime(2026, 1, day, tzinfo=timezone.utc)
    path = plan_path_for(copy.id)
    save_plan(path, copy)
    return path


def test_plans_newest_first_and_unreadable_ones_last(sample_plan: Plan) -> None:
    older = _save(sample_plan, "Older plan", 1)
    newer = _save(sample_plan, "Newer plan", 5)
    folder = data_dir()
    broken = folder / "broken.insiderplan"
    broken.write_bytes(b'{"format": "insider-planner/plan", "schema_version": 99}')
    shutil.copyfile(V1_FILE, folder / "old.insiderplan")
    (folder / "notes.txt").write_text("not a plan")
    (folder / "folder.insiderplan").mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    entries = list_plans()

    assert [(e.path, e.title, e.readable) for e in entries] == [
        (newer, "Newer plan", True),
        (older, "Older plan", True),
        (folder / "old.insiderplan", "Probe replication (2025)", True),
        (broken, "broken", False),
    ]
    assert entries[-1].error is not None and "newer version" in entries[-1].error
    assert entries[-1].updated is None
    # Listing reads only: no migration backup, nothing rewritten.
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_an_empty_data_folder() -> None:
    assert list_plans() == []


# --- file operations -----------------------------------------------------------------------


@pytest.fixture
def saved(sample_plan: Plan) -> Path:
    """The sample plan saved in the data folder, last updated long ago."""
    sample_plan.updated = datetime(2026, 1, 1, tzinfo=timezone.utc)
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan, keep_backup=False)
    return path


@pytest.fixture
def held(saved: Path) -> Iterator[PlanLock]:
    """The saved plan's lock, held as if by another window or instance."""
    lock = PlanLock(saved)
    assert lock.acquire()
    yield lock
    lock.release()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _lock_is_free(path: Path) -> bool:
    lock = PlanLock(path)
    free = lock.acquire()
    lock.release()
    return free and not lock_path_for(path).exists()


def _deleted_copies() -> list[Path]:
    return sorted(backups_dir().glob("deleted-*"))


def _plan_in_folder(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.suffix == ".insiderplan"]


def test_rename_sets_title_and_update_time_and_keeps_a_version(saved: Path) -> None:
    before = utc_now()
    entry = rename_plan(saved, lambda current: "Renamed pilot")

    plan = read_plan(saved).plan
    assert plan.title == "Renamed pilot"
    assert plan.updated >= before
    assert plan.updated.microsecond == 0
    assert plan.updated.utcoffset() == timedelta(0)
    assert entry == PlanEntry(saved, "Renamed pilot", plan.updated)
    assert len(backups_of(saved)) == 1
    assert _lock_is_free(saved)


def test_rename_refuses_a_plan_open_elsewhere(saved: Path, held: PlanLock) -> None:
    before = _files(data_dir())

    with pytest.raises(PlanBusyError) as caught:
        rename_plan(saved, lambda current: "Renamed pilot")

    error = caught.value
    assert isinstance(error, LibraryError)
    assert error.path == saved
    assert f"process {os.getpid()}" in error.holder
    assert str(error) == f"It is open in {error.holder}"
    assert "\n" not in str(error)
    assert _files(data_dir()) == before
    assert held.is_locked


def test_rename_of_an_unreadable_plan_raises_a_load_error(saved: Path) -> None:
    saved.write_bytes(b"not json")

    with pytest.raises(PlanLoadError) as caught:
        rename_plan(saved, lambda current: "Renamed pilot")

    assert caught.value.failure is LoadFailure.NOT_JSON
    assert saved.read_bytes() == b"not json"
    assert _lock_is_free(saved)


def test_rename_asks_under_the_lock_with_the_current_title(saved: Path) -> None:
    asked: list[tuple[str, bool]] = []

    def new_title(current: str) -> str:
        asked.append((current, not _lock_is_free(saved)))
        return "Renamed pilot"

    assert rename_plan(saved, new_title) is not None
    assert asked == [("Interpretability pilot", True)]  # read first, lock held while asking
    assert _lock_is_free(saved)


@pytest.mark.parametrize("answer", [None, "Interpretability pilot"])
def test_rename_cancelled_or_unchanged_writes_nothing(saved: Path, answer: str | None) -> None:
    before = saved.read_bytes()
    assert rename_plan(saved, lambda current: answer) is None
    assert saved.read_bytes() == before
    assert backups_of(saved) == []
    assert _lock_is_free(saved)


def test_rename_of_a_busy_or_unreadable_plan_asks_nothing(saved: Path) -> None:
    def must_not_ask(current: str) -> str:
        raise AssertionError("asked for a title before the plan was known to be usable")

    lock = PlanLock(saved)
    assert lock.acquire()
    try:
        with pytest.raises(PlanBusyError):
            rename_plan(saved, must_not_ask)
    finally:
        lock.release()
    saved.write_bytes(b"{}")
    with pytest.raises(PlanLoadError):
        rename_plan(saved, must_not_ask)


def test_rename_that_cannot_save_leaves_the_plan(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(data_dir())

    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # A context, not monkeypatch.undo(): that would also undo the data folder fixture.
    with monkeypatch.context() as patch, pytest.raises(PlanSaveError, match="No space left"):
        patch.setattr(os, "replace", no_space)
        rename_plan(saved, lambda current: "Renamed pilot")

    assert _files(data_dir()) == before
    assert _lock_is_free(saved)


def test_duplicate_saves_a_copy_under_a_new_id(saved: Path) -> None:
    original = saved.read_bytes()

    copy_path = duplicate_plan(saved)

    assert copy_path.parent == data_dir()
    assert copy_path != saved
    assert saved.read_bytes() == original
    source, copy = read_plan(saved).plan, read_plan(copy_path).plan
    assert copy_path == plan_path_for(copy.id)
    assert copy.id.startswith("p-") and copy.id != source.id
    assert copy.title == f"Copy of {source.title}"
    assert copy.model_dump(exclude={"id", "title"}) == source.model_dump(exclude={"id", "title"})


@pytest.mark.parametrize(
    ("content", "failure"),
    [(None, LoadFailure.NOT_FOUND), (b"{not json", LoadFailure.NOT_JSON)],
)
def test_duplicate_of_a_missing_or_corrupt_plan_raises_a_load_error(
    content: bytes | None, failure: LoadFailure
) -> None:
    path = data_dir() / "broken.insiderplan"
    if content is not None:
        path.write_bytes(content)
    before = _files(data_dir())

    with pytest.raises(PlanLoadError) as caught:
        duplicate_plan(path)

    assert caught.value.failure is failure
    assert caught.value.path == path
    assert _files(data_dir()) == before


def test_import_of_an_older_plan_leaves_the_source_alone(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    source = outside / V1_FILE.name
    shutil.copyfile(V1_FILE, source)

    target = import_plan(source)

    assert _files(outside) == {source.name: V1_FILE.read_bytes()}  # no .bak beside it
    assert target.parent == data_dir()
    loaded = read_plan(target)
    assert not loaded.was_migrated
    assert loaded.plan.title == "Probe replication (2025)"
    assert target == plan_path_for(loaded.plan.id)
    assert loaded.plan.id.startswith("p-")


@pytest.mark.parametrize(
    ("content", "failure"),
    [
        (None, LoadFailure.NOT_FOUND),
        (b"", LoadFailure.NOT_JSON),
        (b'{"format": "something else"}', LoadFailure.NOT_A_PLAN),
    ],
)
def test_import_of_a_missing_or_corrupt_file_raises_a_load_error(
    tmp_path: Path, content: bytes | None, failure: LoadFailure
) -> None:
    source = tmp_path / "source.insiderplan"
    if content is not None:
        source.write_bytes(content)

    with pytest.raises(PlanLoadError) as caught:
        import_plan(source)

    assert caught.value.failure is failure
    assert _plan_in_folder(data_dir()) == []


def test_delete_keeps_a_private_identical_copy(saved: Path) -> None:
    saved.chmod(0o644)  # e.g. a file the user put there by hand
    original = saved.read_bytes()

    backup = delete_plan(saved)

    assert not saved.exists()
    assert backup.parent == backups_dir()
    assert re.fullmatch(rf"deleted-\d{{8}}T\d{{6}}Z-{re.escape(saved.name)}", backup.name)
    assert backup.read_bytes() == original
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not lock_path_for(saved).exists()
    assert _deleted_copies() == [backup]


def test_deleting_the_same_name_twice_keeps_both_copies(saved: Path, sample_plan: Plan) -> None:
    first = delete_plan(saved)
    sample_plan.title = "Second life"
    save_plan(saved, sample_plan, keep_backup=False)
    second_bytes = saved.read_bytes()

    second = delete_plan(saved)

    assert first != second
    assert read_plan(first).plan.title == "Interpretability pilot"
    assert second.read_bytes() == second_bytes


def test_delete_refuses_a_plan_open_elsewhere(saved: Path, held: PlanLock) -> None:
    before = _files(data_dir())

    with pytest.raises(PlanBusyError) as caught:
        delete_plan(saved)

    assert caught.value.path == saved
    assert str(caught.value).startswith("It is open in ")
    assert _files(data_dir()) == before
    assert held.is_locked
    assert lock_path_for(saved).exists()  # the holder's lock is not removed


def test_delete_whose_copy_fails_keeps_the_plan(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(LibraryError) as caught:
        delete_plan(saved)

    assert not isinstance(caught.value, PlanBusyError)
    assert caught.value.path == saved
    assert caught.value.reason == "No space left on device"
    assert str(caught.value) == f"{saved}: No space left on device"
    assert saved.read_bytes() == original
    assert _deleted_copies() == []
    assert _lock_is_free(saved)


def test_delete_whose_removal_fails_keeps_the_plan_and_drops_the_copy(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()
    real_unlink = Path.unlink

    def refuse_plan(self: Path, missing_ok: bool = False) -> None:
        if self == saved:
            raise PermissionError(errno.EACCES, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    with monkeypatch.context() as patch, pytest.raises(LibraryError, match="Permission denied"):
        patch.setattr(Path, "unlink", refuse_plan)
        delete_plan(saved)

    assert saved.read_bytes() == original
    assert _deleted_copies() == []
    assert _lock_is_free(saved)


def test_delete_of_a_missing_plan_raises_a_library_error() -> None:
    path = plan_path_for("p-missing")

    with pytest.raises(LibraryError, match="No such file"):
        delete_plan(path)

    assert _deleted_copies() == []
    assert not lock_path_for(path).exists()


# --- folders and files this user may not enter ---------------------------------------------------


def _denied(*args: object, **kwargs: object) -> bool:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def test_a_plan_that_cannot_be_checked_is_listed_as_unreadable(
    sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    readable = _save(sample_plan, "Readable", 1)
    hidden = data_dir() / "linked.insiderplan"
    hidden.write_bytes(b"{}")
    real_is_file, real_is_dir, real_open = Path.is_file, Path.is_dir, files.os.open

    def is_file(self: Path) -> bool:
        return _denied() if self == hidden else real_is_file(self)

    def is_dir(self: Path) -> bool:
        return _denied() if self == hidden else real_is_dir(self)

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        return _denied() if Path(path) == hidden else int(real_open(path, *args, **kwargs))

    monkeypatch.setattr(Path, "is_file", is_file)
    monkeypatch.setattr(Path, "is_dir", is_dir)
    monkeypatch.setattr(files.os, "open", os_open)
    entries = list_plans()
    assert [(e.path, e.error) for e in entries] == [
        (readable, None),
        (hidden, "permission denied"),
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root enters anything")
def test_a_plan_linked_into_a_closed_folder(sample_plan: Plan, tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "plan.insiderplan").write_bytes(b"{}")
    _save(sample_plan, "Readable", 1)
    (data_dir() / "linked.insiderplan").symlink_to(closed / "plan.insiderplan")
    closed.chmod(0)
    try:
        entries = list_plans()
    finally:
        closed.chmod(0o700)
    assert [e.error for e in entries] == [None, "permission denied"]


def test_a_plans_folder_that_cannot_be_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir()
    monkeypatch.setattr(Path, "iterdir", _denied)
    with pytest.raises(LibraryError) as raised:
        list_plans()
    assert raised.value.reason == "cannot list the plans folder: Permission denied"
    assert raised.value.path == folder
    assert isinstance(raised.value, OSError)  # still reported where OS errors are
    assert "\n" not in str(raised.value)


def test_a_lock_that_cannot_be_written_is_not_called_busy(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import insider_planner.storage.lock as lock_module

    def refused(self: PlanLock) -> bool:
        self.problem = lock_module.LockProblem.READ_ONLY_FS
        return False

    monkeypatch.setattr(PlanLock, "acquire", refused)
    with pytest.raises(PlanBusyError) as raised:
        delete_plan(saved)
    assert str(raised.value) == "Its disk is read-only"
    assert saved.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_copy_of_a_deleted_plan_is_private_from_the_start(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved.chmod(0o644)
    modes: list[int] = []
    real_chmod = os.chmod

    def chmod(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
        if Path(path).name.startswith("deleted-"):
            modes.append(mode)
        real_chmod(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", chmod)
    old = os.umask(0)
    try:
        backup = delete_plan(saved)
    finally:
        os.umask(old)
    assert modes == []  # never made readable by others, not even for a moment
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert [p for p in backups_dir().iterdir() if p.name.endswith(".tmp")] == []


def test_duplicating_a_plan_with_the_longest_title(sample_plan: Plan) -> None:
    sample_plan.title = "T" * TITLE_MAX
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    copy = read_plan(duplicate_plan(path)).plan
    assert copy.title.startswith("Copy of TTT")
    assert len(copy.title) == TITLE_MAX
