"""Reading and writing plan files. Saves are atomic; loads fail with one typed error."""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from insider_planner.domain.migrations import OLDEST_SUPPORTED, migrate
from insider_planner.domain.plan import (
    LONE_SURROGATE,
    PLAN_FORMAT,
    SCHEMA_VERSION,
    Plan,
    error_text,
)
from insider_planner.domain.text import one_line
from insider_planner.storage.budget import too_many_items
from insider_planner.storage.durable import NO_HARD_LINKS, TEMP_SUFFIX, write_all
from insider_planner.storage.paths import (
    PLAN_SUFFIX,
    backups_dir,
    data_path,
    ensure_private_dir,
    fsync_dir,
    pending_dir,
    sidecar_stem,
)

log = logging.getLogger(__name__)

MAX_PLAN_BYTES = 64 * 1024 * 1024
BACKUPS_KEPT = 10
# The name under which a save keeps the previous file until the new one is durable.
KEPT_SUFFIX = ".old" + TEMP_SUFFIX
# Temporary files of a live process younger than this are a save in progress.
LEFTOVER_AGE = 3600.0
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
        reason = one_line(reason)
        super().__init__(f"Could not save {path}: {reason}")
        self.path = path
        self.reason = reason


class PlanChangedError(PlanSaveError):
    """The file on disk is no longer the one the plan was loaded from; nothing was written."""


@dataclass(frozen=True)
class FileStamp:
    """What a file was when last seen: identity, size, modification time and content digest."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: str  # sha256, hex

    def same_identity(self, info: os.stat_result) -> bool:
        """Whether `info` (a stat) shows the very same file, unchanged by its metadata."""
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) == (
            self.device,
            self.inode,
            self.size,
            self.mtime_ns,
        )


def _stamp(info: os.stat_result, digest: str) -> FileStamp:
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest)


@dataclass(frozen=True)
class SaveResult:
    """A finished save: the stamp of the file written, and why no backup was kept, if so."""

    stamp: FileStamp
    backup_error: str | None = None


@dataclass
class LoadedPlan:
    """A plan read from disk, the schema version the file had, and the stamp of its bytes."""

    plan: Plan
    path: Path
    file_version: int
    stamp: FileStamp

    @property
    def was_migrated(self) -> bool:
        return self.file_version != SCHEMA_VERSION


# --- loading -------------------------------------------------------------------------------


def _reject(path: Path, failure: LoadFailure, reason: str) -> PlanLoadError:
    return PlanLoadError(path, failure, one_line(reason))


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a plan file")


def _loc_part(part: str | int) -> str:
    # Keys come from the file: quote anything that is not a plain name so it reads literally.
    text = str(part)
    return text if text.replace("-", "").replace("_", "").isalnum() else repr(text)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(_loc_part(part) for part in first["loc"]) or "(top level)"
    return one_line(f"invalid field {where}: {error_text(first)}")


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MB"


def _number(value: int) -> str:
    # A version read from a file may have thousands of digits (and str() refuses > 4300).
    return str(value) if abs(value) < 10**12 else "(a number too large to show)"


# A JSON escape of a UTF-16 surrogate (\uD800-\uDFFF). Text decoded from UTF-8 holds no
# surrogates, so only a file spelling one this way can yield a string no save could encode.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many of a plan's objects are built.

    A plan is one tree of many small objects and no cycles; the collector would otherwise
    walk the growing heap again and again, which doubles the time to load a large plan, and
    objects made only to be checked and dropped would be moved among the long-lived ones,
    so that a full collection (tens of milliseconds with a large plan open) soon follows.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_raw(raw: bytes, path: Path) -> bytes:
    """The file's bytes without a BOM; refuses an empty file or one with too many items."""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    if not raw or raw.isspace():  # as `not raw.strip()`, without copying the file
        raise _reject(path, LoadFailure.NOT_JSON, "the file is empty")
    crowded = too_many_items(raw)
    if crowded is not None:
        raise _reject(path, LoadFailure.TOO_LARGE, crowded)
    return raw


def _decode_json(raw: bytes, path: Path) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject(path, LoadFailure.NOT_JSON, "not a text file (invalid UTF-8)") from None
    try:
        return json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise _reject(path, LoadFailure.NOT_JSON, "not valid JSON (nested too deeply)") from None
    except ValueError as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise _reject(path, LoadFailure.NOT_JSON, one_line(f"not valid JSON ({detail})")) from None


def _checked_version(data: Any, path: Path) -> int:
    """The schema version of decoded plan data; refuses what is not a plan this app reads."""
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise _reject(path, LoadFailure.NOT_A_PLAN, "not an Insider Planner plan")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _reject(path, LoadFailure.NOT_A_PLAN, "the plan has no schema version")
    if version > SCHEMA_VERSION:
        raise _reject(
            path,
            LoadFailure.NEWER_VERSION,
            f"written by a newer version of Insider Planner (plan format {_number(version)}; "
            f"this version reads up to {SCHEMA_VERSION})",
        )
    if version < OLDEST_SUPPORTED:
        raise _reject(
            path, LoadFailure.TOO_OLD, f"plan format {_number(version)} is no longer supported"
        )
    return version


def parse_plan(raw: bytes, path: Path) -> tuple[Plan, int]:
    """Turn file bytes into a current-schema Plan and the file's schema version.

    Every failure is a PlanLoadError; the error classes that `json` and `pydantic` raise
    for hostile input (RecursionError, UnicodeDecodeError, ValueError) are mapped here.
    A current plan is parsed and validated in one step; anything else (an older format,
    or a file refused) takes the slower path that migrates it or says exactly why.
    """
    raw = _check_raw(raw, path)
    with collector_paused():
        plan = _parse_current(raw)
        if plan is not None:
            return plan, SCHEMA_VERSION
        return _parse_checked(raw, path)


_NAMED_FIELDS = frozenset({"format", "schema_version"})


def _parse_current(raw: bytes) -> Plan | None:
    """The plan in `raw` when it is a valid current-schema plan that can be saved again."""
    try:
        plan = Plan.model_validate_json(raw)
    except (ValidationError, RecursionError):
        return None
    if not plan.model_fields_set >= _NAMED_FIELDS:
        return None  # the model would default them, but a file must name itself a plan
    if _SURROGATE_ESCAPE.search(raw) is not None and not _encodable(plan):
        return None
    return plan


def _encodable(plan: Plan) -> bool:
    try:
        plan_bytes(plan)
    except (PydanticSerializationError, RecursionError):
        return False
    return True


def _parse_checked(raw: bytes, path: Path) -> tuple[Plan, int]:
    data = _decode_json(raw, path)
    version = _checked_version(data, path)
    try:
        if version < SCHEMA_VERSION:
            data = migrate(data, version)
        plan = Plan.model_validate(data)
        # JSON escapes can spell lone surrogates, which no UTF-8 file can hold: such a plan
        # would load but fail at every save, so refuse it here, where the user sees why.
        if _SURROGATE_ESCAPE.search(raw) is not None:
            plan_bytes(plan)
    except ValidationError as error:
        raise _reject(path, LoadFailure.INVALID_FIELD, _first_error(error)) from None
    except PydanticSerializationError:
        raise _reject(path, LoadFailure.INVALID_FIELD, LONE_SURROGATE) from None
    except RecursionError:
        raise _reject(path, LoadFailure.INVALID_FIELD, "the plan is nested too deeply") from None
    return plan, version


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A descriptor open for reading on a regular file, and its stat.

    Devices and pipes are refused before reading: their size says nothing (/dev/zero never
    ends) and opening a pipe would block, hence O_NONBLOCK.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise _reject(path, LoadFailure.UNREADABLE, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_limited(path: Path, limit: int = MAX_PLAN_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most MAX_PLAN_BYTES, and the file's stat.

    With a smaller `limit`, only the first `limit` bytes of a longer file are read.
    """
    fd, info = _open_regular(path)
    with open(fd, "rb") as file:
        size = info.st_size
        raw = b""
        if size <= MAX_PLAN_BYTES:
            raw = file.read(min(limit, MAX_PLAN_BYTES) + 1)
            size = len(raw)
            if size > limit and limit < MAX_PLAN_BYTES:
                return raw[:limit], info
        if size > MAX_PLAN_BYTES:
            raise _reject(
                path,
                LoadFailure.TOO_LARGE,
                f"the file is too large ({_size_text(size)}; "
                f"the limit is {_size_text(MAX_PLAN_BYTES)})",
            )
    return raw, info


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def read_plan_bytes(path: Path, limit: int = MAX_PLAN_BYTES) -> tuple[bytes, os.stat_result]:
    """Up to `limit` bytes of a regular file no larger than any plan, and its stat, read
    without blocking on pipes or devices; every failure is a PlanLoadError."""
    try:
        return _read_limited(path, limit)
    except FileNotFoundError:
        raise _reject(path, LoadFailure.NOT_FOUND, "no such file") from None
    except IsADirectoryError:
        raise _reject(path, LoadFailure.UNREADABLE, "this is a folder, not a file") from None
    except PermissionError:
        if _is_dir(path):  # Windows refuses to open folders with "permission denied"
            raise _reject(path, LoadFailure.UNREADABLE, "this is a folder, not a file") from None
        raise _reject(path, LoadFailure.UNREADABLE, "permission denied") from None
    except OSError as error:
        raise _reject(path, LoadFailure.UNREADABLE, error_reason(error)) from None
    except ValueError:  # a NUL byte in the name
        raise _reject(path, LoadFailure.UNREADABLE, "not a valid file name") from None


def read_plan(path: Path, *, keep_migration_backup: bool = True) -> LoadedPlan:
    """Load a plan file. Never writes to `path`; raises only PlanLoadError.

    When the file has an older schema and `keep_migration_backup` is set, a copy of the
    original is kept beside it (``name.v1.bak``) before the migrated plan is returned.
    """
    path = Path(path)
    raw, info = read_plan_bytes(path)
    plan, version = parse_plan(raw, path)
    if version < SCHEMA_VERSION and keep_migration_backup:
        try:
            _keep_migration_backup(path, raw, version)
        except (OSError, PlanSaveError) as error:
            reason = error.reason if isinstance(error, PlanSaveError) else str(error)
            raise _reject(
                path,
                LoadFailure.UNREADABLE,
                f"could not keep a backup before upgrading the file: {reason}",
            ) from None
    stamp = _stamp(info, hashlib.sha256(raw).hexdigest())
    return LoadedPlan(plan, path, version, stamp)


# --- a plan's header, for the plan list ------------------------------------------------------

#: How much of a file the plan list reads first: a saved plan's header fits many times over.
HEADER_BYTES = 64 * 1024
#: The fields a plan file starts with, up to its first list. Their values are plain JSON
#: scalars; the plan list reads nothing past them.
_HEADER_FIELDS = frozenset(
    {"format", "schema_version", "id", "title", "target", "project", "created", "updated"}
)
_BODY_FIELDS = frozenset({"nodes", "strategies", "custom_nodes"})
_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR_START = frozenset('"-0123456789tfn')
_DECODER = json.JSONDecoder(parse_constant=_no_constants)


@dataclass(frozen=True)
class PlanSummary:
    """What the plan list shows of a plan, read from the start of its file only."""

    title: str
    updated: datetime


def _scan_header(text: str) -> dict[str, Any] | None:
    """The header fields at the start of a plan's JSON text, up to its first list.

    None when `text` does not start the way a saved plan does (another key order, a value
    that is not a scalar, text cut short): the caller then reads the whole file.
    """
    fields: dict[str, Any] = {}
    try:
        pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        if text[pos] != "{":
            return None
        pos += 1
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == "}" and not fields:
                return fields
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if not isinstance(key, str) or text[pos] != ":":
                return None
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if key in _BODY_FIELDS:
                # A saved plan names every header field first; one named later would be missed.
                return fields if fields.keys() == _HEADER_FIELDS else None
            if key not in _HEADER_FIELDS or key in fields or text[pos] not in _SCALAR_START:
                return None
            fields[key], pos = _DECODER.raw_decode(text, pos)
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return fields
            if text[pos] != ",":
                return None
            pos += 1
    except (ValueError, IndexError, RecursionError):
        return None


def _prefix_text(raw: bytes, whole: bool) -> str | None:
    """`raw` as text; a prefix may end inside a character, which is then dropped."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if whole or error.start < len(raw) - 3:
            return None
        return raw[: error.start].decode("utf-8")


def _header_summary(raw: bytes, whole: bool, path: Path) -> PlanSummary | None:
    """The summary from a file's first bytes; None when only a full read can tell."""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    text = _prefix_text(raw, whole)
    fields = None if text is None else _scan_header(text)
    if fields is None:
        return None
    if _checked_version(fields, path) != SCHEMA_VERSION:
        return None  # an older format: migrating it needs the whole file
    try:
        header = Plan.model_validate(fields)
    except ValidationError as error:
        raise _reject(path, LoadFailure.INVALID_FIELD, _first_error(error)) from None
    return PlanSummary(header.title, header.updated)


def read_summary(path: Path) -> PlanSummary:
    """A plan's title and last update, from the start of its file; raises PlanLoadError.

    The header is checked as loading checks it (format, version, each field); the rest of
    the file is read only when its start is not laid out as a saved plan's is. A plan whose
    body is damaged is listed, and refused with its reason when opened.
    """
    path = Path(path)
    raw, info = read_plan_bytes(path, HEADER_BYTES)
    whole = len(raw) >= info.st_size
    summary = _header_summary(raw, whole, path)
    if summary is None and not whole:
        raw, info = read_plan_bytes(path)
        summary = _header_summary(raw, True, path)
    if summary is None:
        plan, _ = parse_plan(raw, path)
        summary = PlanSummary(plan.title, plan.updated)
    return summary


def _keep_migration_backup(path: Path, raw: bytes, version: int) -> Path:
    """Keep the original bytes beside the file (``name.v1.bak``) before it is upgraded.

    An existing backup holding other bytes (an older original of the same name) is never
    replaced: the copy goes to the first free ``name.v1.N.bak`` instead. The copy is written
    like a save (atomic, 0600), from the bytes already read.
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


# --- change detection ----------------------------------------------------------------------


def stamp_file(path: Path) -> FileStamp | None:
    """The stamp of the file now at `path` (content hashed), or None when there is none.

    Any other failure to read it raises PlanSaveError, since the stamp is taken to decide
    whether a save may go ahead.
    """
    path = Path(path)
    try:
        fd, info = _open_regular(path)
        with open(fd, "rb") as file:
            digest = hashlib.sha256()
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    except PlanLoadError as error:
        raise PlanSaveError(path, error.reason) from None
    except OSError as error:
        raise PlanSaveError(path, error_reason(error)) from None
    return _stamp(info, digest.hexdigest())


def changed_reason(path: Path, expected: FileStamp) -> str | None:
    """Why `path` no longer holds the file `expected` describes; None when it still does.

    Only the content counts: a file touched or rewritten with the same bytes is unchanged,
    and the content is read only when a cheap stat says the file may differ. Raises
    PlanSaveError when the file cannot be checked.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise PlanSaveError(path, error_reason(error)) from None
    if info is not None and expected.same_identity(info):
        return None
    current = None if info is None else stamp_file(path)
    if current is None:
        return "the file was deleted or moved"
    if current.digest != expected.digest:
        return "the file was changed by another program"
    return None


def _check_unchanged(path: Path, expected: FileStamp) -> None:
    """Raise PlanChangedError unless `path` still holds the file described by `expected`."""
    reason = changed_reason(path, expected)
    if reason is not None:
        raise PlanChangedError(path, f"{reason} since it was opened")


# --- saving --------------------------------------------------------------------------------


def plan_bytes(plan: Plan) -> bytes:
    """The file content for a plan: indented JSON, UTF-8, newline-terminated."""
    return plan.model_dump_json(indent=2).encode("utf-8") + b"\n"


def _keep_previous(path: Path, tmp_name: str) -> tuple[bool, str | None]:
    """Link the file about to be replaced under a temporary name: (it exists, kept name)."""
    kept = tmp_name.removesuffix(TEMP_SUFFIX) + KEPT_SUFFIX
    try:
        os.link(path, kept)
    except FileNotFoundError:
        return False, None
    except OSError as error:
        if error.errno in NO_HARD_LINKS:
            return True, None  # the rename stays atomic; only the undo below is lost
        raise
    return True, kept


def _undo_replace(path: Path, existed: bool, kept: str | None) -> None:
    """Put back what `path` was before the rename: the kept file, or nothing at all."""
    with contextlib.suppress(OSError):
        if kept is not None:
            os.replace(kept, path)
        elif not existed:
            os.unlink(path)
        else:
            return  # no link could be kept: the new file is whole, leave it
        fsync_dir(path.parent)


#: File content: one bytes object, or pieces written one after another (never joined).
Content = bytes | Sequence[bytes]


def _pieces(data: Content) -> Sequence[bytes]:
    return (data,) if isinstance(data, bytes) else data


def _digest(data: Content) -> str:
    """The sha256 of file content, in hex (hashing lets other threads run meanwhile)."""
    digest = hashlib.sha256()
    for piece in _pieces(data):
        digest.update(piece)
    return digest.hexdigest()


def _write_atomic(
    path: Path, data: Content, check: Callable[[], None] | None = None
) -> os.stat_result:
    """Replace `path` with `data` completely or not at all; returns the new file's stat.

    Steps: a temporary file (mode 0600, named ``.{name}.{pid}.{random}.tmp`` and recorded in
    the journal of pending writes) is written, fsynced and closed; `check` may then refuse
    the save; the previous file is hard-linked under ``….old.tmp``; the temporary file is
    renamed over the target and the folder fsynced. The rename is not durable until that
    fsync succeeds, so if it fails the kept link is renamed back and the caller hears of
    the failure with the previous file in place (a first save is removed again). Where the
    file system has no hard links the undo is impossible and the new, whole file stays.
    A failure at any step leaves no temporary file and no journal entry behind.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    stem = sidecar_stem(path.name)
    entry = _journal_add(folder, stem)
    tmp_name: str | None = None
    kept: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{stem}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
        )
        try:
            for piece in _pieces(data):
                write_all(fd, piece)
            os.fsync(fd)
            # A rename keeps the inode and modification time: this is the saved file's stat.
            info = os.fstat(fd)
        finally:
            os.close(fd)
        if check is not None:
            check()
        existed, kept = _keep_previous(path, tmp_name)
        os.replace(tmp_name, path)
        tmp_name = None
        try:
            fsync_dir(folder)
        except OSError:
            _undo_replace(path, existed, kept)
            kept = None
            raise
        return info
    except OSError as error:
        raise PlanSaveError(path, error_reason(error)) from error
    finally:
        for leftover in (tmp_name, kept):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        _journal_remove(entry)


def write_atomic(path: Path, data: Content) -> None:
    """Replace `path` with `data` completely or not at all; the result is mode 0600.

    Raises PlanSaveError, the previous file left as it was (see `_write_atomic`).
    """
    _write_atomic(path, data)


def save_plan(
    path: Path, plan: Plan, *, keep_backup: bool = True, expected: FileStamp | None = None
) -> SaveResult:
    """Save a plan atomically, then keep a copy among its last saved versions.

    With `expected` (the stamp from loading or the last save), the save is refused with
    PlanChangedError when another program has changed, moved or deleted the file since. A
    failed backup never fails the save: its reason is returned in `backup_error`.
    """
    path = Path(path)
    return write_plan(
        path, checked_plan_bytes(path, plan), keep_backup=keep_backup, expected=expected
    )


def checked_plan_bytes(path: Path, plan: Plan) -> bytes:
    """The file content for a plan, refused (PlanSaveError) when loading would refuse it."""
    path = Path(path)
    try:
        data = plan_bytes(plan)
    except PydanticSerializationError as error:
        # e.g. a lone surrogate pasted into a title: not UTF-8, so nothing is written.
        raise PlanSaveError(path, str(error)) from error
    _check_loads_again(path, data)
    return data


def write_plan(
    path: Path, data: Content, *, keep_backup: bool = True, expected: FileStamp | None = None
) -> SaveResult:
    """The file work of a save, for content already checked (`checked_plan_bytes`, or the
    pieces of `IncrementalPlanBytes`): as `save_plan` from there on.

    Touches no plan and no Qt object, so it may run on a worker thread; hashing and
    writing let other threads run meanwhile, and pieces are never joined in memory.
    """
    path = Path(path)
    check = None if expected is None else (lambda: _check_unchanged(path, expected))
    info = _write_atomic(path, data, check)
    stamp = _stamp(info, _digest(data))
    backup_error = None
    if keep_backup:
        try:
            _add_version(path, data)
        except (OSError, PlanSaveError) as error:
            backup_error = error_reason(error)
            log.warning("could not keep a backup of %s: %s", path, backup_error)
    return SaveResult(stamp, backup_error)


def _check_loads_again(path: Path, data: bytes) -> None:
    """Refuse to write a file that loading would refuse (a text over its limit, say), so a
    save never turns a plan into one that cannot be opened; the edits stay in memory."""
    problem: str | None = None
    if len(data) > MAX_PLAN_BYTES:
        problem = f"it would be too large ({_size_text(len(data))})"
    else:
        problem = too_many_items(data)
    if problem is None:
        try:
            with collector_paused():
                Plan.model_validate_json(data)
        except ValidationError as error:
            problem = _first_error(error)
    if problem is not None:
        raise PlanSaveError(path, f"the plan would not open again: {problem}")


def error_reason(error: OSError | PlanSaveError) -> str:
    """The cause of a failed file operation in one readable line."""
    if isinstance(error, PlanSaveError):
        return error.reason
    return one_line(error.strerror or str(error))


# --- kept versions -------------------------------------------------------------------------


def backup_folder(path: Path) -> Path:
    """The folder holding a plan's saved versions, unique per absolute path."""
    return backups_dir() / version_folder_name(path)


def version_folder_name(path: Path) -> str:
    """The name of the folder (under backups/) holding the saved versions of the plan at
    `path`: its name and a hash of its absolute path, so it changes when the plan moves."""
    real = os.path.realpath(path)
    digest = hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    stem = Path(real).name.removesuffix(PLAN_SUFFIX)[:40]
    return f"{stem}-{digest}"


def backups_of(path: Path) -> list[Path]:
    """The kept versions of a plan, oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == PLAN_SUFFIX)


def _add_version(path: Path, data: Content) -> Path:
    """Keep `data` as the newest version of the plan at `path`; drop the oldest beyond ten.

    Each version is a file of its own, written like a save (atomic, 0600), so nothing that
    later happens to the plan's file reaches it.
    """
    folder = ensure_private_dir(backup_folder(path))
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}{PLAN_SUFFIX}"
    write_atomic(target, data)
    for old in backups_of(path)[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def keep_plan_version(path: Path, plan: Plan) -> Path:
    """Keep `plan` (as it is in memory) among the versions of the file at `path`.

    Used when the plan cannot be saved to its file. Raises PlanSaveError.
    """
    path = Path(path)
    try:
        return _add_version(path, plan_bytes(plan))
    except PydanticSerializationError as error:
        raise PlanSaveError(path, str(error)) from None
    except OSError as error:
        raise PlanSaveError(path, error_reason(error)) from None


def keep_version(path: Path) -> Path | None:
    """Keep the file's current bytes among its versions; None when there is no file.

    Used before overwriting a file another program changed. Raises PlanSaveError.
    """
    path = Path(path)
    try:
        raw, _ = _read_limited(path)
        return _add_version(path, raw)
    except FileNotFoundError:
        return None
    except PlanLoadError as error:
        raise PlanSaveError(path, error.reason) from None
    except OSError as error:
        raise PlanSaveError(path, error_reason(error)) from None


# --- leftovers of interrupted writes -------------------------------------------------------


def _journal_add(folder: Path, name: str) -> Path | None:
    """Record a write about to start, so its temporary files can be found after a crash.

    Best effort: a data folder that cannot be written never fails the write itself.
    """
    pid = os.getpid()
    record = {"folder": str(folder), "name": name, "pid": pid, "host": socket.gethostname()}
    try:
        entry = pending_dir() / f"{pid}-{secrets.token_hex(8)}.json"
        text = json.dumps(record, ensure_ascii=True).encode("ascii")
        fd = os.open(entry, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in an odd path
        log.warning("could not record a pending write of %s: %s", name, error)
        return None
    try:
        try:
            os.write(fd, text)
        finally:
            os.close(fd)
    except BaseException as error:
        _journal_remove(entry)
        if not isinstance(error, OSError):
            raise
        log.warning("could not record a pending write of %s: %s", name, error)
        return None
    return entry


def _journal_remove(entry: Path | None) -> None:
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


def _temp_pid(name: str) -> int | None:
    """The writer's pid in a temporary file name ``.{name}.{pid}.{random}[.old].tmp``."""
    parts = name.removesuffix(TEMP_SUFFIX).removesuffix(".old").split(".")
    if len(parts) >= 4 and parts[-2].isascii() and parts[-2].isdigit():
        pid = int(parts[-2])
        return pid if pid > 0 else None
    return None


def pid_alive(pid: int) -> bool:
    """Whether a process of this number runs on this computer (unknown counts as alive)."""
    if os.name != "posix":
        return True  # os.kill would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except OSError:
        return 0.0


def _writer_gone(pid: int | None, *, local: bool = True) -> bool:
    """Whether the process that wrote a temporary file has ended (known only on its host)."""
    return local and pid is not None and pid != os.getpid() and not pid_alive(pid)


def _sweep(folder: Path, doomed: Callable[[Path], bool]) -> int:
    """Remove the temporary files in `folder` that `doomed` picks; never raises."""
    try:
        temps = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    removed = 0
    for temp in temps:
        try:
            if doomed(temp):
                temp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def remove_stale_temp_files(path: Path, older_than: float = 0.0) -> int:
    """Delete temporary files left by interrupted saves of `path`; returns how many.

    A temporary file of another live process on this computer is a save in progress and
    is left alone. Never raises.
    """
    path = Path(os.path.realpath(path))
    prefix = f".{sidecar_stem(path.name)}."
    now = time.time()

    def doomed(temp: Path) -> bool:
        if not temp.name.startswith(prefix):
            return False
        pid = _temp_pid(temp.name)
        if pid is not None and pid != os.getpid() and pid_alive(pid):
            return False
        return _age(temp, now) >= older_than

    return _sweep(path.parent, doomed)


def _stale(temp: Path, now: float, *, pid: int | None, local: bool = True) -> bool:
    return _writer_gone(pid, local=local) or _age(temp, now) >= LEFTOVER_AGE


def _clean_journal(now: float) -> int:
    """Remove the temporary files of journaled writes whose writer is gone, and the entries."""
    try:
        entries = sorted(pending_dir().glob("*.json"))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        try:
            record = json.loads(entry.read_bytes())
            folder, name = Path(record["folder"]), str(record["name"])
            pid, local = int(record["pid"]), record["host"] == socket.gethostname()
        except (OSError, ValueError, KeyError, TypeError):
            if _age(entry, now) >= LEFTOVER_AGE:  # unreadable and old: nobody will finish it
                _journal_remove(entry)
            continue
        if not _stale(entry, now, pid=pid, local=local):
            continue  # a write in progress
        prefix = f".{name}.{pid}."

        def doomed(temp: Path, prefix: str = prefix, pid: int = pid, local: bool = local) -> bool:
            return temp.name.startswith(prefix) and _stale(temp, now, pid=pid, local=local)

        removed += _sweep(folder, doomed)
        _journal_remove(entry)
    return removed


def _is_plan_temp(temp: Path, now: float) -> bool:
    """A temporary file of a plan or a kept version whose writer is gone or which is old."""
    name = temp.name
    return (
        name.startswith(".")
        and f"{PLAN_SUFFIX}." in name
        and _stale(temp, now, pid=_temp_pid(name))
    )


def clean_leftover_temp_files() -> int:
    """Remove temporary files of interrupted writes; returns how many. Never raises.

    Covers the plans and kept versions in the data folder and every write recorded in the
    journal (exports anywhere on disk). A file whose writer still runs on this computer is
    left alone unless it is over an hour old; one written on another computer (a shared
    folder) is removed only once it is over an hour old.
    """
    now = time.time()
    folders: list[Path] = []
    try:
        home = data_path()
        if not home.is_dir():  # no plans yet, so nothing to clean: leave the folder uncreated
            return 0
        folders.append(home)
        backups = home / "backups"
        if backups.is_dir():
            folders.extend(p for p in backups.iterdir() if p.is_dir())
    except OSError as error:
        log.warning("could not look for leftover temporary files: %s", error)
    removed = sum(_sweep(folder, lambda temp: _is_plan_temp(temp, now)) for folder in folders)
    return removed + _clean_journal(now)
