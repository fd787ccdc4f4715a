"""A lock per open plan, so two running instances never overwrite each other's edits."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path_for(path: Path) -> Path:
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


class PlanLock:
    """Held while a plan is open for editing. A lock left by a dead process is taken over."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path_for(path)
        self._lock = QLockFile(str(self.path))
        # Never time out a live holder: a plan may stay open for days.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Try once, without waiting. Stale locks of dead processes on this host are taken."""
        return bool(self._lock.tryLock(0))

    def holder(self) -> str:
        """Who holds the lock, in words, for the read-only message."""
        # PySide returns (pid, hostname, appname); fields are empty when unreadable.
        info: tuple[object, ...] = tuple(self._lock.getLockInfo())
        if len(info) == 3 and info[0]:
            pid, host, app = info
            return f"{app or 'another program'} (process {pid} on {host or 'this computer'})"
        return "another running instance"

    @property
    def is_locked(self) -> bool:
        return bool(self._lock.isLocked())

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
