"""The plans in the data folder, readable or not, and the file work on them.

Renaming, duplicating, deleting and importing plans happen here, so the window never
touches files. Failures raise typed errors (PlanLoadError, PlanSaveError, LibraryError)
and leave the files as they were.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from insider_planner.domain.plan import new_id, utc_now
from insider_planner.storage.files import PlanLoadError, read_plan, save_plan
from insider_planner.storage.lock import PlanLock
from insider_planner.storage.paths import PLAN_SUFFIX, backups_dir, data_dir, plan_path_for


class LibraryError(Exception):
    """A file operation on a plan failed; `reason` says why in one readable line."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PlanBusyError(LibraryError):
    """The plan is open in another running instance (or window), so it is left alone."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(path, f"It is open in {holder}")
        self.holder = holder

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class PlanEntry:
    """One plan file: its title and last update, or why it cannot be read."""

    path: Path
    title: str
    updated: datetime | None
    error: str | None = None

    @property
    def readable(self) -> bool:
        return self.error is None


def plan_files(folder: Path | None = None) -> list[Path]:
    folder = folder or data_dir()
    return sorted(p for p in folder.iterdir() if p.suffix == PLAN_SUFFIX and p.is_file())


def read_entry(path: Path) -> PlanEntry:
    """Describe one plan file without changing it."""
    try:
        loaded = read_plan(path, keep_migration_backup=False)
    except PlanLoadError as error:
        return PlanEntry(path, path.stem, None, error.reason)
    return PlanEntry(path, loaded.plan.title, loaded.plan.updated)


def list_plans(folder: Path | None = None) -> list[PlanEntry]:
    """Every plan in the folder, most recently updated first; unreadable ones last."""
    entries = [read_entry(p) for p in plan_files(folder)]
    return sorted(
        entries,
        key=lambda e: (e.updated is None, -(e.updated.timestamp() if e.updated else 0), e.title),
    )


# --- file operations -----------------------------------------------------------------------


def _lock(path: Path) -> PlanLock:
    """The plan's lock, taken; PlanBusyError when another instance holds it."""
    lock = PlanLock(path)
    if not lock.acquire():
        raise PlanBusyError(path, lock.holder())
    return lock


def rename_plan(path: Path, new_title: Callable[[str], str | None]) -> PlanEntry | None:
    """Give a plan that is not open here a new title; returns its new entry.

    The plan is locked and read first, so a busy or unreadable plan fails before anyone is
    asked; `new_title(current title)` then gives the title, None (or the same) to keep it.
    The lock is held until the plan is saved.
    """
    lock = _lock(path)
    try:
        plan = read_plan(path).plan
        title = new_title(plan.title)
        if title is None or title == plan.title:
            return None
        plan.title = title
        plan.updated = utc_now()
        save_plan(path, plan)
    finally:
        lock.release()
    return PlanEntry(path, plan.title, plan.updated)


def _save_as_new(source: Path, title_prefix: str = "") -> Path:
    """Read a plan, give it a new id (and maybe a title prefix), save it in the data folder."""
    plan = read_plan(source, keep_migration_backup=False).plan
    plan.id = new_id("p-")
    plan.title = f"{title_prefix}{plan.title}"
    target = plan_path_for(plan.id)
    save_plan(target, plan)
    return target


def duplicate_plan(path: Path) -> Path:
    """Save a copy of a plan, titled "Copy of …", under a new id; returns the copy's path."""
    return _save_as_new(path, "Copy of ")


def import_plan(source: Path) -> Path:
    """Copy a plan file from anywhere into the data folder under a new id; returns its path."""
    return _save_as_new(source)


def _reserve_backup(path: Path) -> Path:
    """Create an empty private file for the deleted plan's copy, never replacing one."""
    folder = backups_dir()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        tag = stamp if n == 1 else f"{stamp}-{n}"
        backup = folder / f"deleted-{tag}-{path.name}"
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return backup
    raise FileExistsError(f"too many deleted copies of {path.name} in {folder}")


def delete_plan(path: Path) -> Path:
    """Delete a plan, keeping a private copy in the backups folder; returns the copy's path."""
    lock = _lock(path)
    try:
        backup: Path | None = None
        try:
            backup = _reserve_backup(path)
            shutil.copy2(path, backup)
            backup.chmod(0o600)  # copy2 copies the plan's mode; the copy stays owner-only
            path.unlink()
        except OSError as error:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
            raise LibraryError(path, error.strerror or str(error)) from error
    finally:
        lock.release()
        lock.path.unlink(missing_ok=True)
    return backup
