"""An export never replaces a plan: the one exported, another plan, or one held elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from insider_planner.cli import main
from insider_planner.domain.catalog import Catalog
from insider_planner.report.export import export_file
from insider_planner.storage.files import PlanSaveError, save_plan
from insider_planner.storage.targets import check_export_target, looks_like_plan
from tests.conftest import make_sample_plan


@pytest.fixture
def plan_file(tmp_path: Path, catalog: Catalog) -> Path:
    path = tmp_path / "sample.insiderplan"
    save_plan(path, make_sample_plan(catalog), keep_backup=False)
    return path


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_cli_export_onto_the_plan_itself_is_refused(
    plan_file: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_file.read_bytes()
    assert main(["export", str(plan_file), "--to", fmt, "--output", str(plan_file)]) == 1
    err = capsys.readouterr().err
    assert "plan being exported" in err
    assert len(err.strip().splitlines()) == 1
    assert plan_file.read_bytes() == before


def test_cli_export_onto_the_plan_by_another_spelling_is_refused(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = plan_file.read_bytes()
    monkeypatch.chdir(plan_file.parent)
    link = plan_file.parent / "alias.md"
    link.symlink_to(plan_file.name)
    assert main(["export", plan_file.name, "--to", "markdown", "--output", str(link)]) == 1
    assert plan_file.read_bytes() == before


def test_export_onto_another_plan_is_refused(
    plan_file: Path, tmp_path: Path, catalog: Catalog
) -> None:
    other = tmp_path / "renamed.json"  # a plan under a name that hides what it is
    save_plan(other, make_sample_plan(catalog), keep_backup=False)
    before = other.read_bytes()
    with pytest.raises(PlanSaveError, match="never replaces a plan"):
        export_file(make_sample_plan(catalog), catalog, "json", other, source=plan_file)
    assert other.read_bytes() == before


def test_export_to_an_ordinary_file_is_allowed(
    plan_file: Path, tmp_path: Path, catalog: Catalog
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("an older export\n")
    check_export_target(target, plan_file)
    export_file(make_sample_plan(catalog), catalog, "markdown", target, source=plan_file)
    assert target.read_text().startswith("#")


def test_plan_sniffing_never_blocks_or_fails(tmp_path: Path) -> None:
    assert not looks_like_plan(tmp_path / "missing.md")
    assert not looks_like_plan(tmp_path)  # a folder
    assert looks_like_plan(tmp_path / "new.insiderplan")  # by name, even before it exists


def _spelt(plan_json: dict[str, object], how: str) -> bytes:
    if how == "escaped slash":
        return json.dumps(plan_json).replace("/", "\\/").encode()
    if how == "format last, far down":
        moved = {k: v for k, v in plan_json.items() if k != "format"}
        moved["project"] = "x" * 10_000
        return json.dumps({**moved, "format": plan_json["format"]}).encode()
    assert how == "escaped letters"
    text = json.dumps(plan_json)
    return text.replace('"insider-planner/plan"', '"\\u0069nsider-planner/plan"').encode()


@pytest.mark.parametrize("how", ["escaped slash", "format last, far down", "escaped letters"])
def test_a_plan_however_it_is_spelt_is_never_replaced(
    plan_file: Path, tmp_path: Path, catalog: Catalog, how: str
) -> None:
    victim = tmp_path / "victim.json"
    victim.write_bytes(_spelt(json.loads(plan_file.read_bytes()), how))
    assert main(["check", str(victim)]) == 0  # the app itself loads it as a plan
    before = victim.read_bytes()
    assert main(["export", str(plan_file), "--to", "markdown", "--output", str(victim)]) == 1
    assert victim.read_bytes() == before


def test_other_json_is_not_mistaken_for_a_plan(tmp_path: Path) -> None:
    other = tmp_path / "data.json"
    other.write_text('{"format": "something else", "note": "insider planner"}')
    assert not looks_like_plan(other)
