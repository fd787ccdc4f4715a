"""Moving the plans, with everything the app keeps beside them, to another plans folder.

Nothing is ever lost: each file is copied to the new folder, fsynced and read back, and
only once every file of a plan is safely there is the original removed. A name already
taken in the new folder is never written over: that plan stays where it is. A plan open
in another running instance (its lock held) stays too. Whatever happens midway, every
plan can be read in one of the two folders, and `MoveReport` says which went where.

What moves with a plan: its saved versions (`backups/<name>-<hash of its path>`, renamed
for its new path) and the copies kept before upgrading its format (``name.v1.bak`` beside
it). Then the rest of `backups/`: the copies of deleted plans and the saved versions of
plans kept elsewhere, which the app looks for in the plans folder's `backups/`. Left
behind: temporary files of interrupted saves and the journal of writes in progress, which
belong to the folder they were written in.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from insider_planner.domain.text import one_line, plural
from insider_planner.storage.durable import TEMP_SUFFIX, NameTakenError, copy_file
from insider_planner.storage.files import (
    KEPT_SUFFIX,
    error_reason,
    version_folder_name,
)
from insider_planner.storage.library import PlansFolderError, plan_files
from insider_planner.storage.lock import PlanLock, lock_path_for
from insider_planner.storage.paths import (
    PLAN_SUFFIX,
    ensure_dir,
    ensure_private_dir,
    fsync_dir,
    same_file,
    write_probe,
)

BACKUPS = "backups"


class FolderUnusableError(Exception):
    """The folder cannot hold plans; `reason` says why in one readable line."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder
        self.reason = reason


@dataclass
class MoveReport:
    """What a move did: plans moved (old path to new), plans left and why, and what of
    the rest could not be moved (left, whole, in the old folder)."""

    source: Path
    target: Path
    moved: dict[Path, Path] = field(default_factory=dict)
    left: dict[Path, str] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.left and not self.leftovers

    def summary(self) -> str:
        """The outcome in a few readable lines, for one message."""
        moved, total = len(self.moved), len(self.moved) + len(self.left)
        if not self.left:
            lines = [f"Moved {plural(moved, 'plan')} to:", str(self.target)]
        else:
            lines = [f"Moved {moved:,} of {plural(total, 'plan')} to:", str(self.target)]
            lines += ["", "Not moved, still in:", str(self.source)]
            lines += [f"• {path.name}: {_sentence(reason)}" for path, reason in self.left.items()]
        if self.leftovers:
            lines += ["", "Left whole in the old folder:"]
            lines += [f"• {_sentence(text)}" for text in self.leftovers]
        return "\n".join(lines)


def _sentence(text: str) -> str:
    text = one_line(text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


# --- checks --------------------------------------------------------------------------------


def check_writable(folder: Path) -> None:
    """Make sure `folder` exists (created private if missing; an existing folder of the
    user's keeps its permissions) and takes a new file; FolderUnusableError saying why when
    it does not."""
    try:
        ensure_dir(folder)
        write_probe(folder / f".insider-planner-probe.{os.getpid()}.{secrets.token_hex(4)}")
    except OSError as error:
        reason = f"This folder cannot be written ({error_reason(error)})"
        raise FolderUnusableError(folder, reason) from None


def plans_in(folder: Path) -> list[Path]:
    """The plan files in `folder`; none when it does not exist or cannot be listed."""
    try:
        return plan_files(folder) if folder.is_dir() else []
    except (PlansFolderError, OSError):
        return []


# --- copying -------------------------------------------------------------------------------


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _copy_to_free_name(source: Path, target: Path) -> Path | None:
    """Copy `source` to `target`, or to ``stem-2``, ``stem-3``… beside it if that name is
    taken by other bytes; None when `target` already holds the same bytes (nothing made)."""
    suffix = "".join(target.suffixes[-1:])
    stem = target.name.removesuffix(suffix)
    for n in range(1, 1000):
        candidate = target if n == 1 else target.with_name(f"{stem}-{n}{suffix}")
        if candidate.exists() and _same_bytes(source, candidate):
            return None
        try:
            copy_file(source, candidate)
        except NameTakenError:
            continue
        return candidate
    raise OSError(errno.EEXIST, f"no free name for {source.name}")


# --- what belongs to a plan ----------------------------------------------------------------


def _is_temp(path: Path) -> bool:
    return path.name.endswith((TEMP_SUFFIX, KEPT_SUFFIX))


def _migration_backups(plan: Path) -> list[Path]:
    """The copies kept before upgrading the plan's format: ``name.v1.bak``, ``name.v1.2.bak``."""
    prefix = plan.name + ".v"
    try:
        return sorted(
            p
            for p in plan.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(".bak") and p.is_file()
        )
    except OSError:
        return []


def _files_in(folder: Path) -> list[Path]:
    """The files (not temporary ones) directly in `folder`; none when it is not there."""
    try:
        return sorted(p for p in folder.iterdir() if p.is_file() and not _is_temp(p))
    except OSError:
        return []


# --- moving --------------------------------------------------------------------------------


def move_plans(source: Path, target: Path) -> MoveReport:
    """Move every plan in `source` (and what is kept beside them) to `target`.

    Raises FolderUnusableError, before anything moves, when `target` cannot be written.
    Plans go one at a time; one that cannot go stays whole where it is, and its reason is
    in the report.
    """
    report = MoveReport(source, target)
    if same_file(source, target):
        return report
    check_writable(target)
    plans = plans_in(source)
    left_versions: set[str] = set()
    for plan in plans:
        reason = _move_plan(plan, target, report)
        if reason is not None:
            report.left[plan] = reason
            left_versions.add(version_folder_name(plan))
    _move_rest_of_backups(source / BACKUPS, target / BACKUPS, left_versions, report)
    return report


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[str | None]:
    """Hold the lock of the plan at `path` meanwhile; yields why it could not be taken."""
    lock = PlanLock(path)
    if not lock.acquire():
        yield lock.busy_reason() or "its lock could not be taken"
        return
    try:
        yield None
    finally:
        lock.release()
        with contextlib.suppress(OSError):
            lock_path_for(path).unlink(missing_ok=True)


def _move_plan(plan: Path, folder: Path, report: MoveReport) -> str | None:
    """Move one plan with its versions and upgrade copies; why it stayed, or None."""
    target = folder / plan.name
    with _locked(plan) as busy:
        if busy is not None:
            return busy
        if os.path.lexists(target):
            return "a file of that name is already in the new folder"
        with _locked(target) as target_busy:
            if target_busy is not None:
                return f"the new folder refused it: {target_busy}"
            made: list[Path] = []
            try:
                copy_file(plan, target)
                made.append(target)
                originals = _copy_extras(plan, target, made)
            except NameTakenError:
                _remove(made)
                return "a file of that name is already in the new folder"
            except OSError as error:
                _remove(made)
                return f"it could not be copied: {error_reason(error)}"
            try:
                plan.unlink()
                fsync_dir(plan.parent)
            except OSError as error:
                _remove(made)
                return f"the original could not be removed: {error_reason(error)}"
    report.moved[plan] = target
    _remove_originals(plan, originals, report)
    return None


def _copy_extras(plan: Path, target: Path, made: list[Path]) -> list[Path]:
    """Copy the plan's upgrade copies and saved versions beside `target`; returns the
    originals copied (to remove once the plan has moved). Adds each copy to `made`."""
    originals: list[Path] = []
    for backup in _migration_backups(plan):
        beside = target.with_name(target.name + backup.name[len(plan.name) :])
        copy = _copy_to_free_name(backup, beside)
        originals.append(backup)
        if copy is not None:
            made.append(copy)
    old_versions = plan.parent / BACKUPS / version_folder_name(plan)
    versions = _files_in(old_versions)
    if versions:
        new_versions = target.parent / BACKUPS / version_folder_name(target)
        ensure_private_dir(new_versions)
        for version in versions:
            copy = _copy_to_free_name(version, new_versions / version.name)
            originals.append(version)
            if copy is not None:
                made.append(copy)
    return originals


def _remove(paths: list[Path]) -> None:
    """Remove copies this move made, undoing it for one plan; best effort."""
    for path in reversed(paths):
        with contextlib.suppress(OSError):
            path.unlink()
        if path.parent.parent.name == BACKUPS:
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # a versions folder left empty


def _remove_originals(plan: Path, originals: list[Path], report: MoveReport) -> None:
    """Remove a moved plan's old versions and upgrade copies (their copies are in place)."""
    failed = 0
    for original in originals:
        try:
            original.unlink()
        except OSError:
            failed += 1
    with contextlib.suppress(OSError):
        (plan.parent / BACKUPS / version_folder_name(plan)).rmdir()
    if failed:
        report.leftovers.append(f"{failed} old backups of {plan.name} (their copies moved too)")


def _move_rest_of_backups(source: Path, target: Path, skip: set[str], report: MoveReport) -> None:
    """Move the copies of deleted plans and the versions of plans kept elsewhere; the
    versions of plans that stayed behind stay with them."""
    try:
        entries = sorted(source.iterdir()) if source.is_dir() else []
    except OSError as error:
        report.leftovers.append(f"the backups folder could not be read: {error_reason(error)}")
        return
    failed: list[str] = []
    for entry in entries:
        if entry.name in skip or _is_temp(entry):
            continue
        if entry.is_dir():
            files = _files_in(entry)
            if files and not _move_files(files, target / entry.name):
                failed.append(entry.name)
            with contextlib.suppress(OSError):
                entry.rmdir()
        elif entry.is_file() and entry.suffix == PLAN_SUFFIX and not _move_files([entry], target):
            failed.append(entry.name)
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        report.leftovers.append(f"backups that could not be moved: {shown}")


def _move_files(files: list[Path], folder: Path) -> bool:
    """Copy files into `folder` (free names on a clash), removing each original once its
    copy is safe; False if any stayed."""
    try:
        ensure_private_dir(folder)
    except OSError:
        return False
    whole = True
    for path in files:
        try:
            _copy_to_free_name(path, folder / path.name)
            path.unlink()
        except OSError:
            whole = False
    return whole
