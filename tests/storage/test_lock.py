"""One running copy edits a plan at a time; a lock left by a killed process is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from insider_planner.storage.lock import PlanLock, lock_path_for

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
