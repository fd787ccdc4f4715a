"""The plans in the data folder, readable or not, and the file work on them.

Renaming, duplicating, deleting and importing plans happen here, so the window never
touches files. Failures raise typed errors (PlanLoadError, PlanSaveError, LibraryError)
and leave the files as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import new_id, utc_now
from insider_planner.domain.text import shorten
from insider_planner.storage.files import (
    PlanLoadError,
    PlanSaveError,
    error_reason,
    read_plan,
    read_summary,
    save_plan,
    write_atomic,
)
from insider_planner.storage.lock import PlanLock
from insider_planner.storage.paths import PLAN_SUFFIX, backups_dir, data_dir, plan_path_for


class LibraryError(Exception):
    """A file operation on a plan failed; `reason` says why in one readable line."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PlanBusyError(LibraryError):
    """The plan's lock could not be taken, so it is left alone.

    `reason` says why: open in another instance (`holder` names it), or a folder or disk
    that cannot be written.
    """

    def __init__(self, path: Path, holder: str, reason: str | None = None) -> None:
        super().__init__(path, reason or f"It is open in {holder}")
        self.holder = holder

    def __str__(self) -> str:
        return self.reason


class PlansFolderError(LibraryError, OSError):
    """The plans folder cannot be created or listed.

    Also an OSError carrying the original errno, message and file name, for callers that
    report folder problems as OS errors.
    """

    def __init__(self, error: OSError, folder: Path | None) -> None:
        where = Path(error.filename) if error.filename else (folder or Path())
        super().__init__(where, f"cannot list the plans folder: {error_reason(error)}")
        self.errno, self.strerror, self.filename = error.errno, error.strerror, error.filename

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


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


def _listed(path: Path) -> bool:
    """Whether a folder entry is a plan file to list; one that cannot be checked is listed."""
    if path.suffix != PLAN_SUFFIX:
        return False
    try:
        return path.is_file()
    except OSError:  # e.g. a link into a folder this user cannot enter
        return True


def plan_files(folder: Path | None = None) -> list[Path]:
    """The plan files in the folder (the data folder by default), sorted by name.

    Raises PlansFolderError when the folder itself cannot be listed.
    """
    try:
        folder = folder or data_dir()
        return sorted(p for p in folder.iterdir() if _listed(p))
    except OSError as error:
        raise PlansFolderError(error, folder) from None


def read_entry(path: Path) -> PlanEntry:
    """Describe one plan file without changing it, from the start of the file only."""
    try:
        summary = read_summary(path)
    except PlanLoadError as error:
        return PlanEntry(path, path.stem, None, error.reason)
    except OSError as error:
        return PlanEntry(path, path.stem, None, error_reason(error))
    return PlanEntry(path, summary.title, summary.updated)


def list_plans(folder: Path | None = None) -> list[PlanEntry]:
    """Every plan in the folder, most recently updated first; unreadable ones last.

    Raises PlansFolderError only when the folder itself cannot be listed.
    """
    entries = [read_entry(p) for p in plan_files(folder)]
    return sorted(
        entries,
        key=lambda e: (e.updated is None, -(e.updated.timestamp() if e.updated else 0), e.title),
    )


# --- file operations -----------------------------------------------------------------------


def _lock(path: Path) -> PlanLock:
    """The plan's lock, taken; PlanBusyError, saying why, when it cannot be."""
    lock = PlanLock(path)
    if not lock.acquire():
        holder = lock.holder() if lock.can_break else ""
        raise PlanBusyError(path, holder, lock.busy_reason())
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
    plan.title = shorten(f"{title_prefix}{plan.title}", TITLE_MAX)
    target = plan_path_for(plan.id)
    save_plan(target, plan)
    return target


def duplicate_plan(path: Path) -> Path:
    """Save a copy of a plan, titled "Copy of …", under a new id; returns the copy's path."""
    return _save_as_new(path, "Copy of ")


def import_plan(source: Path) -> Path:
    """Copy a plan file from anywhere into the data folder under a new id; returns its path."""
    return _save_as_new(source)


def _free_backup_name(path: Path) -> Path:
    """A name for the deleted plan's copy that no earlier copy holds."""
    folder = backups_dir()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        tag = stamp if n == 1 else f"{stamp}-{n}"
        backup = folder / f"deleted-{tag}-{path.name}"
        if not backup.exists():
            return backup
    raise FileExistsError(f"too many deleted copies of {path.name} in {folder}")


def delete_plan(path: Path) -> Path:
    """Delete a plan, keeping a private copy in the backups folder; returns the copy's path.

    The copy is written like a save (atomic, 0600 from the start) and is durable before the
    plan is removed. The name is free because the plan's lock is held while it is chosen.
    """
    lock = _lock(path)
    try:
        backup: Path | None = None
        try:
            data = path.read_bytes()
            backup = _free_backup_name(path)
            write_atomic(backup, data)
            path.unlink()
        except (OSError, PlanSaveError) as error:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
            raise LibraryError(path, error_reason(error)) from error
    finally:
        lock.release()
        lock.path.unlink(missing_ok=True)
    return backup
