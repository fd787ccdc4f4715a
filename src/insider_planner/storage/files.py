"""Reading and writing plan files. Saves are atomic; loads fail with one typed error."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from insider_planner.domain.migrations import OLDEST_SUPPORTED, migrate
from insider_planner.domain.plan import PLAN_FORMAT, SCHEMA_VERSION, Plan
from insider_planner.storage.paths import PLAN_SUFFIX, backups_dir, ensure_private_dir

log = logging.getLogger(__name__)

MAX_PLAN_BYTES = 64 * 1024 * 1024
BACKUPS_KEPT = 10
TEMP_SUFFIX = ".tmp"
UTF8_BOM = b"\xef\xbb\xbf"


class LoadFailure(str, Enum):
    """Why a plan file could not be loaded."""

    NOT_FOUND = "not found"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too large"
    NOT_JSON = "not JSON"
    NOT_A_PLAN = "not a plan"
    NEWER_VERSION = "newer version"
    TOO_OLD = "too old"
    INVALID_FIELD = "invalid field"


class PlanLoadError(Exception):
    """A plan file could not be loaded; `reason` says why in one readable line."""

    def __init__(self, path: Path, failure: LoadFailure, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.failure = failure
        self.reason = reason


class PlanSaveError(Exception):
    """A plan could not be saved; the previous file (if any) is left as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Could not save {path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LoadedPlan:
    """A plan read from disk, and the schema version the file had."""

    plan: Plan
    path: Path
    file_version: int

    @property
    def was_migrated(self) -> bool:
        return self.file_version != SCHEMA_VERSION


# --- loading -------------------------------------------------------------------------------


def _reject(path: Path, failure: LoadFailure, reason: str) -> PlanLoadError:
    return PlanLoadError(path, failure, reason)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a plan file")


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"invalid field {where}: {first['msg']}"


def parse_plan(raw: bytes, path: Path) -> tuple[Plan, int]:
    """Turn file bytes into a current-schema Plan and the file's schema version.

    Every failure is a PlanLoadError; the error classes that `json` and `pydantic` raise
    for hostile input (RecursionError, UnicodeDecodeError, ValueError) are mapped here.
    """
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    if not raw.strip():
        raise _reject(path, LoadFailure.NOT_JSON, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject(path, LoadFailure.NOT_JSON, "not a text file (invalid UTF-8)") from None
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise _reject(path, LoadFailure.NOT_JSON, "not valid JSON (nested too deeply)") from None
    except ValueError as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise _reject(path, LoadFailure.NOT_JSON, f"not valid JSON ({detail})") from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise _reject(path, LoadFailure.NOT_A_PLAN, "not an Insider Planner plan")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _reject(path, LoadFailure.NOT_A_PLAN, "the plan has no schema version")
    if version > SCHEMA_VERSION:
        raise _reject(
            path,
            LoadFailure.NEWER_VERSION,
            f"written by a newer version of Insider Planner (plan format {version}; "
            f"this version reads up to {SCHEMA_VERSION})",
        )
    if version < OLDEST_SUPPORTED:
        raise _reject(path, LoadFailure.TOO_OLD, f"plan format {version} is no longer supported")
    try:
        if version < SCHEMA_VERSION:
            data = migrate(data, version)
        return Plan.model_validate(data), version
    except ValidationError as error:
        raise _reject(path, LoadFailure.INVALID_FIELD, _first_error(error)) from None
    except RecursionError:
        raise _reject(path, LoadFailure.INVALID_FIELD, "the plan is nested too deeply") from None


def read_plan(path: Path, *, keep_migration_backup: bool = True) -> LoadedPlan:
    """Load a plan file. Never writes to `path`; raises only PlanLoadError.

    When the file has an older schema and `keep_migration_backup` is set, a copy of the
    original is kept beside it (``name.v1.bak``) before the migrated plan is returned.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise _reject(
                path,
                LoadFailure.TOO_LARGE,
                f"the file is too large ({size // (1024 * 1024)} MB; "
                f"the limit is {MAX_PLAN_BYTES // (1024 * 1024)} MB)",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _reject(path, LoadFailure.NOT_FOUND, "no such file") from None
    except IsADirectoryError:
        raise _reject(path, LoadFailure.UNREADABLE, "this is a folder, not a file") from None
    except PermissionError:
        raise _reject(path, LoadFailure.UNREADABLE, "permission denied") from None
    except OSError as error:
        raise _reject(path, LoadFailure.UNREADABLE, error.strerror or str(error)) from None
    plan, version = parse_plan(raw, path)
    if version < SCHEMA_VERSION and keep_migration_backup:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        if not backup.exists():
            try:
                write_atomic(backup, raw)
            except PlanSaveError as error:
                raise _reject(
                    path,
                    LoadFailure.UNREADABLE,
                    f"could not keep a backup before upgrading the file: {error.reason}",
                ) from None
    return LoadedPlan(plan, path, version)


# --- saving --------------------------------------------------------------------------------


def plan_bytes(plan: Plan) -> bytes:
    """The file content for a plan: indented JSON, UTF-8, newline-terminated."""
    return plan.model_dump_json(indent=2).encode("utf-8") + b"\n"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` completely or not at all; the result is mode 0600.

    Writes a temporary file in the same folder, fsyncs it, renames it over the target and
    fsyncs the folder, so a crash at any moment leaves either the old or the new file.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as error:
        raise PlanSaveError(path, error.strerror or str(error)) from error
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def save_plan(path: Path, plan: Plan, *, keep_backup: bool = True) -> None:
    """Save a plan atomically, then keep a copy among its last saved versions."""
    write_atomic(path, plan_bytes(plan))
    if keep_backup:
        try:
            _keep_backup(Path(path))
        except OSError as error:
            # The save itself succeeded; a missing backup must not turn it into a failure.
            log.warning("could not keep a backup of %s: %s", path, error)


def backup_folder(path: Path) -> Path:
    """The folder holding a plan's saved versions, unique per absolute path."""
    real = os.path.realpath(path)
    digest = hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    stem = Path(real).name.removesuffix(PLAN_SUFFIX)[:40]
    return backups_dir() / f"{stem}-{digest}"


def backups_of(path: Path) -> list[Path]:
    """The kept versions of a plan, oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == PLAN_SUFFIX)


def _keep_backup(path: Path) -> None:
    folder = ensure_private_dir(backup_folder(path))
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}{PLAN_SUFFIX}"
    try:
        # A hard link costs nothing; the next save replaces the plan's inode, not this one.
        os.link(os.path.realpath(path), target)
    except OSError:
        shutil.copyfile(path, target)
        target.chmod(0o600)
    for old in backups_of(path)[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()


def remove_stale_temp_files(path: Path, older_than: float = 0.0) -> int:
    """Delete temporary files left by interrupted saves of `path`; returns how many."""
    path = Path(os.path.realpath(path))
    removed = 0
    now = time.time()
    prefix = f".{path.name}."
    for leftover in path.parent.iterdir():
        if not (leftover.name.startswith(prefix) and leftover.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if now - leftover.stat().st_mtime >= older_than:
                leftover.unlink()
                removed += 1
        except OSError:
            continue
    return removed
