"""The benchmark suite stays runnable; its figures are not checked here (they are timings)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "bench.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@pytest.mark.slow
def test_quick_run_writes_every_row_with_numbers(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    table = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(out), "--markdown", str(table)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = report["rows"]
    assert {row["name"] for row in rows} == set(bench.ROW_NAMES)
    small, large = bench.Config.quick().scales
    for name in (bench.START_PLAN, bench.MOVE, bench.UNDO, bench.FILTER, bench.LOAD):
        assert {row["tasks"] for row in rows if row["name"] == name} == {small, large}
    for row in rows:
        for key in ("median", "p95", "value", "target"):
            assert isinstance(row[key], float) and math.isfinite(row[key]), (row["name"], key)
        assert row["samples"] >= 1
        assert row["cpus"] >= 1
        assert isinstance(row["met"], bool)
        if row["kind"] != "absolute" or row["name"] == bench.LOAD:
            assert isinstance(row["floor"], float) and row["floor"] > 0, row["name"]
    assert report["machine"]["cpus"] >= 1
    references = report["references"]
    assert [ref["name"] for ref in references] == [
        bench.REFERENCE_PYDANTIC,
        bench.REFERENCE_MODELS,
        bench.REFERENCE_PLAN,
    ]
    assert [ref["tasks"] for ref in references] == [0, 0, small]
    for ref in references:
        assert ref["ratio"] > 0 and math.isfinite(ref["memory"]), ref
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"| figure | {small} | {large} | target |"
    assert len(lines) == 2 + len(bench.ROW_NAMES) + 3 + len(references)
    assert lines[-1].startswith(f"- {bench.REFERENCE_PLAN} ({bench.scale_label(small)}): ")
    assert done.stdout.strip() == table.read_text(encoding="utf-8").strip()


def test_rows_compare_the_right_figure_with_the_target() -> None:
    ratio = bench.Row("r", "5k", 5000, "s", "ratio", 0.3, 0.4, 5, 2.0, floor=0.2)
    assert ratio.value == pytest.approx(1.5) and ratio.met
    over = bench.Row("m", "5k", 5000, "MB", "over_floor", 100.0, 101.0, 5, 35.0, floor=48.0)
    assert over.value == pytest.approx(52.0) and not over.met
    slow_tail = bench.Row("e", "5k", 5000, "ms", "absolute", 7.0, 20.0, 9, 8.0, p95_target=16.0)
    assert slow_tail.value == 7.0 and not slow_tail.met


def test_summary_of_samples() -> None:
    assert bench.summarise([3.0]) == (3.0, 3.0)
    assert bench.summarise([float(n) for n in range(1, 101)]) == (50.5, 95.0)
    with pytest.raises(bench.BenchError, match="no samples"):
        bench.summarise([])


def test_a_failing_start_up_run_is_one_readable_error(tmp_path: Path) -> None:
    with pytest.raises(bench.BenchError, match=r"start-up run failed \(exit 1\): .*broken"):
        bench.start_once("raise SystemExit('broken')", tmp_path / "data")
