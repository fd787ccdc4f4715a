"""The plan list reads each file's header only, and still flags every bad header."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import PLAN_FORMAT, Plan
from insider_planner.storage import files
from insider_planner.storage.files import (
    HEADER_BYTES,
    LoadFailure,
    PlanLoadError,
    plan_bytes,
    read_plan,
    read_summary,
)
from insider_planner.storage.library import list_plans
from insider_planner.storage.paths import data_dir
from tests.generate import large_plan

V1_FILE = Path(__file__).with_name("data") / "plan_v1.insiderplan"
UPDATED = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


class Reads:
    """Counts full parses and the bytes asked of each file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parses = 0
        self.limits: list[int] = []
        parse, read = files.parse_plan, files._read_limited

        def counted_parse(*args: Any) -> Any:
            self.parses += 1
            return parse(*args)

        def counted_read(path: Path, limit: int = files.MAX_PLAN_BYTES) -> Any:
            self.limits.append(limit)
            return read(path, limit)

        monkeypatch.setattr(files, "parse_plan", counted_parse)
        monkeypatch.setattr(files, "_read_limited", counted_read)


def _write(name: str, content: bytes) -> Path:
    path = data_dir() / f"{name}.insiderplan"
    path.write_bytes(content)
    return path


def _saved(plan: Plan, name: str, **fields: Any) -> Path:
    copy = plan.model_copy(deep=True, update=fields)
    copy.updated = UPDATED
    return _write(name, plan_bytes(copy))


def _with(plan: Plan, **fields: Any) -> bytes:
    data = json.loads(plan_bytes(plan))
    data.update(fields)
    return json.dumps(data).encode()


def test_the_list_reads_only_the_start_of_each_plan(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = _saved(large_plan(catalog, nodes=100, tasks=3000), "big", title="Big plan")
    assert big.stat().st_size > 10 * HEADER_BYTES
    reads = Reads(monkeypatch)
    entries = list_plans()
    assert [(e.title, e.updated, e.error) for e in entries] == [("Big plan", UPDATED, None)]
    assert (reads.parses, reads.limits) == (0, [HEADER_BYTES])


def test_a_header_longer_than_the_first_read_is_read_whole_but_not_parsed(
    sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long description, cut by the first read inside a two-byte character.
    path = _saved(sample_plan, "long", title="Long", project="é" * HEADER_BYTES)
    reads = Reads(monkeypatch)
    summary = read_summary(path)
    assert (summary.title, summary.updated) == ("Long", UPDATED)
    assert (reads.parses, reads.limits) == (0, [HEADER_BYTES, files.MAX_PLAN_BYTES])


def test_a_file_laid_out_otherwise_is_parsed_in_full(
    sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(plan_bytes(sample_plan))
    reordered = {"nodes": data.pop("nodes"), **data}
    path = _write("reordered", json.dumps(reordered).encode())
    reads = Reads(monkeypatch)
    assert read_summary(path).title == sample_plan.title
    assert reads.parses == 1


def test_an_older_plan_is_listed_with_its_title_and_left_alone() -> None:
    path = data_dir() / "old.insiderplan"
    data_dir().mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V1_FILE, path)
    before = path.read_bytes()
    assert read_summary(path).title == read_plan(path, keep_migration_backup=False).plan.title
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir().iterdir()) == ["old.insiderplan"]


@pytest.mark.parametrize(
    ("content", "failure", "reason"),
    [
        (b"", LoadFailure.NOT_JSON, "the file is empty"),
        (b"\xff\xfe{", LoadFailure.NOT_JSON, "invalid UTF-8"),
        (b"[1, 2]", LoadFailure.NOT_A_PLAN, "not an Insider Planner plan"),
        (b"{}", LoadFailure.NOT_A_PLAN, "not an Insider Planner plan"),
        (b'{"format": "other", "nodes": {}}', LoadFailure.NOT_A_PLAN, "not an Insider"),
        (
            b'{"format": "insider-planner/plan", "schema_version": 99, "nodes": {}}',
            LoadFailure.NEWER_VERSION,
            "newer version",
        ),
        (
            b'{"format": "insider-planner/plan", "schema_version": true, "nodes": {}}',
            LoadFailure.NOT_A_PLAN,
            "no schema version",
        ),
        (
            b'{"format": "insider-planner/plan", "schema_version": 2, "title": NaN}',
            LoadFailure.NOT_JSON,
            "NaN is not allowed",
        ),
    ],
    ids=["empty", "bad bytes", "a list", "no format", "other format", "newer", "bool", "NaN"],
)
def test_a_bad_start_is_refused_with_the_loading_reason(
    content: bytes, failure: LoadFailure, reason: str
) -> None:
    path = _write("bad", content)
    with pytest.raises(PlanLoadError) as raised:
        read_summary(path)
    assert raised.value.failure is failure
    assert reason in raised.value.reason
    assert "\n" not in raised.value.reason


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"title": "x" * (TITLE_MAX + 1)}, "invalid field title"),
        ({"title": 5}, "invalid field title"),
        ({"title": "\ud800"}, "lone surrogate"),
        ({"updated": "yesterday"}, "invalid field updated"),
        ({"id": ""}, "invalid field id"),
    ],
    ids=["title too long", "title a number", "lone surrogate", "bad date", "empty id"],
)
def test_a_bad_header_field_is_refused_as_loading_refuses_it(
    sample_plan: Plan, fields: dict[str, Any], where: str
) -> None:
    path = _write("bad", _with(sample_plan, **fields))
    with pytest.raises(PlanLoadError) as raised:
        read_summary(path)
    assert raised.value.failure is LoadFailure.INVALID_FIELD
    assert where in raised.value.reason
    with pytest.raises(PlanLoadError) as on_open:
        read_plan(path)
    assert on_open.value.reason == raised.value.reason


def test_a_plan_whose_body_is_damaged_is_listed_and_refused_when_opened(
    sample_plan: Plan,
) -> None:
    data = json.loads(plan_bytes(sample_plan))
    data["strategies"][0]["tasks"][0]["status"] = "maybe"
    path = _write("damaged", json.dumps(data, indent=2).encode())
    [entry] = list_plans()
    assert (entry.title, entry.error) == (sample_plan.title, None)
    with pytest.raises(PlanLoadError) as raised:
        read_plan(path)
    assert "strategies.0.tasks.0.status" in raised.value.reason


def test_a_plan_with_only_a_header_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    header = {
        "format": PLAN_FORMAT,
        "schema_version": 2,
        "title": "Bare",
        "updated": "2026-03-04T00:00:00Z",
    }
    _write("bare", json.dumps(header).encode())
    reads = Reads(monkeypatch)
    [entry] = list_plans()
    assert (entry.title, entry.updated, entry.error) == (
        "Bare",
        datetime(2026, 3, 4, tzinfo=timezone.utc),
        None,
    )
    assert reads.parses == 0
