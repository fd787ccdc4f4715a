"""Loading a plan does each piece of work once: one parse, no re-serialising to check it."""

from __future__ import annotations

import contextlib
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.plan import PLAN_FORMAT, Plan
from insider_planner.resources import load_catalog
from insider_planner.storage import files
from insider_planner.storage.files import LoadFailure, PlanLoadError, plan_bytes, read_plan
from tests.conftest import make_sample_plan

SAMPLE = plan_bytes(make_sample_plan(load_catalog()))


class Counter:
    """Wraps a function and counts its calls."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.function(*args, **kwargs)


def _file(folder: Path, content: bytes) -> Path:
    path = folder / "plan.insiderplan"
    path.write_bytes(content)
    return path


def test_a_current_plan_is_validated_once_and_not_serialised_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serialised = Counter(files.plan_bytes)
    monkeypatch.setattr(files, "plan_bytes", serialised)
    from_json = Counter(Plan.model_validate_json)
    from_python = Counter(Plan.model_validate)
    monkeypatch.setattr(Plan, "model_validate_json", from_json)
    monkeypatch.setattr(Plan, "model_validate", from_python)
    loaded = read_plan(_file(tmp_path, SAMPLE))
    assert plan_bytes(loaded.plan) == SAMPLE
    assert (serialised.calls, from_json.calls + from_python.calls) == (0, 1)


def test_a_surrogate_pair_spelled_as_escapes_loads(tmp_path: Path) -> None:
    data = json.loads(SAMPLE)
    data["title"] = "Pilot \U0001f600"
    raw = json.dumps(data, ensure_ascii=True).encode()
    assert b"\\ud83d\\ude00" in raw
    assert read_plan(_file(tmp_path, raw)).plan.title == "Pilot \U0001f600"


@pytest.mark.parametrize(
    "where",
    [
        lambda data: data.update(title="\ud800"),
        lambda data: data.update(nodes={"\udfff": {"held": True}}),
        lambda data: data["strategies"][0]["tasks"][0].update(notes="a\udc00b"),
    ],
    ids=["title", "node key", "task notes"],
)
def test_a_lone_surrogate_escape_is_still_refused(tmp_path: Path, where: Any) -> None:
    data = json.loads(SAMPLE)
    where(data)
    raw = json.dumps(data, ensure_ascii=True).encode()
    with pytest.raises(PlanLoadError) as raised:
        read_plan(_file(tmp_path, raw))
    assert raised.value.failure is LoadFailure.INVALID_FIELD
    assert "lone surrogate" in raised.value.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{}", "not an Insider Planner plan"),
        (json.dumps({"schema_version": 2}).encode(), "not an Insider Planner plan"),
        (json.dumps({"format": PLAN_FORMAT}).encode(), "the plan has no schema version"),
    ],
    ids=["empty object", "no format", "no version"],
)
def test_fields_with_defaults_must_still_be_in_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    with pytest.raises(PlanLoadError) as raised:
        read_plan(_file(tmp_path, content))
    assert raised.value.failure is LoadFailure.NOT_A_PLAN
    assert raised.value.reason == reason


@pytest.mark.parametrize("content", [SAMPLE, b"{", SAMPLE.replace(b'"held"', b'"hold"', 1)])
def test_the_garbage_collector_runs_again_after_a_load(tmp_path: Path, content: bytes) -> None:
    path = _file(tmp_path, content)
    assert gc.isenabled()
    with contextlib.suppress(PlanLoadError):
        read_plan(path)
    assert gc.isenabled()


def test_a_load_leaves_a_paused_collector_paused(tmp_path: Path) -> None:
    path = _file(tmp_path, SAMPLE)
    gc.disable()
    try:
        read_plan(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
