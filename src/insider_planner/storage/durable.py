"""Copying a file durably: whole or not at all, checked, and never over another file.

Used to move plans to another plans folder (`relocate`) and the settings out of the plans
folder (`settings`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from insider_planner.storage.paths import fsync_dir, sidecar_stem

#: The ending of every temporary file the app writes beside another file.
TEMP_SUFFIX = ".tmp"

#: Errors of os.link that say "no hard links here" rather than "the disk is in trouble".
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP})


class NameTakenError(FileExistsError):
    """The name a copy was to take is already taken: nothing was written over."""


def copy_file(source: Path, target: Path) -> None:
    """Copy `source` to `target` (mode 0600): durable, read back and compared, and never
    over an existing file (NameTakenError). Raises OSError; a failure leaves nothing at
    `target`.

    The bytes go to a temporary file first, which is then linked under the target's name,
    so the target appears whole or not at all. Where the file system has no hard links,
    the target is created exclusively and written in place.
    """
    data = source.read_bytes()
    folder = target.parent
    fd, temp = temp_file_beside(target)
    try:
        _write_synced(fd, data)
        try:
            os.link(temp, target)
        except FileExistsError:
            raise _name_taken(target) from None
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            _write_exclusively(target, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    try:
        fsync_dir(folder)
        if target.read_bytes() != data:
            raise OSError(errno.EIO, f"the copy of {source.name} reads back differently")
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def temp_file_beside(path: Path) -> tuple[int, str]:
    """A new private (0600) temporary file beside `path`, open for writing, and its name:
    ``.{name}.{pid}.{random}.tmp``, the name shortened by `sidecar_stem`, so that one a
    crash leaves is found and cleaned away."""
    prefix = f".{sidecar_stem(path.name)}.{os.getpid()}."
    return tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`, however many writes it takes."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _name_taken(target: Path) -> NameTakenError:
    return NameTakenError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def _write_exclusively(target: Path, data: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise _name_taken(target) from None
    try:
        _write_synced(fd, data)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _write_synced(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`, make it durable, and close `fd` whatever happens."""
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
