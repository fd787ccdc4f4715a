"""One running copy edits a plan at a time; a lock left by a killed process is taken over."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLockFile, QSysInfo

from insider_planner.storage import lock
from insider_planner.storage.lock import (
    UNREADABLE_LOCK_STALE_SECONDS,
    LockProblem,
    PlanLock,
    lock_path_for,
)

HOLDER = """
import sys
from pathlib import Path
from insider_planner.storage.lock import PlanLock

lock = PlanLock(Path(sys.argv[1]))
print("LOCKED" if lock.acquire() else "BUSY", flush=True)
sys.stdin.read()
lock.release()
"""


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.insiderplan"
    path.write_bytes(b"{}")
    return path


@pytest.fixture
def holder(plan_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the plan's lock until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(plan_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "LOCKED"
        yield proc
    finally:
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(timeout=30)


def test_a_second_lock_fails_while_the_first_is_held(plan_path: Path) -> None:
    first, second = PlanLock(plan_path), PlanLock(plan_path)
    assert first.acquire()
    assert first.is_locked
    try:
        assert not second.acquire()
        assert not second.is_locked
        assert f"process {os.getpid()}" in second.holder()
    finally:
        first.release()
    assert not first.is_locked
    assert second.acquire()
    second.release()
    assert not lock_path_for(plan_path).exists()


def test_a_lock_held_by_another_process(plan_path: Path, holder: subprocess.Popen[str]) -> None:
    mine = PlanLock(plan_path)
    assert not mine.acquire()
    assert f"process {holder.pid}" in mine.holder()
    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0
    assert mine.acquire()
    mine.release()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_lock_left_by_a_killed_process_is_taken_over(
    plan_path: Path, holder: subprocess.Popen[str]
) -> None:
    assert not PlanLock(plan_path).acquire()
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    assert lock_path_for(plan_path).exists()  # the dead process could not remove it

    mine = PlanLock(plan_path)
    assert mine.acquire()
    assert f"process {os.getpid()}" in PlanLock(plan_path).holder()
    mine.release()


def test_locks_follow_symlinks(plan_path: Path, tmp_path: Path) -> None:
    """The same plan opened through a link is the same plan."""
    link = tmp_path / "link.insiderplan"
    link.symlink_to(plan_path)
    first = PlanLock(plan_path)
    assert first.acquire()
    try:
        assert not PlanLock(link).acquire()
    finally:
        first.release()


# --- why a lock was not taken ------------------------------------------------------------------


def test_a_held_lock_names_the_app_and_can_be_broken_only_by_choice(
    plan_path: Path, holder: subprocess.Popen[str]
) -> None:
    mine = PlanLock(plan_path)
    assert not mine.acquire()
    host = socket.gethostname()
    assert mine.problem is LockProblem.HELD
    assert mine.holder() == f"Insider Planner (process {holder.pid} on {host})"
    assert mine.read_only_reason() == (
        f"This plan is open in Insider Planner (process {holder.pid} on {host}), "
        "so it opened read-only."
    )
    assert mine.can_break
    # A live holder on this computer keeps its lock even when asked to break it.
    assert not mine.break_lock()
    assert mine.problem is LockProblem.HELD
    assert lock_path_for(plan_path).exists()


def test_a_lock_of_another_computer_is_broken_on_request(plan_path: Path) -> None:
    lock_path_for(plan_path).write_text(f"4242\n{sys.executable}\nfar-away-laptop\n")
    mine = PlanLock(plan_path)
    assert not mine.acquire()
    assert mine.problem is LockProblem.HELD
    assert mine.holder() == "Insider Planner (process 4242 on far-away-laptop)"
    assert mine.can_break
    assert mine.break_lock()
    assert mine.is_locked and mine.problem is None and mine.read_only_reason() == ""
    mine.release()


@pytest.mark.parametrize("content", [b"", b"garbage\x00\xff", b"\n\n\n"])
def test_an_unreadable_lock_file_is_taken_over_once_old(plan_path: Path, content: bytes) -> None:
    """A lock file naming no process cannot be checked; it must not lock a plan forever."""
    path = lock_path_for(plan_path)
    path.write_bytes(content)
    fresh = PlanLock(plan_path)
    assert not fresh.acquire()  # it may be a lock being written right now
    assert fresh.problem is LockProblem.HELD
    assert "names no process" in fresh.read_only_reason()

    old = time.time() - UNREADABLE_LOCK_STALE_SECONDS - 1
    os.utime(path, (old, old))
    mine = PlanLock(plan_path)
    assert mine.acquire()
    assert f"process {os.getpid()}" in PlanLock(plan_path).holder()
    mine.release()


class RefusedLockFile:
    """A QLockFile whose folder refuses the lock file (Qt reports no errno)."""

    LockError = QLockFile.LockError

    def __init__(self, name: str) -> None:
        self.name = name

    def setStaleLockTime(self, ms: int) -> None:
        pass

    def tryLock(self, timeout: int) -> bool:
        return False

    def error(self) -> QLockFile.LockError:
        return QLockFile.LockError.UnknownError

    def getLockInfo(self) -> tuple[int, str, str]:
        return 0, "", ""

    def isLocked(self) -> bool:
        return False


PROBLEMS = [
    (
        errno.EACCES,
        LockProblem.NO_PERMISSION,
        "The folder holding this plan cannot be written "
        "(permission denied), so it opened read-only.",
        "Its folder cannot be written",
    ),
    (
        errno.EPERM,
        LockProblem.NO_PERMISSION,
        "The folder holding this plan cannot be written "
        "(permission denied), so it opened read-only.",
        "Its folder cannot be written",
    ),
    (
        errno.EROFS,
        LockProblem.READ_ONLY_FS,
        "The disk holding this plan is read-only, so it opened read-only.",
        "Its disk is read-only",
    ),
    (
        errno.ENOSPC,
        LockProblem.DISK_FULL,
        "The disk holding this plan is full, so it opened read-only.",
        "Its disk is full",
    ),
    (
        errno.EDQUOT,
        LockProblem.DISK_FULL,
        "The disk holding this plan is full, so it opened read-only.",
        "Its disk is full",
    ),
    (
        errno.EIO,
        LockProblem.OTHER,
        "The lock on this plan could not be taken (Input/output error), so it opened read-only.",
        "Its lock could not be taken",
    ),
]


@pytest.mark.parametrize(("code", "problem", "sentence", "busy"), PROBLEMS)
def test_a_folder_that_refuses_the_lock_is_named_truthfully(
    plan_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    problem: LockProblem,
    sentence: str,
    busy: str,
) -> None:
    real_open = lock.os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == plan_path.parent:
            raise OSError(code, os.strerror(code))
        return int(real_open(path, *args, **kwargs))

    monkeypatch.setattr(lock, "QLockFile", RefusedLockFile)
    monkeypatch.setattr(lock.os, "open", refuse)
    mine = PlanLock(plan_path)
    assert not mine.acquire()
    assert mine.problem is problem
    assert mine.read_only_reason() == sentence
    assert mine.busy_reason().startswith(busy)
    assert not mine.can_break
    assert [p.name for p in plan_path.parent.iterdir()] == [plan_path.name]


needs_modes = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX modes and a non-root user"
)


@needs_modes
def test_a_read_only_folder_is_not_called_busy(plan_path: Path) -> None:
    plan_path.parent.chmod(0o500)
    try:
        mine = PlanLock(plan_path)
        assert not mine.acquire()
        assert mine.problem is LockProblem.NO_PERMISSION
        assert not mine.can_break
    finally:
        plan_path.parent.chmod(0o700)


@needs_modes
def test_a_folder_that_cannot_be_entered(tmp_path: Path) -> None:
    folder = tmp_path / "closed"
    folder.mkdir()
    folder.chmod(0)
    try:
        mine = PlanLock(folder / "plan.insiderplan")
        assert not mine.acquire()
        assert mine.problem is LockProblem.NO_PERMISSION
    finally:
        folder.chmod(0o700)


class DeadHoldersLockFile(RefusedLockFile):
    """A lock file naming a process of this computer that has ended, which the folder
    will not let anyone remove (Qt then reports the lock as held)."""

    pid = 0

    def error(self) -> QLockFile.LockError:
        return QLockFile.LockError.LockFailedError

    def getLockInfo(self) -> tuple[int, str, str]:
        return self.pid, QSysInfo.machineHostName(), "python3"


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


def test_a_dead_holders_lock_in_a_read_only_folder_says_why(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "open in process N" (N has ended) and no Break Lock that cannot work: the folder
    is what refuses."""
    pid = _ended_pid()
    real_open = lock.os.open

    def read_only(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == plan_path.parent:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return int(real_open(path, *args, **kwargs))

    monkeypatch.setattr(DeadHoldersLockFile, "pid", pid)
    monkeypatch.setattr(lock, "QLockFile", DeadHoldersLockFile)
    monkeypatch.setattr(lock.os, "open", read_only)
    mine = PlanLock(plan_path)
    assert not mine.acquire()
    assert mine.problem is LockProblem.READ_ONLY_FS
    assert f"process {pid}" not in mine.read_only_reason()
    assert not mine.can_break


@needs_modes
def test_a_dead_holders_lock_in_a_folder_without_write_permission(plan_path: Path) -> None:
    holder = PlanLock(plan_path)
    lock_path_for(plan_path).write_text(f"{_ended_pid()}\npython3\n{QSysInfo.machineHostName()}\n")
    plan_path.parent.chmod(0o500)
    try:
        assert not holder.acquire()
        assert holder.problem is LockProblem.NO_PERMISSION
        assert not holder.can_break
    finally:
        plan_path.parent.chmod(0o700)
