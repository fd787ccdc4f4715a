"""Where an export may be written: never over a plan, the one exported or any other."""

from __future__ import annotations

import os
from pathlib import Path

from insider_planner.domain.plan import PLAN_FORMAT
from insider_planner.storage.files import PlanSaveError
from insider_planner.storage.paths import PLAN_SUFFIX, same_file

#: How much of an existing file is read to tell whether it is a plan.
SNIFF_BYTES = 4096


def looks_like_plan(path: Path) -> bool:
    """Whether `path` is an existing plan file, by its name or by its first bytes."""
    if path.name.endswith(PLAN_SUFFIX):
        return True
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return False
    try:
        if not os.path.isfile(path):
            return False
        head = os.read(fd, SNIFF_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)
    return PLAN_FORMAT.encode("ascii") in head


def check_export_target(target: Path, source: Path | None = None) -> None:
    """Raise PlanSaveError when writing an export to `target` would replace a plan.

    `source` is the plan being exported, if it has a file; exporting onto it is the most
    likely slip. Any other plan file is refused too, whether or not another window holds it.
    """
    target = Path(target)
    if source is not None and same_file(target, source):
        raise PlanSaveError(target, "this is the plan being exported; choose another file")
    if looks_like_plan(target):
        raise PlanSaveError(
            target, "this is an Insider Planner plan, and an export never replaces a plan"
        )
