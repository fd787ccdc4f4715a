"""A lock per open plan, so two running instances never overwrite each other's edits.

QLockFile does the locking. When it fails, `PlanLock.problem` says why: another holder, or
a folder that cannot be written (no permission, a read-only or a full disk), so the read-only
banner tells the truth and offers to break only a lock that exists.
"""

from __future__ import annotations

import errno
import os
import secrets
import time
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from insider_planner import APP_TITLE
from insider_planner.domain.text import one_line
from insider_planner.storage.files import pid_alive
from insider_planner.storage.paths import sidecar_stem, write_probe

# A lock file naming no process (empty or garbled) older than this is taken over: nobody
# could be asked about it, and a live QLockFile writes its details at once.
UNREADABLE_LOCK_STALE_SECONDS = 30.0


class LockProblem(Enum):
    """Why a plan's lock could not be taken."""

    HELD = "held"
    NO_PERMISSION = "no permission"
    READ_ONLY_FS = "read-only file system"
    DISK_FULL = "disk full"
    OTHER = "other"


_PROBLEM_OF_ERRNO = {
    errno.EACCES: LockProblem.NO_PERMISSION,
    errno.EPERM: LockProblem.NO_PERMISSION,
    errno.EROFS: LockProblem.READ_ONLY_FS,
    errno.ENOSPC: LockProblem.DISK_FULL,
    errno.EDQUOT: LockProblem.DISK_FULL,
}

# What stops the lock, as the subject and verb of one sentence each.
_READ_ONLY_TEXT = {
    LockProblem.NO_PERMISSION: "The folder holding this plan cannot be written (permission denied)",
    LockProblem.READ_ONLY_FS: "The disk holding this plan is read-only",
    LockProblem.DISK_FULL: "The disk holding this plan is full",
}
_BUSY_TEXT = {
    LockProblem.NO_PERMISSION: "Its folder cannot be written (permission denied)",
    LockProblem.READ_ONLY_FS: "Its disk is read-only",
    LockProblem.DISK_FULL: "Its disk is full",
}


def lock_path_for(path: Path) -> Path:
    real = Path(os.path.realpath(path))
    return real.with_name(f".{sidecar_stem(real.name)}.lock")


class PlanLock:
    """Held while a plan is open for editing. A lock left by a dead process is taken over.

    A lock held by a live process on this computer is never broken without the user; one
    whose file names no process is taken over after UNREADABLE_LOCK_STALE_SECONDS.
    """

    def __init__(self, path: Path) -> None:
        self.path = lock_path_for(path)
        self.problem: LockProblem | None = None
        self._detail = ""
        self._lock = QLockFile(str(self.path))
        # Never time out a live holder: a plan may stay open for days.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Try once, without waiting; on failure `problem` says why."""
        locked = bool(self._lock.tryLock(0))
        if not locked and self._held() and self._unreadable_for_long():
            self._lock.removeStaleLockFile()
            locked = bool(self._lock.tryLock(0))
        if locked:
            self.problem = None
        elif self._held() and not self._holder_gone():
            self.problem = LockProblem.HELD
        else:
            # Nobody holds it (or its holder has ended and its file could not be removed):
            # the folder is what refuses, and the scratch file says why.
            self.problem, self._detail = self._probe_folder()
        return locked

    def _holder_gone(self) -> bool:
        """Whether the lock file names a process of this computer that no longer runs."""
        pid, host, _ = self._info()
        return pid > 0 and host == QSysInfo.machineHostName() and not pid_alive(pid)

    def _held(self) -> bool:
        return bool(self._lock.error() == QLockFile.LockError.LockFailedError)

    def _info(self) -> tuple[int, str, str]:
        # PySide returns (pid, hostname, appname); (0, "", "") when the file is unreadable.
        info: tuple[object, ...] = tuple(self._lock.getLockInfo())
        if len(info) != 3:
            return 0, "", ""
        pid, host, app = info
        return (pid if isinstance(pid, int) else 0), str(host or ""), str(app or "")

    def _unreadable_for_long(self) -> bool:
        pid, host, _ = self._info()
        if pid > 0 and host:
            return False
        try:
            age = time.time() - self.path.stat().st_mtime
        except OSError:
            return False
        return age >= UNREADABLE_LOCK_STALE_SECONDS

    def _probe_folder(self) -> tuple[LockProblem, str]:
        """Find out why the folder refuses a lock file by writing a scratch file there."""
        probe = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            write_probe(probe)
        except OSError as error:
            problem = _PROBLEM_OF_ERRNO.get(error.errno or 0, LockProblem.OTHER)
            return problem, error.strerror or str(error)
        return LockProblem.OTHER, "unknown error"

    def holder(self) -> str:
        """Who holds the lock, in words: ``Insider Planner (process 4242 on laptop)``.

        QLockFile records the executable's name (``python3.11`` when run from source), not
        the application's, whatever setApplicationName says; and only this app writes a
        plan's lock file. So the holder is named by our title, never by that field.
        """
        pid, host, _ = self._info()
        if pid <= 0:
            return "an unknown program (its lock file names no process)"
        return f"{APP_TITLE} (process {pid} on {one_line(host, 60) or 'this computer'})"

    def busy_reason(self) -> str:
        """Why the lock was not taken, as one sentence about the plan ("It is open in …")."""
        if self.problem is None:
            return ""
        if self.problem is LockProblem.HELD:
            return f"It is open in {self.holder()}"
        if self.problem is LockProblem.OTHER:
            return f"Its lock could not be taken ({self._detail})"
        return _BUSY_TEXT[self.problem]

    def read_only_reason(self) -> str:
        """One sentence for the read-only banner; empty when the lock was taken."""
        if self.problem is None:
            return ""
        if self.problem is LockProblem.HELD:
            cause = f"This plan is open in {self.holder()}"
        elif self.problem is LockProblem.OTHER:
            cause = f"The lock on this plan could not be taken ({self._detail})"
        else:
            cause = _READ_ONLY_TEXT[self.problem]
        return f"{cause}, so it opened read-only."

    @property
    def can_break(self) -> bool:
        """Whether a lock file stands in the way (so the user may choose to break it)."""
        return self.problem is LockProblem.HELD

    def break_lock(self) -> bool:
        """Remove the lock file and take the lock; True if taken.

        Qt removes the file only when no live process on this computer holds it open.
        """
        if self._lock.isLocked():
            return True
        self._lock.removeStaleLockFile()
        return self.acquire()

    @property
    def is_locked(self) -> bool:
        return bool(self._lock.isLocked())

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
