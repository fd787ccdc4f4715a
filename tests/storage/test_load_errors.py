"""Every kind of bad file fails with one typed error and a one-line reason, and is left alone.

The same files go through `insider-planner check`, in this process and as a real program.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from insider_planner import cli
from insider_planner.domain.plan import PLAN_FORMAT
from insider_planner.resources import load_catalog
from insider_planner.storage import files
from insider_planner.storage.files import LoadFailure, PlanLoadError, plan_bytes, read_plan
from tests.conftest import make_sample_plan

SAMPLE_PLAN = make_sample_plan(load_catalog())
SAMPLE = plan_bytes(SAMPLE_PLAN)
DEEP = 100_000


def _plan_json(**fields: Any) -> bytes:
    return json.dumps({"format": PLAN_FORMAT, "schema_version": 2, **fields}).encode()


def _sample_with(change: Any) -> bytes:
    data = json.loads(SAMPLE)
    change(data)
    return json.dumps(data).encode()


def _set_status(data: dict[str, Any]) -> None:
    data["strategies"][0]["tasks"][0]["status"] = "maybe"


def _duplicate_task(data: dict[str, Any]) -> None:
    data["strategies"][2]["tasks"][0]["id"] = "t-1"


@dataclass(frozen=True)
class Bad:
    content: bytes
    failure: LoadFailure
    reason: str  # a fragment the reason must contain


BAD_FILES: dict[str, Bad] = {
    "empty": Bad(b"", LoadFailure.NOT_JSON, "the file is empty"),
    "whitespace": Bad(b" \n\t\r\n  \n", LoadFailure.NOT_JSON, "the file is empty"),
    "bom-only": Bad(files.UTF8_BOM, LoadFailure.NOT_JSON, "the file is empty"),
    "truncated": Bad(SAMPLE[: len(SAMPLE) // 2], LoadFailure.NOT_JSON, "not valid JSON"),
    "binary": Bad(bytes(range(256)) * 16, LoadFailure.NOT_JSON, "invalid UTF-8"),
    "zeros": Bad(b"\0" * 4096, LoadFailure.NOT_JSON, "not valid JSON"),
    "invalid-utf8": Bad(
        b'{"format": "insider-planner/plan", "title": "caf\xe9"}',
        LoadFailure.NOT_JSON,
        "invalid UTF-8",
    ),
    "json-list": Bad(b"[1, 2, 3]", LoadFailure.NOT_A_PLAN, "not an Insider Planner plan"),
    "json-string": Bad(b'"a plan"', LoadFailure.NOT_A_PLAN, "not an Insider Planner plan"),
    "no-format": Bad(
        json.dumps({"schema_version": 2, "title": "x"}).encode(),
        LoadFailure.NOT_A_PLAN,
        "not an Insider Planner plan",
    ),
    "other-format": Bad(
        json.dumps({"format": "something/else", "schema_version": 2}).encode(),
        LoadFailure.NOT_A_PLAN,
        "not an Insider Planner plan",
    ),
    "no-version": Bad(
        json.dumps({"format": PLAN_FORMAT}).encode(), LoadFailure.NOT_A_PLAN, "no schema version"
    ),
    "bool-version": Bad(
        _plan_json(schema_version=True), LoadFailure.NOT_A_PLAN, "no schema version"
    ),
    "deeply-nested": Bad(b"[" * DEEP + b"]" * DEEP, LoadFailure.NOT_JSON, "nested too deeply"),
    "deeply-nested-field": Bad(
        _plan_json()[:-1] + b', "title": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        LoadFailure.NOT_JSON,
        "nested too deeply",
    ),
    "nan": Bad(_plan_json()[:-1] + b', "title": NaN}', LoadFailure.NOT_JSON, "NaN"),
    "infinity": Bad(_plan_json()[:-1] + b', "title": -Infinity}', LoadFailure.NOT_JSON, "Infinity"),
    "future-version": Bad(
        _plan_json(schema_version=99), LoadFailure.NEWER_VERSION, "newer version"
    ),
    "too-old": Bad(_plan_json(schema_version=0), LoadFailure.TOO_OLD, "no longer supported"),
    "bad-status": Bad(
        _sample_with(_set_status),
        LoadFailure.INVALID_FIELD,
        "invalid field strategies.0.tasks.0.status",
    ),
    "unknown-field": Bad(
        _plan_json(colour="red"), LoadFailure.INVALID_FIELD, "invalid field colour"
    ),
    "duplicate-task-ids": Bad(
        _sample_with(_duplicate_task), LoadFailure.INVALID_FIELD, "task ids must be unique"
    ),
    "newline-in-key": Bad(
        _plan_json(nodes={"a\nb": {"held": "maybe"}}),
        LoadFailure.INVALID_FIELD,
        "invalid field nodes.'a\\nb'.held",
    ),
    "lone-surrogate": Bad(_plan_json(title="\ud800"), LoadFailure.INVALID_FIELD, "lone surrogate"),
    "broken-v1": Bad(
        _plan_json(schema_version=1, title="old", tasks=[{"title": ""}]),
        LoadFailure.INVALID_FIELD,
        "invalid field",
    ),
}


def _write(folder: Path, name: str) -> Path:
    path = folder / f"{name}.insiderplan"
    path.write_bytes(BAD_FILES[name].content)
    return path


def _state(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Each file's bytes (None when this user may not read them) and modification time."""
    return {
        p.name: (p.read_bytes() if os.access(p, os.R_OK) else None, p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _assert_readable(error: PlanLoadError, path: Path) -> None:
    assert error.path == path
    assert error.reason
    assert "\n" not in error.reason and len(error.reason) <= 200
    for noise in ("Traceback", "Error(", "<class", "pydantic", "https://"):
        assert noise not in error.reason
    assert str(error) == f"{path}: {error.reason}"


def _assert_refused(path: Path, failure: LoadFailure, fragment: str) -> PlanLoadError:
    folder = path.parent
    before = _state(folder)
    with pytest.raises(PlanLoadError) as raised:
        read_plan(path)
    error = raised.value
    assert error.failure is failure, error.reason
    assert fragment in error.reason
    _assert_readable(error, path)
    assert _state(folder) == before  # unchanged bytes and mtime, and no .bak or temp file
    return error


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_refused_and_left_alone(name: str, tmp_path: Path) -> None:
    bad = BAD_FILES[name]
    _assert_refused(_write(tmp_path, name), bad.failure, bad.reason)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.insiderplan"
    path.write_bytes(SAMPLE)
    monkeypatch.setattr(files, "MAX_PLAN_BYTES", 1000)
    error = _assert_refused(path, LoadFailure.TOO_LARGE, "too large")
    assert f"{len(SAMPLE)} bytes" in error.reason and "1000 bytes" in error.reason


def test_too_large_at_the_real_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.insiderplan"
    with path.open("wb") as f:  # sparse: costs no disk
        f.truncate(files.MAX_PLAN_BYTES + 64 * 1024)
    error = _assert_refused(path, LoadFailure.TOO_LARGE, "too large")
    assert "64.1 MB" in error.reason and "the limit is 64.0 MB" in error.reason


def test_the_limit_itself_is_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "edge.insiderplan"
    path.write_bytes(SAMPLE)
    monkeypatch.setattr(files, "MAX_PLAN_BYTES", len(SAMPLE))
    assert read_plan(path).plan == SAMPLE_PLAN


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.insiderplan"
    _assert_refused(path, LoadFailure.NOT_FOUND, "no such file")
    assert not path.exists()


def test_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "folder.insiderplan"
    path.mkdir()
    _assert_refused(path, LoadFailure.UNREADABLE, "folder")
    assert path.is_dir()


def test_a_device_is_not_read(tmp_path: Path) -> None:
    _assert_refused(Path(os.devnull), LoadFailure.UNREADABLE, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.insiderplan"
    os.mkfifo(path)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            read_plan(path)
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "read_plan blocked on a named pipe"
    assert isinstance(outcome[0], PlanLoadError)
    assert outcome[0].failure is LoadFailure.UNREADABLE
    _assert_readable(outcome[0], path)


def test_a_nul_in_the_name(tmp_path: Path) -> None:
    with pytest.raises(PlanLoadError) as raised:
        read_plan(tmp_path / "a\0b.insiderplan")
    assert raised.value.failure is LoadFailure.UNREADABLE


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.insiderplan"
    path.write_bytes(SAMPLE)
    path.chmod(0)
    _assert_refused(path, LoadFailure.UNREADABLE, "permission denied")


def test_a_utf8_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.insiderplan"
    path.write_bytes(files.UTF8_BOM + SAMPLE)
    before = _state(tmp_path)
    loaded = read_plan(path)
    assert loaded.plan == SAMPLE_PLAN
    assert not loaded.was_migrated
    assert _state(tmp_path) == before


# --- the same files through `insider-planner check` -----------------------------------------

CLI_CASES = [*BAD_FILES, "missing", "folder", "huge"]


def _cli_file(folder: Path, name: str) -> Path:
    if name in BAD_FILES:
        return _write(folder, name)
    path = folder / f"{name}.insiderplan"
    if name == "folder":
        path.mkdir()
    elif name == "huge":
        with path.open("wb") as f:
            f.truncate(files.MAX_PLAN_BYTES + 1)
    return path


@pytest.mark.parametrize("name", CLI_CASES)
def test_check_in_process(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cli_file(tmp_path, name)
    before = _state(tmp_path)
    assert cli.main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith(f"insider-planner: {path}: ")
    assert "Traceback" not in err
    assert _state(tmp_path) == before


@pytest.mark.parametrize("name", CLI_CASES)
def test_check_as_a_program(name: str, tmp_path: Path) -> None:
    path = _cli_file(tmp_path, name)
    before = _state(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "insider_planner", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"insider-planner: {path}: ")
    assert _state(tmp_path) == before


@pytest.mark.parametrize(
    "version", [10**4000, -(10**4000), 10**11 + 7], ids=["huge", "huge-negative", "large"]
)
def test_a_huge_schema_version_gives_a_short_message(tmp_path: Path, version: int) -> None:
    path = tmp_path / "huge.insiderplan"
    path.write_text(f'{{"format": "{PLAN_FORMAT}", "schema_version": {version}}}')
    with pytest.raises(PlanLoadError) as raised:
        read_plan(path)
    assert len(raised.value.reason) <= 200
    assert "\n" not in str(raised.value)


def test_permission_denied_on_a_file_that_cannot_even_be_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link into a folder this user cannot enter: opening and checking it both fail."""
    path = tmp_path / "linked.insiderplan"

    def denied(*args: object, **kwargs: object) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", denied)
    monkeypatch.setattr(Path, "is_dir", denied)
    with pytest.raises(PlanLoadError) as raised:
        read_plan(path)
    assert raised.value.failure is LoadFailure.UNREADABLE
    assert raised.value.reason == "permission denied"
