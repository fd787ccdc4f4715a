"""Where an export may be written: never over a plan, the one exported or any other."""

from __future__ import annotations

import json
from pathlib import Path

from insider_planner.domain.plan import PLAN_FORMAT
from insider_planner.storage.budget import too_many_items
from insider_planner.storage.files import PlanLoadError, PlanSaveError, read_plan_bytes
from insider_planner.storage.paths import PLAN_SUFFIX, same_file

#: The plan format as it may be spelt in a file: JSON may escape the slash.
_FORMAT_SPELLINGS = (PLAN_FORMAT.encode("ascii"), PLAN_FORMAT.replace("/", "\\/").encode("ascii"))


def _declares_plan_format(raw: bytes) -> bool:
    """Whether JSON text is an object whose `format` is the plan format, however spelt."""
    if not raw.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"{") or too_many_items(raw):
        return False
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("format") == PLAN_FORMAT


def looks_like_plan(path: Path) -> bool:
    """Whether `path` is a plan file: by its name, the format named in it, or its content."""
    if path.name.endswith(PLAN_SUFFIX):
        return True
    try:
        raw, _ = read_plan_bytes(path)  # a regular file no larger than any plan, never blocking
    except PlanLoadError:
        return False
    return any(spelling in raw for spelling in _FORMAT_SPELLINGS) or _declares_plan_format(raw)


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
