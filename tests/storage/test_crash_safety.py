"""A save killed at any moment leaves the previous or the new version, never a torn file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from insider_planner.storage.files import (
    backups_of,
    plan_bytes,
    read_plan,
    remove_stale_temp_files,
    save_plan,
)
from tests.storage.crash_child import make_version, version_of

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 200

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _temp_files(folder: Path, path: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f".{path.name}."))


def _possible_versions(announced: list[int], on_disk: int) -> set[int]:
    """A killed saver leaves the version it was saving (if the rename happened) or the one
    before it; nothing older, nothing it had not started."""
    if not announced:
        return {on_disk}
    before = announced[-2] if len(announced) > 1 else on_disk
    return {announced[-1], before}


@pytest.mark.slow
def test_sigkill_during_saves_leaves_a_whole_version(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "crash.insiderplan"
    journal = tmp_path / "journal"
    save_plan(path, make_version(0))
    on_disk, next_n = 0, 1
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    advanced = torn = 0
    leftovers: set[Path] = set()

    server = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        for round_no in range(KILLS):
            journal.write_bytes(b"")
            server.stdin.write(f"SAVE {next_n}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline().split()[1])
            time.sleep(rng.uniform(0.005, 0.060))
            os.kill(pid, signal.SIGKILL)
            status = int(server.stdout.readline().split()[1])
            context = f"round {round_no}, seed {seed}"
            # Dying any other way (an exception in save_plan) would be a failure of its own.
            assert os.WIFSIGNALED(status), context
            assert os.WTERMSIG(status) == signal.SIGKILL, context

            announced = [int(n) for n in journal.read_text().split()]
            loaded = read_plan(path)
            n = version_of(loaded.plan)
            assert n in _possible_versions(announced, on_disk), (context, n, announced)
            assert loaded.plan == make_version(n), context
            assert path.read_bytes() == plan_bytes(make_version(n)), context
            advanced += n != on_disk
            on_disk = n
            next_n = announced[-1] + 1 if announced else next_n

            new_leftovers = set(_temp_files(folder, path)) - leftovers
            torn += bool(new_leftovers)
            leftovers |= new_leftovers
    finally:
        server.stdin.close()
        server.wait(timeout=10)

    print(f"seed {seed}: {advanced} of {KILLS} rounds saved, {torn} killed mid-write")
    assert advanced >= KILLS // 10, "the saver hardly ever got to save; the test proves little"

    # Every kept backup is a whole version too.
    for backup in backups_of(path):
        assert read_plan(backup).plan == make_version(version_of(read_plan(backup).plan))

    # Interrupted saves leave their temporary files; the start-up cleanup removes exactly them.
    assert set(_temp_files(folder, path)) == leftovers
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p not in leftovers}
    assert remove_stale_temp_files(path) == len(leftovers)
    assert _temp_files(folder, path) == []
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert read_plan(path).plan == make_version(on_disk)
