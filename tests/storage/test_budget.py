"""Files with more items than any plan holds are refused before they are parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.storage.budget import (
    ARRAYS_MAX,
    OBJECTS_MAX,
    VALUES_MAX,
    too_many_items,
)
from insider_planner.storage.files import LoadFailure, PlanLoadError, plan_bytes, read_plan
from tests.conftest import make_sample_plan
from tests.generate import large_plan


def test_real_plans_are_within_the_budget(catalog: Catalog) -> None:
    assert too_many_items(plan_bytes(make_sample_plan(catalog))) is None
    assert too_many_items(plan_bytes(large_plan(catalog))) is None


def test_brackets_and_commas_inside_text_do_not_count(catalog: Catalog) -> None:
    plan = make_sample_plan(catalog)
    plan.project = "{[," * (OBJECTS_MAX + VALUES_MAX)
    assert too_many_items(plan_bytes(plan)) is None


def test_too_many_objects_are_refused_with_the_count() -> None:
    raw = b"[" + b"{}," * OBJECTS_MAX + b"{}]"
    reason = too_many_items(raw)
    assert reason is not None
    assert f"over {OBJECTS_MAX:,} objects" in reason


def test_too_many_lists_and_values_are_refused() -> None:
    lists = too_many_items(b"[" + b"[]," * ARRAYS_MAX + b"[]]")
    values = too_many_items(json.dumps([0] * (VALUES_MAX + 2)).encode())
    assert lists is not None and "lists" in lists
    assert values is not None and "values" in values


def test_escaped_quotes_do_not_end_a_string() -> None:
    text = '"a \\" {{{ \\\\" '
    raw = ("[" + ",".join([json.dumps(text)] * 10) + "]").encode()
    assert too_many_items(raw) is None


def test_a_crowded_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "crowded.insiderplan"
    path.write_bytes(
        b'{"format": "insider-planner/plan", "schema_version": 2, "nodes": {'
        + b",".join(b'"n%d": {}' % i for i in range(OBJECTS_MAX))
        + b"}}"
    )
    with pytest.raises(PlanLoadError) as caught:
        read_plan(path)
    assert caught.value.failure is LoadFailure.TOO_LARGE
    assert "too many items" in caught.value.reason


@pytest.mark.parametrize("chunk", [1, 2, 7, 64])
def test_marks_are_counted_the_same_across_any_chunk_boundary(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    from insider_planner.storage import budget

    raw = b'[{"a": [1, {"b": "{[,"}]}, [], {}, "x,y"]' * 3
    expected = [raw.count(mark) for mark in (b"{", b"[", b",")]
    monkeypatch.setattr(budget, "_CHUNK", chunk)
    assert budget._rough_counts(raw) == expected
    assert budget._rough_counts(b"") == [0, 0, 0]
