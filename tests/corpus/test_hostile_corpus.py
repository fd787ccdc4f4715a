"""Every hostile plan file is refused by check, export and the window, quickly and safely."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.hostile import write_corpus

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("check", "export-markdown", "export-html", "export-json", "export-pdf", "window")
#: Acceptance figures: every refusal within this time, the whole run within this memory.
SECONDS_PER_REFUSAL = 5.0
PEAK_MEMORY_MB = 300
#: Address space for the run, so a runaway allocation fails there instead of swapping.
ADDRESS_SPACE = 6 * 1024**3


def _fingerprint(path: Path) -> object:
    """What a file is and holds, read without blocking on pipes or devices."""
    info = os.lstat(path)
    if not path.is_symlink() and path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode
    return info.st_mode, info.st_size, info.st_mtime_ns


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("corpus")
    files = write_corpus(base / "plans")
    before = {p: _fingerprint(p) for p in files}
    out = base / "out"
    out.mkdir()
    env = dict(os.environ, INSIDER_PLANNER_DATA_DIR=str(base / "data"), QT_QPA_PLATFORM="offscreen")
    results: list[dict[str, Any]] = []
    peaks: list[int] = []
    crashes: list[str] = []
    remaining = list(files)
    while remaining:
        run = subprocess.run(
            [sys.executable, "-m", "tests.corpus.run_corpus", str(out), *map(str, remaining)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            preexec_fn=_limit_memory,
        )
        lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        results += [line for line in lines if "case" in line]
        peaks += [line["peak_mb"] for line in lines if "peak_mb" in line and "case" not in line]
        if run.returncode == 0:
            break
        # A case hung or crashed the run: note it and go on with the files after it.
        done = {r["case"] for r in results if r["step"] == STEPS[-1]}
        stuck = next(p for p in remaining if p.name not in done)
        crashes.append(f"{stuck.name}: {run.stderr.strip()[-2000:]}")
        remaining = remaining[remaining.index(stuck) + 1 :]
    return {
        "files": files,
        "before": before,
        "after": {p: _fingerprint(p) for p in files},
        "results": results,
        "peak_mb": max(peaks, default=None),
        "crashes": crashes,
        "outputs": sorted(p.name for p in out.iterdir()),
    }


def test_the_corpus_is_large_enough(corpus_run: dict[str, Any]) -> None:
    assert len(corpus_run["files"]) >= 60


def test_every_step_ran_for_every_file(corpus_run: dict[str, Any]) -> None:
    assert not corpus_run["crashes"], "\n\n".join(corpus_run["crashes"])
    ran = {(r["case"], r["step"]) for r in corpus_run["results"]}
    expected = {(p.name, step) for p in corpus_run["files"] for step in STEPS}
    assert ran == expected


def test_every_file_is_refused_with_one_readable_line(corpus_run: dict[str, Any]) -> None:
    problems = []
    for r in corpus_run["results"]:
        message: str = r["message"]
        if r["step"] == "window":
            # The dialog shows the file's path, a blank line, then the reason.
            message = message.rsplit("\n\n", 1)[-1] + "\n" if message else ""
        if r["code"] == 0:
            problems.append(f"{r['case']} {r['step']}: accepted")
        elif len(message.splitlines()) != 1 or not message.strip():
            problems.append(f"{r['case']} {r['step']}: {message[:300]!r}")
        elif any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in message.rstrip("\n")):
            problems.append(f"{r['case']} {r['step']}: control characters in {message[:300]!r}")
        elif len(message) > 1000:
            problems.append(f"{r['case']} {r['step']}: {len(message)} characters")
    assert not problems, "\n".join(problems)


def test_every_refusal_is_quick(corpus_run: dict[str, Any]) -> None:
    slow = [
        f"{r['case']} {r['step']}: {r['seconds']} s"
        for r in corpus_run["results"]
        if r["seconds"] > SECONDS_PER_REFUSAL
    ]
    assert not slow, "\n".join(slow)


def test_memory_stays_bounded(corpus_run: dict[str, Any]) -> None:
    assert corpus_run["peak_mb"] is not None
    assert corpus_run["peak_mb"] < PEAK_MEMORY_MB


def test_no_file_is_changed_and_no_export_is_written(corpus_run: dict[str, Any]) -> None:
    assert corpus_run["after"] == corpus_run["before"]
    assert corpus_run["outputs"] == []
