"""`insider-planner export`: every format, and PDF without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from insider_planner.cli import main
from insider_planner.domain.catalog import Catalog
from insider_planner.storage.files import save_plan
from tests.conftest import make_sample_plan
from tests.report.helpers import image_xobjects, pdf_text


@pytest.fixture
def plan_file(tmp_path: Path, catalog: Catalog) -> Path:
    path = tmp_path / "sample.insiderplan"
    save_plan(path, make_sample_plan(catalog))
    return path


def _headless_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return env


def test_pdf_export_in_a_subprocess_without_display(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "insider_planner",
            "export",
            str(plan_file),
            "--to",
            "pdf",
            "--output",
            str(out),
            "--redact",
            "--page-size",
            "letter",
        ],
        env=_headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Interpretability pilot" in text
    assert "Private: call Dana" not in text
    assert image_xobjects(data) == []


def test_pdf_needs_an_output_file(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(plan_file), "--to", "pdf"]) == 2
    assert "--output" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("html", "<!DOCTYPE html>"), ("markdown", "# Interpretability pilot"), ("json", '"title"')],
)
def test_text_formats_to_stdout(
    plan_file: Path, capfdbinary: pytest.CaptureFixture[bytes], fmt: str, marker: str
) -> None:
    assert main(["export", str(plan_file), "--to", fmt, "--redact"]) == 0
    out = capfdbinary.readouterr().out.decode("utf-8")
    assert marker in out
    assert "Via the pilot" not in out


def test_html_to_file(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    assert main(["export", str(plan_file), "--to", "html", "--output", str(out)]) == 0
    assert "Via the pilot" in out.read_text(encoding="utf-8")


def test_pdf_export_failures_print_one_safe_line(plan_file: Path, tmp_path: Path) -> None:
    """A PDF export that cannot be written says so in one line, control characters escaped."""
    nowhere = tmp_path / "no\x1b[2Jsuch\nfolder" / "plan.pdf"
    args = ["export", str(plan_file), "--to", "pdf", "--output", str(nowhere)]
    result = subprocess.run(
        [sys.executable, "-m", "insider_planner", *args],
        env=_headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "no\\x1b[2Jsuch\\nfolder" in result.stderr and "Could not save" in result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "html", "pdf"])
def test_only_marked_and_hide_done_flags(plan_file: Path, tmp_path: Path, fmt: str) -> None:
    """The two choices the print preview and the export dialog offer, as flags: both off
    unless given."""

    def export(*flags: str) -> str:
        out = tmp_path / f"plan-{len(flags)}.{fmt}"
        assert main(["export", str(plan_file), "--to", fmt, "--output", str(out), *flags]) == 0
        return pdf_text(out.read_bytes()) if fmt == "pdf" else out.read_text(encoding="utf-8")

    done, unticked = "Ask past collaborators what they conceded", "Gradients"
    plain = export()
    assert done in plain and unticked in plain and "Showing" not in plain
    hidden = export("--hide-done")
    assert done not in hidden and unticked in hidden and "1 of 4 tasks done" in hidden
    both = export("--hide-done", "--only-marked")
    assert done not in both and unticked not in both
    assert "List comparable collaborations" in both and "Weights" in both


def test_export_help_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--only-marked" in out and "--hide-done" in out and "--redact" in out
    assert "leave done tasks off the action board" in out
