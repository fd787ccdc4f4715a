"""Reading and writing plan files. Saves are atomic; loads fail with one typed error."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from insider_planner.domain.migrations import OLDEST_SUPPORTED, migrate
from insider_planner.domain.plan import PLAN_FORMAT, SCHEMA_VERSION, Plan
from insider_planner.domain.text import one_line
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


def _loc_part(part: str | int) -> str:
    # Keys come from the file: quote anything that is not a plain name so it reads literally.
    text = str(part)
    return text if text.replace("-", "").replace("_", "").isalnum() else repr(text)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(_loc_part(part) for part in first["loc"]) or "(top level)"
    return one_line(f"invalid field {where}: {first['msg']}")


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MB"


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
        raise _reject(path, LoadFailure.NOT_JSON, one_line(f"not valid JSON ({detail})")) from None
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
        plan = Plan.model_validate(data)
        # JSON escapes can spell lone surrogates, which no UTF-8 file can hold: such a plan
        # would load but fail at every save, so refuse it here, where the user sees why.
        plan_bytes(plan)
    except ValidationError as error:
        raise _reject(path, LoadFailure.INVALID_FIELD, _first_error(error)) from None
    except PydanticSerializationError:
        raise _reject(
            path, LoadFailure.INVALID_FIELD, "text with invalid Unicode (a lone surrogate)"
        ) from None
    except RecursionError:
        raise _reject(path, LoadFailure.INVALID_FIELD, "the plan is nested too deeply") from None
    return plan, version


def _read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_PLAN_BYTES.

    Devices and pipes are refused before reading: their size says nothing (/dev/zero never
    ends) and opening a pipe would block, hence O_NONBLOCK.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise _reject(path, LoadFailure.UNREADABLE, "not a regular file")
        size = info.st_size
        if size <= MAX_PLAN_BYTES:
            raw = file.read(MAX_PLAN_BYTES + 1)
            size = len(raw)
        if size > MAX_PLAN_BYTES:
            raise _reject(
                path,
                LoadFailure.TOO_LARGE,
                f"the file is too large ({_size_text(size)}; "
                f"the limit is {_size_text(MAX_PLAN_BYTES)})",
            )
    return raw


def read_plan(path: Path, *, keep_migration_backup: bool = True) -> LoadedPlan:
    """Load a plan file. Never writes to `path`; raises only PlanLoadError.

    When the file has an older schema and `keep_migration_backup` is set, a copy of the
    original is kept beside it (``name.v1.bak``) before the migrated plan is returned.
    """
    path = Path(path)
    try:
        raw = _read_limited(path)
    except FileNotFoundError:
        raise _reject(path, LoadFailure.NOT_FOUND, "no such file") from None
    except IsADirectoryError:
        raise _reject(path, LoadFailure.UNREADABLE, "this is a folder, not a file") from None
    except PermissionError:
        if path.is_dir():  # Windows refuses to open folders with "permission denied"
            raise _reject(path, LoadFailure.UNREADABLE, "this is a folder, not a file") from None
        raise _reject(path, LoadFailure.UNREADABLE, "permission denied") from None
    except OSError as error:
        raise _reject(path, LoadFailure.UNREADABLE, error.strerror or str(error)) from None
    except ValueError:  # a NUL byte in the name
        raise _reject(path, LoadFailure.UNREADABLE, "not a valid file name") from None
    plan, version = parse_plan(raw, path)
    if version < SCHEMA_VERSION and keep_migration_backup:
        try:
            _keep_migration_backup(path, raw, version)
        except (OSError, PlanSaveError) as error:
            reason = error.reason if isinstance(error, PlanSaveError) else str(error)
            raise _reject(
                path,
                LoadFailure.UNREADABLE,
                one_line(f"could not keep a backup before upgrading the file: {reason}"),
            ) from None
    return LoadedPlan(plan, path, version)


def _keep_migration_backup(path: Path, raw: bytes, version: int) -> Path:
    """Keep the original bytes beside the file (``name.v1.bak``) before it is upgraded.

    An existing backup holding other bytes (an older original of the same name) is never
    replaced: the copy goes to the first free ``name.v1.N.bak`` instead.
    """
    for n in range(1, 1000):
        suffix = f".v{version}.bak" if n == 1 else f".v{version}.{n}.bak"
        backup = path.with_name(path.name + suffix)
        if not backup.exists():
            write_atomic(backup, raw)
            return backup
        if backup.is_file() and backup.read_bytes() == raw:
            return backup
    raise PlanSaveError(path, "too many backups of older versions beside the file")


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
    try:
        data = plan_bytes(plan)
    except PydanticSerializationError as error:
        # e.g. a lone surrogate pasted into a title: not UTF-8, so nothing is written.
        raise PlanSaveError(Path(path), one_line(str(error))) from error
    write_atomic(path, data)
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
