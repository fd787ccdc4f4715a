"""A failing disk at any step of a save leaves the previous file exactly as it was."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.storage import files
from insider_planner.storage.files import (
    PlanSaveError,
    backups_of,
    plan_bytes,
    read_plan,
    save_plan,
    write_atomic,
)
from insider_planner.storage.paths import plan_path_for
from tests.conftest import make_sample_plan

ENOSPC_TEXT = os.strerror(errno.ENOSPC)


def _enospc() -> OSError:
    return OSError(errno.ENOSPC, ENOSPC_TEXT)


class DiskFault:
    """Patches the functions `files` calls, as it looks them up, to fail at one step.

    Only the save's own descriptors are affected, so pytest's output keeps working.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
        self.step = step
        self.temp_fd: int | None = None
        self.failed = False
        real_mkstemp = files.tempfile.mkstemp
        real_write, real_fsync = files.os.write, files.os.fsync
        real_close, real_replace = files.os.close, files.os.replace

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if step == "mkstemp":
                self._fail()
            fd, name = real_mkstemp(*args, **kwargs)
            self.temp_fd = fd
            return fd, name

        def write(fd: int, data: Any) -> int:
            if step == "write" and fd == self.temp_fd:
                if not self.failed:  # half the data reaches the disk, then it is full
                    self.failed = True
                    return real_write(fd, bytes(data[: max(1, len(data) // 2)]))
                self._fail()
            return real_write(fd, data)

        def fsync(fd: int) -> None:
            is_temp = fd == self.temp_fd
            if (step == "fsync" and is_temp) or (step == "fsync-folder" and not is_temp):
                self._fail()
            real_fsync(fd)

        def close(fd: int) -> None:
            real_close(fd)
            if fd == self.temp_fd:
                self.temp_fd = None  # the number may be reused, e.g. for the folder
                if step == "close":
                    self._fail()  # as NFS does: the descriptor is gone, the error is late

        def replace(src: Any, dst: Any) -> None:
            if step == "replace":
                self._fail()
            real_replace(src, dst)

        monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(files.os, "write", write)
        monkeypatch.setattr(files.os, "fsync", fsync)
        monkeypatch.setattr(files.os, "close", close)
        monkeypatch.setattr(files.os, "replace", replace)

    def _fail(self) -> None:
        self.failed = True
        raise _enospc()


@contextmanager
def disk_fault(monkeypatch: pytest.MonkeyPatch, step: str) -> Iterator[DiskFault]:
    """A DiskFault for the `with` block only (the test's other patches stay in place)."""
    with monkeypatch.context() as patch:
        yield DiskFault(patch, step)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below `folder`: bytes, mtime and inode."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            info = p.stat()
            out[str(p.relative_to(folder))] = (p.read_bytes(), info.st_mtime_ns, info.st_ino)
    return out


def _saved_twice(catalog: Catalog) -> tuple[Path, Plan]:
    plan = make_sample_plan(catalog)
    path = plan_path_for(plan.id)
    save_plan(path, plan)
    changed = plan.model_copy(deep=True)
    changed.title = "Changed title that makes the file longer than before"
    return path, changed


BEFORE_REPLACE = ["mkstemp", "write", "fsync", "close", "replace"]


@pytest.mark.parametrize("step", BEFORE_REPLACE)
def test_a_full_disk_before_the_rename_keeps_the_old_file(
    step: str, catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, changed = _saved_twice(catalog)
    before = _snapshot(data_dir)
    with disk_fault(monkeypatch, step) as fault, pytest.raises(PlanSaveError) as raised:
        save_plan(path, changed)

    assert fault.failed
    assert raised.value.reason == ENOSPC_TEXT
    assert str(raised.value) == f"Could not save {path}: {ENOSPC_TEXT}"
    assert "\n" not in str(raised.value)
    # Byte for byte, same mtime and inode; no temporary file and no new backup.
    assert _snapshot(data_dir) == before
    assert read_plan(path).plan.title == "Interpretability pilot"


@pytest.mark.parametrize("step", BEFORE_REPLACE)
def test_a_failed_first_save_leaves_nothing(
    step: str, sample_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with disk_fault(monkeypatch, step), pytest.raises(PlanSaveError, match=ENOSPC_TEXT):
        write_atomic(folder / "new.insiderplan", plan_bytes(sample_plan))
    assert list(folder.iterdir()) == []


def test_a_failed_folder_fsync_after_the_rename_puts_the_old_file_back(
    catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename may not survive a power cut until the folder is fsynced: when that fails,
    the previous file (kept as a hard link) is renamed back and no backup is made."""
    path, changed = _saved_twice(catalog)
    before = _snapshot(data_dir)
    with disk_fault(monkeypatch, "fsync-folder") as fault, pytest.raises(PlanSaveError) as raised:
        save_plan(path, changed)

    assert fault.failed
    assert raised.value.reason == ENOSPC_TEXT
    assert _snapshot(data_dir) == before
    assert read_plan(path).plan.title == "Interpretability pilot"


def test_an_interrupt_mid_write_removes_the_temp_file(
    catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, changed = _saved_twice(catalog)
    before = _snapshot(data_dir)
    temp_fds: list[int] = []
    real_mkstemp, real_write = files.tempfile.mkstemp, files.os.write

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        temp_fds.append(fd)
        return fd, name

    def write(fd: int, data: Any) -> int:
        if fd in temp_fds:
            raise KeyboardInterrupt
        return real_write(fd, data)

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(files.tempfile, "mkstemp", mkstemp)
        patch.setattr(files.os, "write", write)
        save_plan(path, changed)
    assert temp_fds
    assert _snapshot(data_dir) == before


def test_saving_into_a_missing_folder_fails_cleanly(sample_plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(PlanSaveError) as raised:
        save_plan(tmp_path / "no-such-folder" / "x.insiderplan", sample_plan)
    assert raised.value.reason == os.strerror(errno.ENOENT)
    assert not (tmp_path / "no-such-folder").exists()


def test_text_that_is_not_unicode_is_a_save_error(
    catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone surrogate (Qt strings can carry one) cannot be UTF-8; nothing is written."""
    path, changed = _saved_twice(catalog)
    before = _snapshot(data_dir)
    changed.title = "broken \ud800 title"
    with pytest.raises(PlanSaveError) as raised:
        save_plan(path, changed)
    assert "surrogate" in raised.value.reason
    assert "\n" not in raised.value.reason
    assert _snapshot(data_dir) == before


def test_a_failed_backup_does_not_fail_the_save(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path, changed = _saved_twice(catalog)
    backups_before = backups_of(path)
    real_mkstemp = files.tempfile.mkstemp

    def no_space_for_backups(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == files.backup_folder(path):
            raise _enospc()
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", no_space_for_backups)
    with caplog.at_level(logging.WARNING, logger=files.__name__):
        result = save_plan(path, changed)
    assert read_plan(path).plan == changed
    assert backups_of(path) == backups_before
    assert result.backup_error == ENOSPC_TEXT
    assert "could not keep a backup" in caplog.text
