"""Every step of a save and of its backup, failing with every common disk error.

Each case lets one call of the `os` functions that `storage.files` uses fail (counted per
step, so the fault hits exactly that step) and checks that the plan on disk is either the
old one, byte for byte, or, when only the backup failed, the new one in full; that the
error names its cause in one line; and that no temporary file or journal entry is left.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.storage import files
from insider_planner.storage.files import (
    PlanSaveError,
    backup_folder,
    backups_of,
    plan_bytes,
    save_plan,
)
from insider_planner.storage.paths import plan_path_for
from tests.conftest import make_sample_plan

ERRNOS = [errno.ENOSPC, errno.EIO, errno.EACCES, errno.EROFS, errno.EDQUOT]

# step -> (the call that fails, which one of those calls)
SAVE_STEPS = {
    "open": ("mkstemp", 1),
    "write": ("write:plan", 1),
    "short-write": ("write:plan", 2),  # the first write stores half, the second fails
    "fsync": ("fsync:plan", 1),
    "close": ("close:plan", 1),
    "keep-previous": ("link", 1),
    "replace": ("replace", 1),
    "folder-fsync": ("fsync:folder", 1),
}
BACKUP_STEPS = {
    "backup-folder-chmod": ("chmod", 1),
    "backup-open": ("mkstemp", 2),
    "backup-write": ("write:backup", 1),
    "backup-fsync": ("fsync:backup", 1),
    "backup-close": ("close:backup", 1),
    "backup-replace": ("replace", 2),
    "backup-folder-fsync": ("fsync:folder", 2),
}


class Fault:
    """Patches `os` (and `tempfile.mkstemp`) as `storage.files` sees them.

    Only calls on the save's own files count: its temporary files (the plan's, then the
    backup's) and the folders it opens, so pytest's own output is never touched.
    """

    def __init__(self, patch: pytest.MonkeyPatch, step: str, code: int) -> None:
        self.call, self.nth = {**SAVE_STEPS, **BACKUP_STEPS}[step]
        self.short = step == "short-write"
        self.code = code
        self.hits = 0
        self.counts: Counter[str] = Counter()
        self.roles: dict[int, str] = {}  # open descriptor -> plan, backup or folder
        self.temps = 0
        real_os = {name: getattr(files.os, name) for name in ("open", "write", "fsync", "close")}
        real_os |= {name: getattr(files.os, name) for name in ("replace", "link", "chmod")}
        real_mkstemp = files.tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            self._step("mkstemp")
            fd, name = real_mkstemp(*args, **kwargs)
            self.temps += 1
            self.roles[fd] = "plan" if self.temps == 1 else "backup"
            return fd, name

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            fd: int = real_os["open"](path, flags, *args, **kwargs)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                self.roles[fd] = "folder"
            return fd

        def write(fd: int, data: Any) -> int:
            label = self._label("write", fd)
            if self.short and label == self.call and self.counts[label] == 0:
                self.counts[label] += 1
                return int(real_os["write"](fd, bytes(data[: max(1, len(data) // 2)])))
            self._step(label)
            return int(real_os["write"](fd, data))

        def fsync(fd: int) -> None:
            self._step(self._label("fsync", fd))
            real_os["fsync"](fd)

        def close(fd: int) -> None:
            label = self._label("close", fd)
            self.roles.pop(fd, None)  # the number may be reused
            real_os["close"](fd)
            self._step(label)  # as NFS does: the descriptor is gone, the error comes late

        def simple(name: str) -> Any:
            def call(*args: Any, **kwargs: Any) -> Any:
                self._step(name)
                return real_os[name](*args, **kwargs)

            return call

        patch.setattr(files.tempfile, "mkstemp", mkstemp)
        patch.setattr(files.os, "open", os_open)
        patch.setattr(files.os, "write", write)
        patch.setattr(files.os, "fsync", fsync)
        patch.setattr(files.os, "close", close)
        for name in ("replace", "link", "chmod"):
            patch.setattr(files.os, name, simple(name))

    def _label(self, call: str, fd: int) -> str:
        role = self.roles.get(fd)
        return f"{call}:{role}" if role else ""

    def _step(self, label: str) -> None:
        if not label:
            return
        self.counts[label] += 1
        if label == self.call and self.counts[label] == self.nth:
            self.hits += 1
            raise OSError(self.code, os.strerror(self.code))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    """Temporary files and journal entries anywhere below the data folder."""
    temps = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    pending = list((folder / "pending").glob("*")) if (folder / "pending").is_dir() else []
    return sorted(str(p.relative_to(folder)) for p in temps + pending)


def _saved_twice(catalog: Catalog) -> tuple[Path, Plan]:
    plan = make_sample_plan(catalog)
    path = plan_path_for(plan.id)
    save_plan(path, plan)
    plan.title = "Second version"
    save_plan(path, plan)
    changed = plan.model_copy(deep=True)
    changed.title = "A third version, longer than the two before it"
    return path, changed


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", SAVE_STEPS)
def test_a_failed_save_step_keeps_the_old_file(
    step: str, code: int, catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, changed = _saved_twice(catalog)
    before = _tree(data_dir)
    inode = path.stat().st_ino

    with monkeypatch.context() as patch, pytest.raises(PlanSaveError) as raised:
        fault = Fault(patch, step, code)
        save_plan(path, changed)

    assert fault.hits == 1
    assert _tree(data_dir) == before
    assert path.stat().st_ino == inode
    assert raised.value.reason == os.strerror(code)
    assert str(raised.value) == f"Could not save {path}: {os.strerror(code)}"
    assert _leftovers(data_dir) == []


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", BACKUP_STEPS)
def test_a_failed_backup_step_keeps_the_save(
    step: str, code: int, catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, changed = _saved_twice(catalog)
    older = {p.name: p.read_bytes() for p in backups_of(path)}
    backup_folder(path).chmod(0o755)  # so that making it private is a step of its own

    with monkeypatch.context() as patch:
        fault = Fault(patch, step, code)
        result = save_plan(path, changed)

    assert fault.hits == 1
    assert path.read_bytes() == plan_bytes(changed)
    assert {p.name: p.read_bytes() for p in backups_of(path)} == older
    assert result.backup_error == os.strerror(code)
    assert result.stamp.size == len(plan_bytes(changed))
    assert _leftovers(data_dir) == []
