"""The plans in the data folder, readable or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from insider_planner.storage.files import PlanLoadError, read_plan
from insider_planner.storage.paths import PLAN_SUFFIX, data_dir


@dataclass(frozen=True)
class PlanEntry:
    """One plan file: its title and last update, or why it cannot be read."""

    path: Path
    title: str
    updated: datetime | None
    error: str | None = None

    @property
    def readable(self) -> bool:
        return self.error is None


def plan_files(folder: Path | None = None) -> list[Path]:
    folder = folder or data_dir()
    return sorted(p for p in folder.iterdir() if p.suffix == PLAN_SUFFIX and p.is_file())


def read_entry(path: Path) -> PlanEntry:
    """Describe one plan file without changing it."""
    try:
        loaded = read_plan(path, keep_migration_backup=False)
    except PlanLoadError as error:
        return PlanEntry(path, path.stem, None, error.reason)
    return PlanEntry(path, loaded.plan.title, loaded.plan.updated)


def list_plans(folder: Path | None = None) -> list[PlanEntry]:
    """Every plan in the folder, most recently updated first; unreadable ones last."""
    entries = [read_entry(p) for p in plan_files(folder)]
    return sorted(
        entries,
        key=lambda e: (e.updated is None, -(e.updated.timestamp() if e.updated else 0), e.title),
    )
