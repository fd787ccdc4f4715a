"""Child side of the SIGKILL test: saves numbered versions of a plan until it is killed.

Run as a script, this is a small fork server: for each line ``SAVE START`` on stdin it forks
a saver, reports ``PID <pid>``, waits for the test to kill it and reports ``REAPED``. Forking
from an interpreter that has already imported the app makes each round cost milliseconds
instead of a fresh interpreter start, so 200 kills fit in a few seconds.

The saver appends ``n`` to a journal *before* it saves version ``n``, so the test knows every
version that may be on disk.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from insider_planner.domain.plan import NodeState, Plan, StrategyLane, Task, TaskStatus
from insider_planner.storage.files import save_plan

BASE_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def make_version(n: int) -> Plan:
    """Version ``n`` of the plan; sizes vary so a torn write cannot pass for a whole one."""
    return Plan(
        id="p-crash",
        title=f"v{n}",
        project="p" * (n * 7919 % 20_000),
        created=BASE_TIME,
        updated=BASE_TIME,
        nodes={"internals.weights": NodeState(held=n % 2 == 0, needed=True, note=f"n={n}")},
        strategies=[
            StrategyLane(
                id="understand",
                tasks=[
                    Task(id=f"t-{i}", title=f"task {i} of v{n}", status=TaskStatus.DONE)
                    for i in range(n % 40)
                ],
            )
        ],
    )


def version_of(plan: Plan) -> int:
    """The ``n`` a plan was made from (its title is ``v<n>``)."""
    assert plan.title.startswith("v"), plan.title
    return int(plan.title[1:])


def _saver(path: Path, journal: Path, start: int) -> None:
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = start
    while True:
        os.write(fd, f"{n}\n".encode())
        save_plan(path, make_version(n))
        n += 1


def main() -> None:
    path, journal = Path(sys.argv[1]), Path(sys.argv[2])
    for line in sys.stdin:
        command, start = line.split()
        assert command == "SAVE"
        pid = os.fork()
        if pid == 0:  # the saver: never returns, dies by SIGKILL
            try:
                _saver(path, journal, int(start))
            finally:
                os._exit(3)
        print(f"PID {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"REAPED {status}", flush=True)


if __name__ == "__main__":
    main()
