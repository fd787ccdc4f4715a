"""Listing the plans in the data folder, readable or not, without changing any."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from insider_planner.domain.plan import Plan
from insider_planner.storage.files import save_plan
from insider_planner.storage.library import list_plans
from insider_planner.storage.paths import data_dir, plan_path_for

V1_FILE = Path(__file__).with_name("data") / "plan_v1.insiderplan"


def _save(plan: Plan, title: str, day: int) -> Path:
    copy = plan.model_copy(deep=True, update={"id": f"p-{day}", "title": title})
    copy.updated = datetime(2026, 1, day, tzinfo=timezone.utc)
    path = plan_path_for(copy.id)
    save_plan(path, copy)
    return path


def test_plans_newest_first_and_unreadable_ones_last(sample_plan: Plan) -> None:
    older = _save(sample_plan, "Older plan", 1)
    newer = _save(sample_plan, "Newer plan", 5)
    folder = data_dir()
    broken = folder / "broken.insiderplan"
    broken.write_bytes(b'{"format": "insider-planner/plan", "schema_version": 99}')
    shutil.copyfile(V1_FILE, folder / "old.insiderplan")
    (folder / "notes.txt").write_text("not a plan")
    (folder / "folder.insiderplan").mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    entries = list_plans()

    assert [(e.path, e.title, e.readable) for e in entries] == [
        (newer, "Newer plan", True),
        (older, "Older plan", True),
        (folder / "old.insiderplan", "Probe replication (2025)", True),
        (broken, "broken", False),
    ]
    assert entries[-1].error is not None and "newer version" in entries[-1].error
    assert entries[-1].updated is None
    # Listing reads only: no migration backup, nothing rewritten.
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_an_empty_data_folder() -> None:
    assert list_plans() == []
